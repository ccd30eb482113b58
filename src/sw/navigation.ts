import { matchPrecache } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { prerenderedFileOf } from '../domain/prerenderedPages'

/** Paths the app shell must never answer: the API (uploads included) belongs to the server alone. */
export const navigationDenylist = [/^\/api(?:\/|$)/]

/**
 * Offline, any page of the app opens from the precache: its pre-rendered HTML where the build
 * made one (so it paints before the JavaScript runs, as online), else the shell index.html.
 */
export function installNavigationFallback(): void {
  registerRoute(
    new NavigationRoute(
      async ({ url, request }) => {
        const prerendered = prerenderedFileOf(url.pathname)
        const page = (prerendered === undefined ? undefined : await matchPrecache(prerendered)) ?? (await matchPrecache('index.html'))
        return page ?? fetch(request)
      },
      { denylist: navigationDenylist },
    ),
  )
}
