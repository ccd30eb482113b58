import type { BookingTopic } from '../../src/domain/booking.js'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import type { WalkInClosing } from '../../src/domain/frontDesk.js'
import { outcomesByChannel, type BookingOutcome, type FrontDeskDay, type NowServing, type WalkIn } from '../../src/domain/staff.js'
import { authorityTimeZone, todayAt } from '../../src/domain/time.js'
import { addDays, zonedToUtc } from '../../src/domain/zonedTime.js'
import { attachmentsOfBookings, findAttachment } from '../storage/attachments.js'
import { findBooking } from '../storage/bookings.js'
import { transact, type Store } from '../storage/database.js'
import { emailRepliesSince } from '../storage/mail.js'
import { cancelAndNotify, forgetFreeSlotLists } from './booking.js'
import { queueWrittenReply } from './notices.js'
import {
  appointmentsBetween,
  calledOn,
  claimNextWaiting,
  countWaiting,
  finishCalledAt,
  insertWalkIn,
  markBookingRead,
  nextWalkInNumber,
  openWrittenContacts,
  setBookingOutcome,
  setBookingReply,
  setWalkInStatus,
  walkInsOn,
} from '../storage/frontDesk.js'

const today = (now: Date) => todayAt(now, authorityTimeZone)

const noSuchBooking = () => new DomainError('NOT_FOUND', 'No such booking')

/** A booking the front desk may still act on: not cancelled. */
async function activeBooking(store: Store, id: string): Promise<{ reference: string; channel: string }> {
  const booking = isEntityId(id) ? await findBooking(store.db, id) : undefined
  if (booking?.status !== 'active') throw noSuchBooking()
  return booking
}

/** A day's appointments and call-backs, and the written contacts still waiting for an answer. */
export async function frontDeskDay(store: Store, date = today(new Date())): Promise<FrontDeskDay> {
  const from = zonedToUtc(date, '00:00', authorityTimeZone).toISOString()
  const to = zonedToUtc(addDays(date, 1), '00:00', authorityTimeZone).toISOString()
  const appointments = await appointmentsBetween(store.db, from, to)
  const written = await openWrittenContacts(store.db)
  const attachments = await attachmentsOfBookings(store.db, written.map((contact) => contact.bookingId))
  return {
    date,
    appointments,
    // "Sent by e-mail" only once the outbox sent it: the answers of the last week and where their e-mails stand.
    emailReplies: await emailRepliesSince(store.db, zonedToUtc(addDays(date, -7), '00:00', authorityTimeZone).toISOString()),
    written: written.map((contact) => ({
      ...contact,
      attachments: (attachments.get(contact.bookingId) ?? []).map(({ id, mimeType, size }) => ({ id, mimeType, size })),
    })),
  }
}

/** Check-in, no-show or done for a visit; done or not reached for a call-back. Returns the reference for the audit. */
export async function setOutcome(store: Store, id: string, outcome: BookingOutcome, now = new Date().toISOString()): Promise<string> {
  const booking = await activeBooking(store, id)
  const allowed: readonly string[] = booking.channel === 'in-person' || booking.channel === 'phone' ? outcomesByChannel[booking.channel] : []
  if (!allowed.includes(outcome)) throw new DomainError('VALIDATION_FAILED', 'Unknown outcome for this channel')
  if (!(await setBookingOutcome(store.db, id, outcome, now))) throw noSuchBooking()
  return booking.reference
}

async function writtenBooking(store: Store, id: string): Promise<string> {
  const booking = await activeBooking(store, id)
  if (booking.channel !== 'written') throw new DomainError('VALIDATION_FAILED', 'Only written contacts are read and answered')
  return booking.reference
}

export async function markRead(store: Store, id: string, now = new Date().toISOString()): Promise<string> {
  const reference = await writtenBooking(store, id)
  if (!(await markBookingRead(store.db, id, now))) throw noSuchBooking()
  return reference
}

