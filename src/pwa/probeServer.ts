/** True when the API answers its health check; the service worker never answers /api, so this is real. */
export async function probeServer(timeoutMs = 8000): Promise<boolean> {
  try {
    const response = await fetch('/api/health', {
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    })
    return response.ok
  } catch {
    return false
  }
}
