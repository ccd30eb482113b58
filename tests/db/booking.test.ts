import { Dexie } from 'dexie'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { bookContact } from '@/booking/bookContact'
import { bookingRequestOf, emptyBookingFields } from '@/booking/bookingForm'
import { latestContactDetails } from '@/booking/contactDetails'
import type { ProcessedPage } from '@/capture/pipeline'
import { dropBookingRequest } from '@/db/bookingRequestsRepository'
import { createDatabase, type AbhDatabase } from '@/db/database'
import { createDraft, saveDraft } from '@/db/draftsRepository'
import type { Booking, BookingRequest } from '@/domain/booking'
import { BookingFailed } from '@/stores/booking'
import { requestBooking } from '@/sync/requestBooking'
import { NetworkError, type Transport } from '@/sync/transport'
import { uploadDocument } from '@/sync/uploadDocument'

const attachment: ProcessedPage = { bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]).buffer, mimeType: 'application/pdf', sha256: 'c'.repeat(64), width: null, height: null, qualityFlags: [], pageCount: 1 }
const letter: BookingRequest = { channel: 'written', locale: 'de', topic: 'general', message: 'Ich verstehe Seite 2 des Bescheids nicht.', replyRoute: 'app' }
const booked = (bookingId: string): Booking => ({ bookingId, reference: 'T-ABCD2345', channel: 'written', topic: 'general', status: 'active', createdAt: '2026-12-01T10:00:00.000Z' })
const offline = async (): Promise<Booking> => {
  throw new NetworkError('offline')
}
const json = (status: number, body: unknown) => ({ status, headers: new Headers(), body })

let db: AbhDatabase
beforeEach(async () => {
  db = createDatabase(`booking-${crypto.randomUUID()}`)
  await db.open()
})
afterEach(() => db.delete())

describe('the booking form, without a view', () => {
  it('refuses per field with the server schema, in message keys, before anything is sent', async () => {
    const book = vi.fn(offline)
    const call = bookingRequestOf('phone', { ...emptyBookingFields('advice'), phone: 'call me' }, 'ar')
    expect(await bookContact({ db, book, request: call, idempotencyKey: 'k1' })).toEqual({ kind: 'invalid', fieldErrors: { slotId: 'booking.errors.slot', phone: 'validation.phone' } })
    const empty = bookingRequestOf('written', emptyBookingFields('general'), 'de')
    expect(await bookContact({ db, book, request: empty, idempotencyKey: 'k2' })).toEqual({ kind: 'invalid', fieldErrors: { message: 'booking.errors.message' } })
    expect(book).not.toHaveBeenCalled()
    expect(await db.outbox.count()).toBe(0)
  })

  it("passes on the server's per-field refusal instead of a generic one", async () => {
    const book = async (): Promise<Booking> => {
      throw new BookingFailed('VALIDATION_FAILED', [], { phone: 'validation.phone' })
    }
    const call = bookingRequestOf('phone', { ...emptyBookingFields('advice'), slotId: 's1', phone: '+49 345 1234567' }, 'de')
    expect(await bookContact({ db, book, request: call, idempotencyKey: 'k' })).toEqual({ kind: 'invalid', fieldErrors: { phone: 'validation.phone' } })
  })

  it('gives the attachments of a booked message to the booking, typed, not by a prefixed id', async () => {
    const outcome = await bookContact({ db, book: async () => booked('b1'), request: letter, idempotencyKey: 'k', attachments: [attachment] })
    expect(outcome).toEqual({ kind: 'booked', booking: booked('b1') })
    const [page] = await db.documents.toArray()
    expect(page).toMatchObject({ draftId: 'b1', owner: { kind: 'booking', bookingId: 'b1' }, slot: 'attachment' })
  })

  it('queues a message written offline with its attachments, which wait for the request and then belong to its booking', async () => {
    const outcome = await bookContact({ db, book: offline, request: letter, idempotencyKey: 'k', attachments: [attachment] })
    if (outcome.kind !== 'queued') throw new Error(outcome.kind)
    const [page] = await db.documents.toArray()
    expect(page?.owner).toEqual({ kind: 'bookingRequest', requestId: outcome.requestId })
    const rows = await db.outbox.orderBy('seq').toArray()
    expect(rows.map((row) => [row.kind, row.draftId])).toEqual([
      ['requestBooking', outcome.requestId],
      ['uploadDocument', outcome.requestId],
    ])
    // The attachment's upload waits while the request is not confirmed.
    const transport: Transport = async () => json(201, booked('b9'))
    expect(await uploadDocument(db, transport, 'token', rows[1]!)).toEqual({ kind: 'retry' })
    await requestBooking(db, transport, 'token', rows[0]!)
    expect((await db.documents.get(page!.id))?.owner).toEqual({ kind: 'booking', bookingId: 'b9' })
  })

  it('dismissing a refused message removes its attachments and their uploads, which nothing could ever take', async () => {
    const outcome = await bookContact({ db, book: offline, request: letter, idempotencyKey: 'k', attachments: [attachment, attachment] })
    if (outcome.kind !== 'queued') throw new Error(outcome.kind)
    const [row] = await db.outbox.where({ kind: 'requestBooking' }).toArray()
    await requestBooking(db, async () => json(422, { code: 'VALIDATION_FAILED' }), 'token', row!)
    expect((await db.bookingRequests.get(outcome.requestId))?.state).toBe('refused')

    await dropBookingRequest(db, outcome.requestId)
    expect(await db.outbox.toArray()).toEqual([])
    expect(await db.documents.count()).toBe(0)
  })

  it('offers the phone number and e-mail address of the latest application that has them', async () => {
    expect(await latestContactDetails(db)).toEqual({})
    const older = await createDraft(db, 'naturalisation', 'personal', { now: () => '2026-11-01T00:00:00.000Z', newId: () => 'older' })
    await saveDraft(db, older.id, { changedAnswers: { phone: '+49 30 111111', email: 'alt@example.org' }, currentStep: 'personal' }, { now: () => '2026-11-01T00:00:00.000Z', newId: () => 'x' })
    const newer = await createDraft(db, 'naturalisation', 'personal', { now: () => '2026-11-20T00:00:00.000Z', newId: () => 'newer' })
    await saveDraft(db, newer.id, { changedAnswers: { phone: ' +49 345 1234567 ' }, currentStep: 'personal' }, { now: () => '2026-11-20T00:00:00.000Z', newId: () => 'y' })
    expect(await latestContactDetails(db)).toEqual({ phone: '+49 345 1234567', email: 'alt@example.org' })
  })
})

