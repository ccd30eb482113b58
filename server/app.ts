import path from 'node:path'
import compression from 'compression'
import express, { type Express } from 'express'
import { apiNotFound, createErrorHandler, HttpError } from './http/errors.js'
import { securityHeaders } from './http/security.js'
import { staticApp } from './http/static.js'
import { applicantRoutes } from './routes/applicants.js'
import { applicationRoutes } from './routes/applications.js'
import { bookingRoutes, type BookingLimits } from './routes/bookings.js'
import { caseRoutes } from './routes/cases.js'
import { frontDeskRoutes } from './routes/frontDesk.js'
import { staffRoutes } from './routes/staff.js'
import type { RateLimit } from './services/rateLimit.js'
import { draftRoutes } from './routes/drafts.js'
import { createUploads, uploadPath } from './routes/uploads.js'
import { healthRoutes } from './routes/health.js'
import type { SqliteStorage } from './storage/sqlite.js'

export interface AppDependencies {
  storage: SqliteStorage
  version: string
  /** The built app; without it only the API is served (development with `vite`). */
  distDir?: string
  /** Where uploads and documents are kept (DATA_DIR). */
  dataDir: string
  jsonBodyLimit?: string
  trustProxy?: boolean | number | string
  log?: (line: string) => void
  /** Rate limits of the booking endpoints; tests raise them. */
  bookingLimits?: BookingLimits
  /** New applicant identities (and recovery attempts) per client address and hour. */
  applicantLimit?: RateLimit
  /** Minutes of inactivity after which an assisted session is wiped (staff screens read it). */
  assistedIdleMinutes?: number
}

/** Builds the Express app without listening, so tests drive it over real HTTP on any port. */
export function createApp(deps: AppDependencies): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', deps.trustProxy ?? false)
  app.use(securityHeaders())
  app.use(compression())

  // tus reads the request stream itself: mounted before, and apart from, the JSON body parser.
  const uploads = createUploads(deps.storage.db, deps.dataDir)
  app.all([uploadPath, `${uploadPath}/{*id}`], uploads.handler)
  // main.ts runs this hourly: unfinished uploads older than a day are removed.
  app.locals.cleanUpUploads = uploads.cleanUp

  const api = express.Router()
  api.use(express.json({ limit: deps.jsonBodyLimit ?? '100kb' }))
  api.use(healthRoutes(deps.storage, deps.version))
  api.use(applicantRoutes(deps.storage.db, deps.applicantLimit))
  api.use(draftRoutes(deps.storage.db, path.join(deps.dataDir, 'documents')))
  api.use(uploads.documents)
  api.use(applicationRoutes(deps.storage.db))
  api.use(bookingRoutes(deps.storage.db, deps.bookingLimits))
  api.use(staffRoutes(deps.storage.db, { assistedIdleMinutes: deps.assistedIdleMinutes ?? 10 }))
  api.use(frontDeskRoutes(deps.storage.db, path.join(deps.dataDir, 'documents')))
  api.use(caseRoutes(deps.storage.db, path.join(deps.dataDir, 'documents')))
  api.use(apiNotFound)
  app.use('/api', api)

  const site = deps.distDir === undefined ? undefined : staticApp(deps.distDir)
  if (site) app.use(site)

  app.use((_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'Not found')))
  app.use(createErrorHandler(deps.log ?? ((line) => console.error(line))))
  return app
}
