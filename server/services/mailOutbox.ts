import { createHmac, timingSafeEqual } from 'node:crypto'
import { documentRequestReminderDays } from '../../src/domain/cases.js'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import type { MailOverview } from '../../src/domain/mail.js'
import { authorityTimeZone, todayAt } from '../../src/domain/time.js'
import { addDays } from '../../src/domain/zonedTime.js'
import { findBooking } from '../storage/bookings.js'
import type { Store } from '../storage/database.js'
import {
  appointmentsStartingBetween,
  claimDueMail,
  countMailByStatus,
  finishMail,
  openDocumentRequestsDueBetween,
  requeueMail,
  undeliveredMail,
  type ClaimedMail,
} from '../storage/mail.js'
import { appSecret } from '../storage/secrets.js'
import { toBooking } from './booking.js'
import { queueAppointmentReminder, queueCaseNotice, withdrawNoticeConsent } from './notices.js'

/** The outbox as the worker, the reminder step, the unsubscribe link and the admin screen use it. */

export type ClaimedMessage = ClaimedMail

export function claimMail(store: Store, claim: Parameters<typeof claimDueMail>[2]): Promise<ClaimedMessage[]> {
  return claimDueMail(store.db, store.engine, claim)
}

export function finishClaim(store: Store, id: string, owner: string, outcome: Parameters<typeof finishMail>[3]): Promise<boolean> {
  return finishMail(store.db, id, owner, outcome)
}

const hourMs = 3_600_000

/**
 * Queues the reminders that are due (run every few minutes by the worker, on any instance):
 * a day before an appointment or a call-back, unless it was booked within that day (its
 * confirmation is the reminder); `documentRequestReminderDays` before a document request's due
 * date, unless it was asked for within those days. Repeatable: each reminder has its event key.
 */
export async function queueDueReminders(store: Store, now = new Date()): Promise<void> {
  const soon = new Date(now.getTime() + 24 * hourMs)
  for (const row of await appointmentsStartingBetween(store.db, now.toISOString(), soon.toISOString())) {
    if (Date.parse(row.starts_at) - Date.parse(row.created_at) < 24 * hourMs) continue
    const booking = await findBooking(store.db, row.id)
    if (booking) await queueAppointmentReminder(store.db, { booking: toBooking(booking), applicantId: row.applicant_id, now })
  }
  const today = todayAt(now, authorityTimeZone)
  for (const row of await openDocumentRequestsDueBetween(store.db, today, addDays(today, documentRequestReminderDays))) {
    if (!row.due_date || todayAt(new Date(row.at), authorityTimeZone) >= addDays(row.due_date, -documentRequestReminderDays)) continue
    await queueCaseNotice(store.db, { eventId: Number(row.id), reference: row.reference, applicantId: row.applicant_id, payload: { kind: 'documentReminder', dueDate: row.due_date }, now })
  }
}

const secrets = new WeakMap<Store, Promise<string>>()

/** The installation's secret for unsubscribe links, read once per instance (it never changes). */
function unsubscribeSecret(store: Store): Promise<string> {
  let secret = secrets.get(store)
  if (!secret) {
    secret = appSecret(store.db, 'unsubscribe_secret')
    secrets.set(store, secret)
    secret.catch(() => secrets.delete(store))
  }
  return secret
}

const macOf = (secret: string, applicantId: string) => createHmac('sha256', secret).update(`unsubscribe:${applicantId}`).digest('base64url').slice(0, 32)

/** The link in every e-mail that stops notices for this applicant, without signing in: their id and an HMAC of it. */
export async function unsubscribeUrl(store: Store, publicUrl: string, applicantId: string | null): Promise<string> {
  if (!applicantId) return new URL('/applications', publicUrl).href
  return new URL(`/unsubscribe/${applicantId}.${macOf(await unsubscribeSecret(store), applicantId)}`, publicUrl).href
}

/** The applicant an unsubscribe token stands for, or undefined when it is not one of ours. */
export async function applicantOfUnsubscribeToken(store: Store, token: string): Promise<string | undefined> {
  const [applicantId = '', mac = ''] = token.split('.')
  if (!isEntityId(applicantId) || mac.length !== 32) return undefined
  const expected = Buffer.from(macOf(await unsubscribeSecret(store), applicantId))
  const given = Buffer.from(mac)
  return given.length === expected.length && timingSafeEqual(given, expected) ? applicantId : undefined
}

/** Stops notices for the applicant of a valid token; UNAUTHORIZED for any other. */
export async function unsubscribe(store: Store, token: string, now = new Date()): Promise<void> {
  const applicantId = await applicantOfUnsubscribeToken(store, token)
  if (!applicantId) throw new DomainError('UNAUTHORIZED', 'Unknown unsubscribe link')
  await withdrawNoticeConsent(store.db, applicantId, now)
}

export async function mailOverview(store: Store, enabled: boolean): Promise<MailOverview> {
  return { enabled, counts: await countMailByStatus(store.db), undelivered: await undeliveredMail(store.db, 50) }
}

/** Queues a failed or refused message again (an admin's decision, audited by the route); NOT_FOUND for any other. */
export async function retryMail(store: Store, id: string, now = new Date()): Promise<void> {
  if (!isEntityId(id) || !(await requeueMail(store.db, id, now.getTime()))) throw new DomainError('NOT_FOUND', 'No failed or refused message with this id')
}
