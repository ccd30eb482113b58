import type { BookingOutcome, BookingTopic, FreeSlot, ReplyRoute } from '../../src/domain/booking.js'
import type { ContactChannel } from '../../src/domain/contact.js'
import type { ClosedDay, Schedule } from '../../src/domain/staff.js'
import { isUniqueViolation, type Executor } from './database.js'

/**
 * Data functions for the opening schedules, closed days, slots and bookings (docs/booking.md);
 * the executor comes first. Double booking is refused by the database itself: the partial unique
 * indexes bookings_one_per_slot and bookings_one_per_topic (migrations 005 and 009).
 */

/** The weekly opening and call-back templates, in a stable order. */
export async function listSchedules(db: Executor): Promise<Schedule[]> {
  const rows = await db
    .selectFrom('opening_schedules')
    .select(['channel', 'topic', 'weekday', 'opens', 'closes', 'slot_minutes', 'places'])
    .orderBy('channel')
    .orderBy('topic')
    .orderBy('weekday')
    .orderBy('opens')
    .execute()
  return rows.map((row) => ({
    channel: row.channel as Schedule['channel'],
    topic: row.topic,
    weekday: row.weekday,
    opens: row.opens,
    closes: row.closes,
    slotMinutes: row.slot_minutes,
    places: row.places,
  }))
}

/** Puts these templates in place of all others. */
export async function replaceSchedules(db: Executor, schedules: Schedule[]): Promise<void> {
  await db.deleteFrom('opening_schedules').execute()
  if (schedules.length === 0) return
  await db
    .insertInto('opening_schedules')
    .values(
      schedules.map((entry) => ({
        channel: entry.channel,
        topic: entry.topic,
        weekday: entry.weekday,
        opens: entry.opens,
        closes: entry.closes,
        slot_minutes: entry.slotMinutes,
        places: entry.places,
      })),
    )
    .execute()
}

/** Closes a day; closing it again replaces its reason. */
export async function addClosedDay(db: Executor, day: ClosedDay): Promise<void> {
  await db
    .insertInto('closed_days')
    .values({ date: day.date, reason: day.reason })
    .onConflict((conflict) => conflict.column('date').doUpdateSet({ reason: day.reason }))
    .execute()
}

/** Closed days by date, all of them or those from `from` to `to` (YYYY-MM-DD, both included). */
export async function listClosedDays(db: Executor, range: { from?: string; to?: string } = {}): Promise<ClosedDay[]> {
  let query = db.selectFrom('closed_days').select(['date', 'reason'])
  if (range.from !== undefined) query = query.where('date', '>=', range.from)
  if (range.to !== undefined) query = query.where('date', '<=', range.to)
  return query.orderBy('date').execute()
}

const toSlot = (row: { id: string; channel: string; topic: string; starts_at: string; ends_at: string; place: string }): FreeSlot => ({
  id: row.id,
  channel: row.channel as FreeSlot['channel'],
  topic: row.topic as BookingTopic,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  place: row.place,
})

// Rows per statement: far below the bound-parameter limits of SQLite (32766) and PostgreSQL (65535).
const slotsPerInsert = 500

/**
 * Adds the slots that are not there yet (by id, or by channel, topic, start and place) and returns
 * how many were new. Safe when several instances make the same slots at once: the later waits for
 * the earlier's rows and skips them. Callers insert in one order (by id), so two never deadlock.
 */
export async function insertMissingSlots(db: Executor, slots: FreeSlot[]): Promise<number> {
  let inserted = 0
  for (let start = 0; start < slots.length; start += slotsPerInsert) {
    const result = await db
      .insertInto('slots')
      .values(
        slots.slice(start, start + slotsPerInsert).map((slot) => ({
          id: slot.id,
          channel: slot.channel,
          topic: slot.topic,
          starts_at: slot.startsAt,
          ends_at: slot.endsAt,
          place: slot.place,
        })),
      )
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst()
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0)
  }
  return inserted
}

/** Slots after `after` that no booking ever named: made again from new templates. */
export async function deleteUnbookedSlotsAfter(db: Executor, after: string): Promise<void> {
  await db
    .deleteFrom('slots')
    .where('starts_at', '>', after)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('bookings').select('bookings.id').whereRef('bookings.slot_id', '=', 'slots.id'))))
    .execute()
}

export async function findSlot(db: Executor, id: string): Promise<FreeSlot | undefined> {
  const row = await db.selectFrom('slots').select(['id', 'channel', 'topic', 'starts_at', 'ends_at', 'place']).where('id', '=', id).executeTakeFirst()
  return row && toSlot(row)
}

/** Slots of a channel and topic without an active booking, starting in [from, to) (to open-ended without), by start and place. */
export async function freeSlotsBetween(
  db: Executor,
  query: { channel: string; topic: string; from: string; to?: string; limit: number },
): Promise<FreeSlot[]> {
  let select = db
    .selectFrom('slots')
    .select(['slots.id', 'slots.channel', 'slots.topic', 'slots.starts_at', 'slots.ends_at', 'slots.place'])
    .where('slots.channel', '=', query.channel)
    .where('slots.topic', '=', query.topic)
    .where('slots.starts_at', '>=', query.from)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('bookings').select('bookings.id').whereRef('bookings.slot_id', '=', 'slots.id').where('bookings.status', '=', 'active'))),
    )
  if (query.to !== undefined) select = select.where('slots.starts_at', '<', query.to)
  const rows = await select.orderBy('slots.starts_at').orderBy('slots.place').limit(query.limit).execute()
  return rows.map(toSlot)
}

