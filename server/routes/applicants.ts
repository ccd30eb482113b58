import { Router } from 'express'
import { rateLimited } from '../http/rateLimit.js'
import { applicantOf, requireApplicant, tokenOf } from '../http/auth.js'
import { recoverApplicant, registerApplicant, signOutOtherDevices } from '../services/applicants.js'
import type { RateLimit } from '../services/rateLimit.js'
import type { Store } from '../storage/database.js'

/** New identities and recovery attempts per client address: no mass accounts, no guessing codes. */
export const defaultApplicantLimit: RateLimit = { limit: 30, windowMs: 60 * 60 * 1000 }

/** `POST /api/applicants`, `/recover` and `/sign-out-others` (sync protocol step 1). */
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
  // Guessing a code here costs from the same budget as guessing it at /recover.
  router.post('/applicants/sign-out-others', requireApplicant(store), limitedPerAddress, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    const recoveryCode = (req.body as { recoveryCode?: unknown } | undefined)?.recoveryCode
    res.json(await signOutOtherDevices(store, applicantOf(req), tokenOf(req), recoveryCode))
  })
  return router
}
