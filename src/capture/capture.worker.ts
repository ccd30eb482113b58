import { CaptureError } from './errors'
import { offscreenSurface, processImage } from './pipeline'

export interface CaptureRequest {
  id: number
  bytes: ArrayBuffer
  type: 'image/jpeg' | 'image/png'
}

export type CaptureResponse =
  | { id: number; page: Awaited<ReturnType<typeof processImage>> }
  | { id: number; error: string }

/** The part of a dedicated worker's scope used here (typed without the WebWorker lib, which clashes with DOM). */
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<CaptureRequest>) => void): void
  postMessage(message: CaptureResponse, transfer?: Transferable[]): void
}

const scope = self as unknown as WorkerScope

// Decoding and encoding a photo takes long enough to freeze a form on a cheap phone: it happens here.
scope.addEventListener('message', (event) => {
  const { id, bytes, type } = event.data
  processImage(bytes, type, offscreenSurface).then(
    (page) => scope.postMessage({ id, page }, [page.bytes]),
    (error: unknown) => scope.postMessage({ id, error: error instanceof CaptureError ? error.code : 'UNREADABLE_IMAGE' }),
  )
})
