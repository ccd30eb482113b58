import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { createEvent } from 'ics'
import {
  channelsForTopic,
  isBookingTopic,
  isConcluded,
  replyRoutes,
  writtenAnswerWorkingDays,
  type Booking,
  type BookingOutcome,
  type BookingTopic,
  type FreeSlot,
} from '../../src/domain/booking.js'
import { todayAt } from '../../src/domain/time.js'
import { addDays, isoWeekday, zonedToUtc } from '../../src/domain/zonedTime.js'
import { HttpError } from '../http/errors.js'

export const authorityTimeZone = 'Europe/Berlin'
/** Slots are made ahead for this many days (docs/booking.md). */
export const bookingWindowDays = 28

interface ScheduleRow {
  channel: string
  topic: string
  weekday: number
  opens: string
  closes: string
  slot_minutes: number
  places: string
}

/** Makes the slots of the booking window from the weekly schedules, skipping closed days. Repeatable. */
export function materialiseSlots(db: Database, now = new Date(), days = bookingWindowDays): number {
  const schedules = db.prepare('SELECT * FROM opening_schedules').all() as ScheduleRow[]
  const closed = new Set(db.prepare('SELECT date FROM closed_days').pluck().all() as string[])
  const insert = db.prepare('INSERT OR IGNORE INTO slots (id, channel, topic, starts_at, ends_at, place) VALUES (?, ?, ?, ?, ?, ?)')
  const today = todayAt(now, authorityTimeZone)
  let made = 0
  db.transaction(() => {
    for (let offset = 0; offset < days; offset += 1) {
      const date = addDays(today, offset)
      if (closed.has(date)) continue
      for (const schedule of schedules.filter((entry) => entry.weekday === isoWeekday(date))) {
        const opens = zonedToUtc(date, schedule.opens, authorityTimeZone).getTime()
        const closes = zonedToUtc(date, schedule.closes, authorityTimeZone).getTime()
        for (let start = opens; start + schedule.slot_minutes * 60_000 <= closes; start += schedule.slot_minutes * 60_000) {
          for (const place of schedule.places.split(',').map((entry) => entry.trim())) {
            const startsAt = new Date(start).toISOString()
            const id = createHash('sha256').update(`${schedule.channel}|${schedule.topic}|${startsAt}|${place}`).digest('hex').slice(0, 24)
            made += insert.run(id, schedule.channel, schedule.topic, startsAt, new Date(start + schedule.slot_minutes * 60_000).toISOString(), place).changes
          }
        }
      }
    }
  })()
  return made
}

interface SlotRow {
  id: string
  channel: FreeSlot['channel']
  topic: BookingTopic
  starts_at: string
  ends_at: string
  place: string
}

const toSlot = (row: SlotRow): FreeSlot => ({ id: row.id, channel: row.channel, topic: row.topic, startsAt: row.starts_at, endsAt: row.ends_at, place: row.place })

const freeSlotsSql = `SELECT * FROM slots s WHERE channel = ? AND topic = ? AND starts_at >= ? AND starts_at < ?
  AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status = 'active')`

/** A day closed after its slots were made (closed_days added later) offers none of them. */
function isClosed(db: Database, startsAt: string): boolean {
  return db.prepare('SELECT 1 FROM closed_days WHERE date = ?').get(todayAt(new Date(startsAt), authorityTimeZone)) !== undefined
}

/** Free slots of a channel and topic in a period (at most the booking window). */
export function freeSlots(db: Database, channel: string, topic: string, from: Date, to: Date): FreeSlot[] {
  if (channel !== 'in-person' && channel !== 'phone') throw new HttpError(422, 'VALIDATION_FAILED', 'channel must be in-person or phone')
  if (!isBookingTopic(topic) || !channelsForTopic[topic].includes(channel)) throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown topic for this channel')
  const rows = db.prepare(`${freeSlotsSql} ORDER BY starts_at, place LIMIT 500`).all(channel, topic, from.toISOString(), to.toISOString()) as SlotRow[]
  return rows.filter((row) => !isClosed(db, row.starts_at)).map(toSlot)
}

