/**
 * Plain-language quality advice on a small grayscale copy of a page. Advice only: the applicant
 * may always keep a page anyway.
 */
export type QualityFlag = 'blurred' | 'dark' | 'glare' | 'small'

export interface QualityMeasures {
  /** Variance of the Laplacian: low means few sharp edges, i.e. blur. */
  sharpness: number
  /** Mean brightness 0–255. */
  brightness: number
  /** Share of blown-out pixels (≥ 250). */
  glare: number
}

/** The long edge of the copy the measures are taken on; the thresholds below assume it. */
export const analysisLongEdge = 512

export const qualityThresholds = {
  minSharpness: 60,
  minBrightness: 70,
  maxGlare: 0.12,
  /** A page whose source has a shorter long edge is too small to read small print. */
  minSourceLongEdge: 1000,
}

/** Luma (ITU-R BT.601) of RGBA pixels. */
export function toGrayscale(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
  const gray = new Uint8Array(rgba.length / 4)
  for (let pixel = 0, index = 0; pixel < gray.length; pixel += 1, index += 4) {
    gray[pixel] = Math.round(0.299 * (rgba[index] ?? 0) + 0.587 * (rgba[index + 1] ?? 0) + 0.114 * (rgba[index + 2] ?? 0))
  }
  return gray
}

export function measureQuality(gray: Uint8Array, width: number, height: number): QualityMeasures {
  let sum = 0
  let blownOut = 0
  for (const value of gray) {
    sum += value
    if (value >= 250) blownOut += 1
  }
  // 4-neighbour Laplacian over the inner pixels.
  let count = 0
  let mean = 0
  let squares = 0
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1; x < width - 1; x += 1) {
      const at = y * width + x
      const laplacian =
        (gray[at - width] ?? 0) + (gray[at + width] ?? 0) + (gray[at - 1] ?? 0) + (gray[at + 1] ?? 0) - 4 * (gray[at] ?? 0)
      count += 1
      const delta = laplacian - mean
      mean += delta / count
      squares += delta * (laplacian - mean)
    }
  }
  return {
    sharpness: count > 0 ? squares / count : 0,
    brightness: gray.length > 0 ? sum / gray.length : 0,
    glare: gray.length > 0 ? blownOut / gray.length : 0,
  }
}

/** The advice for a page, from its measures and the size of the picture it came from. */
export function qualityFlags(measures: QualityMeasures, sourceWidth: number, sourceHeight: number): QualityFlag[] {
  const flags: QualityFlag[] = []
  if (measures.sharpness < qualityThresholds.minSharpness) flags.push('blurred')
  if (measures.brightness < qualityThresholds.minBrightness) flags.push('dark')
  if (measures.glare > qualityThresholds.maxGlare) flags.push('glare')
  if (Math.max(sourceWidth, sourceHeight) < qualityThresholds.minSourceLongEdge) flags.push('small')
  return flags
}
