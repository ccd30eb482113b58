import type { Selectable } from 'kysely'
import type { BookingTopic, ReplyRoute } from '../../src/domain/booking.js'
import type { BookingOutcome, DayAppointment, NowServing, WalkIn, WalkInStatus, WrittenContact } from '../../src/domain/staff.js'
import type { Executor } from './database.js'
import type { Schema } from './schema.js'

/** Visits and call-backs of active bookings whose slot starts in [from, to), by start and place. */
export async function appointmentsBetween(db: Executor, from: string, to: string): Promise<DayAppointment[]> {
  const rows = await db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .select(['bookings.id', 'bookings.reference', 'bookings.channel', 'bookings.topic', 'slots.starts_at', 'slots.place', 'bookings.phone', 'bookings.outcome'])
    .where('bookings.status', '=', 'active')
    .where('slots.starts_at', '>=', from)
    .where('slots.starts_at', '<', to)
    .orderBy('slots.starts_at')
    .orderBy('slots.place')
    .orderBy('bookings.id')
    .execute()
  return rows.map((row) => ({
    bookingId: row.id,
    reference: row.reference,
    channel: row.channel as DayAppointment['channel'],
    topic: row.topic as BookingTopic,
    startsAt: row.starts_at,
    place: row.place,
    ...(row.phone ? { phone: row.phone } : {}),
    ...(row.outcome ? { outcome: row.outcome as BookingOutcome } : {}),
  }))
}

/** Written contacts not answered yet, the most urgent first; without their attachments. */
export async function openWrittenContacts(db: Executor): Promise<Omit<WrittenContact, 'attachments'>[]> {
  const rows = await db
    .selectFrom('bookings')
    .select(['id', 'reference', 'topic', 'message', 'reply_route', 'email', 'postal_address', 'due_date', 'created_at', 'read_at'])
    .where('channel', '=', 'written')
    .where('status', '=', 'active')
    .where('replied_at', 'is', null)
    .orderBy('due_date')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    bookingId: row.id,
    reference: row.reference,
    topic: row.topic as BookingTopic,
    message: row.message ?? '',
    replyRoute: row.reply_route as ReplyRoute,
    ...(row.email ? { email: row.email } : {}),
    ...(row.postal_address ? { postalAddress: row.postal_address } : {}),
    dueDate: row.due_date ?? '',
    createdAt: row.created_at,
    ...(row.read_at ? { readAt: row.read_at } : {}),
  }))
}

// The writes below touch only a booking that is still active: one cancelled meanwhile stays as it is.
// Each says whether it changed the booking.

export async function setBookingOutcome(db: Executor, id: string, outcome: BookingOutcome, at: string): Promise<boolean> {
  const result = await db.updateTable('bookings').set({ outcome, outcome_at: at }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The first reading counts. */
export async function markBookingRead(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('bookings')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(at)) }))
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** An answer is also a reading. */
export async function setBookingReply(db: Executor, id: string, reply: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('bookings')
    .set((eb) => ({ reply, replied_at: at, read_at: eb.fn.coalesce('read_at', eb.val(at)) }))
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

const walkInOf = (row: Selectable<Schema['walk_ins']>): WalkIn => ({
  id: row.id,
  number: row.number,
  topic: row.topic as BookingTopic,
  status: row.status as WalkInStatus,
  createdAt: row.created_at,
  ...(row.counter ? { counter: row.counter } : {}),
  ...(row.called_at ? { calledAt: row.called_at } : {}),
})

/** The next waiting number of a day, in one statement, so instances sharing the database never hand one out twice. */
export async function nextWalkInNumber(db: Executor, day: string): Promise<number> {
  const row = await db
    .insertInto('walk_in_counters')
    .values({ day, last_number: 1 })
    .onConflict((conflict) => conflict.column('day').doUpdateSet((eb) => ({ last_number: eb('walk_in_counters.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow()
  return row.last_number
}

export async function insertWalkIn(db: Executor, walkIn: { day: string; number: number; topic: BookingTopic; createdAt: string }): Promise<WalkIn> {
  const row = await db
    .insertInto('walk_ins')
    .values({ day: walkIn.day, number: walkIn.number, topic: walkIn.topic, status: 'waiting', created_at: walkIn.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow()
  return walkInOf(row)
}

export async function walkInsOn(db: Executor, day: string): Promise<WalkIn[]> {
  return (await db.selectFrom('walk_ins').selectAll().where('day', '=', day).orderBy('number').execute()).map(walkInOf)
}

/** The visitor called to this counter before is done once the next one is called there. */
export async function finishCalledAt(db: Executor, day: string, counter: string): Promise<void> {
  await db.updateTable('walk_ins').set({ status: 'done' }).where('day', '=', day).where('status', '=', 'called').where('counter', '=', counter).execute()
}

/**
 * Calls the lowest waiting number of the day to a counter. The row must still be waiting when it is
 * written: of two desks pressing at once, one gets it and the other nothing (and asks again).
 */
export async function claimNextWaiting(db: Executor, day: string, counter: string, calledAt: string): Promise<WalkIn | undefined> {
  const row = await db
    .updateTable('walk_ins')
    .set({ status: 'called', counter, called_at: calledAt })
    .where('id', '=', (eb) => eb.selectFrom('walk_ins').select('id').where('day', '=', day).where('status', '=', 'waiting').orderBy('number').limit(1))
    .where('status', '=', 'waiting')
    .returningAll()
    .executeTakeFirst()
  return row && walkInOf(row)
}

export async function countWaiting(db: Executor, day: string): Promise<number> {
  const row = await db
    .selectFrom('walk_ins')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Sets a walk-in's status; its number, or undefined when there is no such walk-in. */
export async function setWalkInStatus(db: Executor, id: number, status: WalkInStatus): Promise<number | undefined> {
  return (await db.updateTable('walk_ins').set({ status }).where('id', '=', id).returning('number').executeTakeFirst())?.number
}

/** The numbers most recently called on a day, newest first. */
export async function calledOn(db: Executor, day: string, limit: number): Promise<NowServing['serving']> {
  const rows = await db
    .selectFrom('walk_ins')
    .select(['number', 'counter', 'called_at'])
    .where('day', '=', day)
    .where('status', '=', 'called')
    .orderBy('called_at', 'desc')
    .orderBy('number', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ number: row.number, counter: row.counter ?? '', calledAt: row.called_at ?? '' }))
}