describe('database version 3', () => {
  it('gives existing pages a typed owner in place of the "booking:" prefix, and regroups their outbox rows', async () => {
    const name = `legacy-${crypto.randomUUID()}`
    const legacy = new Dexie(name)
    legacy.version(1).stores({
      drafts: 'id, serviceId, updatedAt, state',
      documents: 'id, draftId, [draftId+slot], sha256',
      outbox: '++seq, kind, entityId, draftId, idempotencyKey, [entityId+kind]',
      cache: 'key',
      settings: 'key',
    })
    legacy.version(2).stores({ bookingRequests: 'id, state, createdAt' })
    const page = (id: string, draftId: string) => ({ id, draftId, slot: 'attachment', page: 1, bytes: attachment.bytes, mimeType: 'application/pdf', sha256: 'c'.repeat(64), width: null, height: null, qualityFlags: [], createdAt: 'now' })
    await legacy.table('bookingRequests').bulkAdd([
      { id: 'waiting', request: letter, state: 'queued', createdAt: 'now' },
      { id: 'answered', request: letter, state: 'confirmed', booking: booked('b2'), createdAt: 'now' },
    ])
    await legacy.table('documents').bulkAdd([page('draft-page', 'draft-1'), page('of-waiting', 'booking:waiting'), page('of-answered', 'booking:answered'), page('of-booking', 'booking:b1')])
    await legacy.table('outbox').bulkAdd([
      { kind: 'requestBooking', entityId: 'waiting', draftId: 'booking:waiting', idempotencyKey: 'k1', createdAt: 'now', attempts: 0 },
      { kind: 'uploadDocument', entityId: 'of-waiting', draftId: 'booking:waiting', idempotencyKey: 'k2', createdAt: 'now', attempts: 0 },
      { kind: 'saveDraft', entityId: 'draft-1', draftId: 'draft-1', idempotencyKey: 'k3', createdAt: 'now', attempts: 0 },
    ])
    legacy.close()

    const upgraded = createDatabase(name)
    const owners = Object.fromEntries((await upgraded.documents.toArray()).map((record) => [record.id, [record.draftId, record.owner]]))
    expect(owners).toEqual({
      'draft-page': ['draft-1', { kind: 'draft' }],
      'of-waiting': ['waiting', { kind: 'bookingRequest', requestId: 'waiting' }],
      'of-answered': ['answered', { kind: 'booking', bookingId: 'b2' }],
      'of-booking': ['b1', { kind: 'booking', bookingId: 'b1' }],
    })
    expect((await upgraded.outbox.orderBy('seq').toArray()).map((row) => row.draftId)).toEqual(['waiting', 'waiting', 'draft-1'])
    await upgraded.delete()
  })
})
