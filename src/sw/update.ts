import { clientsClaim } from 'workbox-core'

/**
 * A new version waits until the page sends SKIP_WAITING (after the user agreed and open forms
 * were saved). skipWaiting() is never called during install. clientsClaim lets the very first
 * installation control the page that registered it, so offline works without a second visit.
 */
export function installUpdateHandling(worker: ServiceWorkerGlobalScope): void {
  worker.addEventListener('message', (event: ExtendableMessageEvent) => {
    const data: unknown = event.data
    if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
      void worker.skipWaiting()
    }
  })
  clientsClaim()
}
