import { createHash } from 'node:crypto'
import ICAL from 'ical.js'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addressLine, appointmentLocation, authorityTitle } from '@/domain/authority'
import type { MailOverview } from '@/domain/mail'
import type { FrontDeskDay } from '@/domain/staff'
import { authorityTimeZone, todayAt } from '@/domain/time'
import { addDays } from '@/domain/zonedTime'
import { validAnswers } from '../unit/applicationFactories'
import { authorityProfile } from '../unit/authorityFactories'
import { updateAuthorityProfile } from '../../server/services/authority.js'
import { ConfigError, readConfig } from '../../server/config.js'
import { createMailWorker, type MailWorkerOptions } from '../../server/mail/worker.js'
import { claimMail, finishClaim, queueDueReminders } from '../../server/services/mailOutbox.js'
import { addStaff } from '../../server/services/staff.js'
import { addStaffMember, bookAs, newApplicantToken, staffFetch, staffSessionCookie, startTestServer, type RunningServer } from './harness'
import { startTestSmtp, type TestSmtp } from './testSmtp'

let server: RunningServer
let smtp: TestSmtp
let desk: string
let caseworker: string
let admin: string
const publicUrl = 'https://termine.example.de'
const workers: ReturnType<typeof createMailWorker>[] = []

/** A worker on the test SMTP server; `now` lets a test step past leases and backoffs without waiting. */
function worker(options: Partial<MailWorkerOptions> = {}) {
  const made = createMailWorker(server.storage, { smtpUrl: smtp.url, from: 'termine@example.de', publicUrl, backoffMs: () => 60_000, ...options })
  workers.push(made)
  return made
}

