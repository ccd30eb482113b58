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
