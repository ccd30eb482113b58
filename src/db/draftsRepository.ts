import type { Answers } from '@/domain/applications/types'
import type { ServiceId } from '@/domain/catalogue'
import type { AbhDatabase } from './database'
import type { DraftRecord } from './records'
import { browserEnvironment, outboxRow, runWrite as write } from './repositoryHelpers'

export { browserEnvironment, type RepositoryEnvironment } from './repositoryHelpers'

/** Starts a new draft for a service, queued for sync in the same transaction. */
export function createDraft(db: AbhDatabase, serviceId: ServiceId, firstStep: string, env = browserEnvironment): Promise<DraftRecord> {
  const now = env.now()
  const draft: DraftRecord = {
    id: env.newId(),
    serviceId,
    answers: {},
    currentStep: firstStep,
    localRevision: 1,
    baseRevision: null,
    createdAt: now,
    updatedAt: now,
    state: 'editing',
  }
  return write(() =>
    db.transaction('rw', db.drafts, db.outbox, async () => {
      await db.drafts.add(draft)
      await db.outbox.add({ ...outboxRow('saveDraft', draft.id, draft.id, env), draftRevision: draft.localRevision })
      return draft
    }),
  )
}

export interface DraftChange {
  /** Only the answers that changed: merged field by field into what is stored. */
  changedAnswers: Answers
  currentStep: string
}

/**
 * Saves changed answers and the position. The draft's pending saveDraft row (one per draft) is
 * raised to the new revision in the same transaction, or made if none is pending: if either write
 * fails, neither lands. A draft that is no longer being edited (submitted) is left as it is.
 */
export function saveDraft(db: AbhDatabase, id: string, change: DraftChange, env = browserEnvironment): Promise<DraftRecord> {
  return write(() =>
    db.transaction('rw', db.drafts, db.outbox, async () => {
      const existing = await db.drafts.get(id)
      if (!existing) throw new Error(`No draft ${id}`)
      if (existing.state !== 'editing') return existing
      const draft: DraftRecord = {
        ...existing,
        answers: { ...existing.answers, ...change.changedAnswers },
        currentStep: change.currentStep,
        localRevision: existing.localRevision + 1,
        updatedAt: env.now(),
      }
      await db.drafts.put(draft)
      const pending = await db.outbox.where({ entityId: id, kind: 'saveDraft' }).first()
      if (pending?.seq === undefined) {
        await db.outbox.add({ ...outboxRow('saveDraft', id, id, env), draftRevision: draft.localRevision })
      } else if (pending.attempts === 0) {
        await db.outbox.update(pending.seq, { draftRevision: draft.localRevision })
      } else {
        // The row was already sent with its key: new content needs a new key, or the server
        // would answer the old request again (or refuse the key for different content).
        await db.outbox.update(pending.seq, { draftRevision: draft.localRevision, idempotencyKey: env.newId(), attempts: 0 })
      }
      return draft
    }),
  )
}

export function getDraft(db: AbhDatabase, id: string): Promise<DraftRecord | undefined> {
  return db.drafts.get(id)
}

/** All drafts, most recently saved first. */
export function listDrafts(db: AbhDatabase): Promise<DraftRecord[]> {
  return db.drafts.orderBy('updatedAt').reverse().toArray()
}

/**
 * Deletes a draft with its documents and every queued mutation about it, and queues its deletion
 * on the server (a draft the server never got answers 404, which counts as done).
 */
export function deleteDraft(db: AbhDatabase, id: string, env = browserEnvironment): Promise<void> {
  return write(() =>
    db.transaction('rw', db.drafts, db.documents, db.outbox, async () => {
      const draft = await db.drafts.get(id)
      if (!draft) return
      // A submitted (or submitting) application is the authority's now; it is not deleted from here.
      if (draft.state !== 'editing') throw new Error(`Draft ${id} is ${draft.state}`)
      await db.documents.where({ draftId: id }).delete()
      await db.outbox.where({ draftId: id }).delete()
      await db.drafts.delete(id)
      // Always: an earlier write may have reached the server even if its answer never came back.
      await db.outbox.add(outboxRow('deleteDraft', id, id, env))
    }),
  )
}

/** Marks a complete draft for submission; the outbox row carries the idempotency key for every retry. */
export function queueSubmission(db: AbhDatabase, id: string, env = browserEnvironment): Promise<void> {
  return write(() =>
    db.transaction('rw', db.drafts, db.outbox, async () => {
      const draft = await db.drafts.get(id)
      if (!draft) throw new Error(`No draft ${id}`)
      if (draft.state !== 'editing') return
      await db.drafts.update(id, { state: 'submitting', submissionProblem: undefined, updatedAt: env.now() })
      // The revision the applicant reviewed: a later merge means reviewing again, not sending.
      await db.outbox.add({ ...outboxRow('submitApplication', id, id, env), draftRevision: draft.localRevision })
    }),
  )
}

/** Marks a document of a draft as handed in later, or not; only while the draft is edited. */
export function setDocumentDeferred(db: AbhDatabase, id: string, itemId: string, deferred: boolean): Promise<void> {
  return write(() =>
    db.transaction('rw', db.drafts, async () => {
      const draft = await db.drafts.get(id)
      if (!draft || draft.state !== 'editing') return
      const others = (draft.deferredDocuments ?? []).filter((entry) => entry !== itemId)
      await db.drafts.update(id, { deferredDocuments: deferred ? [...others, itemId] : others })
    }),
  )
}

/** How many mutations about this draft still wait for the server. */
export function pendingMutationCount(db: AbhDatabase, draftId: string): Promise<number> {
  return db.outbox.where({ entityId: draftId }).count()
}

/**
 * Applies the applicant's choice for each conflicting field (sync protocol step 4) and lets the
 * draft's blocked save go again, in one transaction.
 */
export function resolveConflicts(db: AbhDatabase, id: string, chosen: Answers, env = browserEnvironment): Promise<void> {
  return write(() =>
    db.transaction('rw', db.drafts, db.outbox, async () => {
      const draft = await db.drafts.get(id)
      if (!draft) return
      const localRevision = draft.localRevision + 1
      await db.drafts.update(id, { answers: { ...draft.answers, ...chosen }, conflicts: [], localRevision, updatedAt: env.now() })
      await db.outbox
        .where({ entityId: id, kind: 'saveDraft' })
        .modify({ blockedReason: undefined, nextAttemptAt: undefined, draftRevision: localRevision })
    }),
  )
}

/**
 * The server no longer has a draft this device sent before: it deleted it, unsent, after its
 * retention period (DRAFT_RETENTION_DAYS, docs/operations.md). This device's copy is the draft
 * now: it goes again as a new one, without a base revision, and every page is queued again
 * behind it.
 */
export function resendAsNewDraft(db: AbhDatabase, id: string, env = browserEnvironment): Promise<void> {
  return write(() =>
    db.transaction('rw', db.drafts, db.documents, db.outbox, async () => {
      await db.drafts.update(id, { baseRevision: null, baseAnswers: undefined })
      const queued = new Set((await db.outbox.where({ draftId: id }).toArray()).filter((row) => row.kind === 'uploadDocument').map((row) => row.entityId))
      for (const page of await db.documents.where({ draftId: id }).toArray()) {
        if (!queued.has(page.id)) await db.outbox.add(outboxRow('uploadDocument', page.id, id, env))
      }
    }),
  )
}