const api = (path: string, token: string, method = 'GET', body?: unknown) =>
  fetch(`${server.baseUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

/** An applicant who gave an address and agreed to notices, in a language. */
async function consentingApplicant(email: string, locale: 'de' | 'en' | 'ar' = 'de'): Promise<string> {
  const token = await newApplicantToken(server.baseUrl)
  const response = await api('/applicant/contact', token, 'PUT', { email, noticesConsent: true, locale })
  expect(response.status).toBe(200)
  return token
}

let slotNumber = 0
/** A free in-person slot `hoursAhead` from now. */
async function slotIn(hoursAhead: number, channel: 'in-person' | 'phone' = 'in-person'): Promise<string> {
  slotNumber += 1
  const id = `mail-slot-${slotNumber}`
  const startsAt = new Date(Date.now() + hoursAhead * 3_600_000)
  startsAt.setUTCSeconds(0, 0)
  await server.storage.db
    .insertInto('slots')
    .values({ id, channel, topic: 'advice', starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 20 * 60_000).toISOString(), place: 'Schalter 3' })
    .execute()
  return id
}

const rowsOf = (kind: string) => server.storage.db.selectFrom('mail_outbox').selectAll().where('kind', '=', kind).execute()

/** Sends everything due now and returns what arrived since `before`. */
async function deliver(before = smtp.received.length) {
  await worker().runOnce()
  return smtp.received.slice(before)
}

const writtenBooking = (token: string, email: string, locale: string) =>
  bookAs(server.baseUrl, token, { channel: 'written', topic: 'general', message: 'Wie lange dauert die Bearbeitung?', replyRoute: 'email', email, locale })

/** A submitted application of an applicant, straight into the database (submissions are tested in applications.test.ts). */
async function submittedApplication(token: string): Promise<string> {
  const { applicant_id: applicantId } = await server.storage.db
    .selectFrom('applicant_tokens')
    .select('applicant_id')
    .where('token_hash', '=', createHash('sha256').update(token).digest('hex'))
    .executeTakeFirstOrThrow()
  slotNumber += 1
  const reference = `ABH-2026-${String(900000 + slotNumber).padStart(6, '0')}`
  const draftId = crypto.randomUUID()
  const answers = JSON.stringify(validAnswers('residence-study'))
  const at = new Date().toISOString()
  await server.storage.db.insertInto('drafts').values({ id: draftId, applicant_id: applicantId, service_id: 'residence-study', answers, revision: 1, updated_at: at }).execute()
  await server.storage.db
    .insertInto('applications')
    .values({ reference, applicant_id: applicantId, draft_id: draftId, service_id: 'residence-study', answers, status: 'submitted', submitted_at: at })
    .execute()
  return reference
}

beforeAll(async () => {
  smtp = await startTestSmtp()
  server = await startTestServer({ mailEnabled: true })
  await addStaff(server.storage, 'desk.mail', 'correct horse battery', 'frontdesk')
  await addStaffMember(server, 'case.mail', 'correct horse battery', 'caseworker')
  await addStaffMember(server, 'admin.mail', 'correct horse battery', 'admin')
  desk = await staffSessionCookie(server.baseUrl, 'desk.mail', 'correct horse battery')
  caseworker = await staffSessionCookie(server.baseUrl, 'case.mail', 'correct horse battery')
  admin = await staffSessionCookie(server.baseUrl, 'admin.mail', 'correct horse battery')
})

beforeEach(async () => {
  smtp.refuse = () => undefined
  // Each test starts with an empty queue: what an earlier test left is sent and forgotten.
  await worker().runOnce()
  await server.storage.db.deleteFrom('mail_outbox').execute()
  smtp.received.length = 0
})

afterEach(async () => {
  await Promise.all(workers.splice(0).map((made) => made.stop()))
})

afterAll(async () => {
  await server.stop()
  await smtp.stop()
})

describe('what is sent, in the applicant’s language', () => {
  it.each([
    ['de', 'Ihre Buchung ist bestätigt (REFERENCE)', 'Guten Tag,'],
    ['en', 'Your booking is confirmed (REFERENCE)', 'Hello,'],
    // Right to left, the reference sits in an isolate (U+2068 … U+2069) so it is not reversed.
    ['ar', 'تم تأكيد حجزكم (\u2068REFERENCE\u2069)', 'تحية طيبة،'],
    ['tr', 'Randevunuz onaylandı (REFERENCE)', 'İyi günler,'],
    ['fa', 'رزرو شما تأیید شد (\u2068REFERENCE\u2069)', 'با سلام و احترام،'],
  ])('confirms a booking in %s, with a plain-text part and no remote content', async (locale, subject, greeting) => {
    const booking = await writtenBooking(await newApplicantToken(server.baseUrl), `anna.${locale}@example.org`, locale)
    const [mail] = await deliver()
    expect(mail?.to).toEqual([`anna.${locale}@example.org`])
    expect(mail?.parsed.subject).toBe(subject.replace('REFERENCE', booking.reference))
    expect(mail?.parsed.text).toContain(greeting)
    expect(mail?.parsed.text).toContain(booking.reference)
    expect(mail?.parsed.headers.get('content-language')).toBe(locale)
    expect(mail?.parsed.html).toContain(`lang="${locale}"`)
    expect(mail?.parsed.html).not.toMatch(/<img|src=|https?:\/\/(?!termine\.example\.de)/)
    // What the applicant wrote stays in the app, not in the e-mail.
    expect(mail?.parsed.text).not.toContain('Wie lange dauert')
  })

  it('attaches the appointment as an .ics file that a calendar parser reads', async () => {
    const token = await consentingApplicant('kalender@example.org')
    const booking = await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'advice', slotId: await slotIn(72) })
    const [mail] = await deliver()
    const attachment = mail?.parsed.attachments.find((entry) => entry.filename === `termin-${booking.reference}.ics`)
    expect(attachment?.contentType).toBe('text/calendar')
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(attachment!.content.toString('utf8')) as unknown as string).getFirstSubcomponent('vevent')!)
    expect(event.uid).toBe(`${booking.bookingId}@abh-digital`)
    expect(event.startDate.toJSDate().toISOString()).toBe(booking.startsAt)
    expect(event.location).toBe('Schalter 3')
    expect(mail?.parsed.text).toContain('Schalter 3')
  })

  it('tells of a move and of a cancellation by the applicant and by the authority, each once', async () => {
    const token = await consentingApplicant('verschoben@example.org', 'en')
    const booking = await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'advice', slotId: await slotIn(50) })
    const newSlot = await slotIn(74)
    for (let attempt = 0; attempt < 2; attempt += 1) {
      // The second is a retry of the same request: no second notice.
      expect((await api(`/bookings/${booking.bookingId}/reschedule`, token, 'POST', { slotId: newSlot })).status).toBe(200)
    }
    for (let attempt = 0; attempt < 2; attempt += 1) expect((await api(`/bookings/${booking.bookingId}/cancel`, token, 'POST')).status).toBe(200)
    const other = await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'advice', slotId: await slotIn(51) })
    expect((await staffFetch(server.baseUrl, desk, 'POST', `/staff/bookings/${other.bookingId}/cancel`)).status).toBe(204)
    const mails = await deliver()
    expect(mails.map((mail) => mail.parsed.subject)).toEqual([
      `Your booking is confirmed (${booking.reference})`,
      `Your appointment was moved (${booking.reference})`,
      `Your appointment is cancelled (${booking.reference})`,
      `Your booking is confirmed (${other.reference})`,
      `We had to cancel your appointment (${other.reference})`,
    ])
  })

  it('sends the written reply by e-mail, and the front desk sees "sent" only once it went', async () => {
    const booking = await writtenBooking(await newApplicantToken(server.baseUrl), 'antwort@example.org', 'de')
    await deliver()
    const reply = await staffFetch(server.baseUrl, desk, 'POST', `/staff/bookings/${booking.bookingId}/reply`, { reply: 'Die Bearbeitung dauert etwa sechs Wochen.' })
    expect(reply.status).toBe(204)
    const today = async () => ((await (await staffFetch(server.baseUrl, desk, 'GET', `/staff/today?date=${todayAt(new Date())}`)).json()) as FrontDeskDay).emailReplies
    expect((await today()).find((entry) => entry.bookingId === booking.bookingId)?.mail).toBe('queued')
    const [mail] = await deliver()
    expect(mail?.parsed.subject).toBe(`Antwort auf Ihre Nachricht (${booking.reference})`)
    expect(mail?.parsed.text).toContain('Die Bearbeitung dauert etwa sechs Wochen.')
    expect((await today()).find((entry) => entry.bookingId === booking.bookingId)?.mail).toBe('sent')
  })

  it('tells of a status change and a document request only with consent, without case content, with the due date', async () => {
    const consenting = await consentingApplicant('neuigkeiten@example.org')
    const silent = await newApplicantToken(server.baseUrl)
    expect((await api('/applicant/contact', silent, 'PUT', { email: 'still@example.org', noticesConsent: false, locale: 'de' })).status).toBe(200)
    const [withConsent, without] = [await submittedApplication(consenting), await submittedApplication(silent)]
    for (const reference of [withConsent, without]) {
      const status = await staffFetch(server.baseUrl, caseworker, 'POST', `/staff/cases/${reference}/status`, { status: 'received', note: 'Geheime Notiz zum Fall' })
      expect(status.status).toBe(200)
      const request = await staffFetch(server.baseUrl, caseworker, 'POST', `/staff/cases/${reference}/document-requests`, { documents: ['passport'], note: 'Bitte Seite 2' })
      expect(request.status).toBe(200)
    }
    const mails = await deliver()
    expect(mails.map((mail) => mail.to[0])).toEqual(['neuigkeiten@example.org', 'neuigkeiten@example.org'])
    const [news, documents] = mails
    expect(news?.parsed.subject).toBe('Neuigkeiten zu Ihrem Antrag')
    expect(`${news?.raw}${documents?.raw}`).not.toMatch(/Geheime Notiz|Bitte Seite 2|ABH-2026|passport/)
    expect(news?.parsed.text).toContain(`${publicUrl}/applications`)
    // 14 days by default, shown to the applicant and named in the e-mail.
    const due = addDays(todayAt(new Date(), authorityTimeZone), 14)
    const dueInWords = new Intl.DateTimeFormat('de', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${due}T00:00:00Z`))
    expect(documents?.parsed.text).toContain(dueInWords)
    const view = await (await api(`/applications/${withConsent}`, consenting)).json()
    expect(view.timeline.at(-1)).toMatchObject({ status: 'documentsRequested', dueDate: due })
  })

  it('takes the caseworker’s due date and refuses one that is not after today', async () => {
    const token = await consentingApplicant('frist@example.org', 'ar')
    const reference = await submittedApplication(token)
    const today = todayAt(new Date(), authorityTimeZone)
    const past = await staffFetch(server.baseUrl, caseworker, 'POST', `/staff/cases/${reference}/document-requests`, { documents: ['passport'], dueDate: today })
    expect(past.status).toBe(422)
    const due = addDays(today, 5)
    expect((await staffFetch(server.baseUrl, caseworker, 'POST', `/staff/cases/${reference}/document-requests`, { documents: ['passport'], dueDate: due })).status).toBe(200)
    const [mail] = await deliver()
    expect(mail?.parsed.subject).toBe('يُرجى تقديم مستندات إضافية')
    expect(mail?.parsed.html).toContain('dir="rtl"')
  })
})

