/** Capped exponential backoff with full jitter (sync protocol step 6). */
export interface BackoffPolicy {
  baseMs: number
  capMs: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60 * 1000 }

/** A random wait in [0, min(cap, base · 2^attempt)): retries of many devices spread out instead of stampeding. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = defaultBackoff, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt))
  return Math.floor(random() * ceiling)
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** The wait before the next attempt: the server's Retry-After wins when it asks for longer. */
export function nextDelay(attempt: number, retryAfter: number | undefined, policy = defaultBackoff, random = Math.random): number {
  const jittered = backoffDelay(attempt, policy, random)
  return retryAfter === undefined ? jittered : Math.min(policy.capMs, Math.max(retryAfter, jittered))
}
