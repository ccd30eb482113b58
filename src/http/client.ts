/**
 * The app's one HTTP client: every request to the API goes through `httpRequest`. It sends JSON,
 * reads JSON (or a Blob when asked), turns a dropped connection, a timeout or a body that broke
 * off into a `NetworkError`, and never decides what a status means: the sync transport
 * (src/sync/transport.ts), the staff API (src/staff/api.ts) and the stores do that.
 */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network', { cause })
    this.name = 'NetworkError'
  }
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE'

export interface HttpRequest {
  method?: HttpMethod
  path: string
  /** The applicant's bearer token. */
  token?: string
  /** Sent as JSON. */
  body?: unknown
  headers?: Record<string, string>
  /** Aborts the request after this long (a NetworkError); none when left out. */
  timeoutMs?: number
  cache?: RequestCache
  /** Let the request finish when the page is left (small requests only, see fetch's keepalive). */
  keepalive?: boolean
  /** How to read a 2xx body: JSON (the default: parsed when the answer is JSON) or the bytes as a Blob. */
  read?: 'json' | 'blob'
}

export interface HttpResponse<T = unknown> {
  status: number
  ok: boolean
  headers: Headers
  body: T
}

/** Sends one request; resolves with every HTTP answer (also 4xx and 5xx), rejects only with a NetworkError. */
export async function httpRequest<T = unknown>({ method = 'GET', path, token, body, headers, timeoutMs, cache, keepalive, read = 'json' }: HttpRequest): Promise<HttpResponse<T>> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      // The staff session is an httpOnly cookie of this very site.
      credentials: 'same-origin',
      ...(cache ? { cache } : {}),
      ...(keepalive ? { keepalive } : {}),
      ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
      headers: {
        accept: read === 'json' ? 'application/json' : '*/*',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (error) {
    throw new NetworkError(error)
  }
  let parsed: unknown
  try {
    if (read === 'blob' && response.ok) parsed = await response.blob()
    else if (response.headers.get('content-type')?.includes('json')) parsed = await response.json()
  } catch (error) {
    // The body broke off: the request may have been handled, so callers treat it like a lost answer.
    throw new NetworkError(error)
  }
  return { status: response.status, ok: response.ok, headers: response.headers, body: parsed as T }
}
