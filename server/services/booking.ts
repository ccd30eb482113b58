import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createEvent } from 'ics'
import { appointmentLocation, authorityTitle, type AuthorityProfile } from '../../src/domain/authority.js'
import { appointmentsPath, isConcluded, writtenAnswerWorkingDays, type Booking, type BookingRequest, type FreeSlot } from '../../src/domain/booking.js'
import type { SlotQuery } from '../../src/domain/bookingRequest.js'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import type { ClosedDay } from '../../src/domain/staff.js'
import { authorityTimeZone, todayAt } from '../../src/domain/time.js'
import { addDays, isoWeekday, zonedToUtc } from '../../src/domain/zonedTime.js'
import {
  bookingsOf,
  cancelBookingRow,
  findBooking,
  findSlot,
  freeSlotsBetween,
  insertBooking,
  insertMissingSlots,
  listClosedDays,
  listSchedules,
  moveBooking,
  recordSlotsMaterialisedOn,
  slotsMaterialisedOn,
  type StoredBooking,
} from '../storage/bookings.js'
import { transact, type Executor, type Store } from '../storage/database.js'
import { getAuthorityProfile } from './authority.js'
import { idempotent, type Reply } from './idempotency.js'
import { queueBookingMail, rememberLocale } from './notices.js'

/** Slots are made ahead for this many days (docs/booking.md). */
export const bookingWindowDays = 28

const minuteMs = 60_000
const dayMs = 86_400_000

