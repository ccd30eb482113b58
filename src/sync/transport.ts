/**
 * The only place that talks HTTP for sync (sync protocol step 2). Returns typed outcomes; never
 * decides what they mean for the outbox.
 */
export interface TransportResponse {
  status: number
  headers: Headers
  body: unknown
}

export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network', { cause })
    this.name = 'NetworkError'
  }
}

export interface TransportRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  path: string
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>

/** fetch with a timeout; a dropped connection or a timeout becomes a NetworkError. */
export function fetchTransport(timeoutMs = 30_000): Transport {
  return async ({ method, path, token, body, headers }) => {
    let response: Response
    try {
      response = await fetch(path, {
        method,
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      throw new NetworkError(error)
    }
    let parsed: unknown
    try {
      parsed = response.headers.get('content-type')?.includes('json') ? await response.json() : undefined
    } catch (error) {
      // The body broke off: the request may have been handled, so it is retried like a lost answer.
      throw new NetworkError(error)
    }
    return { status: response.status, headers: response.headers, body: parsed }
  }
}

/** What an HTTP status means for a queued mutation (sync protocol step 6). */
export type Outcome = 'done' | 'retry' | 'conflict' | 'unauthorized' | 'refused'

export function classifyStatus(status: number): Outcome {
  if (status >= 200 && status < 300) return 'done'
  if (status === 412) return 'conflict'
  if (status === 401) return 'unauthorized'
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry'
  return 'refused'
}
