import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import staffAr from '@/i18n/staff/ar.json'
import staffDe from '@/i18n/staff/de.json'
import { openSqliteStorage } from '../../server/storage/sqlite.js'
import { startTestSmtp, type TestSmtp } from '../server/testSmtp'
import { credentialsOf } from './deviceData'
import { signedInStaff } from './staffSignIn'
import { expectNoAxeViolations, newContext, useAppAndBrowser } from './support'

let smtp: TestSmtp | undefined
const env = useAppAndBrowser(async () => {
  smtp = await startTestSmtp()
  return { env: { SMTP_URL: smtp.url, MAIL_FROM: 'termine@example.de', PUBLIC_URL: 'https://termine.example.de' } }
})
afterAll(() => smtp?.stop())

const screenshots = process.env.SCREENSHOT_DIR

describe('e-mail from the app', () => {
  it('sends the booking confirmation to the address given with a written contact', async () => {
    const context = await newContext(env.browser, { locale: 'de-DE', viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/contact/written`)
    await page.getByLabel(de.booking.topicLabel).selectOption('general')
    await page.getByLabel(de.booking.messageLabel).fill('Wie lange dauert die Bearbeitung meines Antrags?')
    await page.getByLabel(de.booking.replyRoutes.email).check()
    await page.getByLabel(de.booking.emailLabel).fill('lina@example.org')
    await page.getByRole('button', { name: de.booking.send }).click()
    const reference = /T-[0-9A-Z]{8}/.exec((await page.getByTestId('booking-confirmation').textContent()) ?? '')?.[0]
    expect(reference).toBeDefined()
    // The worker's first round after the booking, at most one interval (15 s) later.
    const [mail] = await smtp!.waitFor(1)
    expect(mail?.to).toEqual(['lina@example.org'])
    expect(mail?.parsed.subject).toBe(`Ihre Buchung ist bestätigt (${reference})`)
    expect(mail?.parsed.attachments.map((attachment) => attachment.filename)).toEqual([`termin-${reference}.ics`])
    await context.close()
  })

  it.each([
    { locale: 'de-DE', messages: de, name: 'de' },
    { locale: 'ar-SY', messages: ar, name: 'ar' },
  ])('lets the applicant give an address and agree to notices on "My applications" ($name), accessibly at 390 and 320 px', async ({ locale, messages, name }) => {
    const context = await newContext(env.browser, { locale, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/applications`)
    const section = page.getByTestId('contact-preferences')
    await section.getByRole('heading', { name: messages.contactPreferences.heading }).waitFor()
    await section.getByLabel(messages.contactPreferences.emailLabel).fill('anna@example\nBcc')
    await section.getByLabel(messages.contactPreferences.consentLabel).check()
    await section.getByRole('button', { name: messages.contactPreferences.save }).click()
    await section.getByRole('alert').waitFor()
    await expectNoAxeViolations(page, `contact preferences with a problem (${name})`)
    await section.getByLabel(messages.contactPreferences.emailLabel).fill(`anna.${name}@example.org`)
    await section.getByRole('button', { name: messages.contactPreferences.save }).click()
    await section.getByText(messages.contactPreferences.saved).waitFor()
    await expectNoAxeViolations(page, `contact preferences saved (${name})`)
    if (screenshots) {
      mkdirSync(screenshots, { recursive: true })
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: 844 })
        await section.screenshot({ path: path.join(screenshots, `contact-preferences-${name}-${width}.png`) })
      }
    }
    // Synced through the device's outbox: the server has the choice, in the app's language …
    const contact = async () => {
      const token = (await credentialsOf(page))?.token
      if (!token) return undefined
      return (await page.request.get(`${env.server.baseUrl}/api/applicant/contact`, { headers: { authorization: `Bearer ${token}` } })).json()
    }
    await expect.poll(contact, { timeout: 20_000 }).toEqual({ email: `anna.${name}@example.org`, noticesConsent: true, locale: name })
    // … and an appointment booked now is confirmed to that address, in that language.
    await page.goto(`${env.server.baseUrl}/contact/in-person`)
    await page.getByLabel(messages.booking.topicLabel).selectOption('advice')
    await page.locator('fieldset').getByRole('radio').first().check()
    await page.getByRole('button', { name: messages.booking.book }).click()
    await page.getByTestId('booking-confirmation').waitFor()
    await expect.poll(() => smtp!.received.find((mail) => mail.to[0] === `anna.${name}@example.org`)?.parsed.subject, { timeout: 30_000 }).toContain(
      messages.mail.kinds.bookingConfirmed.subject.split(' (')[0],
    )
    await context.close()
  })

  it.each([
    { locale: 'de-DE', messages: staffDe, name: 'de' },
    { locale: 'ar-SY', messages: staffAr, name: 'ar' },
  ])('shows the admin a refused message with its reason and sends it again on request ($name)', async ({ locale, messages, name }) => {
    smtp!.refuse = (recipient) => (recipient === `niemand.${name}@example.org` ? 550 : undefined)
    const applicant = (await (await fetch(`${env.server.baseUrl}/api/applicants`, { method: 'POST' })).json()) as { token: string }
    const booked = await fetch(`${env.server.baseUrl}/api/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicant.token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ channel: 'written', topic: 'general', message: 'Eine Frage zur Bearbeitung', replyRoute: 'email', email: `niemand.${name}@example.org` }),
    })
    expect(booked.status).toBe(201)
    const storage = await openSqliteStorage(env.server.dataDir)
    try {
      await expect
        .poll(async () => (await storage.db.selectFrom('mail_outbox').select('status').where('recipient', '=', `niemand.${name}@example.org`).executeTakeFirst())?.status, { timeout: 30_000 })
        .toBe('refused')
    } finally {
      await storage.close()
    }
    const context = await newContext(env.browser, { locale, viewport: { width: 390, height: 844 } })
    const page = await signedInStaff(context, env.server, `verwaltung.${name}`, 'admin', 'correct horse battery', { messages })
    await page.goto(`${env.server.baseUrl}/staff/admin`)
    const section = page.getByTestId('mail-status')
    await section.getByText(messages.mail.on).waitFor()
    // Newest first: this test's message.
    const row = section.getByTestId('mail-undelivered').locator('tbody tr', { hasText: 'RCPT TO 550' }).first()
    await row.waitFor()
    // The admin screens are for office PCs: checked at desktop width (the audit log's table scrolls on a phone).
    await page.setViewportSize({ width: 1280, height: 900 })
    await expectNoAxeViolations(page, `admin e-mail section (${name})`)
    if (screenshots) {
      // Only this section in the picture: the admin page's other tables widen the page on a phone,
      // and Chromium then captures an RTL page blank.
      await page.evaluate(() => document.querySelectorAll('main section:not([data-testid=mail-status])').forEach((other) => ((other as HTMLElement).hidden = true)))
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: 844 })
        await section.screenshot({ path: path.join(screenshots, `admin-mail-${name}-${width}.png`) })
      }
      await page.evaluate(() => document.querySelectorAll('main section[hidden]').forEach((other) => ((other as HTMLElement).hidden = false)))
    }
    smtp!.refuse = () => undefined
    await row.getByRole('button', { name: messages.mail.retry }).click()
    await section.getByText(messages.mail.retried).waitFor()
    await expect.poll(() => smtp!.received.some((mail) => mail.to[0] === `niemand.${name}@example.org`), { timeout: 30_000 }).toBe(true)
    await context.close()
  })
})
