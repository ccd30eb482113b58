import { array, mixed, object, string } from 'yup'
import { isValidIsoDate } from './applications/validation.js'
import { applicationStatuses, type ApplicationStatus } from './applicationStatus.js'
import { serviceIds } from './catalogue.js'
import { hasNoNul, isAbsent, parseInput } from './input.js'
import type { CaseFilters } from './staff.js'

/** What the back office sends (docs/staff.md); the staff screens and the server check it alike. */
export const casePageSize = 20
/** The search counts its matches up to here and then says "more than". */
export const caseCountLimit = 1000
export const noteMaxLength = 2000
const referenceFilterLength = 40
const nameFilterLength = 100

/** An empty filter field is no filter. */
const optional = (message: string, check: (value: string) => boolean) =>
  mixed<string>()
    .nullable()
    .test('filter', message, (value) => isAbsent(value) || (typeof value === 'string' && check(value)))

const isPage = (value: unknown) => {
  if (typeof value !== 'number' && typeof value !== 'string') return false
  const page = Number(value)
  // The offset must stay a safe integer: SQLite refuses a float OFFSET (page=1e300).
  return Number.isInteger(page) && page >= 1 && Number.isSafeInteger(page * casePageSize)
}

/** `POST /api/staff/cases/search`. */
export const caseFiltersSchema = object({
  serviceId: optional('Unknown service', (value) => (serviceIds as readonly string[]).includes(value)),
  status: optional('Unknown status', (value) => (applicationStatuses as readonly string[]).includes(value)),
  from: optional('from must be YYYY-MM-DD', isValidIsoDate),
  to: optional('to must be YYYY-MM-DD', isValidIsoDate),
  reference: optional('reference must be text', hasNoNul),
  name: optional('name must be text', hasNoNul),
  page: mixed<number | string>().test('page', 'page must be a positive integer', (value) => value === undefined || isPage(value)),
})

/** The filters as the search takes them: empty fields dropped, long texts cut, page 1 by default. */
export function parseCaseFilters(body: unknown): CaseFilters & { page: number } {
  const input = parseInput(caseFiltersSchema, body)
  const filters: CaseFilters & { page: number } = { page: input.page === undefined ? 1 : Number(input.page) }
  if (input.serviceId) filters.serviceId = input.serviceId as CaseFilters['serviceId']
  if (input.status) filters.status = input.status as ApplicationStatus
  if (input.from) filters.from = input.from
  if (input.to) filters.to = input.to
  if (input.reference) filters.reference = input.reference.slice(0, referenceFilterLength)
  if (input.name) filters.name = input.name.slice(0, nameFilterLength)
  return filters
}

const note = mixed<string>()
  .nullable()
  .test('note', `A note has at most ${noteMaxLength} characters`, (value) => isAbsent(value) || (typeof value === 'string' && value.length <= noteMaxLength && hasNoNul(value)))

/** A blank note is no note. */
const noteOf = (value: string | null | undefined) => value?.trim() || undefined

/** Statuses a caseworker sets directly: documents are requested with their own request, and nobody submits for the applicant. */
export const statusesToChange = applicationStatuses.filter((status) => status !== 'documentsRequested' && status !== 'submitted')

/** `POST /api/staff/cases/:reference/status`. */
export const statusChangeSchema = object({
  status: mixed<ApplicationStatus>()
    .oneOf(statusesToChange, 'Unknown status (documents are requested with their own request)')
    .required('A status is required'),
  note,
})

export function parseStatusChange(body: unknown): { status: ApplicationStatus; note?: string } {
  const input = parseInput(statusChangeSchema, body)
  const parsedNote = noteOf(input.note)
  return parsedNote ? { status: input.status, note: parsedNote } : { status: input.status }
}

/** `POST /api/staff/cases/:reference/document-requests`; whether the items are on the case's checklist needs the case. */
export const documentRequestSchema = object({
  documents: array(string().required().test('text', 'A checklist item id is text', hasNoNul))
    .required('Pick one or more documents of this application’s checklist')
    .min(1, 'Pick one or more documents of this application’s checklist'),
  note,
  dueDate: string()
    .optional()
    .test('date', 'The due date is a date (YYYY-MM-DD)', (value) => value === undefined || isValidIsoDate(value)),
})

/** Days an applicant has for requested documents when the caseworker sets no date. */
export const documentRequestDefaultDays = 14

/** Days before a document request's due date that the reminder e-mail goes. */
export const documentRequestReminderDays = 3

export interface DocumentRequest {
  documents: string[]
  note?: string
  /** Without: `documentRequestDefaultDays` from the day of the request. */
  dueDate?: string
}

export function parseDocumentRequest(body: unknown): DocumentRequest {
  const input = parseInput(documentRequestSchema, body)
  const parsedNote = noteOf(input.note)
  const documents = [...new Set(input.documents)]
  return { documents, ...(parsedNote ? { note: parsedNote } : {}), ...(input.dueDate ? { dueDate: input.dueDate } : {}) }
}
