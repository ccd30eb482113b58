import { httpRequest } from '@/http/client'

/** True when the API answers its health check; the service worker never answers /api, so this is real. */
export async function probeServer(timeoutMs = 8000): Promise<boolean> {
  try {
    // Every page load asks once; keepalive lets the tiny request finish when the visitor moves on at
    // once, instead of being cancelled (and logged as failed) on every full navigation.
    return (await httpRequest({ path: '/api/health', cache: 'no-store', timeoutMs, keepalive: true })).ok
  } catch {
    return false
  }
}
