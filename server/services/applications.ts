import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { deriveChecklist } from '../../src/domain/applications/checklist.js'
import { applicationForms } from '../../src/domain/applications/forms.js'
import { relevantAnswers, validateApplication } from '../../src/domain/applications/validation.js'
import {
  formatReference,
  type ApplicationStatus,
  type ApplicationStatusView,
  type StatusEvent,
  type SubmissionResponse,
} from '../../src/domain/applicationStatus.js'
import { todayAt } from '../../src/domain/time.js'
import { HttpError } from '../http/errors.js'
import { documentsOfDraft } from '../storage/documentsData.js'
import { findDraft } from '../storage/draftsData.js'

export interface Reply<T> {
  status: number
  body: T
}

/** An error whose answer carries details (missing documents, step errors) beside code and message. */
export class DetailedHttpError extends HttpError {
  constructor(
    status: number,
    code: HttpError['code'],
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(status, code, message)
  }
}

const requestHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex')

function nextReference(db: Database, year: number): string {
  const row = db
    .prepare(
      'INSERT INTO reference_counters (year, last_number) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1 RETURNING last_number',
    )
    .get(year) as { last_number: number }
  return formatReference(year, row.last_number)
}

/**
 * Submits a draft (sync protocol step 8). The answers are validated with the domain's schemas and
 * every required document must have arrived. The Idempotency-Key is recorded in the same
 * transaction: the same key again gets the first answer, the same key with another body 422.
 */
export function submitApplication(db: Database, applicantId: string, key: string, body: unknown, now = new Date()): Reply<SubmissionResponse> {
  if (!/^[A-Za-z0-9-]{8,100}$/.test(key)) throw new HttpError(400, 'BAD_REQUEST', 'An Idempotency-Key header is required')
  const { draftId, revision } = (body ?? {}) as { draftId?: unknown; revision?: unknown }
  if (typeof draftId !== 'string' || typeof revision !== 'number') throw new HttpError(422, 'VALIDATION_FAILED', 'draftId and revision are required')
  const hash = requestHash({ draftId, revision })

  return db.transaction((): Reply<SubmissionResponse> => {
    const earlier = db.prepare('SELECT request_hash, status, response FROM idempotency_keys WHERE applicant_id = ? AND key = ?').get(applicantId, key) as
      | { request_hash: string; status: number; response: string }
      | undefined
    if (earlier) {
      if (earlier.request_hash !== hash) throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'This key was used for another request')
      return { status: earlier.status, body: JSON.parse(earlier.response) as SubmissionResponse }
    }
    const draft = findDraft(db, draftId)
    if (!draft || draft.applicantId !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such draft')
    if (db.prepare('SELECT 1 FROM applications WHERE draft_id = ?').get(draftId)) {
      throw new HttpError(409, 'ALREADY_SUBMITTED', 'This draft was submitted with another key')
    }
    if (draft.revision !== revision) throw new HttpError(412, 'REVISION_MISMATCH', 'The draft has another revision on the server')
    const form = applicationForms[draft.serviceId]
    const validation = validateApplication(form, draft.answers, { today: todayAt(now) })
    if (!validation.complete) {
      throw new DetailedHttpError(422, 'VALIDATION_FAILED', 'The application is not complete', { stepErrors: validation.stepErrors })
    }
    const arrived = new Set(documentsOfDraft(db, draftId).map((document) => document.slot))
    const missing = deriveChecklist(form, draft.answers).filter((item) => item.required && !arrived.has(item.id)).map((item) => item.id)
    if (missing.length > 0) throw new DetailedHttpError(422, 'DOCUMENTS_MISSING', 'Required documents have not arrived', { missing })

    const submittedAt = now.toISOString()
    // The authority's year: 1 January begins at midnight in Berlin, not in UTC.
    const reference = nextReference(db, Number(todayAt(now).slice(0, 4)))
    db.prepare(
      'INSERT INTO applications (reference, applicant_id, draft_id, service_id, answers, status, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(reference, applicantId, draftId, draft.serviceId, JSON.stringify(relevantAnswers(form, draft.answers)), 'submitted', submittedAt)
    db.prepare('INSERT INTO application_events (reference, status, at) VALUES (?, ?, ?)').run(reference, 'submitted', submittedAt)
    const reply: Reply<SubmissionResponse> = { status: 201, body: { reference, status: 'submitted', submittedAt } }
    db.prepare('INSERT INTO idempotency_keys (applicant_id, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      applicantId,
      key,
      hash,
      reply.status,
      JSON.stringify(reply.body),
      submittedAt,
    )
    return reply
  })()
}

interface ApplicationRow {
  reference: string
  draft_id: string
  service_id: string
  status: string
  submitted_at: string
}

/** The status events of an application, oldest first, as the applicant and staff see them. */
export function applicationTimeline(db: Database, reference: string): StatusEvent[] {
  const events = db.prepare('SELECT status, note, requested_documents, at FROM application_events WHERE reference = ? ORDER BY id').all(reference) as {
    status: string
    note: string | null
    requested_documents: string | null
    at: string
  }[]
  return events.map((event) => ({
    status: event.status as ApplicationStatus,
    at: event.at,
    ...(event.note ? { note: event.note } : {}),
    ...(event.requested_documents ? { requestedDocuments: JSON.parse(event.requested_documents) as string[] } : {}),
  }))
}

function statusView(db: Database, row: ApplicationRow): ApplicationStatusView {
  const timeline = applicationTimeline(db, row.reference)
  return {
    reference: row.reference,
    draftId: row.draft_id,
    serviceId: row.service_id as ApplicationStatusView['serviceId'],
    status: row.status as ApplicationStatus,
    submittedAt: row.submitted_at,
    timeline,
  }
}

/**
 * Moves an application on and records it in its timeline; with `documentsRequested`, the
 * checklist items the applicant is asked for. (Used by the staff screens; the timeline is what
 * the applicant's app shows.)
 */
export function addStatusEvent(
  db: Database,
  reference: string,
  event: { status: ApplicationStatus; note?: string; requestedDocuments?: string[] },
  now = new Date().toISOString(),
): void {
  db.transaction(() => {
    const updated = db.prepare('UPDATE applications SET status = ? WHERE reference = ?').run(event.status, reference)
    if (updated.changes !== 1) throw new HttpError(404, 'NOT_FOUND', 'No such application')
    db.prepare('INSERT INTO application_events (reference, status, note, requested_documents, at) VALUES (?, ?, ?, ?, ?)').run(
      reference,
      event.status,
      event.note ?? null,
      event.requestedDocuments ? JSON.stringify(event.requestedDocuments) : null,
      now,
    )
  })()
}

export function listApplications(db: Database, applicantId: string): ApplicationStatusView[] {
  const rows = db.prepare('SELECT * FROM applications WHERE applicant_id = ? ORDER BY submitted_at DESC').all(applicantId) as ApplicationRow[]
  return rows.map((row) => statusView(db, row))
}

export function getApplication(db: Database, applicantId: string, reference: string): ApplicationStatusView {
  const row = db.prepare('SELECT * FROM applications WHERE reference = ? AND applicant_id = ?').get(reference, applicantId) as ApplicationRow | undefined
  if (!row) throw new HttpError(404, 'NOT_FOUND', 'No such application')
  return statusView(db, row)
}
