import { createHandlerBoundToURL } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'

/** Paths the app shell must never answer: the API (uploads included) belongs to the server alone. */
export const navigationDenylist = [/^\/api(?:\/|$)/]

/** Offline, any page of the app opens from the precached index.html. */
export function installNavigationFallback(): void {
  registerRoute(
    new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: navigationDenylist }),
  )
}
