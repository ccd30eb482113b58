import { Router } from 'express'
import type { HealthResponse } from '../../src/domain/health.js'
import { HttpError } from '../http/errors.js'
import type { Storage } from '../storage/storage.js'

/** `GET /api/health`: 200 when the database answers a real query, 503 otherwise. */
export function healthRoutes(storage: Storage, version: string): Router {
  const router = Router()
  router.get('/health', (_req, res) => {
    try {
      storage.checkHealth()
    } catch {
      throw new HttpError(503, 'DATABASE_UNAVAILABLE', 'The database is not available')
    }
    const body: HealthResponse = { status: 'ok', version }
    res.setHeader('Cache-Control', 'no-store')
    res.json(body)
  })
  return router
}
