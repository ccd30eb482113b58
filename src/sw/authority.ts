import { registerRoute } from 'workbox-routing'
import { NetworkFirst } from 'workbox-strategies'
import { authorityCacheName } from '../constants'

/**
 * The authority's profile (`GET /api/authority`, no personal data): fresh from the server when it
 * answers within a few seconds, else the last copy, so names, addresses and legal pages are there offline.
 */
export function installAuthorityProfileCache(): void {
  registerRoute(({ url, request }) => request.method === 'GET' && url.pathname === '/api/authority', new NetworkFirst({ cacheName: authorityCacheName, networkTimeoutSeconds: 4 }))
}
