import type { Database } from 'better-sqlite3'

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

interface DocumentRow {
  id: string
  applicant_id: string
  draft_id: string
  slot: string
  page: number
  sha256: string
  mime_type: string
  size: number
  created_at: string
}

const fromRow = (row: DocumentRow): StoredDocument => ({
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

export function findDocument(db: Database, id: string): StoredDocument | undefined {
  const row = db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined
  return row ? fromRow(row) : undefined
}

export function documentsOfDraft(db: Database, draftId: string): StoredDocument[] {
  return (db.prepare('SELECT * FROM documents WHERE draft_id = ? ORDER BY slot, page').all(draftId) as DocumentRow[]).map(fromRow)
}

/** Inserts once: the same document id again (a retried upload) changes nothing. */
export function insertDocument(db: Database, document: StoredDocument): void {
  db.prepare(
    'INSERT OR IGNORE INTO documents (id, applicant_id, draft_id, slot, page, sha256, mime_type, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(document.id, document.applicantId, document.draftId, document.slot, document.page, document.sha256, document.mimeType, document.size, document.createdAt)
}

export function deleteDocumentRow(db: Database, id: string): void {
  db.prepare('DELETE FROM documents WHERE id = ?').run(id)
}

export function isHashInUse(db: Database, sha256: string): boolean {
  return (
    db.prepare('SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined ||
    db.prepare('SELECT 1 FROM booking_attachments WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined
  )
}
