import type { ProcessedPage } from '@/capture/pipeline'
import type { AbhDatabase } from '@/db/database'
import { addAttachment, ensureRoomFor, type ContactOwner } from '@/db/documentsRepository'
import { queueBookingRequest } from '@/db/bookingRequestsRepository'
import type { Booking, BookingRequest, FreeSlot } from '@/domain/booking'
import type { FieldErrors } from '@/domain/input'
import { BookingFailed } from '@/stores/booking'
import { bookingFieldErrors } from './bookingForm'

/** What became of one attempt to book or write. */
export type ContactOutcome =
  | { kind: 'booked'; booking: Booking }
  /** No answer (offline, or it was lost): the request waits in the outbox with the attempt's key. */
  | { kind: 'queued'; requestId: string }
  /** Fields the server's own schema refuses, checked here first, or refused by the server after all. */
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'refused'; code: string; alternatives: FreeSlot[] }

export interface ContactAttempt {
  db: AbhDatabase
  /** Books online (the booking store's `book`); throws BookingFailed for an answer, anything else for none. */
  book(request: BookingRequest, idempotencyKey: string): Promise<Booking>
  request: BookingRequest
  idempotencyKey: string
  /** Written contacts: pages from capture, stored with their uploads queued for the booking or the request. */
  attachments?: readonly ProcessedPage[]
}

/**
 * Books an appointment or a call-back, or sends a written message (docs/booking.md): checked first
 * with the server's schema, then sent; without an answer kept for the outbox. Attachments are
 * stored for whoever owns them then, so their uploads wait for a queued request.
 */
export async function bookContact({ db, book, request, idempotencyKey, attachments = [] }: ContactAttempt): Promise<ContactOutcome> {
  const fieldErrors = bookingFieldErrors(request)
  if (Object.keys(fieldErrors).length > 0) return { kind: 'invalid', fieldErrors }
  let booking: Booking
  try {
    booking = await book(request, idempotencyKey)
  } catch (error) {
    if (!(error instanceof BookingFailed)) {
      const queued = await queueBookingRequest(db, request, idempotencyKey)
      await storeAttachments(db, { kind: 'bookingRequest', requestId: queued.id }, attachments)
      return { kind: 'queued', requestId: queued.id }
    }
    if (error.code === 'VALIDATION_FAILED' && Object.keys(error.fieldErrors).length > 0) return { kind: 'invalid', fieldErrors: error.fieldErrors }
    return { kind: 'refused', code: error.code, alternatives: error.alternatives }
  }
  await storeAttachments(db, { kind: 'booking', bookingId: booking.bookingId }, attachments)
  return { kind: 'booked', booking }
}

async function storeAttachments(db: AbhDatabase, owner: ContactOwner, attachments: readonly ProcessedPage[]) {
  for (const page of attachments) {
    await ensureRoomFor(page.bytes.byteLength)
    await addAttachment(db, owner, page)
  }
}
