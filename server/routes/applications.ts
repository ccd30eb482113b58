import type { Database } from 'better-sqlite3'
import { Router } from 'express'
import { applicantOf, requireApplicant } from '../http/auth.js'
import { getApplication, listApplications, submitApplication } from '../services/applications.js'

/** Submission and status (sync protocol step 8). */
export function applicationRoutes(db: Database): Router {
  const router = Router()
  router.use('/applications', requireApplicant(db))
  router.post('/applications', (req, res) => {
    const reply = submitApplication(db, applicantOf(req), req.get('idempotency-key') ?? '', req.body)
    res.setHeader('Cache-Control', 'no-store')
    res.status(reply.status).json(reply.body)
  })
  router.get('/applications', (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(listApplications(db, applicantOf(req)))
  })
  router.get('/applications/:reference', (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(getApplication(db, applicantOf(req), req.params.reference))
  })
  return router
}
