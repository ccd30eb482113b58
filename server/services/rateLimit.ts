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
 * An HMAC with a secret made at first start, so the database never holds client addresses (or
 * names typed at sign-in) in clear. The secret never changes once made, so each instance reads it once.
 */
async function keyedHash(store: Store, value: string): Promise<string> {
  let secret = secrets.get(store)
  if (!secret) {
    secret = addressSecret(store.db)
    secrets.set(store, secret)
    secret.catch(() => secrets.delete(store))
  }
  return createHmac('sha256', await secret).update(value).digest('hex').slice(0, 32)
}

/** A client address as a rate-limit key. */
export const addressKey = (store: Store, address: string): Promise<string> => keyedHash(store, address)

/** A (normalised) staff name as a throttle key; the prefix keeps it apart from any address's key. */
export const nameKey = (store: Store, username: string): Promise<string> => keyedHash(store, `name:${username}`)

/** Forgets windows older than a day (run hourly by main.ts). */
export async function purgeRateLimits(store: Store, now = Date.now()): Promise<void> {
  await deleteWindowsBefore(store.db, now - 24 * 60 * 60 * 1000)
}