describe('reminders', () => {
  it('reminds a day before an appointment or a call-back, once, and not for one booked within that day', async () => {
    const token = await consentingApplicant('erinnerung@example.org')
    const tomorrow = await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'advice', slotId: await slotIn(20) })
    const call = await bookAs(server.baseUrl, await consentingApplicant('rueckruf@example.org', 'en'), { channel: 'phone', topic: 'advice', slotId: await slotIn(23, 'phone'), phone: '+49 30 1234567' })
    const bookedJustNow = await bookAs(server.baseUrl, await consentingApplicant('kurzfristig@example.org'), { channel: 'in-person', topic: 'advice', slotId: await slotIn(5) })
    const longAgo = new Date(Date.now() - 5 * 86_400_000).toISOString()
    await server.storage.db.updateTable('bookings').set({ created_at: longAgo }).where('id', 'in', [tomorrow.bookingId, call.bookingId]).execute()
    await deliver()
    await queueDueReminders(server.storage)
    await queueDueReminders(server.storage)
    const mails = await deliver()
    expect(mails.map((mail) => mail.parsed.subject).sort()).toEqual([`Erinnerung: Ihr Termin morgen (${tomorrow.reference})`, `Reminder: your appointment tomorrow (${call.reference})`].sort())
    expect(mails.find((mail) => mail.to[0] === 'rueckruf@example.org')?.parsed.text).toContain('We will call you at this time.')
    expect((await rowsOf('appointmentReminder')).map((row) => row.subject_id)).not.toContain(bookedJustNow.bookingId)
  })

  it('reminds three days before a document request is due, once', async () => {
    const token = await consentingApplicant('unterlagen@example.org', 'en')
    const reference = await submittedApplication(token)
    const due = addDays(todayAt(new Date(), authorityTimeZone), 3)
    expect((await staffFetch(server.baseUrl, caseworker, 'POST', `/staff/cases/${reference}/document-requests`, { documents: ['passport'], dueDate: due })).status).toBe(200)
    await deliver()
    // Asked for within the three days: the request itself was the reminder.
    await queueDueReminders(server.storage)
    expect(await rowsOf('documentReminder')).toHaveLength(0)
    await server.storage.db.updateTable('application_events').set({ at: new Date(Date.now() - 11 * 86_400_000).toISOString() }).where('reference', '=', reference).execute()
    await queueDueReminders(server.storage)
    await queueDueReminders(server.storage)
    const mails = (await deliver()).filter((mail) => mail.to[0] === 'unterlagen@example.org')
    expect(mails).toHaveLength(1)
    expect(mails[0]?.parsed.subject).toMatch(/^Reminder: documents due by /)
  })
})