/**
 * Answers a written contact; the applicant's app shows the answer under "Meine Termine", and when
 * the applicant asked for the answer by e-mail, the e-mail is queued in the same transaction.
 */
export async function replyToWritten(store: Store, id: string, reply: string, now = new Date()): Promise<string> {
  const reference = await writtenBooking(store, id)
  return transact(store, async (tx) => {
    if (!(await setBookingReply(tx, id, reply, now.toISOString()))) throw noSuchBooking()
    const booking = (await findBooking(tx, id))!
    if (booking.replyRoute === 'email' && booking.email) {
      await queueWrittenReply(tx, { bookingId: id, reference, applicantId: booking.applicantId, email: booking.email, reply, now })
    }
    return reference
  })
}

/** The authority cancels an appointment, a call-back or a written contact; the applicant is told by e-mail where they gave an address. Returns the reference for the audit. */
export async function cancelByAuthority(store: Store, id: string, now = new Date()): Promise<string> {
  const cancelled = await transact(store, async (tx) => {
    const current = await findBooking(tx, id)
    if (current?.status !== 'active') throw noSuchBooking()
    return cancelAndNotify(tx, current, 'bookingCancelledByAuthority', now)
  })
  forgetFreeSlotLists(store, cancelled)
  return cancelled.reference
}


/** Registers a visitor without a booking and gives the next waiting number of the day. */
export function registerWalkIn(store: Store, topic: BookingTopic, now = new Date()): Promise<WalkIn> {
  const day = today(now)
  return transact(store, async (tx) => insertWalkIn(tx, { day, number: await nextWalkInNumber(tx, day), topic, createdAt: now.toISOString() }))
}

export function walkInsOfDay(store: Store, now = new Date()): Promise<WalkIn[]> {
  return walkInsOn(store.db, today(now))
}

/** Calls the longest-waiting visitor to a counter; the one called there before is done. Undefined when nobody waits. */
export function callNext(store: Store, counter: string, now = new Date()): Promise<WalkIn | undefined> {
  const day = today(now)
  return transact(store, async (tx) => {
    await finishCalledAt(tx, day, counter)
    // Another desk may take the row we aimed at between choosing and writing it: then aim again.
    for (;;) {
      const called = await claimNextWaiting(tx, day, counter, now.toISOString())
      if (called) return called
      if ((await countWaiting(tx, day)) === 0) return undefined
    }
  })
}

/** Walk-in ids are small positive integers: anything else in the address is no walk-in (and never reaches an INTEGER column). */
const walkInIdPattern = /^[1-9]\d{0,8}$/

/** Done, or left without being seen. Returns the waiting number for the audit. */
export async function closeWalkIn(store: Store, id: string, status: WalkInClosing): Promise<number> {
  const number = walkInIdPattern.test(id) ? await setWalkInStatus(store.db, Number(id), status) : undefined
  if (number === undefined) throw new DomainError('NOT_FOUND', 'No such walk-in')
  return number
}

/** The waiting-room screen: the numbers now called and how many still wait. */
export async function nowServing(store: Store, now = new Date()): Promise<NowServing> {
  const day = today(now)
  return { serving: await calledOn(store.db, day, 6), waiting: await countWaiting(store.db, day) }
}

/** An attachment of a written contact, with the contact's reference for the audit. */
export async function writtenAttachment(store: Store, bookingId: string, attachmentId: string): Promise<{ sha256: string; mimeType: string; reference: string }> {
  const attachment = isEntityId(attachmentId) && isEntityId(bookingId) ? await findAttachment(store.db, attachmentId) : undefined
  const reference = attachment?.bookingId === bookingId ? (await findBooking(store.db, bookingId))?.reference : undefined
  if (!attachment || reference === undefined) throw new DomainError('NOT_FOUND', 'No such attachment')
  return { sha256: attachment.sha256, mimeType: attachment.mimeType, reference }
}
