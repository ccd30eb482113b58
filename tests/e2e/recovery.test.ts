import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import { formatCalendarDay } from '@/domain/formats'
import type { ApplicantCredentials } from '@/domain/sync'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import { validAnswers } from '../unit/applicationFactories'
import { recordStatusEvent } from '../../server/services/applications.js'
import { openSqliteStorage } from '../../server/storage/sqlite.js'
import { credentialsOf } from './deviceData'
import { makePhotoJpeg } from './syntheticPhoto'
import { expectNoAxeViolations, newContext, pluralFormOf, useAppAndBrowser } from './support'

const env = useAppAndBrowser()
const screenshots = path.join(tmpdir(), 'abh-screenshots')
const languages = [
  { lang: 'de', browserLocale: 'de-DE', messages: de },
  { lang: 'ar', browserLocale: 'ar-SY', messages: ar },
] as const
type Messages = typeof de

/** Takes the message as the page shows it: placeholders filled in, RTL isolates kept out of the comparison. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '')
const fill = (message: string, values: Record<string, string | number>) =>
  plain(Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{${name}}`, String(value)), message))
const fixedPart = (message: string) => plain(message).split(/\{\w+\}/)[0]?.trim() ?? ''

/** The screen (or the part a point is about) at a phone's widths, for a person to look at. */
async function screenshot(page: Page, name: string, part?: Locator) {
  mkdirSync(screenshots, { recursive: true })
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 900 })
    const file = path.join(screenshots, `${name}-${width}.png`)
    await (part ? part.screenshot({ path: file }) : page.screenshot({ path: file, fullPage: true }))
  }
  await page.setViewportSize({ width: 390, height: 900 })
}

const answers = validAnswers('residence-study')
const required = deriveChecklist(applicationForms['residence-study'], answers).filter((item) => item.required)

