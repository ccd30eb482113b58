import type { AbhDatabase } from '@/db/database'
import type { OutboxRecord } from '@/db/records'
import type { ServerDraft } from '@/domain/sync'
import { mergeAnswers } from './merge'
import type { StepResult } from './steps'
import { classifyStatus, type Transport } from './transport'

/**
 * Sends a draft as it is now (sync protocol step 3). On 412 the server's copy is merged field by
 * field with the local one (step 4); a field changed on both sides blocks the row until the
 * applicant chooses.
 */
export async function pushDraft(db: AbhDatabase, transport: Transport, token: string, row: OutboxRecord): Promise<StepResult> {
  const draft = await db.drafts.get(row.entityId)
  if (!draft || draft.state === 'submitted') return { kind: 'done' }
  const sent = { revision: draft.localRevision, answers: draft.answers }
  const response = await transport({
    method: 'PUT',
    path: `/api/drafts/${encodeURIComponent(draft.id)}`,
    token,
    headers: draft.baseRevision === null ? {} : { 'if-match': `"${draft.baseRevision}"` },
    body: { serviceId: draft.serviceId, answers: draft.answers },
  })
  const outcome = classifyStatus(response.status)

  if (outcome === 'done') {
    const server = response.body as ServerDraft
    await db.transaction('rw', db.drafts, db.outbox, async () => {
      await db.drafts.update(draft.id, { baseRevision: server.revision, baseAnswers: sent.answers })
      // Step 7: the row goes only if no newer save joined it while the request was under way.
      const current = row.seq === undefined ? undefined : await db.outbox.get(row.seq)
      if (current?.seq !== undefined && (current.draftRevision ?? 0) <= sent.revision) await db.outbox.delete(current.seq)
    })
    return { kind: 'continue' }
  }

  if (outcome === 'conflict') {
    const server = (response.body as { current?: ServerDraft } | undefined)?.current
    if (!server) return { kind: 'retry', response }
    await db.transaction('rw', db.drafts, db.outbox, async () => {
      const latest = await db.drafts.get(draft.id)
      if (!latest) return
      const { merged, conflicts } = mergeAnswers(latest.baseAnswers ?? {}, latest.answers, server.answers)
      const sameAsServer = conflicts.length === 0 && JSON.stringify(merged) === JSON.stringify(sortKeys(server.answers))
      await db.drafts.update(draft.id, {
        answers: merged,
        baseRevision: server.revision,
        baseAnswers: server.answers,
        conflicts,
        localRevision: latest.localRevision + 1,
      })
      if (row.seq === undefined) return
      if (conflicts.length > 0) await db.outbox.update(row.seq, { blockedReason: 'CONFLICT', draftRevision: latest.localRevision + 1 })
      // The server already holds exactly this (a lost answer to our own earlier write): nothing left to send.
      else if (sameAsServer) await db.outbox.delete(row.seq)
      else await db.outbox.update(row.seq, { draftRevision: latest.localRevision + 1 })
    })
    return { kind: 'continue' }
  }

  return { kind: outcome === 'retry' ? 'retry' : outcome, response }
}

function sortKeys(answers: ServerDraft['answers']): Record<string, unknown> {
  return Object.fromEntries(Object.keys(answers).sort().map((key) => [key, answers[key]]))
}
