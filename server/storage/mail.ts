import { mailStatuses, type EmailReply, type MailOverview, type MailStatus } from '../../src/domain/mail.js'
import type { Engine, Executor } from './database.js'

/**
 * The e-mail outbox (migration 011, docs/architecture.md "Outbound e-mail") and what applicants
 * chose about e-mail. The executor comes first; a message is queued with the caller's transaction.
 */


export interface NewMail {
  id: string
  /** What caused it (a booking and its version, a status event …): with `kind`, unique. */
  eventKey: string
  kind: string
  applicantId: string | null
  /** The booking or application the message is about, for the staff screens. */
  subjectId: string | null
  recipient: string
  locale: string
  payload: unknown
  createdAt: string
  /** Milliseconds; the first attempt is due then. */
  dueAt: number
}

export interface ClaimedMail {
  id: string
  kind: string
  applicantId: string | null
  recipient: string
  locale: string
  payload: unknown
  attempts: number
}

/** Queues a message unless one of this kind was queued for this event already; true when it is new. */
export async function insertMail(db: Executor, mail: NewMail): Promise<boolean> {
  const result = await db
    .insertInto('mail_outbox')
    .values({
      id: mail.id,
      event_key: mail.eventKey,
      kind: mail.kind,
      applicant_id: mail.applicantId,
      subject_id: mail.subjectId,
      recipient: mail.recipient,
      locale: mail.locale,
      payload: JSON.stringify(mail.payload),
      status: 'queued',
      next_attempt_at: mail.dueAt,
      created_at: mail.createdAt,
    })
    .onConflict((conflict) => conflict.columns(['event_key', 'kind']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/**
 * Claims up to `limit` due messages for `owner` until `leaseUntil`: queued ones whose time has
 * come, and ones another worker claimed but did not finish before its lease ran out (it crashed
 * or hung). One statement, so two workers never claim one row: PostgreSQL skips rows another
 * transaction is claiming (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time anyway.
 * Each claim counts as an attempt.
 */
export async function claimDueMail(db: Executor, engine: Engine, claim: { owner: string; now: number; leaseUntil: number; limit: number }): Promise<ClaimedMail[]> {
  const due = db
    .selectFrom('mail_outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', claim.now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', claim.now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .limit(claim.limit)
    .$if(engine === 'postgres', (query) => query.forUpdate().skipLocked())
  const rows = await db
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'sending', lease_owner: claim.owner, lease_until: claim.leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returning(['id', 'kind', 'applicant_id', 'recipient', 'locale', 'payload', 'attempts', 'created_at'])
    .execute()
  // RETURNING has no order: sent oldest first, so a confirmation goes before the move that followed it.
  rows.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0))
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    applicantId: row.applicant_id,
    recipient: row.recipient,
    locale: row.locale,
    payload: JSON.parse(row.payload) as unknown,
    attempts: Number(row.attempts),
  }))
}

/**
 * Ends a claim: sent, back in the queue for `nextAttemptAt`, failed or refused. Only the lease's
 * owner may (one whose lease ran out and was claimed again changes nothing); false then.
 */
export async function finishMail(
  db: Executor,
  id: string,
  owner: string,
  outcome: { status: 'sent'; sentAt: string } | { status: 'queued'; nextAttemptAt: number; error: string } | { status: 'failed' | 'refused'; error: string },
): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set({
      status: outcome.status,
      lease_owner: null,
      lease_until: null,
      ...(outcome.status === 'sent' ? { sent_at: outcome.sentAt, last_error: null } : { last_error: outcome.error }),
      ...(outcome.status === 'queued' ? { next_attempt_at: outcome.nextAttemptAt } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', owner)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function countMailByStatus(db: Executor): Promise<Record<MailStatus, number>> {
  const rows = await db.selectFrom('mail_outbox').select(['status', (eb) => eb.fn.countAll().as('count')]).groupBy('status').execute()
  const counts = Object.fromEntries(mailStatuses.map((status) => [status, 0])) as Record<MailStatus, number>
  for (const row of rows) counts[row.status as MailStatus] = Number(row.count)
  return counts
}

/** Messages that will not go by themselves, newest first: kind, reason and times, never recipient or content. */
export async function undeliveredMail(db: Executor, limit: number): Promise<MailOverview['undelivered']> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['id', 'kind', 'status', 'attempts', 'last_error', 'created_at'])
    .where('status', 'in', ['failed', 'refused'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ id: row.id, kind: row.kind, status: row.status as MailStatus, attempts: Number(row.attempts), lastError: row.last_error, createdAt: row.created_at }))
}

