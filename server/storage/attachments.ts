import type { Executor } from './database.js'

/** A page attached to a written contact (uploaded like a document page, sync protocol step 5). */
export interface StoredAttachment {
  id: string
  applicantId: string
  bookingId: string
  sha256: string
  mimeType: string
  size: number
  createdAt: string
}

const columns = ['id', 'applicant_id', 'booking_id', 'sha256', 'mime_type', 'size', 'created_at'] as const

const fromRow = (row: { id: string; applicant_id: string; booking_id: string; sha256: string; mime_type: string; size: number; created_at: string }): StoredAttachment => ({
  id: row.id,
  applicantId: row.applicant_id,
  bookingId: row.booking_id,
  sha256: row.sha256,
  mimeType: row.mime_type,
  size: row.size,
  createdAt: row.created_at,
})

export async function findAttachment(db: Executor, id: string): Promise<StoredAttachment | undefined> {
  const row = await db.selectFrom('booking_attachments').select(columns).where('id', '=', id).executeTakeFirst()
  return row && fromRow(row)
}

/** Inserts once: the same attachment id again (a retried upload) changes nothing. */
export async function insertAttachment(db: Executor, attachment: StoredAttachment): Promise<void> {
  await db
    .insertInto('booking_attachments')
    .values({
      id: attachment.id,
      applicant_id: attachment.applicantId,
      booking_id: attachment.bookingId,
      sha256: attachment.sha256,
      mime_type: attachment.mimeType,
      size: attachment.size,
      created_at: attachment.createdAt,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute()
}

/** The attachments of several written contacts, oldest first, by booking id. */
export async function attachmentsOfBookings(db: Executor, bookingIds: string[]): Promise<Map<string, StoredAttachment[]>> {
  const byBooking = new Map<string, StoredAttachment[]>(bookingIds.map((id) => [id, []]))
  if (bookingIds.length === 0) return byBooking
  const rows = await db.selectFrom('booking_attachments').select(columns).where('booking_id', 'in', bookingIds).orderBy('created_at').orderBy('id').execute()
  for (const row of rows) byBooking.get(row.booking_id)?.push(fromRow(row))
  return byBooking
}
