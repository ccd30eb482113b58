import path from 'node:path'
import compression from 'compression'
import express, { type Express } from 'express'
import { DomainError } from '../src/domain/errors.js'
import { apiNotFound, createErrorHandler } from './http/errors.js'
import { securityHeaders } from './http/security.js'
import { prerenderedInlineHashes, staticApp } from './http/static.js'
import { applicantRoutes } from './routes/applicants.js'
import { applicationRoutes } from './routes/applications.js'
import { bookingRoutes, slotRoutes, type BookingLimits } from './routes/bookings.js'
import { caseRoutes } from './routes/cases.js'
import { frontDeskRoutes } from './routes/frontDesk.js'
import { staffRoutes } from './routes/staff.js'
import type { RateLimit } from './services/rateLimit.js'
import { draftRoutes } from './routes/drafts.js'
import { createUploads, uploadPath } from './routes/uploads.js'
import { healthRoutes } from './routes/health.js'
import { filesystemDocumentStore, type DocumentStore } from './storage/documentStore.js'
import type { Storage } from './storage/storage.js'

export interface AppDependencies {
  storage: Storage
  /** Where the bytes of pages and attachments live; the filesystem under DATA_DIR/documents by default. */
  documents?: DocumentStore
  version: string
  /** The built app; without it only the API is served (development with `vite`). */
  distDir?: string
  /** Where unfinished uploads (and, by default, documents) are kept (DATA_DIR). */
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
  app.use(securityHeaders(deps.distDir === undefined ? undefined : prerenderedInlineHashes(deps.distDir)))
  const storage = deps.storage
  // Before compression: the slot lists are sent as bytes compressed once (routes/bookings.ts).
  app.use(slotRoutes(storage))
  app.use(compression())

  // tus reads the request stream itself: mounted before, and apart from, the JSON body parser.
  const documents = deps.documents ?? filesystemDocumentStore(path.join(deps.dataDir, 'documents'))
  const uploads = createUploads(storage, documents, path.join(deps.dataDir, 'uploads'))
  app.all([uploadPath, `${uploadPath}/{*id}`], uploads.handler)
  // main.ts runs this hourly: unfinished uploads older than a day are removed.
  app.locals.cleanUpUploads = uploads.cleanUp

  const api = express.Router()
  api.use(express.json({ limit: deps.jsonBodyLimit ?? '100kb' }))
  api.use(healthRoutes(storage, deps.version))
  api.use(applicantRoutes(storage, deps.applicantLimit))
  api.use(draftRoutes(storage, documents))
  api.use(uploads.documents)
  api.use(applicationRoutes(storage))
  api.use(bookingRoutes(storage, deps.bookingLimits))
  api.use(staffRoutes(storage, { assistedIdleMinutes: deps.assistedIdleMinutes ?? 10 }))
  api.use(frontDeskRoutes(storage, documents))
  api.use(caseRoutes(storage, documents))
  api.use(apiNotFound)
  app.use('/api', api)

  const site = deps.distDir === undefined ? undefined : staticApp(deps.distDir)
  if (site) app.use(site)

  app.use((_req, _res, next) => next(new DomainError('NOT_FOUND', 'Not found')))
  app.use(createErrorHandler(deps.log ?? ((line) => console.error(line))))
  return app
}
