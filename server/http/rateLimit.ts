import type { Request, RequestHandler } from 'express'
import { addressKey, takeFromRateLimit, type RateLimit } from '../services/rateLimit.js'
import type { Store } from '../storage/database.js'

/** What a limit counts: the client's address (anonymous endpoints) or a known caller. */
export type RateLimitSubject = (req: Request, store: Store) => string | Promise<string>

/** The client's address, as TRUST_PROXY allows it to be read. */
export const clientAddress = (req: Request): string => req.ip ?? 'unknown'

/** Counts per client address, hashed. */
export const byAddress: RateLimitSubject = (req, store) => addressKey(store, clientAddress(req))

/** The one rate-limit middleware: `name` keeps the budgets of different endpoints apart. */
export function rateLimited(store: Store, name: string, rule: RateLimit, subject: RateLimitSubject = byAddress): RequestHandler {
  return async (req, _res, next) => {
    try {
      await takeFromRateLimit(store, `${name}:${await subject(req, store)}`, rule)
      next()
    } catch (error) {
      next(error)
    }
  }
}
