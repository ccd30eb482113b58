/**
 * How long the server keeps a draft that was never sent (with its pages): counted from its last
 * change, a saved answer or a page that arrived. The server reads DRAFT_RETENTION_DAYS and tells
 * the app in `GET /api/authority`; texts shown before that answer use the default.
 */
export const defaultDraftRetentionDays = 90

/** Ten years: anything longer is no retention period. */
export const maxDraftRetentionDays = 3650

const dayMs = 24 * 60 * 60 * 1000

/** The moment before which an unsent draft's last change makes it due for deletion. */
export const draftRetentionCutoff = (now: Date, retentionDays: number): string => new Date(now.getTime() - retentionDays * dayMs).toISOString()
