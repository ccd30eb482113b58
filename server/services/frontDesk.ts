import type { Database } from 'better-sqlite3'
import { isValidIsoDate } from '../../src/domain/applications/validation.js'
import { isBookingTopic, type BookingTopic, type ReplyRoute } from '../../src/domain/booking.js'
import {
  outcomesByChannel,
  type BookingOutcome,
  type DayAppointment,
  type FrontDeskDay,
  type NowServing,
  type WalkIn,
  type WalkInStatus,
  type WrittenContact,
} from '../../src/domain/staff.js'
import { todayAt } from '../../src/domain/time.js'
import { addDays, zonedToUtc } from '../../src/domain/zonedTime.js'
import { HttpError } from '../http/errors.js'
import { authorityTimeZone } from './booking.js'

const replyMaxLength = 4000

interface AppointmentRow {
  id: string
  reference: string
  channel: 'in-person' | 'phone'
  topic: BookingTopic
  starts_at: string
  place: string
  phone: string | null
  outcome: BookingOutcome | null
}

interface WrittenRow {
  id: string
  reference: string
  topic: BookingTopic
  message: string
  reply_route: ReplyRoute
  email: string | null
  postal_address: string | null
  due_date: string
  created_at: string
  read_at: string | null
}

/** A day's appointments and call-backs, and the written contacts still waiting for an answer. */
export function frontDeskDay(db: Database, date = todayAt(new Date(), authorityTimeZone)): FrontDeskDay {
  if (!isValidIsoDate(date)) throw new HttpError(422, 'VALIDATION_FAILED', 'date must be YYYY-MM-DD')
  const from = zonedToUtc(date, '00:00', authorityTimeZone).toISOString()
  const to = zonedToUtc(addDays(date, 1), '00:00', authorityTimeZone).toISOString()
  const appointments = db
    .prepare(
      `SELECT b.id, b.reference, b.channel, b.topic, s.starts_at, s.place, b.phone, b.outcome FROM bookings b JOIN slots s ON s.id = b.slot_id
       WHERE b.status = 'active' AND s.starts_at >= ? AND s.starts_at < ? ORDER BY s.starts_at, s.place`,
    )
    .all(from, to) as AppointmentRow[]
  const written = db
    .prepare("SELECT * FROM bookings WHERE channel = 'written' AND status = 'active' AND replied_at IS NULL ORDER BY due_date, created_at")
    .all() as WrittenRow[]
  const attachments = db.prepare('SELECT id, mime_type AS mimeType, size FROM booking_attachments WHERE booking_id = ? ORDER BY created_at')
  return {
    date,
    appointments: appointments.map(
      (row): DayAppointment => ({
        bookingId: row.id,
        reference: row.reference,
        channel: row.channel,
        topic: row.topic,
        startsAt: row.starts_at,
        place: row.place,
        ...(row.phone ? { phone: row.phone } : {}),
        ...(row.outcome ? { outcome: row.outcome } : {}),
      }),
    ),
    written: written.map(
      (row): WrittenContact => ({
        bookingId: row.id,
        reference: row.reference,
        topic: row.topic,
        message: row.message,
        replyRoute: row.reply_route,
        ...(row.email ? { email: row.email } : {}),
        ...(row.postal_address ? { postalAddress: row.postal_address } : {}),
        dueDate: row.due_date,
        createdAt: row.created_at,
        ...(row.read_at ? { readAt: row.read_at } : {}),
        attachments: attachments.all(row.id) as WrittenContact['attachments'],
      }),
    ),
  }
}

function activeBooking(db: Database, id: string): { reference: string; channel: string } {
  const row = db.prepare("SELECT reference, channel FROM bookings WHERE id = ? AND status = 'active'").get(id) as { reference: string; channel: string } | undefined
  if (!row) throw new HttpError(404, 'NOT_FOUND', 'No such booking')
  return row
}

/** Check-in, no-show or done for a visit; done or not reached for a call-back. Returns the reference for the audit. */
export function setOutcome(db: Database, id: string, outcome: unknown, now = new Date().toISOString()): string {
  const booking = activeBooking(db, id)
  const allowed: readonly string[] = booking.channel === 'in-person' || booking.channel === 'phone' ? outcomesByChannel[booking.channel] : []
  if (typeof outcome !== 'string' || !allowed.includes(outcome)) throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown outcome for this channel')
  db.prepare('UPDATE bookings SET outcome = ?, outcome_at = ? WHERE id = ?').run(outcome, now, id)
  return booking.reference
}

function writtenBooking(db: Database, id: string): string {
  const booking = activeBooking(db, id)
  if (booking.channel !== 'written') throw new HttpError(422, 'VALIDATION_FAILED', 'Only written contacts are read and answered')
  return booking.reference
}

export function markRead(db: Database, id: string, now = new Date().toISOString()): string {
  const reference = writtenBooking(db, id)
  db.prepare('UPDATE bookings SET read_at = COALESCE(read_at, ?) WHERE id = ?').run(now, id)
  return reference
}

