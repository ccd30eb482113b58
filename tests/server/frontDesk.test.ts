import { createHash } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Booking } from '@/domain/booking'
import type { FrontDeskDay, NowServing, WalkIn } from '@/domain/staff'
import { todayAt } from '@/domain/time'
import { addStaff } from '../../server/services/staff.js'
import { filesystemDocumentStore } from '../../server/storage/documentStore.js'
import { bookAs, newApplicantToken, type RunningServer, staffFetch, staffSessionCookie, startTestServer } from './harness'

let server: RunningServer
let desk: string

const applicant = () => newApplicantToken(server.baseUrl)

const book = (token: string, body: object) => bookAs(server.baseUrl, token, body)

/** A slot a few minutes from now: the sample schedule need not open today, and past slots cannot be booked. */
async function slotSoon(id: string, channel: 'in-person' | 'phone', place: string): Promise<string> {
  const startsAt = new Date(Date.now() + 10 * 60_000)
  startsAt.setUTCSeconds(0, 0)
  await server.storage.db
    .insertInto('slots')
    .values({ id, channel, topic: 'advice', starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 20 * 60_000).toISOString(), place })
    .execute()
  return startsAt.toISOString()
}

const staffCall = (method: string, url: string, body?: unknown) => staffFetch(server.baseUrl, desk, method, url, body)

async function frontDeskDay(date = berlinDay): Promise<FrontDeskDay> {
  const response = await staffCall('GET', `/staff/today?date=${date}`)
  expect(response.status).toBe(200)
  return (await response.json()) as FrontDeskDay
}

/** Records an arrived attachment page of a written contact; its id. */
async function recordAttachment(bookingId: string, sha256: string, size: number): Promise<string> {
  const id = crypto.randomUUID()
  const { applicant_id: applicantId } = await server.storage.db.selectFrom('bookings').select('applicant_id').where('id', '=', bookingId).executeTakeFirstOrThrow()
  await server.storage.db
    .insertInto('booking_attachments')
    .values({ id, applicant_id: applicantId, booking_id: bookingId, sha256, mime_type: 'image/jpeg', size, created_at: new Date().toISOString() })
    .execute()
  return id
}

const attachmentBytes = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.from('a scanned letter')])
let berlinDay: string
let visit: Booking
let call: Booking
let cancelled: Booking
let written: Booking
let writtenToken: string
let attachmentId: string

beforeAll(async () => {
  server = await startTestServer()
  await addStaff(server.storage, 'desk.one', 'correct horse battery', 'frontdesk')
  desk = await staffSessionCookie(server.baseUrl, 'desk.one', 'correct horse battery')

  const visitStartsAt = await slotSoon('visit-soon', 'in-person', 'Schalter 1')
  await slotSoon('call-soon', 'phone', 'Telefon')
  await slotSoon('cancelled-soon', 'in-person', 'Schalter 2')
  // Today in Berlin, unless the test runs in the last minutes before midnight.
  berlinDay = todayAt(new Date(visitStartsAt), 'Europe/Berlin')
  visit = await book(await applicant(), { channel: 'in-person', topic: 'advice', slotId: 'visit-soon' })
  call = await book(await applicant(), { channel: 'phone', topic: 'advice', slotId: 'call-soon', phone: '+49 345 6789012' })
  const changedMind = await applicant()
  cancelled = await book(changedMind, { channel: 'in-person', topic: 'advice', slotId: 'cancelled-soon' })
  const cancel = await fetch(`${server.baseUrl}/api/bookings/${cancelled.bookingId}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${changedMind}` } })
  expect(cancel.status).toBe(200)

  writtenToken = await applicant()
  written = await book(writtenToken, { channel: 'written', topic: 'general', message: 'Wie lange dauert die Bearbeitung?', replyRoute: 'app' })
  // The attachment upload is tested in uploads.test.ts; here the arrived page is recorded directly.
  const sha256 = createHash('sha256').update(attachmentBytes).digest('hex')
  await filesystemDocumentStore(path.join(server.dataDir, 'documents')).put(sha256, attachmentBytes)
  attachmentId = await recordAttachment(written.bookingId, sha256, attachmentBytes.length)
})
afterAll(() => server.stop())

