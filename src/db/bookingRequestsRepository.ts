import type { BookingRequest } from '@/domain/booking'
import { parseBookingRequest } from '@/domain/bookingRequest'
import type { AbhDatabase } from './database'
import type { BookingRequestRecord } from './records'
import { browserEnvironment, outboxRow, runWrite } from './repositoryHelpers'

/**
 * Keeps a booking request for the outbox to send, in one transaction with its row. Checked first
 * with the server's own schema (a DomainError VALIDATION_FAILED with fieldErrors): a queued
 * request is never refused later for a rule this device could have checked.
 */
export async function queueBookingRequest(db: AbhDatabase, request: BookingRequest, idempotencyKey: string, env = browserEnvironment): Promise<BookingRequestRecord> {
  const record: BookingRequestRecord = { id: env.newId(), request: parseBookingRequest(request), state: 'queued', createdAt: env.now() }
  return runWrite(() =>
    db.transaction('rw', db.bookingRequests, db.outbox, async () => {
      await db.bookingRequests.add(record)
      // The key of the attempt that failed is kept: if the server did book it, the retry gets that booking.
      await db.outbox.add({ ...outboxRow('requestBooking', record.id, record.id, env), idempotencyKey })
      return record
    }),
  )
}

/** The requests still waiting or needing a choice, newest first. */
export async function openBookingRequests(db: AbhDatabase): Promise<BookingRequestRecord[]> {
  const all = await db.bookingRequests.orderBy('createdAt').reverse().toArray()
  return all.filter((record) => record.state !== 'confirmed')
}

/**
 * Forgets a request (after choosing an alternative, or dismissing a refusal) with its attachments
 * and their queued uploads: they waited for the request and belong to nothing now. Uploading them
 * would be refused (NOT_FOUND) and block the outbox.
 */
export function dropBookingRequest(db: AbhDatabase, id: string): Promise<void> {
  return runWrite(() =>
    db.transaction('rw', db.bookingRequests, db.documents, db.outbox, async () => {
      await db.bookingRequests.delete(id)
      await db.documents.where({ draftId: id }).delete()
      await db.outbox.where({ draftId: id }).delete()
    }),
  )
}
