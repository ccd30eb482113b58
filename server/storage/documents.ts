import type { Executor } from './database.js'
import type { Schema } from './schema.js'

export interface StoredDocument {
  id: string
  applicantId: string
  draftId: string
  slot: string
  page: number
  sha256: string
  mimeType: string
  size: number
  createdAt: string
}

const fromRow = (row: Schema['documents']): StoredDocument => ({
  id: row.id,
  applicantId: row.applicant_id,
  draftId: row.draft_id,
  slot: row.slot,
  page: row.page,
  sha256: row.sha256,
  mimeType: row.mime_type,
  size: row.size,
  createdAt: row.created_at,
})

export async function findDocument(db: Executor, id: string): Promise<StoredDocument | undefined> {
  const row = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst()
  return row && fromRow(row)
}

export async function documentsOfDraft(db: Executor, draftId: string): Promise<StoredDocument[]> {
  const rows = await db.selectFrom('documents').selectAll().where('draft_id', '=', draftId).orderBy('slot').orderBy('page').execute()
  return rows.map(fromRow)
}

/** The pages of several drafts, each draft's in slot and page order. */
export async function documentsOfDrafts(db: Executor, draftIds: readonly string[]): Promise<StoredDocument[]> {
  if (draftIds.length === 0) return []
  const rows = await db.selectFrom('documents').selectAll().where('draft_id', 'in', [...draftIds]).orderBy('draft_id').orderBy('slot').orderBy('page').execute()
  return rows.map(fromRow)
}

/** Inserts once: the same document id again (a retried upload) changes nothing. */
export async function insertDocument(db: Executor, document: StoredDocument): Promise<void> {
  await db
    .insertInto('documents')
    .values({
      id: document.id,
      applicant_id: document.applicantId,
      draft_id: document.draftId,
      slot: document.slot,
      page: document.page,
      sha256: document.sha256,
      mime_type: document.mimeType,
      size: document.size,
      created_at: document.createdAt,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute()
}

export async function deleteDocumentRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('documents').where('id', '=', id).execute()
}

/** Deletes the pages of a draft; the content hashes they had. */
export async function deleteDocumentsOfDraft(db: Executor, draftId: string): Promise<string[]> {
  const rows = await db.deleteFrom('documents').where('draft_id', '=', draftId).returning('sha256').execute()
  return [...new Set(rows.map((row) => row.sha256))]
}

/** Whether any page or attachment still has this content (then its bytes stay). */
export async function isHashInUse(db: Executor, sha256: string): Promise<boolean> {
  const page = await db.selectFrom('documents').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst()
  if (page) return true
  const attachment = await db.selectFrom('booking_attachments').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst()
  return attachment !== undefined
}
