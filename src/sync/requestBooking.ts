import type { AbhDatabase } from '@/db/database'
import type { OutboxRecord } from '@/db/records'
import type { Booking, FreeSlot } from '@/domain/booking'
import type { StepResult } from './steps'
import { classifyStatus, type Transport } from './transport'

/**
 * Sends a booking asked for offline (docs/booking.md) with the key of its first attempt. Whatever
 * the server decides is kept on the request for the applicant: confirmed, the slot went (with the
 * alternatives to choose from), or refused with its reason.
 */
export async function requestBooking(db: AbhDatabase, transport: Transport, token: string, row: OutboxRecord): Promise<StepResult> {
  const record = await db.bookingRequests.get(row.entityId)
  if (!record) return { kind: 'done' }
  const response = await transport({ method: 'POST', path: '/api/bookings', token, headers: { 'idempotency-key': row.idempotencyKey }, body: record.request })
  const outcome = classifyStatus(response.status)
  if (outcome === 'retry' || outcome === 'unauthorized') return outcome === 'retry' ? { kind: 'retry', response } : { kind: 'unauthorized', response }
  const body = (response.body ?? {}) as { code?: string; alternatives?: FreeSlot[] }
  const update =
    outcome === 'done'
      ? { state: 'confirmed' as const, booking: response.body as Booking }
      : body.code === 'SLOT_TAKEN'
        ? { state: 'slotTaken' as const, alternatives: body.alternatives ?? [] }
        : { state: 'refused' as const, reason: body.code ?? `HTTP_${response.status}` }
  await db.transaction('rw', db.bookingRequests, db.outbox, async () => {
    await db.bookingRequests.update(record.id, update)
    if (row.seq !== undefined) await db.outbox.delete(row.seq)
  })
  return { kind: 'continue' }
}
