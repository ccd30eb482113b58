import { Router } from 'express'
import { applicantOf, requireApplicant } from '../http/auth.js'
import { getApplication, listApplications, submitApplication } from '../services/applications.js'
import { parseIdempotencyKey } from '../services/idempotency.js'
import type { Store } from '../storage/database.js'

/** Submission and status (sync protocol step 8). */
export function applicationRoutes(store: Store): Router {
  const router = Router()
  router.use('/applications', requireApplicant(store), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  })
  router.post('/applications', async (req, res) => {
    const reply = await submitApplication(store, applicantOf(req), parseIdempotencyKey(req.get('idempotency-key')), req.body)
    res.status(reply.status).json(reply.body)
  })
  router.get('/applications', async (req, res) => {
    res.json(await listApplications(store, applicantOf(req)))
  })
  router.get('/applications/:reference', async (req, res) => {
    res.json(await getApplication(store, applicantOf(req), req.params.reference))
  })
  return router
}