/** The three free slots nearest to a wanted one, offered when it was taken. */
function alternatives(db: Database, slot: SlotRow, now: Date): FreeSlot[] {
  const candidates = (db.prepare(`${freeSlotsSql} ORDER BY starts_at LIMIT 400`).all(slot.channel, slot.topic, now.toISOString(), '9999') as SlotRow[]).filter(
    (candidate) => !isClosed(db, candidate.starts_at),
  )
  const wanted = Date.parse(slot.starts_at)
  return candidates
    .sort((a, b) => Math.abs(Date.parse(a.starts_at) - wanted) - Math.abs(Date.parse(b.starts_at) - wanted))
    .slice(0, 3)
    .map(toSlot)
}

export class SlotTaken extends HttpError {
  constructor(readonly alternatives: FreeSlot[]) {
    super(409, 'SLOT_TAKEN', 'The slot is no longer free')
  }
}

interface BookingRow {
  id: string
  reference: string
  applicant_id: string
  channel: Booking['channel']
  topic: BookingTopic
  slot_id: string | null
  status: Booking['status']
  due_date: string | null
  created_at: string
  reply: string | null
  replied_at: string | null
  outcome: BookingOutcome | null
  starts_at: string | null
  ends_at: string | null
  place: string | null
}

const bookingSql = 'SELECT b.*, s.starts_at, s.ends_at, s.place FROM bookings b LEFT JOIN slots s ON s.id = b.slot_id'

const toBooking = (row: BookingRow): Booking => ({
  bookingId: row.id,
  reference: row.reference,
  channel: row.channel,
  topic: row.topic,
  status: row.status,
  createdAt: row.created_at,
  ...(row.starts_at ? { startsAt: row.starts_at, endsAt: row.ends_at ?? undefined, place: row.place ?? undefined } : {}),
  ...(row.due_date ? { dueDate: row.due_date } : {}),
  ...(row.reply && row.replied_at ? { reply: row.reply, repliedAt: row.replied_at } : {}),
  ...(row.outcome ? { outcome: row.outcome } : {}),
})

function ownBooking(db: Database, applicantId: string, id: string): BookingRow {
  const row = db.prepare(`${bookingSql} WHERE b.id = ?`).get(id) as BookingRow | undefined
  if (!row || row.applicant_id !== applicantId) throw new HttpError(404, 'NOT_FOUND', 'No such booking')
  return row
}

const referenceAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const newReference = () => `T-${[...randomBytes(8)].map((byte) => referenceAlphabet[byte % 32]).join('')}`
const phonePattern = /^\+?[\d(][\d\s()/-]{4,22}\d$/

/** The date a written contact is answered by: a number of working days (Mon–Fri, not closed). */
function dueDate(db: Database, now: Date): string {
  const closed = new Set(db.prepare('SELECT date FROM closed_days').pluck().all() as string[])
  let date = todayAt(now, authorityTimeZone)
  for (let left = writtenAnswerWorkingDays; left > 0; ) {
    date = addDays(date, 1)
    if (isoWeekday(date) <= 5 && !closed.has(date)) left -= 1
  }
  return date
}

function isUniqueViolation(error: unknown, index: string): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes(index)
}

/** Inserts a booking; the database refuses a taken slot or a second booking for a topic. */
function insertBooking(db: Database, row: Record<string, string | null>, slot: SlotRow | undefined, now: Date): void {
  try {
    db.prepare(
      `INSERT INTO bookings (id, reference, applicant_id, channel, topic, slot_id, status, phone, message, reply_route, email, postal_address, due_date, created_at)
       VALUES (@id, @reference, @applicant_id, @channel, @topic, @slot_id, 'active', @phone, @message, @reply_route, @email, @postal_address, @due_date, @created_at)`,
    ).run(row)
  } catch (error) {
    if (slot && isUniqueViolation(error, 'bookings.slot_id')) throw new SlotTaken(alternatives(db, slot, now))
    if (isUniqueViolation(error, 'bookings.applicant_id')) throw new HttpError(409, 'BOOKING_LIMIT', 'One active booking per topic')
    throw error
  }
}