/** A booking as stored, with the times and place of its slot (appointments and call-backs). */
export interface StoredBooking {
  id: string
  reference: string
  applicantId: string
  channel: ContactChannel
  topic: BookingTopic
  slotId: string | null
  status: 'active' | 'cancelled'
  phone: string | null
  message: string | null
  replyRoute: ReplyRoute | null
  email: string | null
  postalAddress: string | null
  dueDate: string | null
  createdAt: string
  reply: string | null
  repliedAt: string | null
  outcome: BookingOutcome | null
  startsAt: string | null
  endsAt: string | null
  place: string | null
}

export type NewBooking = Omit<StoredBooking, 'status' | 'reply' | 'repliedAt' | 'outcome' | 'startsAt' | 'endsAt' | 'place'>

function selectBookings(db: Executor) {
  return db
    .selectFrom('bookings')
    .leftJoin('slots', 'slots.id', 'bookings.slot_id')
    .select([
      'bookings.id',
      'bookings.reference',
      'bookings.applicant_id',
      'bookings.channel',
      'bookings.topic',
      'bookings.slot_id',
      'bookings.status',
      'bookings.phone',
      'bookings.message',
      'bookings.reply_route',
      'bookings.email',
      'bookings.postal_address',
      'bookings.due_date',
      'bookings.created_at',
      'bookings.reply',
      'bookings.replied_at',
      'bookings.outcome',
      'slots.starts_at',
      'slots.ends_at',
      'slots.place',
    ])
}

type BookingRow = Awaited<ReturnType<ReturnType<typeof selectBookings>['executeTakeFirstOrThrow']>>

const toStoredBooking = (row: BookingRow): StoredBooking => ({
  id: row.id,
  reference: row.reference,
  applicantId: row.applicant_id,
  channel: row.channel as ContactChannel,
  topic: row.topic as BookingTopic,
  slotId: row.slot_id,
  status: row.status as StoredBooking['status'],
  phone: row.phone,
  message: row.message,
  replyRoute: row.reply_route as ReplyRoute | null,
  email: row.email,
  postalAddress: row.postal_address,
  dueDate: row.due_date,
  createdAt: row.created_at,
  reply: row.reply,
  repliedAt: row.replied_at,
  outcome: row.outcome as BookingOutcome | null,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  place: row.place,
})

export async function findBooking(db: Executor, id: string): Promise<StoredBooking | undefined> {
  const row = await selectBookings(db).where('bookings.id', '=', id).executeTakeFirst()
  return row && toStoredBooking(row)
}

/** An applicant's bookings, newest first. */
export async function bookingsOf(db: Executor, applicantId: string): Promise<StoredBooking[]> {
  const rows = await selectBookings(db).where('bookings.applicant_id', '=', applicantId).orderBy('bookings.created_at', 'desc').orderBy('bookings.id').execute()
  return rows.map(toStoredBooking)
}

/** Which rule of the database refused a booking: the slot has an active booking, or the applicant has one for the topic. */
export type BookingConflict = 'slotTaken' | 'topicTaken'

/** SQLite names the columns of the violated index, PostgreSQL the index. */
function conflictOf(error: unknown): BookingConflict | undefined {
  if (isUniqueViolation(error, 'bookings_one_per_slot') || isUniqueViolation(error, 'bookings.slot_id')) return 'slotTaken'
  if (isUniqueViolation(error, 'bookings_one_per_topic') || isUniqueViolation(error, 'bookings.applicant_id, bookings.topic')) return 'topicTaken'
  return undefined
}

/**
 * Inserts an active booking; returns the conflict instead when the database refuses it. On
 * PostgreSQL the transaction cannot go on after a conflict: end it, then look further.
 */
export async function insertBooking(db: Executor, booking: NewBooking): Promise<BookingConflict | undefined> {
  try {
    await db
      .insertInto('bookings')
      .values({
        id: booking.id,
        reference: booking.reference,
        applicant_id: booking.applicantId,
        channel: booking.channel,
        topic: booking.topic,
        slot_id: booking.slotId,
        status: 'active',
        phone: booking.phone,
        message: booking.message,
        reply_route: booking.replyRoute,
        email: booking.email,
        postal_address: booking.postalAddress,
        due_date: booking.dueDate,
        created_at: booking.createdAt,
      })
      .execute()
    return undefined
  } catch (error) {
    const conflict = conflictOf(error)
    if (conflict) return conflict
    throw error
  }
}

/** Puts a booking on another slot; 'slotTaken' when that slot has an active booking (then as with insertBooking). */
export async function moveBooking(db: Executor, id: string, slotId: string): Promise<BookingConflict | undefined> {
  try {
    await db.updateTable('bookings').set({ slot_id: slotId }).where('id', '=', id).execute()
    return undefined
  } catch (error) {
    const conflict = conflictOf(error)
    if (conflict) return conflict
    throw error
  }
}

/** Cancels a booking; the first cancellation's time is kept. */
export async function cancelBookingRow(db: Executor, id: string, at: string): Promise<void> {
  await db
    .updateTable('bookings')
    .set((eb) => ({ status: 'cancelled', cancelled_at: eb.fn.coalesce('cancelled_at', eb.val(at)) }))
    .where('id', '=', id)
    .execute()
}

const materialisedOnKey = 'slots_materialised_on'

/** The day (YYYY-MM-DD) the booking window's slots were last made, by any instance. */
export async function slotsMaterialisedOn(db: Executor): Promise<string | undefined> {
  return (await db.selectFrom('app_meta').select('value').where('key', '=', materialisedOnKey).executeTakeFirst())?.value
}

export async function recordSlotsMaterialisedOn(db: Executor, day: string): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key: materialisedOnKey, value: day })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: day }))
    .execute()
}
