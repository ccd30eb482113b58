import { deriveChecklist } from '../../src/domain/applications/checklist.js'
import { applicationForms } from '../../src/domain/applications/forms.js'
import type { Answers } from '../../src/domain/applications/types.js'
import { nextStatuses, type ApplicationStatus } from '../../src/domain/applicationStatus.js'
import { caseCountLimit, casePageSize, documentRequestDefaultDays, type DocumentRequest } from '../../src/domain/cases.js'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import { isSupportedLocale } from '../../src/domain/locales.js'
import { nameWords } from '../../src/domain/names.js'
import type { CaseDetail, CaseFilters, CasePage } from '../../src/domain/staff.js'
import { authorityTimeZone, todayAt } from '../../src/domain/time.js'
import { addDays, zonedToUtc } from '../../src/domain/zonedTime.js'
import { findApplication } from '../storage/applications.js'
import { searchApplications, type CaseCriteria } from '../storage/cases.js'
import { transact, type Executor, type Store } from '../storage/database.js'
import { documentsOfDraft, findDocument } from '../storage/documents.js'
import { lockForTransaction } from '../storage/locks.js'
import { findApplicantContact } from '../storage/mail.js'
import { addStatusEvent, applicationTimeline } from './applications.js'
import { queueCaseNotice } from './notices.js'

/** The filters as the search takes them: days in Berlin as instants, names as folded words. */
function criteriaOf(filters: CaseFilters): CaseCriteria {
  const criteria: CaseCriteria = {}
  if (filters.serviceId) criteria.serviceId = filters.serviceId
  if (filters.status) criteria.status = filters.status
  if (filters.from) criteria.submittedFrom = zonedToUtc(filters.from, '00:00', authorityTimeZone).toISOString()
  if (filters.to) criteria.submittedBefore = zonedToUtc(addDays(filters.to, 1), '00:00', authorityTimeZone).toISOString()
  if (filters.reference) criteria.referencePart = filters.reference.toUpperCase()
  // The same folding and splitting as the index of names: "Yil" finds "Yıldırım", "gokce" "Gökçe".
  const words = filters.name ? nameWords(filters.name) : []
  if (words.length > 0) criteria.nameWordPrefixes = words
  return criteria
}

const textOf = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined)

/** Submitted applications, newest first, filtered and a page at a time; the total counted up to a limit. */
export async function listCases(store: Store, filters: CaseFilters): Promise<CasePage> {
  const criteria = criteriaOf(filters)
  const page = filters.page ?? 1
  const { rows, matched } = await searchApplications(store.db, criteria, { limit: casePageSize, offset: (page - 1) * casePageSize }, caseCountLimit)
  return {
    items: rows.map((row) => {
      const givenNames = textOf(row.answers.givenNames)
      return {
        reference: row.reference,
        serviceId: row.serviceId as CaseDetail['serviceId'],
        status: row.status,
        submittedAt: row.submittedAt,
        surname: textOf(row.answers.surname) ?? '',
        ...(givenNames ? { givenNames } : {}),
      }
    }),
    total: Math.min(matched, caseCountLimit),
    totalCapped: matched > caseCountLimit,
    page,
    pageSize: casePageSize,
  }
}

/** A submitted application as stored: the case view and the export read it the same way. */
export interface CaseRecord {
  reference: string
  applicantId: string
  draftId: string
  serviceId: CaseDetail['serviceId']
  status: ApplicationStatus
  submittedAt: string
  answers: Answers
}

const noSuchApplication = () => new DomainError('NOT_FOUND', 'No such application')

export async function caseRecord(db: Executor, reference: string): Promise<CaseRecord> {
  const application = isEntityId(reference) ? await findApplication(db, reference) : undefined
  if (!application) throw noSuchApplication()
  return {
    reference: application.reference,
    applicantId: application.applicantId,
    draftId: application.draftId,
    serviceId: application.serviceId as CaseDetail['serviceId'],
    status: application.status,
    submittedAt: application.submittedAt,
    answers: application.answers as Answers,
  }
}

