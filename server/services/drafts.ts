import type { Database } from 'better-sqlite3'
import { applicationForms } from '../../src/domain/applications/forms.js'
import { draftShapeProblems } from '../../src/domain/applications/validation.js'
import { isServiceId, type ServiceId } from '../../src/domain/catalogue.js'
import type { DraftUpload, ServerDraft } from '../../src/domain/sync.js'
import { HttpError } from '../http/errors.js'
import { isHashInUse } from '../storage/documentsData.js'
import { findDraft, insertDraft, listDraftsOf, updateDraftIfRevision, type StoredDraft } from '../storage/draftsData.js'

/** The server's copy of a draft is older or newer than the client assumed (sync protocol step 3). */
export class RevisionMismatch extends HttpError {
  constructor(readonly current: ServerDraft) {
    super(412, 'REVISION_MISMATCH', 'The draft has another revision on the server')
  }
}

const toServerDraft = ({ applicantId: _applicantId, ...draft }: StoredDraft): ServerDraft => draft

function parseUpload(body: unknown): DraftUpload {
  const { serviceId, answers } = (body ?? {}) as Partial<DraftUpload>
  if (!isServiceId(serviceId)) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown serviceId')
  }
  const problems = draftShapeProblems(applicationForms[serviceId as ServiceId], answers)
  if (problems.length > 0) throw new HttpError(422, 'VALIDATION_FAILED', `Invalid answers: ${problems.join(', ')}`)
  return { serviceId: serviceId as ServiceId, answers: answers as DraftUpload['answers'] }
}

/** Whether the draft became an application: then its answers and pages are the authority's record. */
export function isSubmitted(db: Database, draftId: string): boolean {
  return db.prepare('SELECT 1 FROM applications WHERE draft_id = ?').get(draftId) !== undefined
}

/** Another applicant's draft looks exactly like a missing one. */
function ownDraft(db: Database, applicantId: string, id: string): StoredDraft | undefined {
  const draft = findDraft(db, id)
  return draft?.applicantId === applicantId ? draft : undefined
}

export function getDraft(db: Database, applicantId: string, id: string): ServerDraft {
  const draft = ownDraft(db, applicantId, id)
  if (!draft) throw new HttpError(404, 'NOT_FOUND', 'No such draft')
  return toServerDraft(draft)
}

export function listDrafts(db: Database, applicantId: string): ServerDraft[] {
  return listDraftsOf(db, applicantId).map(toServerDraft)
}

/**
 * Stores a draft (sync protocol step 3). Without `expectedRevision` only a new draft is accepted;
 * with it, only a write based on the current revision. Anything else is a RevisionMismatch that
 * carries the server's copy, so the client can merge and try again.
 */
export function putDraft(
  db: Database,
  applicantId: string,
  id: string,
  body: unknown,
  expectedRevision: number | undefined,
  now = new Date().toISOString(),
): { draft: ServerDraft; created: boolean } {
  const upload = parseUpload(body)
  return db.transaction(() => {
    const existing = findDraft(db, id)
    if (existing && existing.applicantId !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such draft')
    if (!existing) {
      if (expectedRevision !== undefined) throw new HttpError(404, 'NOT_FOUND', 'No such draft')
      const draft: StoredDraft = { id, applicantId, serviceId: upload.serviceId, answers: upload.answers, revision: 1, updatedAt: now }
      insertDraft(db, draft)
      return { draft: toServerDraft(draft), created: true }
    }
    if (upload.serviceId !== existing.serviceId) throw new HttpError(422, 'VALIDATION_FAILED', 'A draft keeps its service')
    if (isSubmitted(db, id)) throw new HttpError(409, 'ALREADY_SUBMITTED', 'A submitted application is not changed')
    if (expectedRevision !== existing.revision) throw new RevisionMismatch(toServerDraft(existing))
    const draft: StoredDraft = { ...existing, answers: upload.answers, revision: existing.revision + 1, updatedAt: now }
    if (!updateDraftIfRevision(db, draft, expectedRevision)) throw new RevisionMismatch(toServerDraft(existing))
    return { draft: toServerDraft(draft), created: false }
  })()
}

/**
 * Deletes a draft with its pages; deleting twice is fine. Returns the content hashes no page uses
 * any more, for the caller to remove from the document store. A submitted one is kept.
 */
export function deleteDraft(db: Database, applicantId: string, id: string): string[] {
  return db.transaction(() => {
    const draft = ownDraft(db, applicantId, id)
    if (!draft) return []
    if (isSubmitted(db, id)) throw new HttpError(409, 'ALREADY_SUBMITTED', 'A submitted application is not deleted')
    const hashes = db.prepare('SELECT DISTINCT sha256 FROM documents WHERE draft_id = ?').pluck().all(id) as string[]
    db.prepare('DELETE FROM documents WHERE draft_id = ?').run(id)
    db.prepare('DELETE FROM drafts WHERE id = ?').run(id)
    return hashes.filter((hash) => !isHashInUse(db, hash))
  })()
}
