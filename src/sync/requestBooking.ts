import type { AbhDatabase } from '@/db/database'
import type { OutboxRecord } from '@/db/records'
import type { Booking, BookingRequest, FreeSlot } from '@/domain/booking'
import type { StepResult } from './steps'
import { classifyStatus, type Transport, type TransportResponse } from './transport'

/**
 * `POST /api/bookings`, the one place it is sent: from the form while online, and from the outbox
 * later, each with its attempt's key so a retry after a lost answer books nothing twice.
 */
export function sendBooking(transport: Transport, token: string, request: BookingRequest, idempotencyKey: string): Promise<TransportResponse> {
  return transport({ method: 'POST', path: '/api/bookings', token, headers: { 'idempotency-key': idempotencyKey }, body: request })
}

/**
 * Sends a booking asked for offline (docs/booking.md) with the key of its first attempt. Whatever
 * the server decides is kept on the request for the applicant: confirmed, the slot went (with the
 * alternatives to choose from), or refused with its reason.
 */
export async function requestBooking(db: AbhDatabase, transport: Transport, token: string, row: OutboxRecord): Promise<StepResult> {
  const record = await db.bookingRequests.get(row.entityId)
  if (!record) return { kind: 'done' }
  const response = await sendBooking(transport, token, record.request, row.idempotencyKey)
  const outcome = classifyStatus(response.status)
  if (outcome === 'retry' || outcome === 'unauthorized') return outcome === 'retry' ? { kind: 'retry', response } : { kind: 'unauthorized', response }
  const body = (response.body ?? {}) as { code?: string; alternatives?: FreeSlot[] }
  const update =
    outcome === 'done'
      ? { state: 'confirmed' as const, booking: response.body as Booking }
      : body.code === 'SLOT_TAKEN'
        ? { state: 'slotTaken' as const, alternatives: body.alternatives ?? [] }
        : { state: 'refused' as const, reason: body.code ?? `HTTP_${response.status}` }
  await db.transaction('rw', db.bookingRequests, db.documents, db.outbox, async () => {
    await db.bookingRequests.update(record.id, update)
    // The attachments now belong to the booking, and their uploads may go.
    if (update.state === 'confirmed') await db.documents.where({ draftId: record.id }).modify({ owner: { kind: 'booking', bookingId: update.booking.bookingId } })
    if (row.seq !== undefined) await db.outbox.delete(row.seq)
  })
  return { kind: 'continue' }
}
