import type { Database } from 'better-sqlite3'
import type { ServerDraft } from '../../src/domain/sync.js'

interface DraftRow {
  id: string
  applicant_id: string
  service_id: string
  answers: string
  revision: number
  updated_at: string
}

export interface StoredDraft extends ServerDraft {
  applicantId: string
}

const fromRow = (row: DraftRow): StoredDraft => ({
  id: row.id,
  applicantId: row.applicant_id,
  serviceId: row.service_id as ServerDraft['serviceId'],
  answers: JSON.parse(row.answers) as ServerDraft['answers'],
  revision: row.revision,
  updatedAt: row.updated_at,
})

export function findDraft(db: Database, id: string): StoredDraft | undefined {
  const row = db.prepare('SELECT * FROM drafts WHERE id = ?').get(id) as DraftRow | undefined
  return row ? fromRow(row) : undefined
}

export function listDraftsOf(db: Database, applicantId: string): StoredDraft[] {
  return (db.prepare('SELECT * FROM drafts WHERE applicant_id = ? ORDER BY updated_at DESC').all(applicantId) as DraftRow[]).map(fromRow)
}

export function insertDraft(db: Database, draft: StoredDraft): void {
  db.prepare('INSERT INTO drafts (id, applicant_id, service_id, answers, revision, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    draft.id,
    draft.applicantId,
    draft.serviceId,
    JSON.stringify(draft.answers),
    draft.revision,
    draft.updatedAt,
  )
}

/** Writes only if the stored revision is still the expected one; false when someone was faster. */
export function updateDraftIfRevision(db: Database, draft: StoredDraft, expectedRevision: number): boolean {
  const result = db
    .prepare('UPDATE drafts SET answers = ?, revision = ?, updated_at = ? WHERE id = ? AND applicant_id = ? AND revision = ?')
    .run(JSON.stringify(draft.answers), draft.revision, draft.updatedAt, draft.id, draft.applicantId, expectedRevision)
  return result.changes === 1
}
