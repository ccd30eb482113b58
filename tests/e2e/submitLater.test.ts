import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { ApplicationStatusView } from '@/domain/applicationStatus'
import { storageKeys } from '@/constants'
import { formatCalendarDay } from '@/domain/formats'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import { validAnswers } from '../unit/applicationFactories'
import { captureRequiredDocuments, fillApplication } from './applicationFlow'
import { credentialsOf } from './deviceData'
import { expectNoAxeViolations, newContext, useAppAndBrowser } from './support'

const env = useAppAndBrowser()
// The passport ends before the studies do: a warning, never a block.
const answers = validAnswers('residence-study', { passportValidUntil: '2028-06-30' })
const later = ['healthInsuranceCertificate', 'registrationCertificate']
const messagesOf = { de, ar }
type Messages = typeof de

/** The pages of a PDF as Chromium writes it: its page tree's count (pdf-lib is not a dependency). */
function pdfPageCount(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((match) => Number(match[1] ?? match[2]))
  expect(counts.length).toBeGreaterThan(0)
  return Math.max(...counts)
}

async function applicationsOnServer(page: Page): Promise<ApplicationStatusView[]> {
  const token = (await credentialsOf(page))?.token ?? ''
  return (await (await page.request.get(`${env.server.baseUrl}/api/applications`, { headers: { authorization: `Bearer ${token}` } })).json()) as ApplicationStatusView[]
}

/** Fills in the application and photographs every required document except those handed in later. */
async function toDocuments(page: Page, lang: 'de' | 'ar') {
  await page.goto(env.server.baseUrl)
  const draftId = await fillApplication(page, env.server.baseUrl, 'residence-study', answers)
  await captureRequiredDocuments(page, 'residence-study', answers, later)
  if (lang !== 'de') {
    await page.getByLabel(de.locale.label, { exact: true }).selectOption(lang)
    await page.locator(`html[lang="${lang}"]`).waitFor()
  }
  return draftId
}

/** The submit button, with what it looks like: a blocked one must not look like the primary button. */
async function submitButton(page: Page, messages: Messages) {
  const button = page.getByRole('button', { name: messages.review.submit, exact: true })
  const looks = await button.evaluate((element) => {
    const probe = document.createElement('span')
    probe.style.color = 'var(--color-primary)'
    document.body.append(probe)
    const primary = getComputedStyle(probe).color
    probe.remove()
    return { disabled: element.getAttribute('aria-disabled'), background: getComputedStyle(element).backgroundColor, primary }
  })
  return { button, ...looks }
}

