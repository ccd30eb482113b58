import type { AbhDatabase } from '@/db/database'
import { resendAsNewDraft } from '@/db/draftsRepository'
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
  if (row.seq !== undefined) {
    const attempt = { answers: draft.answers, baseRevision: draft.baseRevision }
    const earlier = (await db.outbox.get(row.seq))?.unacknowledged ?? []
    await db.outbox.update(row.seq, { unacknowledged: [...earlier, attempt].slice(-5) })
  }
  const response = await transport({
    method: 'PUT',
    path: `/api/drafts/${encodeURIComponent(draft.id)}`,
    token,
    headers: draft.baseRevision === null ? {} : { 'if-match': `"${draft.baseRevision}"` },
    body: { serviceId: draft.serviceId, answers: draft.answers },
  })
  const outcome = classifyStatus(response.status)

  // The server deleted the draft, unsent, after its retention period: send this device's copy as new.
  if (response.status === 404 && draft.baseRevision !== null) {
    await resendAsNewDraft(db, draft.id)
    return { kind: 'continue' }
  }

  if (outcome === 'done') {
    const server = response.body as ServerDraft | undefined
    // A 2xx that is not our draft (a proxy, a captive portal) proves nothing: try again later.
    if (typeof server?.revision !== 'number') return { kind: 'retry' }
    await db.transaction('rw', db.drafts, db.outbox, async () => {
      await db.drafts.update(draft.id, { baseRevision: server.revision, baseAnswers: sent.answers })
      // Step 7: the row goes only if no newer save joined it while the request was under way.
      const current = row.seq === undefined ? undefined : await db.outbox.get(row.seq)
      if (current?.seq !== undefined && (current.draftRevision ?? 0) <= sent.revision) await db.outbox.delete(current.seq)
      else if (current?.seq !== undefined) await db.outbox.update(current.seq, { unacknowledged: [] })
    })
    return { kind: 'continue' }
  }

  if (outcome === 'conflict') {
    const server = (response.body as { current?: ServerDraft } | undefined)?.current
    if (!server) return { kind: 'retry', response }
    // The same draft at the same revision: not a change elsewhere, but a mismatch we cannot merge away.
    if (server.revision === draft.baseRevision || server.serviceId !== draft.serviceId) return { kind: 'refused', response }
    await db.transaction('rw', db.drafts, db.outbox, async () => {
      const latest = await db.drafts.get(draft.id)
      if (!latest) return
      // Step 4: if the server holds exactly what an earlier attempt of ours sent (its answer was
      // lost), that is the common ancestor, not a change made elsewhere.
      const current = row.seq === undefined ? undefined : await db.outbox.get(row.seq)
      const ours = (current?.unacknowledged ?? []).find(
        (attempt) =>
          server.revision === (attempt.baseRevision ?? 0) + 1 && JSON.stringify(sortKeys(attempt.answers)) === JSON.stringify(sortKeys(server.answers)),
      )
      const base = ours ? ours.answers : (latest.baseAnswers ?? {})
      const { merged, conflicts } = mergeAnswers(base, latest.answers, server.answers)
      const sameAsServer = conflicts.length === 0 && JSON.stringify(merged) === JSON.stringify(sortKeys(server.answers))
      await db.drafts.update(draft.id, {
        answers: merged,
        baseRevision: server.revision,
        baseAnswers: server.answers,
        conflicts,
        localRevision: latest.localRevision + 1,
      })
      if (row.seq === undefined) return
      await db.outbox.update(row.seq, { unacknowledged: [] })
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
  return Object.fromEntries(
    Object.keys(answers)
      .filter((key) => answers[key] !== undefined)
      .sort()
      .map((key) => [key, answers[key]]),
  )
}
