import { Router } from 'express'
import { DomainError } from '../../src/domain/errors.js'
import type { HealthResponse } from '../../src/domain/health.js'
import type { Storage } from '../storage/storage.js'

/** `GET /api/health`: 200 when the database answers a real query, 503 otherwise. */
export function healthRoutes(storage: Storage, version: string): Router {
  const router = Router()
  router.get('/health', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    try {
      await storage.checkHealth()
    } catch {
      throw new DomainError('DATABASE_UNAVAILABLE', 'The database is not available')
    }
    const body: HealthResponse = { status: 'ok', version }
    res.json(body)
  })
  return router
}