async function submitWithPapersLater(page: Page, lang: 'de' | 'ar') {
  const messages = messagesOf[lang]
  const draftId = await toDocuments(page, lang)

  // Before the review: the passport says it cannot be handed in later; supporting papers offer it.
  await expect(page.locator('[data-deferral="passport"] [data-testid="not-deferrable"]').textContent()).resolves.toBe(messages.documents.notDeferrable)
  expect(await page.locator('[data-deferral="passport"] [data-testid="hand-in-later"]').count()).toBe(0)
  await page.getByRole('button', { name: messages.draft.toReview }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/review'))

  // A button that cannot act does not look as if it could, and does nothing.
  const blocked = await submitButton(page, messages)
  expect(blocked.disabled).toBe('true')
  expect(blocked.background).not.toBe(blocked.primary)
  expect(await page.getByTestId('missing-documents').locator('li').count()).toBe(later.length)
  await blocked.button.click({ force: true })
  expect(await page.getByTestId('submission-queued').count()).toBe(0)

  // The passport warning is on the review, with the dates in the page's language.
  const warning = page.locator('[data-warning="passportExpiresBeforeStay"]')
  await expect(warning.textContent()).resolves.toContain(formatCalendarDay(lang, '2028-06-30', { dateStyle: 'long' }))

  // The same warning at the step with the end of the studies.
  await page.goto(`${env.server.baseUrl}/applications/${draftId}/study`)
  await expect(page.locator('[data-warning="passportExpiresBeforeStay"]').textContent()).resolves.toContain(formatCalendarDay(lang, '2029-03-31', { dateStyle: 'long' }))
  await page.goto(`${env.server.baseUrl}/applications/${draftId}/review`)
  await page.getByTestId('missing-documents').getByRole('link').first().click()
  await page.waitForURL((url) => url.pathname.endsWith('/documents'))
  for (const id of later) await page.locator(`[data-deferral="${id}"]`).getByLabel(messages.documents.handInLater).check()
  await expectNoAxeViolations(page, `documents step with papers handed in later (${lang})`)
  await page.getByRole('button', { name: messages.draft.toReview }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/review'))
  await expect(page.getByTestId('deferred-documents').locator('li').count()).resolves.toBe(later.length)
  const ready = await submitButton(page, messages)
  expect(ready.disabled).toBe('false')
  expect(ready.background).toBe(ready.primary)
  await expectNoAxeViolations(page, `review with papers handed in later (${lang})`)

  // Submitting from the bottom of the page: the confirmation at the top is seen and has the focus.
  await ready.button.click()
  await page.getByTestId('receipt').waitFor({ timeout: 60_000 })
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('draft-receipt-title')
  const inView = await page.locator('#draft-receipt-title').evaluate((element) => {
    const box = element.getBoundingClientRect()
    return box.top >= 0 && box.bottom <= window.innerHeight
  })
  expect(inView).toBe(true)
  await expect(page.locator('#draft-receipt-title').textContent()).resolves.toBe(messages.receipt.title)

  // The status shows the open request for the papers handed in later, with its due date.
  const timeline = page.getByTestId('status-timeline')
  await timeline.getByText(messages.statuses.documentsRequested).waitFor()
  for (const id of later) await expect(timeline.textContent()).resolves.toContain((messages.checklist as Record<string, { title: string }>)[id]?.title)
  await page.getByTestId('requested-due').waitFor()
  await page.getByTestId('requested-documents').locator(`section[data-checklist-item="${later[0]}"]`).waitFor()
  const [application] = await applicationsOnServer(page)
  expect(application).toMatchObject({ draftId, status: 'documentsRequested' })
  expect(application?.timeline.at(-1)?.requestedDocuments).toEqual(later)

  // A receipt, not a review: no step count, no "you can still change", no offline wording while online.
  const text = (await page.locator('main').textContent()) ?? ''
  const stepCount = messages.draft.stepOf.split('{current}')[0]!.trim()
  expect(text).not.toContain(stepCount)
  expect(text).not.toContain(messages.review.intro)
  expect(text).not.toContain(messages.receipt.statusUnknown)
  expect(text).not.toContain(messages.receipt.requestedIntro)
  expect(text).toContain(messages.receipt.requestedIntroOnline)
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(messages.receipt.pageTitle)
  await expectNoAxeViolations(page, `receipt with papers handed in later (${lang})`)
}

/** The printed receipt: on at most two A4 pages, without navigation or the assisted-session bar. */
async function expectPrintedReceipt(page: Page) {
  await page.emulateMedia({ media: 'print' })
  for (const chrome of ['nav', '.assisted-bar', 'button']) {
    expect(await page.locator(chrome).evaluateAll((elements) => elements.filter((element) => getComputedStyle(element).display !== 'none').length)).toBe(0)
  }
  expect(await page.getByTestId('receipt').isVisible()).toBe(true)
  const pdf = await page.pdf({ format: 'A4', printBackground: true })
  expect(pdfPageCount(pdf)).toBeLessThanOrEqual(2)
  await page.emulateMedia({ media: 'screen' })
}

describe('submit now, bring papers later', () => {
  it('in German: hands in supporting papers later, confirms at the top with focus, and prints a two-page receipt', async () => {
    const context = await newContext(env.browser, { viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await submitWithPapersLater(page, 'de')
    await expectPrintedReceipt(page)
    await context.close()
  }, 150_000)

  it('in Arabic, at the counter: the same, and the printed receipt leaves out the assisted-session bar', async () => {
    const context = await newContext(env.browser, { locale: 'ar-SY', viewport: { width: 320, height: 640 } })
    // An office device in an assisted session shows its bar on every screen, never on paper.
    await context.addInitScript(
      ([key, session]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, session)
      },
      [storageKeys.assistedSession, JSON.stringify({ startedAt: new Date().toISOString(), idleMinutes: 30, staff: 'empfang' })] as const,
    )
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await page.locator('.assisted-bar').waitFor()
    await page.getByLabel(ar.locale.label, { exact: true }).selectOption('de')
    await page.locator('html[lang="de"]').waitFor()
    await submitWithPapersLater(page, 'ar')
    await expectPrintedReceipt(page)
    await context.close()
  }, 150_000)
})
