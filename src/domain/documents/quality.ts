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
  /** The paper's own brightness: the median of the brighter part of the picture (the page, without ink or table). */
  paper: number
  /**
   * Share of the picture in blown-out patches clearly brighter than the paper: a reflection of a
   * lamp or flash. White paper that is itself at the top of the scale is no glare.
   */
  glare: number
}

/** The long edge of the copy the measures are taken on; the thresholds below assume it. */
export const analysisLongEdge = 512

export const qualityThresholds = {
  minSharpness: 60,
  minBrightness: 70,
  /** A pixel at or above this is blown out: the sensor saw no detail there. */
  blownOut: 250,
  /** …and is a highlight only this much above the paper's level (a white page is near 255 everywhere). */
  aboveThePaper: 20,
  /** Highlights count where they cover most of a tile of this many pixels square: a patch, not specks of noise. */
  glareTile: 8,
  glareTileCover: 0.6,
  /** Glare is advised from this share of the picture: about a word or two of text hidden. */
  minGlare: 0.015,
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

/**
 * The paper's level: the median of the pixels brighter than the picture's mean, i.e. of the page
 * without its ink and without a darker table around it.
 */
function paperLevel(gray: Uint8Array, mean: number): number {
  const histogram = new Uint32Array(256)
  let bright = 0
  for (const value of gray) {
    if (value <= mean) continue
    histogram[value] = (histogram[value] ?? 0) + 1
    bright += 1
  }
  let seen = 0
  for (let value = 0; value < 256; value += 1) {
    seen += histogram[value] ?? 0
    if (seen * 2 >= bright && bright > 0) return value
  }
  // A flat picture: every pixel is the mean.
  return Math.round(mean)
}

/** The share of the picture in tiles mostly covered by highlights brighter than the paper. */
function glareShare(gray: Uint8Array, width: number, height: number, paper: number): number {
  const { blownOut, aboveThePaper, glareTile, glareTileCover } = qualityThresholds
  const floor = Math.max(blownOut, paper + aboveThePaper)
  if (floor > 255 || gray.length === 0) return 0
  let covered = 0
  for (let top = 0; top < height; top += glareTile) {
    for (let left = 0; left < width; left += glareTile) {
      const bottom = Math.min(height, top + glareTile)
      const right = Math.min(width, left + glareTile)
      let highlights = 0
      for (let y = top; y < bottom; y += 1) for (let x = left; x < right; x += 1) if ((gray[y * width + x] ?? 0) >= floor) highlights += 1
      const size = (bottom - top) * (right - left)
      if (highlights >= size * glareTileCover) covered += size
    }
  }
  return covered / gray.length
}

export function measureQuality(gray: Uint8Array, width: number, height: number): QualityMeasures {
  let sum = 0
  for (const value of gray) sum += value
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
  const brightness = gray.length > 0 ? sum / gray.length : 0
  const paper = paperLevel(gray, brightness)
  return {
    sharpness: count > 0 ? squares / count : 0,
    brightness,
    paper,
    glare: glareShare(gray, width, height, paper),
  }
}

/** The advice for a page, from its measures and the size of the picture it came from. */
export function qualityFlags(measures: QualityMeasures, sourceWidth: number, sourceHeight: number): QualityFlag[] {
  const flags: QualityFlag[] = []
  if (measures.sharpness < qualityThresholds.minSharpness) flags.push('blurred')
  if (measures.brightness < qualityThresholds.minBrightness) flags.push('dark')
  if (measures.glare >= qualityThresholds.minGlare) flags.push('glare')
  if (Math.max(sourceWidth, sourceHeight) < qualityThresholds.minSourceLongEdge) flags.push('small')
  return flags
}

/**
 * The advice for a page from a grayscale copy of at most `analysisLongEdge` px and the size of
 * the picture it came from: what the documents step shows after a capture, and what staff screens
 * can show per page.
 */
export const pageQualityAdvice = (gray: Uint8Array, width: number, height: number, sourceWidth: number, sourceHeight: number): QualityFlag[] =>
  qualityFlags(measureQuality(gray, width, height), sourceWidth, sourceHeight)
