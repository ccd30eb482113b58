import { createHash } from 'node:crypto'
import path from 'node:path'
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { SubmissionResponse } from '@/domain/applicationStatus'
import type { Locale } from '@/domain/locales'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import staffAr from '@/i18n/staff/ar.json'
import staffDe from '@/i18n/staff/de.json'
import visitorAr from '@/i18n/visitor/ar.json'
import visitorDe from '@/i18n/visitor/de.json'
import visitorEn from '@/i18n/visitor/en.json'
import { validAnswers } from '../unit/applicationFactories'
import { filesystemDocumentStore } from '../../server/storage/documentStore.js'
import { newApplicantToken } from '../server/harness'
import { signedInStaff, withServerStorage } from './staffSignIn'
import { expectNoAxeViolations, newContext, useAppAndBrowser } from './support'

const env = useAppAndBrowser()
const password = 'ein-langes-passwort-42'

async function contextIn(locale: Locale, options: Parameters<typeof newContext>[1] = {}): Promise<BrowserContext> {
  const context = await newContext(env.browser, options)
  if (locale !== 'de') await context.addInitScript((chosen) => localStorage.setItem('abh.locale', chosen), locale)
  return context
}

/** The header's two parts as shares of the viewport's height: the bar that stays, and everything above the content. */
const headerShares = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector('[data-testid="layout-header"]')!.getBoundingClientRect()
    const content = document.querySelector('main')!.getBoundingClientRect()
    return { bar: bar.height / innerHeight, whole: (content.top + scrollY) / innerHeight }
  })

/** True when the element is inside the viewport and on top there (not covered, not scrolled away). */
const inSightAfterScrolling = (page: Page, testId: string) =>
  page.evaluate((id) => {
    const element = document.querySelector(`[data-testid="${id}"]`)
    if (!element) return false
    const box = element.getBoundingClientRect()
    const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    return box.top >= 0 && box.bottom <= innerHeight && onTop !== null && element.contains(onTop)
  }, testId)