/** Puts a failed or refused message back in the queue, due now, with its attempts counted from zero; false when it is neither. */
export async function requeueMail(db: Executor, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'refused'])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Written contacts answered by e-mail since `since`, newest first, with where their e-mail stands. */
export async function emailRepliesSince(db: Executor, since: string): Promise<EmailReply[]> {
  const rows = await db
    .selectFrom('bookings')
    .innerJoin('mail_outbox', (join) => join.onRef('mail_outbox.subject_id', '=', 'bookings.id').on('mail_outbox.kind', '=', 'writtenReply'))
    .select(['bookings.id', 'bookings.reference', 'bookings.replied_at', 'mail_outbox.status'])
    .where('bookings.channel', '=', 'written')
    .where('bookings.replied_at', '>=', since)
    .orderBy('bookings.replied_at', 'desc')
    .orderBy('bookings.id')
    .execute()
  return rows.map((row) => ({ bookingId: row.id, reference: row.reference, repliedAt: row.replied_at ?? '', mail: row.status as MailStatus }))
}

export interface ApplicantContact {
  email: string | null
  noticesConsent: boolean
  locale: string
}

export async function findApplicantContact(db: Executor, applicantId: string): Promise<ApplicantContact | undefined> {
  const row = await db.selectFrom('applicant_contacts').select(['email', 'notices_consent', 'locale']).where('applicant_id', '=', applicantId).executeTakeFirst()
  return row && { email: row.email, noticesConsent: Number(row.notices_consent) === 1, locale: row.locale }
}

/** Sets what was given and keeps the rest (a booking gives only the language). */
export async function saveApplicantContact(db: Executor, applicantId: string, contact: Partial<ApplicantContact>, updatedAt: string): Promise<void> {
  const changes = {
    ...(contact.email !== undefined ? { email: contact.email } : {}),
    ...(contact.noticesConsent !== undefined ? { notices_consent: contact.noticesConsent ? 1 : 0 } : {}),
    ...(contact.locale !== undefined ? { locale: contact.locale } : {}),
    updated_at: updatedAt,
  }
  await db
    .insertInto('applicant_contacts')
    .values({ applicant_id: applicantId, email: null, notices_consent: 0, locale: 'de', ...changes })
    .onConflict((conflict) => conflict.column('applicant_id').doUpdateSet(changes))
    .execute()
}

/** Active appointments and call-backs starting in [from, to), with the applicant's choices (reminders). */
export async function appointmentsStartingBetween(db: Executor, from: string, to: string) {
  return db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .innerJoin('applicant_contacts', 'applicant_contacts.applicant_id', 'bookings.applicant_id')
    .select(['bookings.id', 'bookings.applicant_id', 'bookings.created_at', 'slots.starts_at', 'applicant_contacts.email', 'applicant_contacts.locale'])
    .where('bookings.status', '=', 'active')
    .where('bookings.outcome', 'is', null)
    .where('applicant_contacts.notices_consent', '=', 1)
    .where('applicant_contacts.email', 'is not', null)
    .where('slots.starts_at', '>=', from)
    .where('slots.starts_at', '<', to)
    .execute()
}

/**
 * Document requests due from `from` to `to` (dates) whose application still waits for documents,
 * the latest request of each, with the applicant's choices (reminders).
 */
export async function openDocumentRequestsDueBetween(db: Executor, from: string, to: string) {
  return db
    .selectFrom('application_events')
    .innerJoin('applications', 'applications.reference', 'application_events.reference')
    .innerJoin('applicant_contacts', 'applicant_contacts.applicant_id', 'applications.applicant_id')
    .select(['application_events.id', 'application_events.reference', 'application_events.due_date', 'application_events.at', 'applications.applicant_id', 'applicant_contacts.email', 'applicant_contacts.locale'])
    .where('applications.status', '=', 'documentsRequested')
    .where('application_events.status', '=', 'documentsRequested')
    .where('application_events.due_date', '>=', from)
    .where('application_events.due_date', '<=', to)
    .where('applicant_contacts.notices_consent', '=', 1)
    .where('applicant_contacts.email', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('application_events as later')
            .select('later.id')
            .whereRef('later.reference', '=', 'application_events.reference')
            .whereRef('later.id', '>', 'application_events.id'),
        ),
      ),
    )
    .execute()
}
