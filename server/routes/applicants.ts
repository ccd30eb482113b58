import { Router } from 'express'
import { rateLimited } from '../http/rateLimit.js'
import { recoverApplicant, registerApplicant } from '../services/applicants.js'
import type { RateLimit } from '../services/rateLimit.js'
import type { Store } from '../storage/database.js'

/** New identities and recovery attempts per client address: no mass accounts, no guessing codes. */
export const defaultApplicantLimit: RateLimit = { limit: 30, windowMs: 60 * 60 * 1000 }

/** `POST /api/applicants` and `POST /api/applicants/recover` (sync protocol step 1). */
export function applicantRoutes(store: Store, limit: RateLimit = defaultApplicantLimit): Router {
  const router = Router()
  const limitedPerAddress = rateLimited(store, 'applicants', limit)
  router.post('/applicants', limitedPerAddress, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.status(201).json(await registerApplicant(store))
  })
  router.post('/applicants/recover', limitedPerAddress, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await recoverApplicant(store, (req.body as { recoveryCode?: unknown } | undefined)?.recoveryCode))
  })
  return router
}
