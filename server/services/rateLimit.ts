import { createHmac, randomBytes } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { HttpError } from '../http/errors.js'

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number
  windowMs: number
}

export class RateLimited extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'Too many requests')
  }
}

/** A fixed-window counter kept in the database, so it holds across server instances. */
export function takeFromRateLimit(db: Database, key: string, rule: RateLimit, now = Date.now()): void {
  const windowStart = now - (now % rule.windowMs)
  const row = db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END,
         window_start = excluded.window_start
       RETURNING count`,
    )
    .get(key, windowStart) as { count: number }
  if (row.count > rule.limit) throw new RateLimited(Math.ceil((windowStart + rule.windowMs - now) / 1000))
}

/**
 * A client address as a rate-limit key: an HMAC with a secret made at first start, so the
 * database never holds addresses (personal data) in clear.
 */
export function addressKey(db: Database, address: string): string {
  let secret = db.prepare("SELECT value FROM app_meta WHERE key = 'address_secret'").pluck().get() as string | undefined
  if (!secret) {
    db.prepare("INSERT OR IGNORE INTO app_meta (key, value) VALUES ('address_secret', ?)").run(randomBytes(32).toString('hex'))
    secret = db.prepare("SELECT value FROM app_meta WHERE key = 'address_secret'").pluck().get() as string
  }
  return createHmac('sha256', secret).update(address).digest('hex').slice(0, 32)
}

/** Forgets windows older than a day (run hourly by main.ts). */
export function purgeRateLimits(db: Database, now = Date.now()): void {
  db.prepare('DELETE FROM rate_limits WHERE window_start < ?').run(now - 24 * 60 * 60 * 1000)
}