describe('the day’s appointments', () => {
  it('lists a visit and a call-back booked for the day, with the number to call, and no cancelled booking', async () => {
    const day = await frontDeskDay()
    expect(day.date).toBe(berlinDay)
    expect(day.appointments).toHaveLength(2)
    expect(day.appointments).toEqual(
      expect.arrayContaining([
        { bookingId: visit.bookingId, reference: visit.reference, channel: 'in-person', topic: 'advice', startsAt: visit.startsAt, place: 'Schalter 1' },
        { bookingId: call.bookingId, reference: call.reference, channel: 'phone', topic: 'advice', startsAt: call.startsAt, place: 'Telefon', phone: '+49 345 6789012' },
      ]),
    )
  })

  it('are today’s in Berlin when no date is given, and are never cached', async () => {
    const response = await staffCall('GET', '/staff/today')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(((await response.json()) as FrontDeskDay).date).toBe(todayAt(new Date(), 'Europe/Berlin'))
  })

  it.each(['tomorrow', '2026-13-01', '2026-02-30'])('refuse the date %s with 422', async (date) => {
    const response = await staffCall('GET', `/staff/today?date=${date}`)
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })
})

describe('outcomes', () => {
  const outcomeOf = async (bookingId: string) => (await frontDeskDay()).appointments.find((appointment) => appointment.bookingId === bookingId)?.outcome

  it.each(['checkedIn', 'noShow', 'done'])('record %s for a visit', async (outcome) => {
    expect((await staffCall('POST', `/staff/bookings/${visit.bookingId}/outcome`, { outcome })).status).toBe(204)
    expect(await outcomeOf(visit.bookingId)).toBe(outcome)
  })

  it.each(['done', 'notReached'])('record %s for a call-back', async (outcome) => {
    expect((await staffCall('POST', `/staff/bookings/${call.bookingId}/outcome`, { outcome })).status).toBe(204)
    expect(await outcomeOf(call.bookingId)).toBe(outcome)
  })

  it.each([
    ['notReached for a visit', () => visit, { outcome: 'notReached' }],
    ['checkedIn for a call-back', () => call, { outcome: 'checkedIn' }],
    ['noShow for a call-back', () => call, { outcome: 'noShow' }],
    ['an unknown outcome', () => visit, { outcome: 'vanished' }],
    ['no outcome', () => visit, {}],
    ['an outcome for a written contact', () => written, { outcome: 'done' }],
  ])('refuse %s with 422', async (_label, booking, body) => {
    const response = await staffCall('POST', `/staff/bookings/${booking().bookingId}/outcome`, body)
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('answer 404 for an unknown or cancelled booking', async () => {
    expect((await staffCall('POST', `/staff/bookings/${crypto.randomUUID()}/outcome`, { outcome: 'done' })).status).toBe(404)
    expect((await staffCall('POST', `/staff/bookings/${cancelled.bookingId}/outcome`, { outcome: 'done' })).status).toBe(404)
  })
})

describe('written contacts', () => {
  const openContact = async () => (await frontDeskDay()).written.find((contact) => contact.bookingId === written.bookingId)

  it('are listed with message, reply route, due date and attachments', async () => {
    expect(await openContact()).toEqual({
      bookingId: written.bookingId,
      reference: written.reference,
      topic: 'general',
      message: 'Wie lange dauert die Bearbeitung?',
      replyRoute: 'app',
      dueDate: written.dueDate,
      createdAt: written.createdAt,
      attachments: [{ id: attachmentId, mimeType: 'image/jpeg', size: attachmentBytes.length }],
    })
  })

  it('serve an attachment’s bytes with its type, never cached', async () => {
    const response = await staffCall('GET', `/staff/bookings/${written.bookingId}/attachments/${attachmentId}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/jpeg')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(Buffer.from(await response.arrayBuffer())).toEqual(attachmentBytes)
    expect((await staffCall('GET', `/staff/bookings/${visit.bookingId}/attachments/${attachmentId}`)).status).toBe(404)
  })

  it('answer 404 for an attachment whose bytes are not stored', async () => {
    const missing = await recordAttachment(written.bookingId, 'f'.repeat(64), 1234)
    const response = await staffCall('GET', `/staff/bookings/${written.bookingId}/attachments/${missing}`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuse an empty reply, and reading or answering a visit', async () => {
    for (const reply of ['', '   ', undefined, 42, 'a\u0000b', 'x'.repeat(4001)]) {
      const response = await staffCall('POST', `/staff/bookings/${written.bookingId}/reply`, { reply })
      expect(response.status).toBe(422)
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    }
    expect((await staffCall('POST', `/staff/bookings/${visit.bookingId}/read`)).status).toBe(422)
    expect((await staffCall('POST', `/staff/bookings/${visit.bookingId}/reply`, { reply: 'Hallo' })).status).toBe(422)
  })

  it('are marked read, answered, then leave the open list; the applicant sees the answer', async () => {
    expect((await staffCall('POST', `/staff/bookings/${written.bookingId}/read`)).status).toBe(204)
    expect((await openContact())?.readAt).toEqual(expect.any(String))

    const reply = 'Die Bearbeitung dauert etwa sechs Wochen.'
    expect((await staffCall('POST', `/staff/bookings/${written.bookingId}/reply`, { reply: `  ${reply} ` })).status).toBe(204)
    expect(await openContact()).toBeUndefined()

    const bookings = (await (await fetch(`${server.baseUrl}/api/bookings`, { headers: { authorization: `Bearer ${writtenToken}` } })).json()) as Booking[]
    expect(bookings.find((booking) => booking.bookingId === written.bookingId)).toMatchObject({ reply, repliedAt: expect.any(String) })

    // Answered is concluded: nothing to cancel, and the applicant may ask about the same matter again.
    const cancel = await fetch(`${server.baseUrl}/api/bookings/${written.bookingId}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${writtenToken}` } })
    expect(cancel.status).toBe(409)
    await book(writtenToken, { channel: 'written', topic: 'general', message: 'Und was kostet es?', replyRoute: 'app' })
  })
})

describe('a concluded visit', () => {
  it('keeps the topic taken while the applicant is checked in, and frees it once done', async () => {
    const token = await applicant()
    await slotSoon('concluded-soon', 'in-person', 'Schalter 3')
    await slotSoon('follow-up-soon', 'in-person', 'Schalter 4')
    const first = await book(token, { channel: 'in-person', topic: 'advice', slotId: 'concluded-soon' })
    const again = () =>
      fetch(`${server.baseUrl}/api/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ channel: 'in-person', topic: 'advice', slotId: 'follow-up-soon' }),
      })
    expect((await staffCall('POST', `/staff/bookings/${first.bookingId}/outcome`, { outcome: 'checkedIn' })).status).toBe(204)
    expect(await (await again()).json()).toMatchObject({ code: 'BOOKING_LIMIT' })
    expect((await staffCall('POST', `/staff/bookings/${first.bookingId}/outcome`, { outcome: 'done' })).status).toBe(204)
    expect((await again()).status).toBe(201)
    const reschedule = await fetch(`${server.baseUrl}/api/bookings/${first.bookingId}/reschedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ slotId: 'visit-soon' }),
    })
    expect(reschedule.status).toBe(409)
  })
})

describe('walk-ins', () => {
  const queue = async () => {
    const response = await fetch(`${server.baseUrl}/api/queue`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    return (await response.json()) as NowServing
  }
  const register = async (topic: string) => {
    const response = await staffCall('POST', '/staff/walk-ins', { topic })
    expect(response.status).toBe(201)
    return (await response.json()) as WalkIn
  }

  it('get numbers of the day, are called to a counter, and the waiting room shows numbers only', async () => {
    const first = await register('general')
    const second = await register('biometrics')
    expect([first, second]).toEqual([
      { id: expect.any(Number), number: 1, topic: 'general', status: 'waiting', createdAt: expect.any(String) },
      { id: expect.any(Number), number: 2, topic: 'biometrics', status: 'waiting', createdAt: expect.any(String) },
    ])

    const called = await staffCall('POST', '/staff/walk-ins/call-next', { counter: 'Schalter 1' })
    expect(called.status).toBe(200)
    expect(await called.json()).toMatchObject({ number: 1, status: 'called', counter: 'Schalter 1' })
    expect(await queue()).toEqual({ serving: [{ number: 1, counter: 'Schalter 1', calledAt: expect.any(String) }], waiting: 1 })

    const next = await staffCall('POST', '/staff/walk-ins/call-next', { counter: 'Schalter 1' })
    expect(await next.json()).toMatchObject({ number: 2, status: 'called', counter: 'Schalter 1' })
    const list = (await (await staffCall('GET', '/staff/walk-ins')).json()) as WalkIn[]
    expect(list.map((walkIn) => [walkIn.number, walkIn.status])).toEqual([
      [1, 'done'],
      [2, 'called'],
    ])
    expect(await queue()).toEqual({ serving: [{ number: 2, counter: 'Schalter 1', calledAt: expect.any(String) }], waiting: 0 })

    const nobody = await staffCall('POST', '/staff/walk-ins/call-next', { counter: 'Schalter 2' })
    expect(nobody.status).toBe(404)
    expect(await nobody.json()).toMatchObject({ code: 'NOBODY_WAITING' })

    for (const status of ['called', 'waiting', undefined]) {
      const response = await staffCall('POST', `/staff/walk-ins/${second.id}/close`, { status })
      expect(response.status).toBe(422)
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    }
    expect((await staffCall('POST', `/staff/walk-ins/${second.id}/close`, { status: 'done' })).status).toBe(204)
    expect(await queue()).toEqual({ serving: [], waiting: 0 })
  })

  it('are closed as left when they go without being seen', async () => {
    const walkIn = await register('advice')
    expect((await staffCall('POST', `/staff/walk-ins/${walkIn.id}/close`, { status: 'left' })).status).toBe(204)
    expect(await queue()).toMatchObject({ waiting: 0 })
    expect((await staffCall('POST', '/staff/walk-ins/999999/close', { status: 'left' })).status).toBe(404)
  })

  it('refuse an unknown topic and a call without a counter', async () => {
    expect((await staffCall('POST', '/staff/walk-ins', { topic: 'haircut' })).status).toBe(422)
    expect((await staffCall('POST', '/staff/walk-ins/call-next', {})).status).toBe(422)
    expect((await staffCall('POST', '/staff/walk-ins/call-next', { counter: '   ' })).status).toBe(422)
    expect((await staffCall('POST', '/staff/walk-ins/call-next', { counter: 'x'.repeat(41) })).status).toBe(422)
  })

  it('answer 404 for a walk-in id that is no number or too large for one', async () => {
    for (const id of ['abc', '1.5', '-1', '99999999999']) {
      const response = await staffCall('POST', `/staff/walk-ins/${id}/close`, { status: 'done' })
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' })
    }
  })

  // Several desks (and server instances) share the day's numbers and the queue.
  it('get different numbers when desks register at the same moment', async () => {
    const registered = await Promise.all(Array.from({ length: 8 }, () => register('general')))
    const numbers = registered.map((walkIn) => walkIn.number).sort((a, b) => a - b)
    const first = numbers[0] ?? 0
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, index) => first + index))
  })

  it('call each waiting visitor once when desks press at the same moment', async () => {
    const presses = await Promise.all(Array.from({ length: 10 }, (_, index) => staffCall('POST', '/staff/walk-ins/call-next', { counter: `Schalter ${index + 10}` })))
    const answers = await Promise.all(presses.map(async (response) => ({ status: response.status, body: (await response.json()) as WalkIn & { code?: string } })))
    const called = answers.filter((answer) => answer.status === 200).map((answer) => answer.body)
    expect(called).toHaveLength(8)
    expect(new Set(called.map((walkIn) => walkIn.number)).size).toBe(8)
    expect(new Set(called.map((walkIn) => walkIn.counter)).size).toBe(8)
    expect(answers.filter((answer) => answer.status === 404).map((answer) => answer.body.code)).toEqual(['NOBODY_WAITING', 'NOBODY_WAITING'])
    expect(await queue()).toMatchObject({ waiting: 0 })
  })
})
