import { registerRoute } from 'workbox-routing'
import { NetworkFirst } from 'workbox-strategies'
import { authorityCacheName } from '../constants'

declare const self: ServiceWorkerGlobalScope

const profilePath = '/api/authority'

/**
 * The authority's profile (`GET /api/authority`, no personal data): fresh from the server when it
 * answers within a few seconds, else the last copy, so names, addresses and legal pages are there offline.
 */
export function installAuthorityProfileCache(): void {
  registerRoute(({ url, request }) => request.method === 'GET' && url.pathname === profilePath, new NetworkFirst({ cacheName: authorityCacheName, networkTimeoutSeconds: 4 }))
  // The page's first request for it may come before this worker controls the page, so nothing
  // would be cached for the first offline start: take a copy while installing (online by then).
  self.addEventListener('install', (event) => {
    event.waitUntil(
      caches
        .open(authorityCacheName)
        .then((cache) => cache.add(profilePath))
        .catch(() => undefined),
    )
  })
}
