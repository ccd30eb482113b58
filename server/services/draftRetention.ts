import { draftRetentionCutoff } from '../../src/domain/draftRetention.js'
import { transact, type Store } from '../storage/database.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { deleteDocumentsOfDraft } from '../storage/documents.js'
import { deleteDraftRow, unsentDraftsUnchangedSince } from '../storage/drafts.js'
import { removeUnusedContent } from './documents.js'
import { lockDraft } from './drafts.js'

/** Drafts looked at per round of the purge, so that one round never holds the database long. */
const purgeBatch = 100

/**
 * Deletes the drafts nobody sent and nobody changed for `retentionDays` (DRAFT_RETENTION_DAYS),
 * with their pages and the bytes no other page or attachment uses; submitted applications are
 * never touched. Each draft is checked again under its lock, so a page arriving or a submission
 * on another instance meanwhile keeps it. Returns how many drafts went.
 */
export async function purgeUnsentDrafts(store: Store, documents: DocumentStore, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = draftRetentionCutoff(now, retentionDays)
  let purged = 0
  for (;;) {
    const due = await unsentDraftsUnchangedSince(store.db, cutoff, { limit: purgeBatch })
    for (const id of due) {
      const hashes = await transact(store, async (tx) => {
        await lockDraft(tx, store, id)
        if ((await unsentDraftsUnchangedSince(tx, cutoff, { limit: 1, draftId: id })).length === 0) return undefined
        const pageHashes = await deleteDocumentsOfDraft(tx, id)
        await deleteDraftRow(tx, id)
        return pageHashes
      })
      if (!hashes) continue
      purged += 1
      await removeUnusedContent(store, documents, hashes)
    }
    if (due.length < purgeBatch) return purged
  }
}
