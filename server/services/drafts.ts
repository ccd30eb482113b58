import { applicationForms } from '../../src/domain/applications/forms.js'
import { draftShapeProblems } from '../../src/domain/applications/validation.js'
import { isServiceId, type ServiceId } from '../../src/domain/catalogue.js'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import type { DraftUpload, ServerDraft } from '../../src/domain/sync.js'
import { isSubmitted } from '../storage/applications.js'
import { transact, type Executor, type Store, type Tx } from '../storage/database.js'
import { deleteDocumentsOfDraft } from '../storage/documents.js'
import { deleteDraftRow, findDraft, insertDraft, listDraftsOf, updateDraftIfRevision, type StoredDraft } from '../storage/drafts.js'
import { lockForTransaction } from '../storage/locks.js'

/** The server's copy of a draft is older or newer than the client assumed (sync protocol step 3): it travels with the refusal. */
const revisionMismatch = (current: ServerDraft) => new DomainError('REVISION_MISMATCH', 'The draft has another revision on the server', { current })

const toServerDraft = ({ applicantId: _applicantId, ...draft }: StoredDraft): ServerDraft => draft

function parseUpload(body: unknown): DraftUpload {
  const { serviceId, answers } = (body ?? {}) as Partial<DraftUpload>
  if (!isServiceId(serviceId)) throw new DomainError('VALIDATION_FAILED', 'Unknown serviceId')
  const problems = draftShapeProblems(applicationForms[serviceId as ServiceId], answers)
  if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', `Invalid answers: ${problems.join(', ')}`)
  return { serviceId: serviceId as ServiceId, answers: answers as DraftUpload['answers'] }
}

/**
 * Submitting a draft, linking or deleting one of its pages and deleting the draft take turns per
 * draft until the transaction ends, so that no page comes or goes while a submission counts them.
 */
export const lockDraft = (tx: Tx, store: Store, draftId: string) => lockForTransaction(tx, store.engine, `draft:${draftId}`)

/** Another applicant's draft looks exactly like a missing one. */
async function ownDraft(db: Executor, applicantId: string, id: string): Promise<StoredDraft | undefined> {
  // A malformed id is an unknown one: it can never have been stored.
  const draft = isEntityId(id) ? await findDraft(db, id) : undefined
  return draft?.applicantId === applicantId ? draft : undefined
}

export async function getDraft(store: Store, applicantId: string, id: string): Promise<ServerDraft> {
  const draft = await ownDraft(store.db, applicantId, id)
  if (!draft) throw new DomainError('NOT_FOUND', 'No such draft')
  return toServerDraft(draft)
}

export async function listDrafts(store: Store, applicantId: string): Promise<ServerDraft[]> {
  return (await listDraftsOf(store.db, applicantId)).map(toServerDraft)
}

/**
 * Stores a draft (sync protocol step 3). Without `expectedRevision` only a new draft is accepted;
 * with it, only a write based on the current revision. Anything else is REVISION_MISMATCH with
 * the server's copy, so the client can merge and try again.
 */
export async function putDraft(
  store: Store,
  applicantId: string,
  id: string,
  body: unknown,
  expectedRevision: number | undefined,
  now = new Date().toISOString(),
): Promise<{ draft: ServerDraft; created: boolean }> {
  if (!isEntityId(id)) throw new DomainError('VALIDATION_FAILED', 'A draft id is 8 to 64 letters, digits or hyphens')
  const upload = parseUpload(body)
  return transact(store, async (tx) => {
    const existing = await findDraft(tx, id)
    if (existing && existing.applicantId !== applicantId) throw new DomainError('NOT_FOUND', 'No such draft')
    if (!existing) {
      if (expectedRevision !== undefined) throw new DomainError('NOT_FOUND', 'No such draft')
      const draft: StoredDraft = { id, applicantId, serviceId: upload.serviceId, answers: upload.answers, revision: 1, updatedAt: now }
      await insertDraft(tx, draft)
      return { draft: toServerDraft(draft), created: true }
    }
    if (upload.serviceId !== existing.serviceId) throw new DomainError('VALIDATION_FAILED', 'A draft keeps its service')
    if (await isSubmitted(tx, id)) throw new DomainError('ALREADY_SUBMITTED', 'A submitted application is not changed')
    if (expectedRevision !== existing.revision) throw revisionMismatch(toServerDraft(existing))
    const draft: StoredDraft = { ...existing, answers: upload.answers, revision: existing.revision + 1, updatedAt: now }
    if (!(await updateDraftIfRevision(tx, draft, expectedRevision))) throw revisionMismatch(toServerDraft(existing))
    return { draft: toServerDraft(draft), created: false }
  })
}

/**
 * Deletes a draft with its pages; deleting twice is fine. Returns the content hashes its pages
 * had, for removeUnusedContent (services/documents.ts) to take the bytes no page uses any more.
 * A submitted one is kept.
 */
export async function deleteDraft(store: Store, applicantId: string, id: string): Promise<string[]> {
  // An id that could be no draft is missing, before it names a lock (PostgreSQL refuses a NUL there).
  if (!isEntityId(id)) return []
  return transact(store, async (tx) => {
    await lockDraft(tx, store, id)
    const draft = await ownDraft(tx, applicantId, id)
    if (!draft) return []
    if (await isSubmitted(tx, id)) throw new DomainError('ALREADY_SUBMITTED', 'A submitted application is not deleted')
    const hashes = await deleteDocumentsOfDraft(tx, id)
    await deleteDraftRow(tx, id)
    return hashes
  })
}
