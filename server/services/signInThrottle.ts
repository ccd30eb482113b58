import { DomainError } from '../../src/domain/errors.js'
import { transact, type Executor, type Store } from '../storage/database.js'
import { lockForTransaction } from '../storage/locks.js'
import { deleteStaleThrottleState, findThrottleState, refundAttempt, saveThrottleState, type PairFailures } from '../storage/signInThrottle.js'
import { addressKey, nameKey } from './rateLimit.js'

/**
 * Throttling of staff passwords (docs/security.md). Instead of a hard lock per account, which
 * anyone could trigger against a person, failures are counted per (name, client address) pair
 * with growing waits, and per address over all names with a stricter budget. The name need not
 * exist: unknown names go through exactly the same counts and answers as real ones.
 */
export interface SignInThrottle {
  /** Per (name, address): this many failures are free, then waits double from `firstDelayMs` up to `maxDelayMs`. */
  pair: { freeFailures: number; firstDelayMs: number; maxDelayMs: number; forgetAfterMs: number }
  /** Per address, over all names: a burst of `burst` failures, then one per `intervalMs`. */
  address: { burst: number; intervalMs: number }
}

export const defaultSignInThrottle: SignInThrottle = {
  pair: { freeFailures: 5, firstDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 60 * 60_000 },
  address: { burst: 20, intervalMs: 3 * 60_000 },
}

/** How long the pair must still wait before its next attempt (0: it may try now). */
export function pairWaitMs(pair: PairFailures | undefined, rule: SignInThrottle['pair'], now: number): number {
  if (!pair || now - pair.lastFailedAt >= rule.forgetAfterMs || pair.failures < rule.freeFailures) return 0
  const delay = Math.min(rule.firstDelayMs * 2 ** (pair.failures - rule.freeFailures), rule.maxDelayMs)
  return Math.max(0, pair.lastFailedAt + delay - now)
}

/** The generic cell rate algorithm: the address's arrival time after one more attempt, and how long it must wait for it. */
export function addressAttempt(arrivalAt: number | undefined, rule: SignInThrottle['address'], now: number): { arrivalAt: number; waitMs: number } {
  const next = Math.max(arrivalAt ?? now, now) + rule.intervalMs
  return { arrivalAt: next, waitMs: Math.max(0, next - now - rule.burst * rule.intervalMs) }
}

/** An attempt counted as a failure in advance; `succeeded` takes it back. */
export interface SignInAttempt {
  /** Runs in the caller's transaction, beside the session it opens. */
  succeeded(db: Executor): Promise<void>
}

/**
 * Counts an attempt before the password is checked, so that attempts arriving at once (at one
 * instance or several) cannot all slip through one free moment; the attempts of one address take
 * turns on a lock for this short step. Throws RATE_LIMITED (with the wait) without counting.
 */
export async function countSignInAttempt(store: Store, username: string, address: string, throttle: SignInThrottle, now = Date.now()): Promise<SignInAttempt> {
  const [name, from] = await Promise.all([nameKey(store, username), addressKey(store, address)])
  await transact(store, async (tx) => {
    await lockForTransaction(tx, store.engine, `sign-in:${from}`)
    const state = await findThrottleState(tx, name, from)
    const address = addressAttempt(state.addressArrivalAt, throttle.address, now)
    const waitMs = Math.max(pairWaitMs(state.pair, throttle.pair, now), address.waitMs)
    if (waitMs > 0) throw new DomainError('RATE_LIMITED', 'Too many attempts, please wait', { retryAfterSeconds: Math.ceil(waitMs / 1000) })
    const remembered = state.pair && now - state.pair.lastFailedAt < throttle.pair.forgetAfterMs ? state.pair.failures : 0
    await saveThrottleState(tx, name, from, { failures: remembered + 1, lastFailedAt: now }, address.arrivalAt)
  })
  return { succeeded: (db) => refundAttempt(db, name, from, throttle.address.intervalMs) }
}

/** Forgets pairs quiet for a day and addresses whose budget is whole again (run hourly by main.ts). */
export async function purgeSignInThrottle(store: Store, throttle = defaultSignInThrottle, now = Date.now()): Promise<void> {
  await deleteStaleThrottleState(store.db, now - throttle.pair.forgetAfterMs, now)
}