/** The slots of the booking window from the weekly schedules, skipping closed days, in id order. */
async function slotsOfWindow(db: Executor, now: Date, days: number): Promise<FreeSlot[]> {
  const today = todayAt(now, authorityTimeZone)
  const [schedules, closed] = await Promise.all([listSchedules(db), listClosedDays(db, { from: today, to: addDays(today, days) })])
  const closedDates = new Set(closed.map((day) => day.date))
  const slots: FreeSlot[] = []
  for (let offset = 0; offset < days; offset += 1) {
    const date = addDays(today, offset)
    if (closedDates.has(date)) continue
    for (const schedule of schedules.filter((entry) => entry.weekday === isoWeekday(date))) {
      const opens = zonedToUtc(date, schedule.opens, authorityTimeZone).getTime()
      const closes = zonedToUtc(date, schedule.closes, authorityTimeZone).getTime()
      const length = schedule.slotMinutes * minuteMs
      for (let start = opens; start + length <= closes; start += length) {
        for (const place of schedule.places.split(',').map((entry) => entry.trim())) {
          const startsAt = new Date(start).toISOString()
          const id = createHash('sha256').update(`${schedule.channel}|${schedule.topic}|${startsAt}|${place}`).digest('hex').slice(0, 24)
          slots.push({ id, channel: schedule.channel, topic: schedule.topic as FreeSlot['topic'], startsAt, endsAt: new Date(start + length).toISOString(), place })
        }
      }
    }
  }
  // One order for every instance, so two making the same slots at once wait for each other instead of deadlocking.
  return slots.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Makes the slots of the booking window from the weekly schedules, skipping closed days; returns
 * how many were new. Repeatable, and correct when several instances run it at once: existing
 * slots are skipped by the database (ON CONFLICT DO NOTHING on the slot's deterministic id).
 */
export async function materialiseSlots(store: Store, now = new Date(), days = bookingWindowDays): Promise<number> {
  const made = await transact(store, async (tx) => insertMissingSlots(tx, await slotsOfWindow(tx, now, days)))
  // Schedules or closed days changed (the admin calls this then) or a new day began: lists shown before are stale.
  forgetFreeSlotLists(store)
  return made
}

const materialisedDays = new WeakMap<Store, { day: string; run: Promise<void> }>()

/**
 * Makes the booking window's slots once a day, whichever request comes first after midnight.
 * Remembered per process so that requests cost no statement for it; another instance doing the
 * same is harmless (materialiseSlots is repeatable), the process memory is only an optimisation.
 */
export function materialiseSlotsDaily(store: Store, now = new Date()): Promise<void> {
  const day = todayAt(now, authorityTimeZone)
  const known = materialisedDays.get(store)
  if (known?.day === day) return known.run
  const run = (async () => {
    if ((await slotsMaterialisedOn(store.db)) === day) return
    await materialiseSlots(store, now)
    await recordSlotsMaterialisedOn(store.db, day)
  })()
  materialisedDays.set(store, { day, run })
  // A failure is not remembered: the next request tries again.
  run.catch(() => materialisedDays.get(store)?.run === run && materialisedDays.delete(store))
  return run
}

/** The UTC instants [start, end) of closed days, for filtering slots without a time-zone conversion per slot. */
const closedPeriods = (days: ClosedDay[]) =>
  days.map((day) => ({ start: zonedToUtc(day.date, '00:00', authorityTimeZone).getTime(), end: zonedToUtc(addDays(day.date, 1), '00:00', authorityTimeZone).getTime() }))

/** A day closed after its slots were made (closed_days added later) offers none of them. */
function withoutClosedDays(slots: FreeSlot[], closed: ClosedDay[]): FreeSlot[] {
  if (closed.length === 0) return slots
  const periods = closedPeriods(closed)
  return slots.filter((slot) => {
    const start = Date.parse(slot.startsAt)
    return !periods.some((period) => start >= period.start && start < period.end)
  })
}

/** Free slots of a channel and topic in a period (at most the booking window): one query for the slots, one for closed days. */
async function freeSlots(db: Executor, channel: FreeSlot['channel'], topic: FreeSlot['topic'], from: Date, to: Date): Promise<FreeSlot[]> {
  const [slots, closed] = await Promise.all([
    freeSlotsBetween(db, { channel, topic, from: from.toISOString(), to: to.toISOString(), limit: 500 }),
    listClosedDays(db, { from: todayAt(from, authorityTimeZone), to: todayAt(to, authorityTimeZone) }),
  ])
  return withoutClosedDays(slots, closed)
}

/**
 * GET /api/slots is the busiest public endpoint, so its answers are kept in this process for 5
 * seconds, as the JSON sent. Staleness is acceptable: the answer already says
 * `Cache-Control: public, max-age=60`, so clients take a minute-old list anyway, and bookings are
 * decided by the database's unique index, so a stale list costs at most a 409 with alternatives.
 * Bookings made, cancelled or moved through this instance, and materialiseSlots (new schedules,
 * closed days), drop the lists they affect; other instances' lists age out within the 5 seconds.
 * Requests within one minute share an entry (from and to are taken to the minute); concurrent
 * requests for a missing entry share one query. Bounded, oldest entry out first.
 */
const freeSlotListTtlMs = 5_000
const freeSlotListMaxEntries = 200

interface FreeSlotList {
  channel: string
  topic: string
  expiresAt: number
  json: Promise<string>
}

const freeSlotLists = new WeakMap<Store, Map<string, FreeSlotList>>()

const toMinute = (time: number) => Math.floor(time / minuteMs) * minuteMs

/** Drops the cached slot lists of a channel and topic, or all of them. */
export function forgetFreeSlotLists(store: Store, scope?: { channel: string; topic: string }): void {
  const lists = freeSlotLists.get(store)
  if (!lists) return
  for (const [key, list] of lists) if (!scope || (list.channel === scope.channel && list.topic === scope.topic)) lists.delete(key)
}

/** The free slots of a query as the JSON GET /api/slots answers with, from the cache above when it is fresh. */
export function freeSlotListJson(store: Store, query: SlotQuery, at = new Date()): Promise<string> {
  const now = at.getTime()
  const from = toMinute(query.from?.getTime() ?? now)
  const to = toMinute(query.to?.getTime() ?? from + bookingWindowDays * dayMs)
  const key = `${query.channel}|${query.topic}|${from}|${to}`
  let lists = freeSlotLists.get(store)
  if (!lists) freeSlotLists.set(store, (lists = new Map()))
  const cached = lists.get(key)
  if (cached && cached.expiresAt > now) return cached.json
  lists.delete(key)
  const json = freeSlots(store.db, query.channel, query.topic, new Date(from), new Date(to)).then((slots) => JSON.stringify(slots))
  const entry = { channel: query.channel, topic: query.topic, expiresAt: now + freeSlotListTtlMs, json }
  lists.set(key, entry)
  json.catch(() => lists.get(key) === entry && lists.delete(key))
  while (lists.size > freeSlotListMaxEntries) lists.delete(lists.keys().next().value!)
  return json
}

/** The three free slots nearest to a wanted one, offered when it was taken. */
async function alternatives(db: Executor, wanted: FreeSlot, now: Date): Promise<FreeSlot[]> {
  const [candidates, closed] = await Promise.all([
    freeSlotsBetween(db, { channel: wanted.channel, topic: wanted.topic, from: now.toISOString(), limit: 400 }),
    listClosedDays(db, { from: todayAt(now, authorityTimeZone) }),
  ])
  const wantedAt = Date.parse(wanted.startsAt)
  const distance = (slot: FreeSlot) => Math.abs(Date.parse(slot.startsAt) - wantedAt)
  return withoutClosedDays(candidates, closed)
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, 3)
}

/** Thrown inside a booking's transaction when its slot went; answered as SLOT_TAKEN once the transaction is over. */
class SlotWent extends Error {
  constructor(readonly slot: FreeSlot) {
    super('The slot is no longer free')
  }
}

/**
 * Runs a booking change and answers a slot that went with the nearest free ones. They are looked
 * up after the transaction rolled back: on PostgreSQL, a transaction cannot query after the
 * unique index refused a statement.
 */
async function offeringAlternatives<T>(store: Store, now: Date, change: () => Promise<T>): Promise<T> {
  try {
    return await change()
  } catch (error) {
    if (!(error instanceof SlotWent)) throw error
    throw new DomainError('SLOT_TAKEN', error.message, { alternatives: await alternatives(store.db, error.slot, now) })
  }
}

/** A stored booking as the applicant sees it. */
export const toBooking = (row: StoredBooking): Booking => ({
  bookingId: row.id,
  reference: row.reference,
  channel: row.channel,
  topic: row.topic,
  status: row.status,
  createdAt: row.createdAt,
  ...(row.startsAt ? { startsAt: row.startsAt, endsAt: row.endsAt ?? undefined, place: row.place ?? undefined } : {}),
  ...(row.dueDate ? { dueDate: row.dueDate } : {}),
  ...(row.reply && row.repliedAt ? { reply: row.reply, repliedAt: row.repliedAt } : {}),
  ...(row.outcome ? { outcome: row.outcome } : {}),
})

async function ownBooking(db: Executor, applicantId: string, id: string): Promise<StoredBooking> {
  const row = isEntityId(id) ? await findBooking(db, id) : undefined
  if (!row || row.applicantId !== applicantId) throw new DomainError('NOT_FOUND', 'No such booking')
  return row
}

const referenceAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const newReference = () => `T-${[...randomBytes(8)].map((byte) => referenceAlphabet[byte % 32]).join('')}`

/** The date a written contact is answered by: a number of working days (Mon–Fri, not closed). */
async function dueDate(db: Executor, now: Date): Promise<string> {
  let date = todayAt(now, authorityTimeZone)
  const closed = new Set((await listClosedDays(db, { from: date })).map((day) => day.date))
  for (let left = writtenAnswerWorkingDays; left > 0; ) {
    date = addDays(date, 1)
    if (isoWeekday(date) <= 5 && !closed.has(date)) left -= 1
  }
  return date
}

/** The slot a booking asks for, if it is one of its channel and topic on an open day and still ahead; SlotWent when past. */
async function bookableSlot(db: Executor, channel: FreeSlot['channel'], topic: FreeSlot['topic'], slotId: string, now: Date): Promise<FreeSlot> {
  const slot = await findSlot(db, slotId)
  const day = slot && todayAt(new Date(slot.startsAt), authorityTimeZone)
  if (!slot || !day || slot.channel !== channel || slot.topic !== topic || (await listClosedDays(db, { from: day, to: day })).length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown slot for this channel and topic')
  }
  if (Date.parse(slot.startsAt) <= now.getTime()) throw new SlotWent(slot)
  return slot
}

const refusedForTopic = () => new DomainError('BOOKING_LIMIT', 'One active booking per topic')

/**
 * Books a slot or a written contact (`request` validated by parseBookingRequest). Idempotent like
 * submissions: the same key again returns the first booking, the same key with another request
 * IDEMPOTENCY_KEY_REUSED. The database refuses a taken slot (SLOT_TAKEN with the nearest free
 * ones) and a second active booking of a topic (BOOKING_LIMIT).
 */
export async function book(store: Store, applicantId: string, key: string, request: BookingRequest, now = new Date()): Promise<Reply<Booking>> {
  const reply = await offeringAlternatives(store, now, () =>
    idempotent(store, { applicantId, key }, request, async (tx) => {
      const id = randomUUID()
      const common = { id, reference: newReference(), applicantId, channel: request.channel, topic: request.topic, createdAt: now.toISOString() }
      const none = { slotId: null, phone: null, message: null, replyRoute: null, email: null, postalAddress: null, dueDate: null }
      const slot = request.channel === 'written' ? undefined : await bookableSlot(tx, request.channel, request.topic, request.slotId, now)
      const conflict = await insertBooking(
        tx,
        request.channel === 'written'
          ? { ...common, ...none, message: request.message, replyRoute: request.replyRoute, email: request.email ?? null, postalAddress: request.postalAddress ?? null, dueDate: await dueDate(tx, now) }
          : { ...common, ...none, slotId: slot!.id, phone: request.channel === 'phone' ? request.phone : null },
      )
      if (conflict === 'slotTaken') throw new SlotWent(slot!)
      if (conflict === 'topicTaken') throw refusedForTopic()
      const booking = toBooking(await ownBooking(tx, applicantId, id))
      await rememberLocale(tx, applicantId, request.locale, now)
      const email = request.channel === 'written' && request.replyRoute === 'email' ? request.email : undefined
      await queueBookingMail(tx, { kind: 'bookingConfirmed', booking, applicantId, email, eventKey: `booking:${id}`, now })
      return { status: 201, body: booking }
    }, now),
  )
  forgetFreeSlotLists(store, request)
  return reply
}

/** Cancels a booking; its slot is free again at once. Cancelling twice is fine. */
export async function cancelBooking(store: Store, applicantId: string, id: string, now = new Date()): Promise<Booking> {
  const cancelled = await transact(store, async (tx) => {
    const current = await ownBooking(tx, applicantId, id)
    if (isConcluded(toBooking(current))) throw new DomainError('BOOKING_NOT_CHANGEABLE', 'This contact has been concluded')
    return cancelAndNotify(tx, current, 'bookingCancelled', now)
  })
  forgetFreeSlotLists(store, cancelled)
  return cancelled
}

/**
 * Cancels a booking and, the first time only, queues the notice (the applicant cancelled, or the
 * authority did). Two cancelling at once may both see it active: the outbox's unique event key
 * keeps it to one notice.
 */
export async function cancelAndNotify(tx: Executor, current: StoredBooking, kind: 'bookingCancelled' | 'bookingCancelledByAuthority', now: Date): Promise<Booking> {
  await cancelBookingRow(tx, current.id, now.toISOString())
  const cancelled = toBooking((await findBooking(tx, current.id))!)
  if (current.status === 'active') {
    await queueBookingMail(tx, { kind, booking: cancelled, applicantId: current.applicantId, email: current.email, eventKey: `booking:${current.id}`, now })
  }
  return cancelled
}

/** Moves an appointment to another slot of the same channel and topic (`request` validated by parseRescheduleRequest); it keeps its reference. */
export async function rescheduleBooking(store: Store, applicantId: string, id: string, request: { slotId: string }, now = new Date()): Promise<Booking> {
  const moved = await offeringAlternatives(store, now, () =>
    transact(store, async (tx) => {
      const current = await ownBooking(tx, applicantId, id)
      if (current.status !== 'active' || current.channel === 'written' || isConcluded(toBooking(current))) {
        throw new DomainError('BOOKING_NOT_CHANGEABLE', 'Only an active appointment can be moved')
      }
      // Moving to the slot it has already (a retried request) changes nothing and tells nobody.
      if (current.slotId === request.slotId) return toBooking(current)
      const slot = await bookableSlot(tx, current.channel, current.topic, request.slotId, now)
      if ((await moveBooking(tx, id, slot.id)) === 'slotTaken') throw new SlotWent(slot)
      const moved = toBooking(await ownBooking(tx, applicantId, id))
      await queueBookingMail(tx, { kind: 'bookingMoved', booking: moved, applicantId, email: current.email, eventKey: `booking:${id}:${now.toISOString()}`, now })
      return moved
    }),
  )
  forgetFreeSlotLists(store, moved)
  return moved
}

export async function listBookings(store: Store, applicantId: string): Promise<Booking[]> {
  return (await bookingsOf(store.db, applicantId)).map(toBooking)
}

const dateArray = (date: string): [number, number, number] => {
  const [year, month, day] = date.split('-').map(Number)
  return [year ?? 1970, month ?? 1, day ?? 1]
}

/** The ics library escapes CRLF and LF but not a lone CR, which would end the content line early. */
const oneLine = (text: string) => text.replace(/\r\n|\r|\n/g, ' ')

/** Where an appointment is: the counter with its place's full address once the authority's profile says it. */
function calendarLocation(booking: Booking, profile: AuthorityProfile | undefined): string | undefined {
  if (booking.channel === 'phone') return 'Telefon (Rückruf)'
  if (!booking.place) return undefined
  return oneLine(profile ? appointmentLocation(profile, booking.place) : booking.place)
}

/**
 * An iCalendar file for an appointment (or the due date of a written contact), with the authority
 * as organiser and a link back to "Meine Termine" (`appUrl`: PUBLIC_URL or the request's address):
 * the download and the e-mail attachment.
 */
export function calendarOfBooking(booking: Booking, profile: AuthorityProfile | undefined, appUrl: string): string {
  const start = booking.startsAt ? new Date(booking.startsAt) : undefined
  const { error, value } = createEvent({
    uid: `${booking.bookingId}@abh-digital`,
    title: oneLine(`${profile ? authorityTitle(profile) : 'Ausländerbehörde'} – ${booking.reference}`),
    description: oneLine(`Referenz ${booking.reference}`),
    url: `${appUrl}${appointmentsPath}`,
    ...(profile ? { organizer: { name: oneLine(authorityTitle(profile)), email: profile.email } } : {}),
    ...(start && booking.endsAt
      ? { start: start.getTime(), end: Date.parse(booking.endsAt), location: calendarLocation(booking, profile) }
      : { start: dateArray(booking.dueDate ?? todayAt(new Date(), authorityTimeZone)), duration: { days: 1 } }),
    status: booking.status === 'active' ? 'CONFIRMED' : 'CANCELLED',
  })
  if (error || !value) throw error ?? new Error('calendar')
  return value
}

/** The calendar file of an applicant's own booking. */
export async function bookingCalendar(store: Store, applicantId: string, id: string, appUrl: string): Promise<{ reference: string; calendar: string }> {
  const [booking, profile] = await Promise.all([ownBooking(store.db, applicantId, id).then(toBooking), getAuthorityProfile(store)])
  return { reference: booking.reference, calendar: calendarOfBooking(booking, profile, appUrl) }
}
