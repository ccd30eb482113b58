import type { ServiceId } from './catalogue.js'
import type { Answers } from './applications/types.js'

/**
 * The sync protocol's request and response bodies (docs/sync-protocol.md), shared by the page
 * and the server. Version 1.
 */
export const syncProtocolVersion = 1

/** `POST /api/applicants` → 201, and `POST /api/applicants/recover` → 200. */
export interface ApplicantCredentials {
  applicantId: string
  token: string
  /** Only in the answer to the first request: shown once, never stored by the server in clear. */
  recoveryCode?: string
  /** Only in the answer to a recovery: the language the applicant last used, so a new device can speak it. */
  locale?: string
}

/** `PUT /api/drafts/:id` body. */
export interface DraftUpload {
  serviceId: ServiceId
  answers: Answers
}

/** A draft as the server holds it: `GET /api/drafts/:id`, and the body of a 412. */
export interface ServerDraft {
  id: string
  serviceId: ServiceId
  answers: Answers
  revision: number
  updatedAt: string
}
