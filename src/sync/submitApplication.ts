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
  if (draft.baseRevision === null) return { kind: 'retry' }
  const request: SubmissionRequest = { draftId: draft.id, revision: draft.baseRevision }
  const response = await transport({ method: 'POST', path: '/api/applications', token, headers: { 'idempotency-key': row.idempotencyKey }, body: request })
  const outcome = classifyStatus(response.status)
  if (outcome === 'done') {
    const { reference, submittedAt } = response.body as SubmissionResponse
    await db.transaction('rw', db.drafts, db.outbox, async () => {
      await db.drafts.update(draft.id, { state: 'submitted', reference, submittedAt })
      if (row.seq !== undefined) await db.outbox.delete(row.seq)
    })
    return { kind: 'continue' }
  }
  if (outcome === 'retry') return { kind: 'retry', response }
  // 412 (changed elsewhere), 422 (incomplete, documents missing), 409: the applicant must look.
  return { kind: outcome === 'unauthorized' ? 'unauthorized' : 'refused', response }
}
