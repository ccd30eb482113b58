import type { AbhDatabase } from '@/db/database'
import type { OutboxRecord } from '@/db/records'
import type { SubmissionRequest, SubmissionResponse } from '@/domain/applicationStatus'
import type { StepResult } from './steps'
import { classifyStatus, type Transport } from './transport'

/**
 * Submits a draft (sync protocol step 8) once its saves and uploads have gone ahead of it. The
 * row's Idempotency-Key makes a retry after a lost answer return the first reference.
 */
export async function submitApplication(db: AbhDatabase, transport: Transport, token: string, row: OutboxRecord): Promise<StepResult> {
  const draft = await db.drafts.get(row.entityId)
  if (!draft || draft.state === 'submitted') return { kind: 'done' }
  // A merge with another device changed the draft after the applicant reviewed it: review again.
  if (row.draftRevision !== undefined && draft.localRevision !== row.draftRevision) {
    await returnToEditing(db, row, 'REVISION_MISMATCH')
    return { kind: 'continue' }
  }
  if (draft.baseRevision === null) return { kind: 'retry' }
  const deferred = draft.deferredDocuments ?? []
  const request: SubmissionRequest = { draftId: draft.id, revision: draft.baseRevision, ...(deferred.length > 0 ? { deferredDocuments: deferred } : {}) }
  const response = await transport({ method: 'POST', path: '/api/applications', token, headers: { 'idempotency-key': row.idempotencyKey }, body: request })
  const outcome = classifyStatus(response.status)
  if (outcome === 'done') {
    const { reference, submittedAt } = (response.body ?? {}) as Partial<SubmissionResponse>
    if (typeof reference !== 'string' || typeof submittedAt !== 'string') return { kind: 'retry' }
    await db.transaction('rw', db.drafts, db.outbox, async () => {
      await db.drafts.update(draft.id, { state: 'submitted', reference, submittedAt })
      if (row.seq !== undefined) await db.outbox.delete(row.seq)
    })
    return { kind: 'continue' }
  }
  if (outcome === 'retry') return { kind: 'retry', response }
  if (outcome === 'unauthorized') return { kind: 'unauthorized', response }
  // 412 (changed elsewhere), 422 (incomplete, documents missing), 409: the draft is the
  // applicant's to fix and send again (a new row, a new key); the reason is kept on it.
  await returnToEditing(db, row, (response.body as { code?: string } | undefined)?.code ?? `HTTP_${response.status}`)
  return { kind: 'continue' }
}

async function returnToEditing(db: AbhDatabase, row: OutboxRecord, problem: string) {
  await db.transaction('rw', db.drafts, db.outbox, async () => {
    await db.drafts.update(row.entityId, { state: 'editing', submissionProblem: problem })
    if (row.seq !== undefined) await db.outbox.delete(row.seq)
  })
}
