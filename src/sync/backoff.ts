/**
 * When a failed outbox row goes again (sync protocol step 6). Two kinds of failure wait differently:
 * a dropped connection says nothing about the server's load and is retried soon on a short,
 * bounded schedule; a 5xx or 429 means the server is struggling, so it gets the long capped backoff.
 */
export interface BackoffPolicy {
  baseMs: number
  capMs: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60 * 1000 }

/** Waits after the 1st, 2nd, 3rd… network failure of a row without progress; the last one repeats. */
export const networkRetrySteps: readonly number[] = [500, 1000, 2000, 4000]

/**
 * How many network failures in a row (without progress) stay on the short schedule, about 40 s
 * of trying: long enough for a tunnel or a lift; after that the device is taken to be offline and
 * the long backoff takes over (an `online` event or an answered probe still retries at once).
 */
export const quickNetworkRetries = 12

export type FailureCause = 'network' | 'server'

/** A random wait in [0, min(cap, base · 2^attempt)): retries of many devices spread out instead of stampeding. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = defaultBackoff, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt))
  return Math.floor(random() * ceiling)
}

/**
 * The wait after a row's `failures`-th network failure without progress: the step of the short
 * schedule with equal jitter (between half the step and the step, so never a burst at zero); past
 * `quickNetworkRetries` the long backoff, continuing from the last short step.
 */
export function networkRetryDelay(failures: number, policy: BackoffPolicy = defaultBackoff, random: () => number = Math.random): number {
  if (failures > quickNetworkRetries) {
    const lastStep = networkRetrySteps.at(-1) ?? policy.baseMs
    return backoffDelay(failures - quickNetworkRetries + Math.log2(lastStep / policy.baseMs), policy, random)
  }
  const step = networkRetrySteps[Math.min(Math.max(failures, 1), networkRetrySteps.length) - 1] ?? policy.baseMs
  return Math.floor(step / 2 + (random() * step) / 2)
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** The long backoff for a server in trouble: the server's Retry-After wins when it asks for longer. */
export function nextDelay(attempt: number, retryAfter: number | undefined, policy = defaultBackoff, random = Math.random): number {
  const jittered = backoffDelay(attempt, policy, random)
  return retryAfter === undefined ? jittered : Math.min(policy.capMs, Math.max(retryAfter, jittered))
}

/** The wait after a row's `failures`-th failed attempt without progress, by what failed. */
export function retryDelay(
  cause: FailureCause,
  failures: number,
  retryAfter: number | undefined,
  policy: BackoffPolicy = defaultBackoff,
  random: () => number = Math.random,
): number {
  return cause === 'network' ? networkRetryDelay(failures, policy, random) : nextDelay(failures, retryAfter, policy, random)
}
