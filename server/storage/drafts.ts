import type { ServerDraft } from '../../src/domain/sync.js'
import type { Executor } from './database.js'
import type { Schema } from './schema.js'

export interface StoredDraft extends ServerDraft {
  applicantId: string
}

const fromRow = (row: Schema['drafts']): StoredDraft => ({
  id: row.id,
  applicantId: row.applicant_id,
  serviceId: row.service_id as ServerDraft['serviceId'],
  answers: JSON.parse(row.answers) as ServerDraft['answers'],
  revision: row.revision,
  updatedAt: row.updated_at,
})

export async function findDraft(db: Executor, id: string): Promise<StoredDraft | undefined> {
  const row = await db.selectFrom('drafts').selectAll().where('id', '=', id).executeTakeFirst()
  return row && fromRow(row)
}

export async function listDraftsOf(db: Executor, applicantId: string): Promise<StoredDraft[]> {
  const rows = await db.selectFrom('drafts').selectAll().where('applicant_id', '=', applicantId).orderBy('updated_at', 'desc').execute()
  return rows.map(fromRow)
}

export async function insertDraft(db: Executor, draft: StoredDraft): Promise<void> {
  await db
    .insertInto('drafts')
    .values({
      id: draft.id,
      applicant_id: draft.applicantId,
      service_id: draft.serviceId,
      answers: JSON.stringify(draft.answers),
      revision: draft.revision,
      updated_at: draft.updatedAt,
    })
    .execute()
}

/** Writes only if the stored revision is still the expected one; false when someone was faster. */
export async function updateDraftIfRevision(db: Executor, draft: StoredDraft, expectedRevision: number): Promise<boolean> {
  const result = await db
    .updateTable('drafts')
    .set({ answers: JSON.stringify(draft.answers), revision: draft.revision, updated_at: draft.updatedAt })
    .where('id', '=', draft.id)
    .where('applicant_id', '=', draft.applicantId)
    .where('revision', '=', expectedRevision)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function deleteDraftRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('drafts').where('id', '=', id).execute()
}

/**
 * Drafts never submitted whose last change, a saved answer or an arrived page, lies before
 * `cutoff`: oldest first, at most `limit`; with `draftId`, only whether that one still is.
 */
export async function unsentDraftsUnchangedSince(db: Executor, cutoff: string, options: { limit: number; draftId?: string }): Promise<string[]> {
  let query = db
    .selectFrom('drafts')
    .select('drafts.id')
    .where('drafts.updated_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('applications').select('applications.reference').whereRef('applications.draft_id', '=', 'drafts.id'))))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('documents').select('documents.id').whereRef('documents.draft_id', '=', 'drafts.id').where('documents.created_at', '>=', cutoff))),
    )
  if (options.draftId !== undefined) query = query.where('drafts.id', '=', options.draftId)
  const rows = await query.orderBy('drafts.updated_at').limit(options.limit).execute()
  return rows.map((row) => row.id)
}
