import type { Database } from 'better-sqlite3'
import { Router } from 'express'
import { recoverApplicant, registerApplicant } from '../services/applicants.js'
import { addressKey, RateLimited, takeFromRateLimit, type RateLimit } from '../services/rateLimit.js'

/** New identities and recovery attempts per client address: no mass accounts, no guessing codes. */
export const defaultApplicantLimit: RateLimit = { limit: 30, windowMs: 60 * 60 * 1000 }

/** `POST /api/applicants` and `POST /api/applicants/recover` (sync protocol step 1). */
export function applicantRoutes(db: Database, limit: RateLimit = defaultApplicantLimit): Router {
  const router = Router()
  router.use('/applicants', (req, res, next) => {
    if (req.method !== 'POST') return next()
    try {
      takeFromRateLimit(db, `applicants:${addressKey(db, req.ip ?? 'unknown')}`, limit)
      next()
    } catch (error) {
      if (error instanceof RateLimited) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      next(error)
    }
  })
  router.post('/applicants', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.status(201).json(registerApplicant(db))
  })
  router.post('/applicants/recover', (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(recoverApplicant(db, (req.body as { recoveryCode?: unknown } | undefined)?.recoveryCode))
  })
  return router
}
