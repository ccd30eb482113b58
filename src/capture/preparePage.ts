import { isAcceptedType, maxImageInputBytes, maxPdfBytes, sniffFileType } from '@/domain/documents/fileTypes'
import { countPdfPages } from '@/domain/documents/pdfPages'
import type { CaptureRequest, CaptureResponse } from './capture.worker'
import { CaptureError, isCaptureErrorCode } from './errors'
import { sha256Hex } from './hash'
import { processImage, type CanvasSurface, type ProcessedPage } from './pipeline'

let worker: Worker | undefined
let nextRequestId = 1
const waiting = new Map<number, { resolve: (page: ProcessedPage) => void; reject: (error: CaptureError) => void }>()

function canUseWorker(): boolean {
  return typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined' && 'convertToBlob' in OffscreenCanvas.prototype
}

function captureWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./capture.worker.ts', import.meta.url), { type: 'module' })
    worker.addEventListener('message', (event: MessageEvent<CaptureResponse>) => {
      const request = waiting.get(event.data.id)
      waiting.delete(event.data.id)
      if (!request) return
      if ('page' in event.data) request.resolve(event.data.page)
      else request.reject(new CaptureError(isCaptureErrorCode(event.data.error) ? event.data.error : 'UNREADABLE_IMAGE'))
    })
  }
  return worker
}

function processInWorker(bytes: ArrayBuffer, type: CaptureRequest['type']): Promise<ProcessedPage> {
  return new Promise((resolve, reject) => {
    const id = nextRequestId++
    waiting.set(id, { resolve, reject })
    captureWorker().postMessage({ id, bytes, type } satisfies CaptureRequest, [bytes])
  })
}

/** Without OffscreenCanvas (older Safari) the same pipeline runs on the page with a canvas element. */
const elementSurface: CanvasSurface = {
  create(width, height) {
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    return canvas
  },
  encodeJpeg: (canvas, quality) =>
    new Promise((resolve, reject) =>
      (canvas as HTMLCanvasElement).toBlob((blob) => (blob ? resolve(blob) : reject(new CaptureError('ENCODING_FAILED'))), 'image/jpeg', quality),
    ),
}

/**
 * Turns a chosen or photographed file into a page: JPEG and PNG photos are shrunk and re-encoded,
 * PDFs are kept byte for byte; anything else is refused with a CaptureError.
 */
export async function preparePage(file: Blob): Promise<ProcessedPage> {
  const type = sniffFileType(new Uint8Array(await file.slice(0, 16).arrayBuffer()))
  if (!isAcceptedType(type)) throw new CaptureError('UNSUPPORTED_TYPE')
  if (type === 'application/pdf') {
    if (file.size > maxPdfBytes) throw new CaptureError('PDF_TOO_LARGE')
    const bytes = await file.arrayBuffer()
    return { bytes, mimeType: type, sha256: await sha256Hex(bytes), width: null, height: null, qualityFlags: [], pageCount: countPdfPages(new Uint8Array(bytes)) }
  }
  if (file.size > maxImageInputBytes) throw new CaptureError('IMAGE_TOO_LARGE')
  const bytes = await file.arrayBuffer()
  return canUseWorker() ? processInWorker(bytes, type) : processImage(bytes, type, elementSurface)
}
