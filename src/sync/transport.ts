import { httpRequest, NetworkError } from '@/http/client'

/**
 * Sync's side of the app's HTTP client (sync protocol step 2). Returns typed outcomes; never
 * decides what they mean for the outbox.
 */
export interface TransportResponse {
  status: number
  headers: Headers
  body: unknown
}

export { NetworkError }

export interface TransportRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  path: string
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>

/** The app's HTTP client with a timeout, never from the HTTP cache; a dropped connection or a timeout becomes a NetworkError. */
export function fetchTransport(timeoutMs = 30_000): Transport {
  return async (request) => {
    const { status, headers, body } = await httpRequest({ ...request, cache: 'no-store', timeoutMs })
    return { status, headers, body }
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
