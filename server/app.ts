import path from 'node:path'
import compression from 'compression'
import express, { type Express } from 'express'
import { defaultDraftRetentionDays } from '../src/domain/draftRetention.js'
import { DomainError } from '../src/domain/errors.js'
import { apiNotFound, createErrorHandler } from './http/errors.js'
import { checkJsonBounds } from './http/jsonBounds.js'
import { securityHeaders } from './http/security.js'
import { prerenderedInlineHashes, staticApp } from './http/static.js'
import { applicantRoutes } from './routes/applicants.js'
import { applicationRoutes } from './routes/applications.js'
import { authorityRoutes } from './routes/authority.js'
import { bookingRoutes, slotRoutes, type BookingLimits } from './routes/bookings.js'
import { caseRoutes } from './routes/cases.js'
import { frontDeskRoutes } from './routes/frontDesk.js'
import { secondFactorRoutes } from './routes/secondFactor.js'
import { staffRoutes } from './routes/staff.js'
import { staffApplicantRoutes } from './routes/staffApplicants.js'
import { purgeUnsentDrafts } from './services/draftRetention.js'
import type { RateLimit } from './services/rateLimit.js'
import { secretBox } from './services/secondFactor.js'
import type { SignInThrottle } from './services/signInThrottle.js'
import { draftRoutes } from './routes/drafts.js'
import { createUploads, uploadPath } from './routes/uploads.js'
import { healthRoutes } from './routes/health.js'
import { contactRoutes, mailAdminRoutes, unsubscribeRoutes } from './routes/notices.js'
import { filesystemDocumentStore, type DocumentStore } from './storage/documentStore.js'
import { readOrCreateKeyFile } from './storage/keyFile.js'
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
  /** DRAFT_RETENTION_DAYS: unsent drafts unchanged this long are deleted (main.ts, hourly); the app states it. */
  draftRetentionDays?: number
  /** How wrong staff passwords are throttled; tests shorten it. */
  signInThrottle?: SignInThrottle
  /** The file with the key that encrypts staff TOTP secrets; DATA_DIR/second-factor.key by default, made at first start. */
  secondFactorKeyFile?: string
  /** PUBLIC_URL: the app's address for links in calendar files and e-mails; the request's own address without it. */
  publicUrl?: string
  /** SMTP_URL is set: the admin screen says whether e-mails go out or wait in the queue. */
  mailEnabled?: boolean
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
  // main.ts runs these at start and hourly: uploads a crash left unfinished are finished, unfinished ones older than a day removed.
  app.locals.finishInterruptedUploads = uploads.finishInterrupted
  app.locals.cleanUpUploads = uploads.cleanUp
  const draftRetentionDays = deps.draftRetentionDays ?? defaultDraftRetentionDays
  // main.ts runs this hourly too: drafts nobody sent within the retention period go, with their pages.
  app.locals.purgeUnsentDrafts = () => purgeUnsentDrafts(storage, documents, draftRetentionDays)

  const api = express.Router()
  // Depth and entry counts are checked on the raw bytes, before parsing and before anything reads the body.
  api.use(express.json({ limit: deps.jsonBodyLimit ?? '100kb', verify: (_req, _res, bytes) => checkJsonBounds(bytes) }))
  api.use(healthRoutes(storage, deps.version))
  api.use(applicantRoutes(storage, deps.applicantLimit))
  api.use(draftRoutes(storage, documents))
  api.use(uploads.documents)
  api.use(applicationRoutes(storage))
  api.use(bookingRoutes(storage, deps.bookingLimits, deps.publicUrl))
  api.use(authorityRoutes(storage, { draftRetentionDays }))
  api.use(staffRoutes(storage, { assistedIdleMinutes: deps.assistedIdleMinutes ?? 10, signInThrottle: deps.signInThrottle }))
  api.use(secondFactorRoutes(storage, secretBox(readOrCreateKeyFile(deps.secondFactorKeyFile ?? path.join(deps.dataDir, 'second-factor.key')))))
  api.use(frontDeskRoutes(storage, documents))
  api.use(caseRoutes(storage, documents))
  api.use(staffApplicantRoutes(storage))
  api.use(contactRoutes(storage))
  api.use(mailAdminRoutes(storage, { mailEnabled: deps.mailEnabled ?? false }))
  api.use(apiNotFound)
  app.use('/api', api)
  app.use(unsubscribeRoutes(storage))

  const site = deps.distDir === undefined ? undefined : staticApp(deps.distDir)
  if (site) app.use(site)

  app.use((_req, _res, next) => next(new DomainError('NOT_FOUND', 'Not found')))
  app.use(createErrorHandler(deps.log ?? ((line) => console.error(line))))
  return app
}
