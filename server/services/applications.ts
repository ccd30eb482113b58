import { deriveChecklist, openDocuments } from '../../src/domain/applications/checklist.js'
import { applicationForms } from '../../src/domain/applications/forms.js'
import { relevantAnswers, validateApplication } from '../../src/domain/applications/validation.js'
import {
  formatReference,
  type ApplicationStatus,
  type ApplicationStatusView,
  type StatusEvent,
  type SubmissionRequest,
  type SubmissionResponse,
} from '../../src/domain/applicationStatus.js'
import { documentRequestDefaultDays } from '../../src/domain/cases.js'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import { authorityTimeZone, todayAt } from '../../src/domain/time.js'
import { addDays } from '../../src/domain/zonedTime.js'
import {
  applicationsOf,
  findApplication,
  insertApplication,
  insertStatusEvent,
  isSubmitted,
  nextReferenceNumber,
  timelinesOf,
  updateApplicationStatus,
  type StoredApplication,
} from '../storage/applications.js'
import { transact, type Executor, type Store } from '../storage/database.js'
import { documentsOfDraft } from '../storage/documents.js'
import { findDraft } from '../storage/drafts.js'
import { lockDraft } from './drafts.js'
import { idempotent, type Reply } from './idempotency.js'

const checklistItemId = /^[A-Za-z]{1,64}$/
const maxDeferredDocuments = 50

/** What a submission names: the draft, the revision the applicant reviewed, and the documents handed in later. */
export function parseSubmission(body: unknown): SubmissionRequest {
  const { draftId, revision, deferredDocuments = [] } = (body ?? {}) as { draftId?: unknown; revision?: unknown; deferredDocuments?: unknown }
  if (!isEntityId(draftId) || !Number.isInteger(revision)) throw new DomainError('VALIDATION_FAILED', 'draftId (a draft id) and revision are required')
  const deferred =
    Array.isArray(deferredDocuments) && deferredDocuments.length <= maxDeferredDocuments && deferredDocuments.every((id) => typeof id === 'string' && checklistItemId.test(id))
      ? [...new Set(deferredDocuments as string[])]
      : undefined
  if (!deferred) throw new DomainError('VALIDATION_FAILED', 'deferredDocuments is a list of checklist item ids')
  // Without deferrals the body is what it was before them, so a retry's key matches across a deploy.
  return { draftId, revision: revision as number, ...(deferred.length > 0 ? { deferredDocuments: deferred } : {}) }
}

/**
 * Submits a draft (sync protocol step 8). The answers are validated with the domain's schemas and
 * every required document must have arrived or be handed in later: the page's wish is checked
 * again with the domain's rule (`openDocuments`), and the documents handed in later become an open
 * document request, in the same transaction, due `documentRequestDefaultDays` from today.
 * Idempotent by key: the same key again gets the first answer, the same key with another body
 * IDEMPOTENCY_KEY_REUSED.
 */
export function submitApplication(store: Store, applicantId: string, key: string, body: unknown, now = new Date()): Promise<Reply<SubmissionResponse>> {
  const submission = parseSubmission(body)
  return idempotent(store, { applicantId, key }, submission, async (tx) => {
    // Pages that arrive or go meanwhile wait: the documents counted below are the ones submitted.
    await lockDraft(tx, store, submission.draftId)
    const draft = await findDraft(tx, submission.draftId)
    if (!draft || draft.applicantId !== applicantId) throw new DomainError('NOT_FOUND', 'No such draft')
    if (await isSubmitted(tx, submission.draftId)) throw new DomainError('ALREADY_SUBMITTED', 'This draft was submitted with another key')
    if (draft.revision !== submission.revision) throw new DomainError('REVISION_MISMATCH', 'The draft has another revision on the server')
    const form = applicationForms[draft.serviceId]
    const validation = validateApplication(form, draft.answers, { today: todayAt(now) })
    if (!validation.complete) throw new DomainError('VALIDATION_FAILED', 'The application is not complete', { stepErrors: validation.stepErrors })
    const arrived = new Set((await documentsOfDraft(tx, submission.draftId)).map((document) => document.slot))
    const { missing, deferred } = openDocuments(deriveChecklist(form, draft.answers), arrived, submission.deferredDocuments ?? [])
    if (missing.length > 0) throw new DomainError('DOCUMENTS_MISSING', 'Required documents have not arrived', { missing })

    const submittedAt = now.toISOString()
    // The authority's year: 1 January begins at midnight in Berlin, not in UTC.
    const year = Number(todayAt(now).slice(0, 4))
    const reference = formatReference(year, await nextReferenceNumber(tx, year))
    // Documents handed in later keep the application open for pages, as a caseworker's request does.
    const status: ApplicationStatus = deferred.length > 0 ? 'documentsRequested' : 'submitted'
    await insertApplication(tx, {
      reference,
      applicantId,
      draftId: submission.draftId,
      serviceId: draft.serviceId,
      answers: relevantAnswers(form, draft.answers),
      status,
      submittedAt,
    })
    await insertStatusEvent(tx, reference, { status: 'submitted', at: submittedAt })
    if (deferred.length > 0) {
      const dueDate = addDays(todayAt(now, authorityTimeZone), documentRequestDefaultDays)
      await insertStatusEvent(tx, reference, { status: 'documentsRequested', requestedDocuments: deferred, dueDate, at: submittedAt })
    }
    return { status: 201, body: { reference, status, submittedAt } }
  }, now)
}

/** The status events of an application, oldest first, as the applicant and staff see them. */
export async function applicationTimeline(db: Executor, reference: string): Promise<StatusEvent[]> {
  return (await timelinesOf(db, [reference])).get(reference) ?? []
}

async function statusViews(db: Executor, applications: StoredApplication[]): Promise<ApplicationStatusView[]> {
  const timelines = await timelinesOf(db, applications.map((application) => application.reference))
  return applications.map((application) => ({
    reference: application.reference,
    draftId: application.draftId,
    serviceId: application.serviceId as ApplicationStatusView['serviceId'],
    status: application.status,
    submittedAt: application.submittedAt,
    timeline: timelines.get(application.reference) ?? [],
  }))
}

/**
 * Moves an application on and records it in its timeline; with `requestedDocuments`, the
 * checklist items the applicant is asked for. `tx` is the caller's transaction (staff screens).
 */
export async function addStatusEvent(
  tx: Executor,
  reference: string,
  event: { status: ApplicationStatus; note?: string; requestedDocuments?: string[]; dueDate?: string },
  now = new Date().toISOString(),
): Promise<number> {
  if (!(await updateApplicationStatus(tx, reference, event.status))) throw new DomainError('NOT_FOUND', 'No such application')
  return insertStatusEvent(tx, reference, { ...event, at: now })
}

/** The same, in a transaction of its own. */
export function recordStatusEvent(store: Store, reference: string, event: Parameters<typeof addStatusEvent>[2], now?: string): Promise<number> {
  return transact(store, (tx) => addStatusEvent(tx, reference, event, now))
}

export async function listApplications(store: Store, applicantId: string): Promise<ApplicationStatusView[]> {
  return statusViews(store.db, await applicationsOf(store.db, applicantId))
}

export async function getApplication(store: Store, applicantId: string, reference: string): Promise<ApplicationStatusView> {
  const application = isEntityId(reference) ? await findApplication(store.db, reference) : undefined
  if (!application || application.applicantId !== applicantId) throw new DomainError('NOT_FOUND', 'No such application')
  const [view] = await statusViews(store.db, [application])
  return view!
}