function parseBooking(db: Database, body: unknown, now: Date): { row: Record<string, string | null>; slot?: SlotRow } {
  const request = (body ?? {}) as Record<string, unknown>
  const { channel, topic } = request
  if (!isBookingTopic(topic) || typeof channel !== 'string' || !(channelsForTopic[topic] as readonly string[]).includes(channel)) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'This topic cannot be booked on this channel')
  }
  const base = { channel, topic, slot_id: null, phone: null, message: null, reply_route: null, email: null, postal_address: null, due_date: null }
  if (channel === 'written') {
    const { message, replyRoute, email, postalAddress } = request
    if (typeof message !== 'string' || message.trim().length < 5 || message.length > 5000) throw new HttpError(422, 'VALIDATION_FAILED', 'A message is required')
    if (typeof replyRoute !== 'string' || !(replyRoutes as readonly string[]).includes(replyRoute)) throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown reply route')
    if (replyRoute === 'email' && (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email))) throw new HttpError(422, 'VALIDATION_FAILED', 'An e-mail address is required')
    if (replyRoute === 'post' && (typeof postalAddress !== 'string' || postalAddress.trim().length < 10)) throw new HttpError(422, 'VALIDATION_FAILED', 'A postal address is required')
    return {
      row: { ...base, message, reply_route: replyRoute, email: typeof email === 'string' ? email : null, postal_address: typeof postalAddress === 'string' ? postalAddress : null, due_date: dueDate(db, now) },
    }
  }
  if (typeof request.slotId !== 'string') throw new HttpError(422, 'VALIDATION_FAILED', 'A slot is required')
  const slot = db.prepare('SELECT * FROM slots WHERE id = ?').get(request.slotId) as SlotRow | undefined
  if (!slot || slot.channel !== channel || slot.topic !== topic || isClosed(db, slot.starts_at)) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown slot for this channel and topic')
  }
  if (Date.parse(slot.starts_at) <= now.getTime()) throw new SlotTaken(alternatives(db, slot, now))
  if (channel === 'phone' && (typeof request.phone !== 'string' || !phonePattern.test(request.phone.trim()))) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'A valid phone number is required')
  }
  return { row: { ...base, slot_id: slot.id, phone: channel === 'phone' ? String(request.phone).trim() : null }, slot }
}

/**
 * Books a slot or a written contact. Idempotent like submissions: the same key again returns the
 * first booking, the same key with another body is refused.
 */
export function book(db: Database, applicantId: string, key: string, body: unknown, now = new Date()): Booking {
  if (!/^[A-Za-z0-9-]{8,100}$/.test(key)) throw new HttpError(400, 'BAD_REQUEST', 'An Idempotency-Key header is required')
  const hash = createHash('sha256').update(JSON.stringify({ operation: 'book', body })).digest('hex')
  return db.transaction((): Booking => {
    const earlier = db.prepare('SELECT request_hash, response FROM idempotency_keys WHERE applicant_id = ? AND key = ?').get(applicantId, key) as
      | { request_hash: string; response: string }
      | undefined
    if (earlier) {
      if (earlier.request_hash !== hash) throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'This key was used for another request')
      return JSON.parse(earlier.response) as Booking
    }
    const { row, slot } = parseBooking(db, body, now)
    const id = randomUUID()
    insertBooking(db, { ...row, id, reference: newReference(), applicant_id: applicantId, created_at: now.toISOString() }, slot, now)
    const booking = toBooking(ownBooking(db, applicantId, id))
    db.prepare('INSERT INTO idempotency_keys (applicant_id, key, request_hash, status, response, created_at) VALUES (?, ?, ?, 201, ?, ?)').run(
      applicantId,
      key,
      hash,
      JSON.stringify(booking),
      now.toISOString(),
    )
    return booking
  })()
}

