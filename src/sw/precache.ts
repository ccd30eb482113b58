import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching'

/** Precaches the app shell and drops caches of older precache formats. */
export function installPrecache(entries: (string | PrecacheEntry)[]): void {
  precacheAndRoute(entries)
  cleanupOutdatedCaches()
}
