import type { Database } from 'better-sqlite3'
import { Router } from 'express'
import { recoverApplicant, registerApplicant } from '../services/applicants.js'

/** `POST /api/applicants` and `POST /api/applicants/recover` (sync protocol step 1). */
export function applicantRoutes(db: Database): Router {
  const router = Router()
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
