import { displayedSize, readImageHeader, targetSize } from '@/domain/documents/imageHeader'
import { analysisLongEdge, pageQualityAdvice, toGrayscale, type QualityFlag } from '@/domain/documents/quality'
import { CaptureError } from './errors'
import { sha256Hex } from './hash'

/** A page ready to be stored. */
export interface ProcessedPage {
  bytes: ArrayBuffer
  mimeType: 'image/jpeg' | 'application/pdf'
  sha256: string
  width: number | null
  height: number | null
  qualityFlags: QualityFlag[]
  /** Pages of a PDF (null when they cannot be counted); a photo is one page. */
  pageCount: number | null
}

/** JPEG qualities tried in turn until a page fits its size budget; 0.8 keeps small print crisp. */
export const jpegQualities = [0.8, 0.7, 0.6, 0.5] as const
/** A stored photo page should not take more than this. */
export const maxPageBytes = 500 * 1024

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement
type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D

/** Where pixels are drawn: OffscreenCanvas in the worker, a canvas element as the fallback. */
export interface CanvasSurface {
  create(width: number, height: number): AnyCanvas
  encodeJpeg(canvas: AnyCanvas, quality: number): Promise<Blob>
}

export const offscreenSurface: CanvasSurface = {
  create: (width, height) => new OffscreenCanvas(width, height),
  encodeJpeg: (canvas, quality) => (canvas as OffscreenCanvas).convertToBlob({ type: 'image/jpeg', quality }),
}

function context2d(canvas: AnyCanvas): Context2D {
  const context = canvas.getContext('2d') as Context2D | null
  if (!context) throw new CaptureError('ENCODING_FAILED')
  return context
}

async function decode(source: Blob, bytes: Uint8Array, type: 'image/jpeg' | 'image/png'): Promise<{ bitmap: ImageBitmap; sourceWidth: number; sourceHeight: number }> {
  const header = readImageHeader(bytes, type)
  try {
    if (header) {
      // Shrink while decoding: a 48 MP photo is never held at full size.
      const shown = displayedSize(header)
      const target = targetSize(shown.width, shown.height)
      const bitmap = await createImageBitmap(source, {
        resizeWidth: target.width,
        resizeHeight: target.height,
        resizeQuality: 'high',
        imageOrientation: 'from-image',
      })
      return { bitmap, sourceWidth: shown.width, sourceHeight: shown.height }
    }
    const bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' })
    return { bitmap, sourceWidth: bitmap.width, sourceHeight: bitmap.height }
  } catch {
    throw new CaptureError('UNREADABLE_IMAGE')
  }
}

function analyse(bitmap: ImageBitmap, surface: CanvasSurface, sourceWidth: number, sourceHeight: number): QualityFlag[] {
  const scale = Math.min(1, analysisLongEdge / Math.max(bitmap.width, bitmap.height))
  const width = Math.max(1, Math.round(bitmap.width * scale))
  const height = Math.max(1, Math.round(bitmap.height * scale))
  const context = context2d(surface.create(width, height))
  context.drawImage(bitmap, 0, 0, width, height)
  const gray = toGrayscale(context.getImageData(0, 0, width, height).data)
  return pageQualityAdvice(gray, width, height, sourceWidth, sourceHeight)
}

/**
 * Shrinks a photo to at most 2000 px on its long edge and encodes it as JPEG. Browsers apply the
 * EXIF rotation while decoding; re-encoding drops EXIF metadata such as the GPS position.
 */
export async function processImage(bytes: ArrayBuffer, type: 'image/jpeg' | 'image/png', surface: CanvasSurface): Promise<ProcessedPage> {
  const { bitmap, sourceWidth, sourceHeight } = await decode(new Blob([bytes], { type }), new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 256 * 1024)), type)
  try {
    const target = targetSize(bitmap.width, bitmap.height)
    const canvas = surface.create(target.width, target.height)
    const context = context2d(canvas)
    // Transparent PNG areas become white paper, not black.
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, target.width, target.height)
    context.drawImage(bitmap, 0, 0, target.width, target.height)
    let encoded: Blob | undefined
    for (const quality of jpegQualities) {
      encoded = await surface.encodeJpeg(canvas, quality)
      // Some browsers silently fall back to PNG for types they cannot encode.
      if (encoded.type !== 'image/jpeg') throw new CaptureError('ENCODING_FAILED')
      if (encoded.size <= maxPageBytes) break
    }
    if (!encoded) throw new CaptureError('ENCODING_FAILED')
    const output = await encoded.arrayBuffer()
    return {
      bytes: output,
      mimeType: 'image/jpeg',
      sha256: await sha256Hex(output),
      width: target.width,
      height: target.height,
      qualityFlags: analyse(bitmap, surface, sourceWidth, sourceHeight),
      pageCount: 1,
    }
  } finally {
    bitmap.close()
  }
}