/** Cancels a booking; its slot is free again at once. Cancelling twice is fine. */
export function cancelBooking(db: Database, applicantId: string, id: string, now = new Date()): Booking {
  if (isConcluded(toBooking(ownBooking(db, applicantId, id)))) throw new HttpError(409, 'BAD_REQUEST', 'This contact has been concluded')
  db.prepare("UPDATE bookings SET status = 'cancelled', cancelled_at = COALESCE(cancelled_at, ?) WHERE id = ?").run(now.toISOString(), id)
  return toBooking(ownBooking(db, applicantId, id))
}

/** Moves an appointment to another slot of the same channel and topic; it keeps its reference. */
export function rescheduleBooking(db: Database, applicantId: string, id: string, body: unknown, now = new Date()): Booking {
  return db.transaction((): Booking => {
    const current = ownBooking(db, applicantId, id)
    if (current.status !== 'active' || current.channel === 'written' || isConcluded(toBooking(current))) throw new HttpError(409, 'BAD_REQUEST', 'Only an active appointment can be moved')
    const slotId = (body as { slotId?: unknown } | undefined)?.slotId
    const phone = db.prepare('SELECT phone FROM bookings WHERE id = ?').pluck().get(id)
    const { slot } = parseBooking(db, { channel: current.channel, topic: current.topic, slotId, phone }, now)
    if (!slot) throw new HttpError(422, 'VALIDATION_FAILED', 'A slot is required')
    try {
      db.prepare('UPDATE bookings SET slot_id = ? WHERE id = ?').run(slot.id, id)
    } catch (error) {
      if (isUniqueViolation(error, 'bookings.slot_id')) throw new SlotTaken(alternatives(db, slot, now))
      throw error
    }
    return toBooking(ownBooking(db, applicantId, id))
  })()
}

/** Makes the booking window's slots once a day, whichever request comes first after midnight. */
export function materialiseSlotsDaily(db: Database, now = new Date()): void {
  const today = todayAt(now, authorityTimeZone)
  const done = db.prepare("SELECT value FROM app_meta WHERE key = 'slots_materialised_on'").pluck().get()
  if (done === today) return
  materialiseSlots(db, now)
  db.prepare("INSERT INTO app_meta (key, value) VALUES ('slots_materialised_on', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(today)
}

export function listBookings(db: Database, applicantId: string): Booking[] {
  return (db.prepare(`${bookingSql} WHERE b.applicant_id = ? ORDER BY b.created_at DESC`).all(applicantId) as BookingRow[]).map(toBooking)
}

const dateArray = (date: string): [number, number, number] => {
  const [year, month, day] = date.split('-').map(Number)
  return [year ?? 1970, month ?? 1, day ?? 1]
}

/** An iCalendar file for an appointment (or the due date of a written contact). */
export function bookingCalendar(db: Database, applicantId: string, id: string): { reference: string; calendar: string } {
  const booking = toBooking(ownBooking(db, applicantId, id))
  const start = booking.startsAt ? new Date(booking.startsAt) : undefined
  const { error, value } = createEvent({
    uid: `${booking.bookingId}@abh-digital`,
    title: `Ausländerbehörde – ${booking.reference}`,
    description: `Referenz ${booking.reference}`,
    ...(start && booking.endsAt
      ? {
          start: start.getTime(),
          end: Date.parse(booking.endsAt),
          location: booking.channel === 'phone' ? 'Telefon (Rückruf)' : booking.place,
        }
      : { start: dateArray(booking.dueDate ?? todayAt(new Date(), authorityTimeZone)), duration: { days: 1 } }),
    status: booking.status === 'active' ? 'CONFIRMED' : 'CANCELLED',
  })
  if (error || !value) throw error ?? new Error('calendar')
  return { reference: booking.reference, calendar: value }
}