/** Answers a written contact; the applicant's app shows the answer under "Meine Termine". */
export function replyToWritten(db: Database, id: string, text: unknown, now = new Date().toISOString()): string {
  const reference = writtenBooking(db, id)
  if (typeof text !== 'string' || text.trim().length === 0 || text.length > replyMaxLength) {
    throw new HttpError(422, 'VALIDATION_FAILED', `A reply of 1 to ${replyMaxLength} characters is required`)
  }
  db.prepare('UPDATE bookings SET reply = ?, replied_at = ?, read_at = COALESCE(read_at, ?) WHERE id = ?').run(text.trim(), now, now, id)
  return reference
}

interface WalkInRow {
  id: number
  number: number
  topic: BookingTopic
  status: WalkInStatus
  counter: string | null
  created_at: string
  called_at: string | null
}

const toWalkIn = (row: WalkInRow): WalkIn => ({
  id: row.id,
  number: row.number,
  topic: row.topic,
  status: row.status,
  createdAt: row.created_at,
  ...(row.counter ? { counter: row.counter } : {}),
  ...(row.called_at ? { calledAt: row.called_at } : {}),
})

const today = (now: Date) => todayAt(now, authorityTimeZone)

/** Registers a visitor without a booking and gives the next waiting number of the day. */
export function registerWalkIn(db: Database, topic: unknown, now = new Date()): WalkIn {
  if (!isBookingTopic(topic)) throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown topic')
  return db.transaction(() => {
    const day = today(now)
    const next = (db.prepare('SELECT COALESCE(MAX(number), 0) + 1 FROM walk_ins WHERE day = ?').pluck().get(day) as number) ?? 1
    const row = db
      .prepare("INSERT INTO walk_ins (day, number, topic, status, created_at) VALUES (?, ?, ?, 'waiting', ?) RETURNING *")
      .get(day, next, topic, now.toISOString()) as WalkInRow
    return toWalkIn(row)
  })()
}

export function walkInsOfDay(db: Database, now = new Date()): WalkIn[] {
  return (db.prepare('SELECT * FROM walk_ins WHERE day = ? ORDER BY number').all(today(now)) as WalkInRow[]).map(toWalkIn)
}

/** Calls the longest-waiting visitor to a counter; the one called there before is done. */
export function callNext(db: Database, counter: unknown, now = new Date()): WalkIn | undefined {
  if (typeof counter !== 'string' || counter.trim().length === 0 || counter.length > 40) throw new HttpError(422, 'VALIDATION_FAILED', 'A counter is required')
  return db.transaction(() => {
    const day = today(now)
    db.prepare("UPDATE walk_ins SET status = 'done' WHERE day = ? AND status = 'called' AND counter = ?").run(day, counter.trim())
    const row = db
      .prepare(
        `UPDATE walk_ins SET status = 'called', counter = ?, called_at = ?
         WHERE id = (SELECT id FROM walk_ins WHERE day = ? AND status = 'waiting' ORDER BY number LIMIT 1) RETURNING *`,
      )
      .get(counter.trim(), now.toISOString(), day) as WalkInRow | undefined
    return row ? toWalkIn(row) : undefined
  })()
}

/** Done, or left without being seen. */
export function closeWalkIn(db: Database, id: number, status: unknown): number {
  if (status !== 'done' && status !== 'left') throw new HttpError(422, 'VALIDATION_FAILED', 'status must be done or left')
  const row = db.prepare('UPDATE walk_ins SET status = ? WHERE id = ? RETURNING number').get(status, id) as { number: number } | undefined
  if (!row) throw new HttpError(404, 'NOT_FOUND', 'No such walk-in')
  return row.number
}

/** The waiting-room screen: the numbers now called and how many still wait. */
export function nowServing(db: Database, now = new Date()): NowServing {
  const day = today(now)
  const serving = db
    .prepare("SELECT number, counter, called_at AS calledAt FROM walk_ins WHERE day = ? AND status = 'called' ORDER BY called_at DESC LIMIT 6")
    .all(day) as NowServing['serving']
  const waiting = db.prepare("SELECT COUNT(*) FROM walk_ins WHERE day = ? AND status = 'waiting'").pluck().get(day) as number
  return { serving, waiting }
}

/** An attachment of a written contact, with the contact's reference for the audit. */
export function writtenAttachment(db: Database, bookingId: string, attachmentId: string): { sha256: string; mimeType: string; reference: string } {
  const file = db
    .prepare('SELECT a.sha256, a.mime_type AS mimeType, b.reference FROM booking_attachments a JOIN bookings b ON b.id = a.booking_id WHERE a.id = ? AND a.booking_id = ?')
    .get(attachmentId, bookingId) as { sha256: string; mimeType: string; reference: string } | undefined
  if (!file) throw new HttpError(404, 'NOT_FOUND', 'No such attachment')
  return file
}