export async function caseDetail(store: Store, reference: string): Promise<CaseDetail> {
  const { draftId, applicantId, ...record } = await caseRecord(store.db, reference)
  const documents = (await documentsOfDraft(store.db, draftId)).map(({ id, slot, page, mimeType, size }) => ({ id, slot, page, mimeType, size }))
  // The language the applicant uses the app in, so staff know how to write and whom to call in.
  const language = (await findApplicantContact(store.db, applicantId))?.locale
  return { ...record, timeline: await applicationTimeline(store.db, record.reference), documents, ...(isSupportedLocale(language) ? { language } : {}) }
}

/** One document of a case: its content address and type. */
export async function caseDocument(store: Store, reference: string, documentId: string): Promise<{ sha256: string; mimeType: string }> {
  const { draftId } = await caseRecord(store.db, reference)
  const document = isEntityId(documentId) ? await findDocument(store.db, documentId) : undefined
  if (!document || document.draftId !== draftId) throw new DomainError('NOT_FOUND', 'No such document')
  return { sha256: document.sha256, mimeType: document.mimeType }
}

function allowTransition(from: ApplicationStatus, to: ApplicationStatus): void {
  if (!nextStatuses[from].includes(to)) throw new DomainError('STATUS_NOT_ALLOWED', `An application cannot go from ${from} to ${to}`)
}

/**
 * Moves a case on in one transaction. Two caseworkers acting on one case take turns, so each
 * checks the transition against the status the other left.
 */
async function changeCase<T>(store: Store, reference: string, change: (tx: Executor, current: CaseRecord) => Promise<T>): Promise<T> {
  // The lock's name reaches PostgreSQL as text: a reference that can name no case (a NUL in it) stops here.
  if (!isEntityId(reference)) throw noSuchApplication()
  return transact(store, async (tx) => {
    await lockForTransaction(tx, store.engine, `case:${reference}`)
    return change(tx, await caseRecord(tx, reference))
  })
}

/**
 * A status change with an optional note in plain language, which the applicant's app shows. The
 * applicant who agreed to notices gets an e-mail that there is news (without the news).
 */
export function changeStatus(store: Store, reference: string, change: { status: ApplicationStatus; note?: string }, now = new Date()): Promise<void> {
  return changeCase(store, reference, async (tx, current) => {
    allowTransition(current.status, change.status)
    const eventId = await addStatusEvent(tx, reference, change, now.toISOString())
    await queueCaseNotice(tx, { eventId, reference, applicantId: current.applicantId, payload: { kind: 'statusChanged' }, now })
  })
}

/**
 * Asks the applicant for checklist items of this case, with a note, by a due date (by default
 * `documentRequestDefaultDays` from today, in Berlin); the notice e-mail names the date.
 */
export function requestDocuments(store: Store, reference: string, request: DocumentRequest, now = new Date()): Promise<void> {
  return changeCase(store, reference, async (tx, current) => {
    const checklist = new Set(deriveChecklist(applicationForms[current.serviceId], current.answers).map((item) => item.id))
    if (!request.documents.every((id) => checklist.has(id))) throw new DomainError('VALIDATION_FAILED', 'Pick one or more documents of this application’s checklist')
    const today = todayAt(now, authorityTimeZone)
    const dueDate = request.dueDate ?? addDays(today, documentRequestDefaultDays)
    if (dueDate <= today) throw new DomainError('VALIDATION_FAILED', 'The due date must be after today')
    allowTransition(current.status, 'documentsRequested')
    const eventId = await addStatusEvent(tx, reference, { status: 'documentsRequested', note: request.note, requestedDocuments: request.documents, dueDate }, now.toISOString())
    await queueCaseNotice(tx, { eventId, reference, applicantId: current.applicantId, payload: { kind: 'documentsRequested', dueDate }, now })
  })
}