/** An applicant who submitted a complete application on another phone; its pages are recorded directly (uploads.test.ts covers the upload path). */
async function applicantWithSubmittedApplication(): Promise<{ recoveryCode: string; reference: string }> {
  const api = (pathname: string, init: RequestInit = {}) => fetch(`${env.server.baseUrl}/api${pathname}`, init)
  const credentials = (await (await api('/applicants', { method: 'POST' })).json()) as ApplicantCredentials
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${credentials.token}` }
  const draftId = crypto.randomUUID()
  expect((await api(`/drafts/${draftId}`, { method: 'PUT', headers, body: JSON.stringify({ serviceId: 'residence-study', answers }) })).status).toBe(201)
  const storage = await openSqliteStorage(env.server.dataDir)
  for (const item of required) {
    await storage.db
      .insertInto('documents')
      .values({ id: crypto.randomUUID(), applicant_id: credentials.applicantId, draft_id: draftId, slot: item.id, page: 1, sha256: 'e'.repeat(64), mime_type: 'image/jpeg', size: 1000, created_at: new Date().toISOString() })
      .execute()
  }
  await storage.close()
  const submitted = await api('/applications', { method: 'POST', headers: { ...headers, 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify({ draftId, revision: 1 }) })
  expect(submitted.status).toBe(201)
  const { reference } = (await submitted.json()) as { reference: string }
  return { recoveryCode: credentials.recoveryCode ?? '', reference }
}

async function enterRecoveryCode(page: Page, messages: Messages, code: string) {
  await page.getByTestId('recover-form').getByLabel(messages.sync.recover.label, { exact: true }).fill(code)
  await page.getByRole('button', { name: messages.sync.recover.submit }).click()
  await page.getByRole('status').filter({ hasText: fixedPart(pluralFormOf(messages.sync.recover.done, 1, messages === ar ? 'ar' : 'de')) }).waitFor()
}

describe.each(languages)('a new phone in $lang', ({ lang, browserLocale, messages }) => {
  it('looks around first, then takes over a submitted application with its documents as received, and is told of news', async () => {
    const { recoveryCode, reference } = await applicantWithSubmittedApplication()
    const context = await newContext(env.browser, { locale: browserLocale, viewport: { width: 390, height: 900 } })
    const page = await context.newPage()
    const registrations: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/applicants') registrations.push(request.url())
    })

    // Point 1: the home screen leads to the transfer screen by the name the assisted receipt uses.
    await page.goto(env.server.baseUrl)
    await page.locator(`html[lang="${lang}"]`).waitFor()
    const continueHere = page.getByTestId('continue-elsewhere')
    await continueHere.getByRole('heading', { name: messages.home.continueHeading }).waitFor()
    await screenshot(page, `home-continue-${lang}`, continueHere)
    await expectNoAxeViolations(page, `home in ${lang}`)

    // Looking at "Termine" and "Meine Anträge" first registers nothing.
    await page.getByRole('link', { name: messages.nav.appointments, exact: true }).click()
    await page.getByRole('heading', { level: 1, name: messages.booking.myAppointments }).waitFor()
    await page.getByRole('link', { name: messages.nav.myApplications }).click()
    await page.getByText(messages.applications.empty).waitFor()
    await page.goto(env.server.baseUrl)
    const toTransfer = continueHere.getByRole('link')
    expect(plain((await toTransfer.textContent()) ?? '').trim()).toBe(fill(messages.home.continueLink, { screen: messages.nav.sync }))
    await toTransfer.click()
    await page.getByRole('heading', { level: 1, name: messages.nav.sync }).waitFor()
    await page.getByText(messages.sync.noRecoveryYet).waitFor()
    expect(registrations).toEqual([])
    await expectNoAxeViolations(page, `sync screen of a fresh device in ${lang}`)

    // Point 6: the recovered application shows the documents the authority holds, not "missing: 8".
    await enterRecoveryCode(page, messages, recoveryCode)
    await page.getByRole('link', { name: messages.nav.myApplications }).click()
    const card = page.locator('article.draft-card')
    await card.waitFor()
    await expect.poll(async () => plain((await card.textContent()) ?? '')).toContain(fill(messages.applications.documentsMissing, { count: 0 }))
    await card.getByRole('link', { name: messages.applications.view }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/review'))
    await page.getByTestId('receipt').waitFor()
    expect(plain((await page.locator('.draft-review__documents').textContent()) ?? '')).not.toContain(fixedPart(messages.review.documentsMissing))
    await screenshot(page, `recovered-receipt-${lang}`, page.locator('.draft-review__documents'))

    // Point 14: a document request made meanwhile is news on the next open, with its due date.
    const storage = await openSqliteStorage(env.server.dataDir)
    await recordStatusEvent(storage, reference, { status: 'documentsRequested', requestedDocuments: ['languageCertificate'], dueDate: '2027-01-15' })
    await storage.close()
    await page.goto(env.server.baseUrl)
    const badge = page.getByTestId('nav-applications').getByTestId('news-badge')
    await badge.waitFor()
    expect(await badge.textContent()).toContain('1')
    await screenshot(page, `news-badge-${lang}`, page.locator('header'))
    await page.getByRole('link', { name: messages.nav.myApplications }).click()
    await card.getByTestId('application-new').waitFor()
    await expectNoAxeViolations(page, `my applications with news in ${lang}`)
    await card.getByRole('link', { name: messages.applications.view }).click()
    const requested = page.getByTestId('requested-documents')
    await requested.waitFor()
    const dueDate = formatCalendarDay(lang, '2027-01-15', { dateStyle: 'long' })
    expect(plain((await requested.getByTestId('request-due').textContent()) ?? '')).toContain(plain(dueDate))
    const arrival = requested.getByTestId('request-arrival')
    expect(plain((await arrival.textContent()) ?? '').trim()).toBe(plain(messages.receipt.requestNotArrived))
    // Seen: the mark and the badge go.
    await expect.poll(() => page.getByTestId('news-badge').count()).toBe(0)

    // The answer to the request: the page is confirmed as received by the authority, from the server's answer.
    await requested.getByTestId('photo-input').setInputFiles({ name: 'b1.jpg', mimeType: 'image/jpeg', buffer: await makePhotoJpeg(page, 1200, 900) })
    await requested.locator('[data-arrived="yes"]').waitFor({ timeout: 30_000 })
    expect(plain((await arrival.textContent()) ?? '')).toContain(fixedPart(messages.receipt.requestArrived))
    await screenshot(page, `request-answered-${lang}`, requested)
    await expectNoAxeViolations(page, `answered request in ${lang}`)
    await context.close()
    // A whole journey with an upload, several screens and axe runs: more than the default minute on a loaded machine.
  }, 150_000)
})

describe('a phone that only sent a setting', () => {
  it('still takes a recovery code, and offers its own code to copy (or to select where copying fails) and as a QR code', async () => {
    const { recoveryCode } = await applicantWithSubmittedApplication()
    const context = await newContext(env.browser, { permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 390, height: 900 } })
    const page = await context.newPage()
    // The e-mail choice is something to send: the device registers for it, and holds no application.
    await page.goto(`${env.server.baseUrl}/applications`)
    // The pre-rendered page takes no input until the app has taken it over.
    await page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('inert'))
    await page.getByLabel(de.contactPreferences.emailLabel).fill('kovalenko@example.org')
    await page.getByTestId('contact-preferences').getByRole('checkbox').check()
    await page.getByRole('button', { name: de.contactPreferences.save }).click()
    await page.getByRole('status').filter({ hasText: de.contactPreferences.saved }).waitFor()
    await expect.poll(async () => (await credentialsOf(page))?.recoveryCode ?? '', { timeout: 30_000 }).not.toBe('')
    const own = (await credentialsOf(page))?.recoveryCode ?? ''

    await page.goto(`${env.server.baseUrl}/sync`)
    const shown = page.getByTestId('recovery-code')
    expect(await shown.textContent()).toBe(own)
    await page.getByTestId('copy-recovery-code').click()
    await page.getByTestId('copy-outcome').filter({ hasText: de.sync.copy.copied }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(own)
    const qr = page.getByTestId('recovery-qr')
    await qr.waitFor()
    expect(await qr.getAttribute('alt')).toBe(fill(de.sync.qr.alt, { screen: de.nav.sync }))
    await page.getByTestId('recover-form').waitFor()
    await screenshot(page, 'sync-code-de')
    await expectNoAxeViolations(page, 'sync screen with code, QR code and recovery form')
    await page.evaluate(() => localStorage.setItem('abh.locale', 'ar'))
    await page.reload()
    await page.locator('html[lang="ar"]').waitFor()
    await page.getByTestId('recovery-qr').waitFor()
    await screenshot(page, 'sync-code-ar')
    await expectNoAxeViolations(page, 'sync screen with code in Arabic')
    await page.evaluate(() => localStorage.setItem('abh.locale', 'de'))
    await page.reload()
    await page.locator('html[lang="de"]').waitFor()

    // Without a clipboard the code is selected for the applicant to copy by hand.
    const noClipboard = await context.newPage()
    await noClipboard.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }))
    await noClipboard.goto(`${env.server.baseUrl}/sync`)
    await noClipboard.getByTestId('copy-recovery-code').click()
    await noClipboard.getByTestId('copy-outcome').filter({ hasText: de.sync.copy.selected }).waitFor()
    expect(await noClipboard.evaluate(() => window.getSelection()?.toString().trim())).toBe(own)
    await noClipboard.close()

    await enterRecoveryCode(page, de, recoveryCode)
    expect((await credentialsOf(page))?.recoveryCode).toBe(recoveryCode)
    await context.close()
  }, 150_000)
})