describe('the header', () => {
  // 200 % zoom of a 390 × 844 phone: half as many CSS pixels each way, each drawn with twice the device pixels.
  it.each([
    { locale: 'de', width: 390, height: 844, scale: 1, bar: 0.1, whole: 0.2 },
    { locale: 'ar', width: 320, height: 640, scale: 1, bar: 0.17, whole: 0.3 },
    { locale: 'de', width: 195, height: 422, scale: 2, bar: 0.27, whole: 0.6 },
    { locale: 'ar', width: 195, height: 422, scale: 2, bar: 0.27, whole: 0.6 },
  ] as const)('is compact at $width × $height ($scale×, $locale) and keeps the connection and sync state in sight while the page scrolls', async ({ locale, width, height, scale, bar, whole }) => {
    const messages = locale === 'ar' ? ar : de
    const context = await contextIn(locale, { viewport: { width, height }, deviceScaleFactor: scale })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/residence-employment`)
    await page.getByRole('button', { name: messages.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    await page.locator('#field-surname').fill('Yıldırım')
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })
    await page.evaluate(() => scrollTo(0, 0))
    await page.screenshot({ path: `/tmp/staffux/header-${locale}-${width}.png` })
    const shares = await headerShares(page)
    expect(shares.bar).toBeLessThanOrEqual(bar)
    expect(shares.whole).toBeLessThanOrEqual(whole)
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight))
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(0)
    expect(await inSightAfterScrolling(page, 'sync-indicator')).toBe(true)
    expect(await inSightAfterScrolling(page, 'header-state')).toBe(true)
    // Nothing sticks out sideways at 200 %: the language switcher shrinks with the line.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true)
    await page.screenshot({ path: `/tmp/staffux/header-scrolled-${locale}-${width}.png` })
    await expectNoAxeViolations(page, `header ${locale} ${width}`)
    await context.close()
  })
})

describe('staff screens', () => {
  it('show no applicant links in their layout, in German and Arabic', { timeout: 120_000 }, async () => {
    for (const [locale, messages] of [['de', de], ['ar', ar]] as const) {
      const context = await contextIn(locale)
      const page = await signedInStaff(context, env.server, `empfang.${locale}`, 'frontdesk', password, { messages: locale === 'ar' ? staffAr : staffDe })
      const banner = page.getByRole('banner')
      await banner.waitFor()
      expect(await page.getByRole('link', { name: messages.nav.myApplications }).count()).toBe(0)
      expect(await page.getByRole('link', { name: messages.nav.appointments, exact: true }).count()).toBe(0)
      expect(await page.getByRole('navigation', { name: messages.nav.label }).count()).toBe(0)
      // The name in the header leads to the staff home, not to the applicants'.
      expect(await banner.getByRole('link').first().getAttribute('href')).toBe('/staff')
      await context.close()
    }
  })
})

/** A dark, blurred, small photo of a page, as a device might have sent it (made by the browser's own encoder). */
async function darkSmallPhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(600, 400)
    const context = canvas.getContext('2d')!
    context.fillStyle = '#202020'
    context.fillRect(0, 0, 600, 400)
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 })).arrayBuffer())
    let binary = ''
    for (const byte of bytes) binary += String.fromCharCode(byte)
    return btoa(binary)
  })
  return Buffer.from(base64, 'base64')
}

/** Submits an application through the API whose passport page is `photo` and every other page a PDF; returns its reference. */
async function submittedCase(photo: Buffer, names: { surname: string; givenNames: string }): Promise<string> {
  const token = await newApplicantToken(env.server.baseUrl)
  const answers = validAnswers('residence-employment', names)
  const draftId = crypto.randomUUID()
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
  expect((await fetch(`${env.server.baseUrl}/api/drafts/${draftId}`, { method: 'PUT', headers, body: JSON.stringify({ serviceId: 'residence-employment', answers }) })).status).toBe(201)
  await withServerStorage(env.server, async (storage) => {
    const documents = filesystemDocumentStore(path.join(env.server.dataDir, 'documents'))
    const { applicant_id: applicantId } = await storage.db.selectFrom('drafts').select('applicant_id').where('id', '=', draftId).executeTakeFirstOrThrow()
    for (const item of deriveChecklist(applicationForms['residence-employment'], answers).filter((entry) => entry.required)) {
      const [bytes, mimeType] = item.id === 'passport' ? [photo, 'image/jpeg'] : [Buffer.from(`%PDF-1.7\n% ${item.id}\n%%EOF\n`), 'application/pdf']
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      await documents.put(sha256, bytes)
      await storage.db
        .insertInto('documents')
        .values({ id: crypto.randomUUID(), applicant_id: applicantId, draft_id: draftId, slot: item.id, page: 1, sha256, mime_type: mimeType, size: bytes.length, created_at: new Date().toISOString() })
        .execute()
    }
  })
  const submitted = await fetch(`${env.server.baseUrl}/api/applications`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ draftId, revision: 1 }),
  })
  expect(submitted.status).toBe(201)
  return ((await submitted.json()) as SubmissionResponse).reference
}

describe('a case', () => {
  it('names the applicant in its header and gives the photo advice of each page, in German and Arabic', { timeout: 180_000 }, async () => {
    for (const [locale, messages] of [['de', staffDe], ['ar', staffAr]] as const) {
      const context = await contextIn(locale, { viewport: { width: 390, height: 844 } })
      const page = await signedInStaff(context, env.server, `sachbearbeitung.${locale}`, 'caseworker', password, { messages })
      const reference = await submittedCase(await darkSmallPhoto(page), { surname: 'Yıldırım', givenNames: 'Gökçe' })
      await page.goto(`${env.server.baseUrl}/staff/cases/${reference}`)
      await page.getByRole('heading', { level: 1, name: reference }).waitFor()
      expect(await page.getByTestId('case-applicant').textContent()).toBe('Yıldırım, Gökçe')
      const advice = page.getByTestId('case-advice')
      const passport = advice.getByRole('listitem').filter({ hasText: locale === 'ar' ? ar.checklist.passport.title : de.checklist.passport.title })
      await passport.getByText(messages.viewer.advice.dark, { exact: false }).waitFor()
      const passportAdvice = (await passport.textContent()) ?? ''
      expect(passportAdvice).toContain(messages.viewer.advice.small)
      expect(passportAdvice).toContain(messages.viewer.advice.blurred)
      expect(await advice.getByRole('listitem').filter({ hasText: messages.viewer.adviceUnchecked }).count()).toBeGreaterThan(0)
      await expectNoAxeViolations(page, `case header ${locale}`)
      await page.evaluate(() => scrollTo(0, 0))
      await page.screenshot({ path: `/tmp/staffux/case-${locale}-390.png` })
      await context.close()
    }
  })
})

describe('the waiting room', () => {
  it('counts the waiting numbers as the staff list does, says why nothing was called without a counter, and shows the call large with its counter in German and the visitor languages in turn', { timeout: 120_000 }, async () => {
    const context = await newContext(env.browser)
    const page = await signedInStaff(context, env.server, 'empfang.warten', 'frontdesk', password)
    await page.evaluate(() => localStorage.removeItem('abh.staff.counter'))
    await page.goto(`${env.server.baseUrl}/staff/walk-ins`)
    await page.getByRole('heading', { level: 1, name: staffDe.walkIns.title }).waitFor()
    for (const number of ['001', '002']) {
      await page.getByRole('button', { name: staffDe.walkIns.giveNumber }).click()
      await page.getByTestId('waiting-number').filter({ hasText: number }).waitFor()
    }
    // Without a counter nothing can be called, and the form says so at the field.
    await page.getByLabel(staffDe.walkIns.counter).fill('')
    await page.getByRole('button', { name: staffDe.walkIns.callNext }).click()
    const missing = page.getByTestId('counter-missing')
    expect(await missing.textContent()).toBe(staffDe.walkIns.counterMissing)
    expect(await page.getByLabel(staffDe.walkIns.counter).evaluate((field) => field === document.activeElement && field.getAttribute('aria-invalid'))).toBe('true')
    await expectNoAxeViolations(page, 'call without a counter')
    expect(await page.getByTestId('walk-in-list').locator('tbody tr').count()).toBe(2)

    await page.getByLabel(staffDe.walkIns.counter).fill('Schalter 3')
    await page.getByRole('button', { name: staffDe.walkIns.callNext }).click()
    await page.getByRole('status').filter({ hasText: 'Schalter 3' }).waitFor()
    expect(await missing.count()).toBe(0)
    // "Wartend: 1" above a list of exactly the one still waiting; the called number is listed apart.
    await page.getByRole('heading', { name: staffDe.walkIns.waiting.replace('{count}', '1') }).waitFor()
    expect(await page.getByTestId('walk-in-list').locator('tbody tr').count()).toBe(1)
    expect(await page.getByTestId('walk-ins-called').locator('tbody tr').count()).toBe(1)

    const screen = await contextIn('de', { viewport: { width: 1920, height: 1080 } })
    const display = await screen.newPage()
    await display.clock.install()
    await display.goto(`${env.server.baseUrl}/staff/display`)
    const latest = display.getByTestId('now-serving-latest')
    await latest.waitFor()
    expect(await latest.textContent()).toMatch(/001\s*Schalter 3/)
    expect(await display.getByTestId('now-serving-waiting').textContent()).toContain(visitorDe.display.waiting.replace('{count}', '1'))
    // Readable from across the room: the number at least 150 px high on a 1080p screen, the counter at least 100 px.
    const sizes = await display.evaluate(() =>
      ['.now-serving__latest-number', '.now-serving__latest-counter'].map((selector) => parseFloat(getComputedStyle(document.querySelector(selector)!).fontSize)),
    )
    expect(sizes[0]).toBeGreaterThanOrEqual(150)
    expect(sizes[1]).toBeGreaterThanOrEqual(100)
    expect(await display.getByText(visitorDe.display.goTo.replace('{counter}', 'Schalter 3')).count()).toBe(1)
    const second = display.getByTestId('display-second-language')
    await second.filter({ hasText: visitorEn.display.title }).waitFor()
    await expectNoAxeViolations(display, 'waiting-room display')
    await display.screenshot({ path: '/tmp/staffux/display-1920.png' })
    await display.clock.runFor(6_000)
    await second.filter({ hasText: visitorAr.display.title }).waitFor()
    expect(await second.getAttribute('lang')).toBe('ar')
    expect(await second.getAttribute('dir')).toBe('rtl')
    // German stays while the other language changes.
    expect(await display.getByRole('heading', { level: 1 }).textContent()).toContain(visitorDe.display.title)
    await expectNoAxeViolations(display, 'waiting-room display, Arabic line')
    await display.screenshot({ path: '/tmp/staffux/display-1920-ar.png' })
    await screen.close()
    await context.close()
  })
})

describe('the console', () => {
  /**
   * Every console warning and error, and every health check the browser gave up, on all pages of
   * the context. `settled` waits for the health checks still under way: closing the context at the
   * end of a journey would cancel them, which is the test's doing, not the app's.
   */
  function listen(context: BrowserContext): { heard: string[]; settled: () => Promise<void> } {
    const heard: string[] = []
    let pending = 0
    const waiters: (() => void)[] = []
    const done = () => {
      pending -= 1
      if (pending === 0) for (const wake of waiters.splice(0)) wake()
    }
    const watch = (page: Page) => {
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'warning' || message.type() === 'error') heard.push(`${message.type()}: ${message.text()}`)
      })
      page.on('pageerror', (error) => heard.push(`pageerror: ${error.message}`))
      page.on('request', (request) => {
        if (request.url().includes('/api/health')) pending += 1
      })
      page.on('requestfinished', (request) => {
        if (request.url().includes('/api/health')) done()
      })
      page.on('requestfailed', (request) => {
        if (!request.url().includes('/api/health')) return
        heard.push(`failed: ${request.url()} ${request.failure()?.errorText}`)
        done()
      })
    }
    context.on('page', watch)
    return { heard, settled: () => (pending === 0 ? Promise.resolve() : new Promise<void>((wake) => waiters.push(wake))) }
  }

  it('stays quiet while an applicant moves between pages at once and on the staff sign-in page', { timeout: 120_000 }, async () => {
    const applicant = await newContext(env.browser)
    const { heard: applicantHeard, settled: applicantSettled } = listen(applicant)
    const phone = await applicant.newPage()
    // Full page loads one after another, each left as soon as it has loaded.
    for (const address of ['/', '/applications', '/appointments', '/apply/residence-employment', '/privacy', '/']) await phone.goto(`${env.server.baseUrl}${address}`)
    await phone.getByRole('link', { name: de.nav.myApplications }).click()
    await phone.waitForLoadState('networkidle')
    await applicantSettled()
    await applicant.close()
    expect(applicantHeard).toEqual([])

    const office = await newContext(env.browser)
    const { heard: officeHeard, settled: officeSettled } = listen(office)
    await signedInStaff(office, env.server, 'empfang.leise', 'frontdesk', password)
    await officeSettled()
    // The sign-in page asked who is signed in without a 401.
    expect(officeHeard).toEqual([])
    await office.close()
  })

  // Still open (issue 14, point 18): the deleting tab intermittently logs "Dexie.delete … was
  // blocked" although both tabs close their connection (releaseOnWipe, the versionchange handler in
  // src/db/database.ts). Which connection is still open at that moment is not found yet.
  it.skip('stays quiet through the shared-device wipe with a second tab open', { timeout: 120_000 }, async () => {
    const office = await newContext(env.browser)
    const { heard: officeHeard, settled: officeSettled } = listen(office)
    const page = await signedInStaff(office, env.server, 'empfang.wipe', 'frontdesk', password)
    await page.getByRole('link', { name: staffDe.assist.title }).first().click()
    await page.getByRole('listitem').filter({ hasText: de.services['residence-study'].title }).getByRole('button', { name: staffDe.assist.start }).click()
    await page.getByRole('button', { name: de.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    await page.locator('#field-surname').fill('Leise')
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })
    // A second tab has the visitor's database open while the first one wipes the device.
    const otherTab = await office.newPage()
    await otherTab.goto(`${env.server.baseUrl}/applications`)
    await otherTab.getByText(de.services['residence-study'].title).first().waitFor()
    await page.getByTestId('end-assisted').click()
    await page.getByTestId('unfinished').waitFor()
    await page.getByTestId('handed-over').check()
    await page.getByTestId('end-session').click()
    await page.getByTestId('wiped').waitFor()
    await otherTab.waitForURL((url) => url.searchParams.get('ended') === 'ended')
    await otherTab.waitForLoadState('networkidle')
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0)
    await officeSettled()
    await office.close()
    expect(officeHeard).toEqual([])
  })
})
