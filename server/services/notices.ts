import { randomUUID } from 'node:crypto'
import type { Booking } from '../../src/domain/booking.js'
import { isEmailAddress } from '../../src/domain/email.js'
import { defaultContactPreferences, type ContactPreferences } from '../../src/domain/notices.js'
import { isSupportedLocale, referenceLocale, type Locale } from '../../src/domain/locales.js'
import type { BookingSnapshot, MailPayload } from '../mail/messages.js'
import type { Executor, Store } from '../storage/database.js'
import { findApplicantContact, insertMail, saveApplicantContact } from '../storage/mail.js'

/**
 * Queues e-mails in the transaction of the event that causes them (the transactional outbox,
 * docs/architecture.md): if the event rolls back, nothing is queued; if it commits, the worker
 * sends the message sooner or later. `eventKey` names the event, so the same event (a retried
 * request, a reminder step run twice) never queues a message of one kind twice.
 */

interface Recipient {
  address: string
  locale: Locale
}

/** Where notices go: the applicant's own address, only while they agree to notices. */
async function noticeRecipient(db: Executor, applicantId: string): Promise<Recipient | undefined> {
  const contact = await findApplicantContact(db, applicantId)
  if (!contact?.noticesConsent || !contact.email) return undefined
  return { address: contact.email, locale: isSupportedLocale(contact.locale) ? contact.locale : referenceLocale }
}

async function applicantLocale(db: Executor, applicantId: string): Promise<Locale> {
  const locale = (await findApplicantContact(db, applicantId))?.locale
  return isSupportedLocale(locale) ? locale : referenceLocale
}

async function queue(db: Executor, message: { eventKey: string; applicantId: string; subjectId: string; recipient: Recipient; payload: MailPayload; now: Date }): Promise<void> {
  // Addresses are checked where they come in; this keeps an old or hand-made row from reaching SMTP.
  if (!isEmailAddress(message.recipient.address)) return
  await insertMail(db, {
    id: randomUUID(),
    eventKey: message.eventKey,
    kind: message.payload.kind,
    applicantId: message.applicantId,
    subjectId: message.subjectId,
    recipient: message.recipient.address,
    locale: message.recipient.locale,
    payload: message.payload,
    createdAt: message.now.toISOString(),
    dueAt: message.now.getTime(),
  })
}

const snapshotOf = (booking: Booking): BookingSnapshot => ({
  bookingId: booking.bookingId,
  reference: booking.reference,
  channel: booking.channel,
  topic: booking.topic,
  status: booking.status,
  createdAt: booking.createdAt,
  ...(booking.startsAt ? { startsAt: booking.startsAt, endsAt: booking.endsAt, place: booking.place } : {}),
  ...(booking.dueDate ? { dueDate: booking.dueDate } : {}),
})

export type BookingEvent = 'bookingConfirmed' | 'bookingMoved' | 'bookingCancelled' | 'bookingCancelledByAuthority'

/**
 * A booking's confirmation, move or cancellation: to the address given with it (a written contact
 * answered by e-mail), else to the applicant's own address while they agree to notices.
 * `eventKey` tells events of one booking apart (a move names its time).
 */
export async function queueBookingMail(db: Executor, event: { kind: BookingEvent; booking: Booking; applicantId: string; email?: string | null; eventKey: string; now: Date }): Promise<void> {
  const recipient = event.email
    ? { address: event.email, locale: await applicantLocale(db, event.applicantId) }
    : await noticeRecipient(db, event.applicantId)
  if (!recipient) return
  await queue(db, { eventKey: event.eventKey, applicantId: event.applicantId, subjectId: event.booking.bookingId, recipient, payload: { kind: event.kind, booking: snapshotOf(event.booking) }, now: event.now })
}

/** The authority's answer to a written contact whose reply route is e-mail. */
export async function queueWrittenReply(db: Executor, reply: { bookingId: string; reference: string; applicantId: string; email: string; reply: string; now: Date }): Promise<void> {
  await queue(db, {
    eventKey: `booking:${reply.bookingId}`,
    applicantId: reply.applicantId,
    subjectId: reply.bookingId,
    recipient: { address: reply.email, locale: await applicantLocale(db, reply.applicantId) },
    payload: { kind: 'writtenReply', reference: reply.reference, reply: reply.reply },
    now: reply.now,
  })
}

/** A reminder a day before an appointment or a call-back, once per booking and start time. */
export async function queueAppointmentReminder(db: Executor, reminder: { booking: Booking; applicantId: string; now: Date }): Promise<void> {
  const recipient = await noticeRecipient(db, reminder.applicantId)
  if (!recipient) return
  await queue(db, {
    eventKey: `booking:${reminder.booking.bookingId}:${reminder.booking.startsAt}`,
    applicantId: reminder.applicantId,
    subjectId: reminder.booking.bookingId,
    recipient,
    payload: { kind: 'appointmentReminder', booking: snapshotOf(reminder.booking) },
    now: reminder.now,
  })
}

/** A notice of a status event (`eventId`) of an application: news, a document request, or a reminder of its due date. */
export async function queueCaseNotice(
  db: Executor,
  notice: { eventId: number; reference: string; applicantId: string; payload: Extract<MailPayload, { kind: 'statusChanged' | 'documentsRequested' | 'documentReminder' }>; now: Date },
): Promise<void> {
  const recipient = await noticeRecipient(db, notice.applicantId)
  if (!recipient) return
  await queue(db, { eventKey: `application-event:${notice.eventId}`, applicantId: notice.applicantId, subjectId: notice.reference, recipient, payload: notice.payload, now: notice.now })
}

/** What the applicant chose about e-mail, or the defaults (no address, no notices, German). */
export async function contactPreferences(store: Store, applicantId: string): Promise<ContactPreferences> {
  const contact = await findApplicantContact(store.db, applicantId)
  if (!contact) return defaultContactPreferences
  return {
    ...(contact.email ? { email: contact.email } : {}),
    noticesConsent: contact.noticesConsent,
    locale: isSupportedLocale(contact.locale) ? contact.locale : referenceLocale,
  }
}

/** Sets the applicant's address, consent and language; no address means none is kept. */
export async function saveContactPreferences(store: Store, applicantId: string, preferences: ContactPreferences, now = new Date()): Promise<ContactPreferences> {
  await saveApplicantContact(store.db, applicantId, { email: preferences.email ?? null, noticesConsent: preferences.noticesConsent, locale: preferences.locale }, now.toISOString())
  return contactPreferences(store, applicantId)
}

/** Keeps the language the app is in (sent when it changes, and with a booking), for e-mails and the staff's view of a case. */
export async function rememberLocale(db: Executor, applicantId: string, locale: Locale | undefined, now: Date): Promise<void> {
  if (locale) await saveApplicantContact(db, applicantId, { locale }, now.toISOString())
}

/** Stops notices for an applicant (the link in each e-mail); their address stays for what they ask for anew. */
export async function withdrawNoticeConsent(db: Executor, applicantId: string, now = new Date()): Promise<void> {
  await saveApplicantContact(db, applicantId, { noticesConsent: false }, now.toISOString())
}
