import type { Database } from 'better-sqlite3'
import { deriveChecklist } from '../../src/domain/applications/checklist.js'
import { isValidIsoDate } from '../../src/domain/applications/validation.js'
import { applicationForms } from '../../src/domain/applications/forms.js'
import type { Answers } from '../../src/domain/applications/types.js'
import { applicationStatuses, nextStatuses, type ApplicationStatus } from '../../src/domain/applicationStatus.js'
import { isServiceId } from '../../src/domain/catalogue.js'
import type { CaseDetail, CaseDocument, CaseFilters, CasePage, CaseSummary } from '../../src/domain/staff.js'
import { addDays, zonedToUtc } from '../../src/domain/zonedTime.js'
import { HttpError } from '../http/errors.js'
import { addStatusEvent, applicationTimeline } from './applications.js'
import { authorityTimeZone } from './booking.js'

export const casePageSize = 20
const noteMaxLength = 2000

/** Case- and accent-insensitive text, so "Özdemir" is found as "ozdemir" (SQLite's lower() knows ASCII only). */
export const foldText = (value: string) =>
  value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('de')
    .trim()

const withFold = new WeakSet<Database>()
function registerFold(db: Database): void {
  if (withFold.has(db)) return
  db.function('abh_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldText(value) : null))
  withFold.add(db)
}

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined)

/** Reads the filters of `GET /api/staff/cases` from the query string; anything malformed is refused. */
export function parseCaseFilters(query: Record<string, unknown>): CaseFilters {
  const filters: CaseFilters = {}
  const serviceId = text(query.serviceId)
  if (serviceId !== undefined) {
    if (!isServiceId(serviceId)) throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown service')
    filters.serviceId = serviceId
  }
  const status = text(query.status)
  if (status !== undefined) {
    if (!(applicationStatuses as readonly string[]).includes(status)) throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown status')
    filters.status = status as ApplicationStatus
  }
  for (const key of ['from', 'to'] as const) {
    const value = text(query[key])
    if (value === undefined) continue
    if (!isValidIsoDate(value)) throw new HttpError(422, 'VALIDATION_FAILED', `${key} must be YYYY-MM-DD`)
    filters[key] = value
  }
  const reference = text(query.reference)
  if (reference !== undefined) filters.reference = reference.slice(0, 40)
  const name = text(query.name)
  if (name !== undefined) filters.name = name.slice(0, 100)
  const page = Number(query.page ?? 1)
  // The offset must stay a safe integer: SQLite refuses a float OFFSET (page=1e300).
  if (!Number.isInteger(page) || page < 1 || !Number.isSafeInteger(page * casePageSize)) throw new HttpError(422, 'VALIDATION_FAILED', 'page must be a positive integer')
  filters.page = page
  return filters
}

