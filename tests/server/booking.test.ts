import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Booking, FreeSlot } from '@/domain/booking'
import { zonedToUtc } from '@/domain/zonedTime'
import { forgetFreeSlotLists, freeSlotListJson, materialiseSlots } from '../../server/services/booking.js'
import { newApplicantToken, startTestServer, type RunningServer } from './harness'

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer({ bookingLimits: { perApplicant: { limit: 5, windowMs: 60_000 } } })
})
afterAll(() => server.stop())

const applicant = () => newApplicantToken(server.baseUrl)

const post = (token: string, path: string, body: object, key = crypto.randomUUID()) =>
  fetch(`${server.baseUrl}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(body),
  })

const slots = async (channel: string, topic: string) =>
  (await (await fetch(`${server.baseUrl}/api/slots?channel=${channel}&topic=${topic}`)).json()) as FreeSlot[]

describe('slots', () => {
  it('come from the sample schedule on a fresh installation, in Berlin time', async () => {
    const free = await slots('in-person', 'biometrics')
    expect(free.length).toBeGreaterThan(20)
    const first = free[0]!
    const berlin = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(new Date(first.startsAt))
    expect(berlin).toMatch(/^(Di|Do)\., (0[89]|1[01]):[0-5]0$/)
    expect(first.place).toBe('Schalter 3')
  })

  it('know summer and winter time', () => {
    expect(zonedToUtc('2026-07-01', '08:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T06:00:00.000Z')
    expect(zonedToUtc('2026-12-01', '08:00', 'Europe/Berlin').toISOString()).toBe('2026-12-01T07:00:00.000Z')
  })

  it('are made once however often the schedule is applied', async () => {
    expect(await materialiseSlots(server.storage)).toBe(0)
  })

  it('are made once when two instances apply the schedule at the same time', async () => {
    // Days no request has made slots for yet: both runs insert the same slots at once.
    const later = new Date(Date.now() + 60 * 86_400_000)
    const [fewer, more] = (await Promise.all([materialiseSlots(server.storage, later, 7), materialiseSlots(server.storage, later, 7)])).sort((a, b) => a - b)
    expect(fewer).toBe(0)
    expect(more).toBeGreaterThan(0)
    const { slots } = await server.storage.db
      .selectFrom('slots')
      .select((eb) => eb.fn.countAll<number>().as('slots'))
      .where('starts_at', '>=', new Date(later.getTime() - 86_400_000).toISOString())
      .executeTakeFirstOrThrow()
    expect(Number(slots)).toBe(more)
  })

  it('are listed from a copy at most 5 seconds old, also when no from is given', async () => {
    forgetFreeSlotLists(server.storage)
    const minute = Math.floor(Date.now() / 60_000) * 60_000
    const query = { channel: 'phone', topic: 'advice' } as const
    const listAt = async (second: number) => (JSON.parse(await freeSlotListJson(server.storage, query, new Date(minute + second * 1000))) as FreeSlot[]).map((slot) => slot.id)
    const before = await listAt(10)
    const startsAt = minute + 3_600_000
    await server.storage.db
      .insertInto('slots')
      .values({ id: 'cache-probe', channel: 'phone', topic: 'advice', starts_at: new Date(startsAt).toISOString(), ends_at: new Date(startsAt + 1_200_000).toISOString(), place: 'Telefon' })
      .execute()
    expect(await listAt(14)).toEqual(before)
    expect(await listAt(16)).toContain('cache-probe')
    await server.storage.db.deleteFrom('slots').where('id', '=', 'cache-probe').execute()
    forgetFreeSlotLists(server.storage)
  })

  it('are refused for a topic that cannot be booked on a channel', async () => {
    expect((await fetch(`${server.baseUrl}/api/slots?channel=phone&topic=biometrics`)).status).toBe(422)
  })
})

describe('booking', () => {
  it('gives each of 200 simultaneous requests for 10 slots a clear answer, and no slot twice', async () => {
    const db = server.storage.db
    const collection = db.selectFrom('slots').where('channel', '=', 'in-person').where('topic', '=', 'collection')
    const ten = (await collection.select('id').where('starts_at', '>', new Date().toISOString()).orderBy('starts_at').limit(10).execute()).map((row) => row.id)
    await db.deleteFrom('slots').where('channel', '=', 'in-person').where('topic', '=', 'collection').where('id', 'not in', ten).execute()
    const tokens = await Promise.all(Array.from({ length: 200 }, () => applicant()))
    const answers = await Promise.all(
      tokens.map((token, index) => post(token, '/bookings', { channel: 'in-person', topic: 'collection', slotId: ten[index % 10] })),
    )
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 201)).toHaveLength(10)
    expect(statuses.filter((status) => status === 409)).toHaveLength(190)
    const taken = (await answers.find((answer) => answer.status === 409)!.json()) as { code: string; alternatives: FreeSlot[] }
    expect(taken.code).toBe('SLOT_TAKEN')
    expect(taken.alternatives).toEqual([])
    const held = await db
      .selectFrom('bookings')
      .select((eb) => ['slot_id', eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'active')
      .where('topic', '=', 'collection')
      .groupBy('slot_id')
      .execute()
    expect(held).toHaveLength(10)
    expect(held.every((row) => Number(row.n) === 1)).toBe(true)
  })

  it('offers the three nearest free slots when the wanted one is taken, and one of them can be booked', async () => {
    const [first, second] = [await applicant(), await applicant()]
    const free = await slots('in-person', 'advice')
    const wanted = free[5]!
    expect((await post(first, '/bookings', { channel: 'in-person', topic: 'advice', slotId: wanted.id })).status).toBe(201)
    // The list just read is cached; a booking made here drops it.
    expect((await slots('in-person', 'advice')).map((slot) => slot.id)).not.toContain(wanted.id)
    const taken = await post(second, '/bookings', { channel: 'in-person', topic: 'advice', slotId: wanted.id })
    const body = (await taken.json()) as { alternatives: FreeSlot[] }
    expect(body.alternatives.map((slot) => slot.id)).toHaveLength(3)
    expect(body.alternatives.map((slot) => slot.id)).not.toContain(wanted.id)
    expect((await post(second, '/bookings', { channel: 'in-person', topic: 'advice', slotId: body.alternatives[0]!.id })).status).toBe(201)
  })

  it('answers an idempotent retry with the same booking, and refuses the key for another body', async () => {
    const token = await applicant()
    const [slot] = await slots('phone', 'advice')
    const key = crypto.randomUUID()
    const first = (await (await post(token, '/bookings', { channel: 'phone', topic: 'advice', slotId: slot!.id, phone: '+49 345 123456' }, key)).json()) as Booking
    const retry = await post(token, '/bookings', { channel: 'phone', topic: 'advice', slotId: slot!.id, phone: '+49 345 123456' }, key)
    expect(retry.status).toBe(201)
    expect(await retry.json()).toEqual(first)
    expect((await post(token, '/bookings', { channel: 'phone', topic: 'general', slotId: slot!.id, phone: '+49 345 1' }, key)).status).toBe(422)
  })

  it('books written contact with a due date in working days and the chosen reply route', async () => {
    const token = await applicant()
    const response = await post(token, '/bookings', { channel: 'written', topic: 'general', message: 'Wie lange dauert die Bearbeitung?', replyRoute: 'email', email: 'a@example.org' })
    expect(response.status).toBe(201)
    const booking = (await response.json()) as Booking
    expect(booking).toMatchObject({ channel: 'written', status: 'active' })
    expect(booking.reference).toMatch(/^T-[0-9A-Z]{8}$/)
    const weekday = new Date(`${booking.dueDate}T12:00:00Z`).getUTCDay()
    expect(weekday).toBeGreaterThanOrEqual(1)
    expect(weekday).toBeLessThanOrEqual(5)
    const withoutAddress = await post(token, '/bookings', { channel: 'written', topic: 'advice', message: 'Frage', replyRoute: 'post' })
    expect(withoutAddress.status).toBe(422)
    expect(await withoutAddress.json()).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: { postalAddress: 'booking.errors.postalAddress' } })
  })

  it('frees the slot on cancel, moves an appointment keeping its reference, and allows one active booking per topic', async () => {
    const [token, other] = [await applicant(), await applicant()]
    const free = await slots('in-person', 'submission')
    const booking = (await (await post(token, '/bookings', { channel: 'in-person', topic: 'submission', slotId: free[0]!.id })).json()) as Booking
    const second = await post(token, '/bookings', { channel: 'in-person', topic: 'submission', slotId: free[1]!.id })
    expect(second.status).toBe(409)
    expect(await second.json()).toMatchObject({ code: 'BOOKING_LIMIT' })
    const moved = (await (await post(token, `/bookings/${booking.bookingId}/reschedule`, { slotId: free[2]!.id })).json()) as Booking
    expect(moved).toMatchObject({ reference: booking.reference, startsAt: free[2]!.startsAt })
    expect((await post(other, '/bookings', { channel: 'in-person', topic: 'submission', slotId: free[0]!.id })).status).toBe(201)
    const cancelled = (await (await post(token, `/bookings/${booking.bookingId}/cancel`, {})).json()) as Booking
    expect(cancelled.status).toBe('cancelled')
    expect((await slots('in-person', 'submission')).map((slot) => slot.id)).toContain(free[2]!.id)
    const moveCancelled = await post(token, `/bookings/${booking.bookingId}/reschedule`, { slotId: free[3]!.id })
    expect(moveCancelled.status).toBe(409)
    expect(await moveCancelled.json()).toMatchObject({ code: 'BOOKING_NOT_CHANGEABLE' })
    const getCancel = await fetch(`${server.baseUrl}/api/bookings/${booking.bookingId}/cancel`, { headers: { authorization: `Bearer ${token}` } })
    expect(getCancel.status).toBe(404)
  })

  it('serves a calendar file that parses as iCalendar', async () => {
    const token = await applicant()
    const [slot] = await slots('in-person', 'general')
    const booking = (await (await post(token, '/bookings', { channel: 'in-person', topic: 'general', slotId: slot!.id })).json()) as Booking
    const response = await fetch(`${server.baseUrl}/api/bookings/${booking.bookingId}/calendar.ics`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/)
    const text = await response.text()
    const lines = text.split(/\r\n/)
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines).toContain('BEGIN:VEVENT')
    expect(lines).toContain('END:VCALENDAR')
    const start = lines.find((line) => line.startsWith('DTSTART'))
    expect(start?.replace(/^DTSTART[^:]*:/, '')).toBe(slot!.startsAt.replace(/[-:]/g, '').replace(/\.\d{3}/, ''))

    // The app's one HTTP client reads JSON: asked for JSON, the same file comes inside it.
    const asJson = await fetch(`${server.baseUrl}/api/bookings/${booking.bookingId}/calendar.ics`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
    expect(asJson.headers.get('content-type')).toMatch(/^application\/json/)
    const inJson = (await asJson.json()) as { reference: string; calendar: string }
    expect(inJson.reference).toBe(booking.reference)
    // The same file, but for when it was made (DTSTAMP is the moment of each answer).
    const stamped = /^DTSTAMP:.*$/m
    expect(inJson.calendar.replace(stamped, '')).toBe(text.replace(stamped, ''))
  })

  it('limits booking changes per applicant and says when to try again', async () => {
    const token = await applicant()
    const answers = []
    for (let index = 0; index < 6; index += 1) answers.push(await post(token, '/bookings', { channel: 'written', topic: 'general', message: 'Noch eine Frage', replyRoute: 'app' }))
    const last = answers.at(-1)!
    expect(last.status).toBe(429)
    expect(await last.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('limits new identities per client address, so no one books in masses without an account', async () => {
    const strict = await startTestServer({ applicantLimit: { limit: 2, windowMs: 60_000 } })
    const statuses = []
    for (let index = 0; index < 3; index += 1) statuses.push((await fetch(`${strict.baseUrl}/api/applicants`, { method: 'POST' })).status)
    expect(statuses).toEqual([201, 201, 429])
    await strict.stop()
  })

  it('answers nonsense with 4xx, never 500', async () => {
    const token = await applicant()
    expect((await post(token, '/bookings', { channel: 'in-person', topic: 'advice', slotId: { nested: true } })).status).toBe(422)
    for (const id of ['%E2%82%AC%0Ad', '%00']) {
      const odd = await fetch(`${server.baseUrl}/api/bookings/${id}/calendar.ics`, { headers: { authorization: `Bearer ${token}` } })
      expect(odd.status).toBe(404)
    }
    expect((await post(token, '/bookings', { channel: 'written', topic: 'advice', message: 'Frage\u0000', replyRoute: 'app' })).status).toBe(422)
  })

  it('offers no slots on a day closed after they were made', async () => {
    const [slot] = await slots('phone', 'general')
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(slot!.startsAt))
    await server.storage.db.insertInto('closed_days').values({ date, reason: 'Betriebsausflug' }).execute()
    // Closed behind the server's back: the admin API would drop this instance's cached lists itself.
    forgetFreeSlotLists(server.storage)
    expect((await slots('phone', 'general')).map((free) => free.id)).not.toContain(slot!.id)
    const token = await applicant()
    expect((await post(token, '/bookings', { channel: 'phone', topic: 'general', slotId: slot!.id, phone: '+49 345 1' })).status).toBe(422)
    await server.storage.db.deleteFrom('closed_days').where('date', '=', date).execute()
  })

  it('keeps applicants’ bookings apart', async () => {
    const [alice, bob] = [await applicant(), await applicant()]
    const booking = (await (await post(alice, '/bookings', { channel: 'written', topic: 'advice', message: 'Eine Frage', replyRoute: 'app' })).json()) as Booking
    expect((await post(bob, `/bookings/${booking.bookingId}/cancel`, {})).status).toBe(404)
    expect(await (await fetch(`${server.baseUrl}/api/bookings`, { headers: { authorization: `Bearer ${bob}` } })).json()).toEqual([])
  })
})