describe('delivery', () => {
  it('sends each message once when the worker dies after claiming it: another sends it when the lease ran out', async () => {
    await writtenBooking(await newApplicantToken(server.baseUrl), 'absturz@example.org', 'de')
    const start = Date.now()
    const claimed = await claimMail(server.storage, { owner: 'crashed-instance', now: start, leaseUntil: start + 60_000, limit: 10 })
    expect(claimed).toHaveLength(1)
    // While the lease holds, nobody else takes it.
    expect((await worker({ now: () => new Date(start + 1_000) }).runOnce()).sent).toBe(0)
    const after = worker({ now: () => new Date(start + 61_000) })
    expect(await after.runOnce()).toMatchObject({ sent: 1 })
    expect(await after.runOnce()).toMatchObject({ sent: 0 })
    // The instance that crashed comes back: its late word changes nothing.
    expect(await finishClaim(server.storage, claimed[0]!.id, 'crashed-instance', { status: 'queued', nextAttemptAt: start, error: 'late' })).toBe(false)
    expect(await worker({ now: () => new Date(start + 120_000) }).runOnce()).toMatchObject({ sent: 0 })
    expect(smtp.received).toHaveLength(1)
    expect((await rowsOf('bookingConfirmed'))[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('sends each message once with several workers at the same time', async () => {
    for (let index = 0; index < 12; index += 1) await writtenBooking(await newApplicantToken(server.baseUrl), `viele.${index}@example.org`, 'de')
    const rounds = await Promise.all([worker({ batchSize: 4 }), worker({ batchSize: 4 }), worker({ batchSize: 4 })].map(async (made) => [await made.runOnce(), await made.runOnce()]))
    expect(rounds.flat().reduce((sum, round) => sum + round.sent, 0)).toBe(12)
    expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual(Array.from({ length: 12 }, (_, index) => `viele.${index}@example.org`).sort())
  })

  it('tries again later when the server says "try later", then sends', async () => {
    let refusals = 0
    smtp.refuse = () => (refusals++ === 0 ? 450 : undefined)
    await writtenBooking(await newApplicantToken(server.baseUrl), 'spaeter@example.org', 'de')
    const start = Date.now()
    expect(await worker({ now: () => new Date(start) }).runOnce()).toMatchObject({ retried: 1 })
    const [row] = await rowsOf('bookingConfirmed')
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'RCPT TO 450 EENVELOPE' })
    expect(row?.next_attempt_at).toBe(start + 60_000)
    expect(await worker({ now: () => new Date(start + 30_000) }).runOnce()).toMatchObject({ sent: 0 })
    expect(await worker({ now: () => new Date(start + 60_000) }).runOnce()).toMatchObject({ sent: 1 })
    expect(smtp.received).toHaveLength(1)
  })

  it('records a refused recipient, shows it to admins without the address, and retries it on an admin’s word (audited)', async () => {
    smtp.refuse = (recipient) => (recipient === 'gibtsnicht@example.org' ? 550 : undefined)
    await writtenBooking(await newApplicantToken(server.baseUrl), 'gibtsnicht@example.org', 'de')
    expect(await worker().runOnce()).toMatchObject({ refused: 1 })
    const overview = (await (await staffFetch(server.baseUrl, admin, 'GET', '/admin/mail')).json()) as MailOverview
    expect(overview.enabled).toBe(true)
    expect(overview.counts.refused).toBe(1)
    expect(overview.undelivered).toEqual([expect.objectContaining({ kind: 'bookingConfirmed', status: 'refused', lastError: 'RCPT TO 550 EENVELOPE' })])
    expect(JSON.stringify(overview)).not.toContain('gibtsnicht')
    expect((await staffFetch(server.baseUrl, desk, 'GET', '/admin/mail')).status).toBe(403)

    smtp.refuse = () => undefined
    expect((await staffFetch(server.baseUrl, admin, 'POST', `/admin/mail/${overview.undelivered[0]!.id}/retry`)).status).toBe(204)
    expect((await staffFetch(server.baseUrl, admin, 'POST', `/admin/mail/${overview.undelivered[0]!.id}/retry`)).status).toBe(404)
    expect(await worker().runOnce()).toMatchObject({ sent: 1 })
    const audit = await server.storage.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'mail.retried').execute()
    expect(audit).toEqual([{ action: 'mail.retried', subject: overview.undelivered[0]!.id }])
  })

  it('keeps messages while the SMTP server is down and sends them when it is back; fails after the last attempt', async () => {
    const down = await startTestSmtp()
    const url = down.url
    await down.stop()
    await writtenBooking(await newApplicantToken(server.baseUrl), 'geduld@example.org', 'de')
    const start = Date.now()
    expect(await worker({ smtpUrl: url, now: () => new Date(start) }).runOnce()).toMatchObject({ retried: 1 })
    expect((await rowsOf('bookingConfirmed'))[0]).toMatchObject({ status: 'queued', last_error: expect.stringMatching(/ECONNECTION|ESOCKET/) })
    expect(await worker({ smtpUrl: url, maxAttempts: 2, now: () => new Date(start + 60_000) }).runOnce()).toMatchObject({ failed: 1 })
    expect((await rowsOf('bookingConfirmed'))[0]).toMatchObject({ status: 'failed', attempts: 2 })

    const [row] = await rowsOf('bookingConfirmed')
    expect((await staffFetch(server.baseUrl, admin, 'POST', `/admin/mail/${row!.id}/retry`)).status).toBe(204)
    const back = await startTestSmtp(Number(new URL(url).port))
    try {
      expect(await worker({ smtpUrl: back.url }).runOnce()).toMatchObject({ sent: 1 })
      expect(back.received.map((mail) => mail.to[0])).toEqual(['geduld@example.org'])
    } finally {
      await back.stop()
    }
  })

  it('fails a message that cannot be rendered after its attempts instead of holding it forever', async () => {
    await server.storage.db
      .insertInto('mail_outbox')
      .values({ id: crypto.randomUUID(), event_key: 'broken', kind: 'fromAnOlderVersion', applicant_id: null, subject_id: null, recipient: 'alt@example.org', locale: 'de', payload: '{"kind":"fromAnOlderVersion"}', status: 'queued', next_attempt_at: 0, created_at: new Date().toISOString() })
      .execute()
    expect(await worker({ maxAttempts: 1 }).runOnce()).toMatchObject({ failed: 1 })
    expect(await rowsOf('fromAnOlderVersion')).toEqual([expect.objectContaining({ status: 'failed', last_error: 'ERROR' })])
    expect(smtp.received).toEqual([])
  })

  it('without SMTP_URL keeps every message queued and says e-mail is off', async () => {
    const off = await startTestServer({ mailEnabled: false })
    try {
      const token = await newApplicantToken(off.baseUrl)
      await bookAs(off.baseUrl, token, { channel: 'written', topic: 'general', message: 'Eine Frage zur Bearbeitung', replyRoute: 'email', email: 'wartet@example.org' })
      await addStaffMember(off, 'admin.off', 'correct horse battery', 'admin')
      const cookie = await staffSessionCookie(off.baseUrl, 'admin.off', 'correct horse battery')
      const overview = (await (await staffFetch(off.baseUrl, cookie, 'GET', '/admin/mail')).json()) as MailOverview
      expect(overview).toMatchObject({ enabled: false, counts: { queued: 1, sent: 0 } })
    } finally {
      await off.stop()
    }
  })
})

describe('bad input', () => {
  it.each([
    'anna@example.org\r\nBcc: evil@example.net',
    'anna@example.org\nBcc: evil@example.net',
    'anna@example.org\rBcc: evil@example.net',
    '"anna"@example.org',
    'anna <evil@example.net>',
    'anna@example.org, evil@example.net',
    `${'a'.repeat(65)}@example.org`,
    `anna@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.de`,
    'anna@example',
    'anna@127.0.0.1',
  ])('refuses %j as an address, for a booking and for notices', async (address) => {
    const token = await newApplicantToken(server.baseUrl)
    const contact = await api('/applicant/contact', token, 'PUT', { email: address, noticesConsent: true, locale: 'de' })
    expect(contact.status).toBe(422)
    const booking = await fetch(`${server.baseUrl}/api/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ channel: 'written', topic: 'general', message: 'Eine Frage zur Bearbeitung', replyRoute: 'email', email: address }),
    })
    expect(booking.status).toBe(422)
  })

  it('never sends to an address that came in past the checks, and a name can never add a header', async () => {
    await writtenBooking(await newApplicantToken(server.baseUrl), 'kopf@example.org', 'de')
    await server.storage.db
      .insertInto('mail_outbox')
      .values({
        id: crypto.randomUUID(),
        event_key: 'hand-made',
        kind: 'statusChanged',
        applicant_id: null,
        subject_id: null,
        recipient: 'opfer@example.org\r\nBcc: evil@example.net',
        locale: 'de',
        payload: JSON.stringify({ kind: 'statusChanged' }),
        status: 'queued',
        next_attempt_at: 0,
        created_at: new Date().toISOString(),
      })
      .execute()
    const injecting = worker({ authority: async () => ({ name: 'Amt\r\nBcc: evil@example.net\r\nX-Injected: yes', email: 'antwort@example.de' }) })
    expect(await injecting.runOnce()).toMatchObject({ sent: 1, refused: 1 })
    expect(smtp.received).toHaveLength(1)
    const [mail] = smtp.received
    expect(mail?.to).toEqual(['kopf@example.org'])
    const headerBlock = mail!.raw.split(/\r?\n\r?\n/)[0]!
    expect(headerBlock).not.toMatch(/^(Bcc|X-Injected):/im)
    expect(mail?.parsed.from?.value[0]?.address).toBe('termine@example.de')
  })

  it('takes a unicode address as RFC 6531 and RFC 5890 say: SMTPUTF8 where the relay offers it, else the domain as punycode', async () => {
    const token = await consentingApplicant('Jürgen.Müller@Bücher.example')
    expect(await (await api('/applicant/contact', token)).json()).toMatchObject({ email: 'Jürgen.Müller@bücher.example' })
    await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'advice', slotId: await slotIn(90) })
    const [mail] = await deliver()
    expect(mail?.to).toEqual(['Jürgen.Müller@bücher.example'])

    const asciiOnly = await startTestSmtp(0, { hideSMTPUTF8: true })
    try {
      await bookAs(server.baseUrl, await consentingApplicant('juergen@bücher.example'), { channel: 'in-person', topic: 'advice', slotId: await slotIn(91) })
      expect(await worker({ smtpUrl: asciiOnly.url }).runOnce()).toMatchObject({ sent: 1 })
      expect(asciiOnly.received[0]?.raw).toMatch(/^To: juergen@xn--bcher-kva\.example$/m)
    } finally {
      await asciiOnly.stop()
    }
  })
})

describe('configuration', () => {
  const relay = { SMTP_URL: 'smtp://relay.example.de:587', MAIL_FROM: 'termine@example.de', PUBLIC_URL: 'https://termine.example.de/' }

  it('sends only with SMTP_URL, a valid sender and the app’s address, and says what is missing', () => {
    expect(readConfig({}).mail).toBeUndefined()
    expect(readConfig(relay)).toMatchObject({ mail: { smtpUrl: relay.SMTP_URL, from: 'termine@example.de' }, publicUrl: 'https://termine.example.de' })
    expect(() => readConfig({ ...relay, MAIL_FROM: undefined })).toThrow(/MAIL_FROM/)
    expect(() => readConfig({ ...relay, MAIL_FROM: 'termine@example.de\r\nBcc: evil@example.net' })).toThrow(/MAIL_FROM/)
    expect(() => readConfig({ ...relay, PUBLIC_URL: undefined })).toThrow(/PUBLIC_URL/)
    expect(() => readConfig({ ...relay, PUBLIC_URL: 'javascript:alert(1)' })).toThrow(ConfigError)
    expect(() => readConfig({ ...relay, SMTP_URL: 'http://relay.example.de' })).toThrow(/SMTP_URL/)
  })
})

describe('stopping notices', () => {
  it('stops notices from the link in an e-mail without signing in: GET asks, POST (also one-click) stops', async () => {
    const token = await consentingApplicant('abbestellen@example.org', 'en')
    await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'advice', slotId: await slotIn(95) })
    const [mail] = await deliver()
    const headers = mail?.raw.split('\r\n\r\n')[0]?.replace(/\r\n[ \t]+/g, ' ') ?? ''
    const link = /^List-Unsubscribe: <(https:\/\/termine\.example\.de\/unsubscribe\/[^>]+)>$/m.exec(headers)?.[1]
    expect(link).toBeDefined()
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m)
    expect(mail?.parsed.text).toContain(link)
    const local = `${server.baseUrl}${new URL(link!).pathname}`

    const page = await fetch(local)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post"><button type="submit">Stop notifications</button></form>')
    expect(await (await api('/applicant/contact', token)).json()).toMatchObject({ noticesConsent: true })

    const oneClick = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
    expect(oneClick.status).toBe(200)
    expect(await (await api('/applicant/contact', token)).json()).toMatchObject({ email: 'abbestellen@example.org', noticesConsent: false })

    const forged = `${local.slice(0, -4)}AAAA`
    expect((await fetch(forged, { method: 'POST' })).status).toBe(404)
    expect((await fetch(`${server.baseUrl}/unsubscribe/not-a-token`)).status).toBe(404)
  })

  it('lets the applicant change the address and withdraw consent in the app; notices then stop', async () => {
    const token = await consentingApplicant('erst@example.org')
    expect((await api('/applicant/contact', token, 'PUT', { email: 'dann@example.org', noticesConsent: true, locale: 'ar' })).status).toBe(200)
    const first = await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'advice', slotId: await slotIn(96) })
    expect((await deliver()).map((mail) => mail.to[0])).toEqual(['dann@example.org'])
    expect((await api('/applicant/contact', token, 'PUT', { email: 'dann@example.org', noticesConsent: false, locale: 'ar' })).status).toBe(200)
    expect((await api(`/bookings/${first.bookingId}/cancel`, token, 'POST')).status).toBe(200)
    expect(await deliver()).toEqual([])
    expect((await api('/applicant/contact', token, 'PUT', { noticesConsent: true, locale: 'de' })).status).toBe(422)
  })
})

describe('the authority in every e-mail', () => {
  it('names the configured authority as the sender, signs with its address and puts the full place into the calendar file', async () => {
    const admin = await server.storage.db.selectFrom('staff').select('id').where('username', '=', 'admin.mail').executeTakeFirstOrThrow()
    const { profile } = await updateAuthorityProfile(server.storage, admin.id, authorityProfile())
    try {
      const token = await consentingApplicant('behoerde@example.org')
      const booking = await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'advice', slotId: await slotIn(97) })
      const [mail] = await deliver()
      expect(mail?.parsed.from?.value[0]).toEqual({ name: authorityTitle(profile), address: 'termine@example.de' })
      expect(mail?.parsed.replyTo?.value[0]?.address).toBe(profile.email)
      expect(mail?.parsed.text).toContain(addressLine(profile.address))
      const attachment = mail?.parsed.attachments.find((entry) => entry.filename === `termin-${booking.reference}.ics`)
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(attachment!.content.toString('utf8')) as unknown as string).getFirstSubcomponent('vevent')!)
      expect(event.location).toBe(appointmentLocation(profile, 'Schalter 3'))
      expect(String(event.component.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${profile.email}`.toLowerCase())
    } finally {
      // The other tests expect an authority that is not configured.
      await server.storage.db.deleteFrom('authority_profile').execute()
    }
  })
})
