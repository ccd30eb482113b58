import { createHmac } from 'node:crypto'
import { DomainError } from '../../src/domain/errors.js'
import type { Store } from '../storage/database.js'
import { addressSecret, countInWindow, deleteWindowsBefore } from '../storage/rateLimits.js'

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number
  windowMs: number
}

/** A fixed-window counter kept in the database, so it holds across server instances. Throws RATE_LIMITED. */
export async function takeFromRateLimit(store: Store, key: string, rule: RateLimit, now = Date.now()): Promise<void> {
  const windowStart = now - (now % rule.windowMs)
  const count = await countInWindow(store.db, key, windowStart)
  if (count > rule.limit) {
    throw new DomainError('RATE_LIMITED', 'Too many requests', { retryAfterSeconds: Math.ceil((windowStart + rule.windowMs - now) / 1000) })
  }
}

const secrets = new WeakMap<Store, Promise<string>>()

/**
 * A client address as a rate-limit key: an HMAC with a secret made at first start, so the
 * database never holds addresses (personal data) in clear. The secret never changes once made,
 * so each instance reads it once.
 */
export async function addressKey(store: Store, address: string): Promise<string> {
  let secret = secrets.get(store)
  if (!secret) {
    secret = addressSecret(store.db)
    secrets.set(store, secret)
    secret.catch(() => secrets.delete(store))
  }
  return createHmac('sha256', await secret).update(address).digest('hex').slice(0, 32)
}

/** Forgets windows older than a day (run hourly by main.ts). */
export async function purgeRateLimits(store: Store, now = Date.now()): Promise<void> {
  await deleteWindowsBefore(store.db, now - 24 * 60 * 60 * 1000)
}
