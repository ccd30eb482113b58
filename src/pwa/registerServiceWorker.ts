import { usePwaStore } from '@/stores/pwa'

const updateCheckIntervalMs = 60 * 60 * 1000

/**
 * Registers the service worker (call after router.isReady()). A new version never takes over by
 * itself: it waits, the notice asks, and only then SKIP_WAITING is sent (docs/pwa.md).
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return
  // workbox-window is loaded after the first paint: it is not needed to show the home screen.
  const { Workbox } = await import('workbox-window')
  const workbox = new Workbox('/sw.js', { scope: '/' })
  const pwa = usePwaStore()

  workbox.addEventListener('waiting', () => {
    pwa.offerUpdate(() => {
      workbox.addEventListener('controlling', () => window.location.reload())
      workbox.messageSkipWaiting()
    })
  })

  const registration = await workbox.register()
  const checkForUpdate = () => void registration?.update().catch(() => undefined)
  setInterval(checkForUpdate, updateCheckIntervalMs)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') checkForUpdate()
  })
}