/** Submitted applications, newest first, filtered and a page at a time. */
export function listCases(db: Database, filters: CaseFilters): CasePage {
  registerFold(db)
  const where: string[] = []
  const params: (string | number)[] = []
  const condition = (sql: string, value: string) => {
    where.push(sql)
    params.push(value)
  }
  if (filters.serviceId) condition('service_id = ?', filters.serviceId)
  if (filters.status) condition('status = ?', filters.status)
  if (filters.from) condition('submitted_at >= ?', zonedToUtc(filters.from, '00:00', authorityTimeZone).toISOString())
  if (filters.to) condition('submitted_at < ?', zonedToUtc(addDays(filters.to, 1), '00:00', authorityTimeZone).toISOString())
  if (filters.reference) condition("reference LIKE ? ESCAPE '\\'", `%${filters.reference.toUpperCase().replace(/[\\%_]/g, '\\$&')}%`)
  if (filters.name) {
    condition(
      "instr(abh_fold(coalesce(json_extract(answers, '$.surname'), '') || ' ' || coalesce(json_extract(answers, '$.givenNames'), '')), ?) > 0",
      foldText(filters.name),
    )
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const total = db.prepare(`SELECT COUNT(*) FROM applications ${clause}`).pluck().get(...params) as number
  const page = filters.page ?? 1
  const rows = db
    .prepare(
      `SELECT reference, service_id, status, submitted_at, json_extract(answers, '$.surname') AS surname, json_extract(answers, '$.givenNames') AS given_names
       FROM applications ${clause} ORDER BY submitted_at DESC, reference DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, casePageSize, (page - 1) * casePageSize) as {
    reference: string
    service_id: CaseSummary['serviceId']
    status: ApplicationStatus
    submitted_at: string
    surname: string | null
    given_names: string | null
  }[]
  return {
    items: rows.map((row) => ({
      reference: row.reference,
      serviceId: row.service_id,
      status: row.status,
      submittedAt: row.submitted_at,
      surname: row.surname ?? '',
      ...(row.given_names ? { givenNames: row.given_names } : {}),
    })),
    total,
    page,
    pageSize: casePageSize,
  }
}

interface CaseRow {
  reference: string
  draft_id: string
  service_id: CaseDetail['serviceId']
  status: ApplicationStatus
  submitted_at: string
  answers: string
}

function caseRow(db: Database, reference: string): CaseRow {
  const row = db.prepare('SELECT reference, draft_id, service_id, status, submitted_at, answers FROM applications WHERE reference = ?').get(reference) as
    | CaseRow
    | undefined
  if (!row) throw new HttpError(404, 'NOT_FOUND', 'No such application')
  return row
}

/** A submitted application as stored: the case view and the export read it the same way. */
export interface CaseRecord {
  reference: string
  draftId: string
  serviceId: CaseDetail['serviceId']
  status: ApplicationStatus
  submittedAt: string
  answers: Answers
}

export function caseRecord(db: Database, reference: string): CaseRecord {
  const row = caseRow(db, reference)
  return {
    reference: row.reference,
    draftId: row.draft_id,
    serviceId: row.service_id,
    status: row.status,
    submittedAt: row.submitted_at,
    answers: JSON.parse(row.answers) as Answers,
  }
}

function caseDocuments(db: Database, draftId: string): CaseDocument[] {
  return db
    .prepare('SELECT id, slot, page, mime_type AS mimeType, size FROM documents WHERE draft_id = ? ORDER BY slot, page, created_at')
    .all(draftId) as CaseDocument[]
}

export function caseDetail(db: Database, reference: string): CaseDetail {
  const { draftId, ...record } = caseRecord(db, reference)
  return { ...record, timeline: applicationTimeline(db, record.reference), documents: caseDocuments(db, draftId) }
}

/** One document of a case: its content address and type. */
export function caseDocument(db: Database, reference: string, documentId: string): { sha256: string; mimeType: string } {
  const row = caseRow(db, reference)
  const document = db.prepare('SELECT sha256, mime_type AS mimeType FROM documents WHERE id = ? AND draft_id = ?').get(documentId, row.draft_id) as
    | { sha256: string; mimeType: string }
    | undefined
  if (!document) throw new HttpError(404, 'NOT_FOUND', 'No such document')
  return document
}

function parseNote(note: unknown): string | undefined {
  if (note === undefined || note === null || note === '') return undefined
  if (typeof note !== 'string' || note.length > noteMaxLength) throw new HttpError(422, 'VALIDATION_FAILED', `A note has at most ${noteMaxLength} characters`)
  return note.trim() || undefined
}

/** A status change with an optional note in plain language, which the applicant's app shows. */
export function changeStatus(db: Database, reference: string, body: unknown): ApplicationStatus {
  const { status, note } = (body ?? {}) as { status?: unknown; note?: unknown }
  if (typeof status !== 'string' || !(applicationStatuses as readonly string[]).includes(status) || status === 'documentsRequested' || status === 'submitted') {
    throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown status (documents are requested with their own request)')
  }
  const parsedNote = parseNote(note)
  db.transaction(() => {
    allowTransition(caseRow(db, reference).status, status as ApplicationStatus)
    addStatusEvent(db, reference, { status: status as ApplicationStatus, note: parsedNote })
  })()
  return status as ApplicationStatus
}

function allowTransition(from: ApplicationStatus, to: ApplicationStatus): void {
  if (!nextStatuses[from].includes(to)) throw new HttpError(409, 'STATUS_NOT_ALLOWED', `An application cannot go from ${from} to ${to}`)
}

/** Asks the applicant for checklist items of this case, with a note. */
export function requestDocuments(db: Database, reference: string, body: unknown): string[] {
  const { documents, note } = (body ?? {}) as { documents?: unknown; note?: unknown }
  const row = caseRow(db, reference)
  const checklist = new Set(deriveChecklist(applicationForms[row.service_id], JSON.parse(row.answers) as Answers).map((item) => item.id))
  if (!Array.isArray(documents) || documents.length === 0 || !documents.every((id) => typeof id === 'string' && checklist.has(id))) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'Pick one or more documents of this application’s checklist')
  }
  const requested = [...new Set(documents as string[])]
  allowTransition(row.status, 'documentsRequested')
  addStatusEvent(db, reference, { status: 'documentsRequested', note: parseNote(note), requestedDocuments: requested })
  return requested
}
