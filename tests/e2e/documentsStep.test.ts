import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pluralRuleOf } from '@/domain/formats'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import { compressedPdf } from '../unit/pdfFactories'
import { readStoredPages } from './deviceData'
import { makePhotoJpeg } from './syntheticPhoto'
import { expectNoAxeViolations, newContext, useAppAndBrowser } from './support'

// Not the default (90): the texts must state what the server is configured with.
const retentionDays = 45
const env = useAppAndBrowser({ env: { DRAFT_RETENTION_DAYS: String(retentionDays) } })
// Screenshots of the screens this changes, to look at (not compared).
const shots = path.join(process.env.SCREENSHOT_DIR ?? path.join(tmpdir(), 'abh-screenshots'), 'documents')
mkdirSync(shots, { recursive: true })

const locales = [
  { code: 'de', tag: 'de-DE', messages: de },
  { code: 'ar', tag: 'ar-SY', messages: ar },
] as const
type Messages = typeof de | typeof ar

/** A plural message as the app shows it for `count` in `locale`, with its placeholders filled in. */
function shown(message: string, count: number, locale: string, values: Record<string, string | number>): string {
  const forms = message.split(' | ')
  const form = forms[pluralRuleOf(locale)(count, forms.length)] ?? message
  return Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{${name}}`, String(value)), form)
}

const slot = (page: Page, item: string) => page.locator(`section[data-checklist-item="${item}"]`)

/** The screen as a phone shows it with `element` scrolled into view, and the whole page, both kept to look at. */
async function keepScreenshots(page: Page, element: ReturnType<Page['locator']>, name: string) {
  await element.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${shots}/${name}.png` })
  await page.screenshot({ path: `${shots}/${name}-full.png`, fullPage: true })
}

/** A new naturalisation draft, on its documents step, in the given language and width. */
async function openDocuments(tag: string, messages: Messages, width = 390) {
  const context = await newContext(env.browser, { locale: tag, viewport: { width, height: 844 } })
  const page = await context.newPage()
  await page.goto(`${env.server.baseUrl}/apply/naturalisation`)
  await page.getByRole('button', { name: messages.start.begin }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/personal'))
  const draftId = new URL(page.url()).pathname.split('/').at(-2) ?? ''
  await page.goto(`${env.server.baseUrl}/applications/${draftId}/documents`)
  await page.locator('main h1').waitFor()
  return { context, page, draftId }
}

describe.each(locales)('the documents step in $code', ({ code, tag, messages }) => {
  it('says drafts and photos are kept on the device and on the server, and for how long unsent ones stay there, as the privacy notice does', async () => {
    for (const width of [390, 320]) {
      const { context, page } = await openDocuments(tag, messages, width)
      await page.getByRole('heading', { level: 1, name: messages.capture.stepTitle }).waitFor()
      const main = page.locator('main')
      await expect.poll(() => main.innerText()).toContain(messages.capture.intro)
      await expect.poll(() => page.getByTestId('draft-retention').innerText()).toBe(shown(messages.capture.retention, retentionDays, code, { days: retentionDays }))
      await expectNoAxeViolations(page, `documents step ${code} ${width}`)
      await keepScreenshots(page, page.getByTestId('draft-retention'), `documents-${code}-${width}`)

      await page.goto(`${env.server.baseUrl}/privacy`)
      await page.getByRole('heading', { level: 1, name: messages.legal.privacy.title }).waitFor()
      const storage = messages.legal.privacy.sections[2]
      const storageHeading = page.getByRole('heading', { level: 2, name: storage?.heading })
      await storageHeading.waitFor()
      const privacy = await page.locator('main').innerText()
      expect(privacy).toContain(storage?.paragraphs[1])
      await expect.poll(() => page.locator('main').innerText()).toContain(shown(storage?.paragraphs[2] ?? '', retentionDays, code, { days: retentionDays }))
      await expectNoAxeViolations(page, `privacy ${code} ${width}`)
      await keepScreenshots(page, storageHeading, `privacy-${code}-${width}`)
      await context.close()
    }
  })

  it('shows a 2-page PDF as pages 1–2 with its page count, and the review tells added from missing documents by colour, sign and words', async () => {
    for (const width of [390, 320]) {
      const { context, page, draftId } = await openDocuments(tag, messages, width)
      const pdf = Buffer.from(compressedPdf(2))
      await slot(page, 'passport').getByTestId('file-input').setInputFiles({ name: 'reisepass.pdf', mimeType: 'application/pdf', buffer: pdf })
      const item = slot(page, 'passport').locator('li[data-page-id]')
      await item.waitFor()
      expect(await item.innerText()).toContain(messages.capture.pagesLabel.replace('{first}', '1').replace('{last}', '2'))
      expect(await item.innerText()).not.toContain(messages.capture.pageLabel.replace('{number}', '1'))
      // The size in front of which the page count stands is the app's business; the count is ours.
      expect(await item.innerText()).toContain(shown(messages.capture.pdfPages, 2, code, { count: 2 }).split('{size}')[0])
      expect((await readStoredPages(page, draftId)).map((stored) => stored.mimeType)).toEqual(['application/pdf'])
      await expectNoAxeViolations(page, `documents step with a PDF ${code} ${width}`)
      await keepScreenshots(page, item, `pdf-${code}-${width}`)

      await page.goto(`${env.server.baseUrl}/applications/${draftId}/review`)
      await page.getByRole('heading', { level: 1, name: messages.review.title }).waitFor()
      const added = page.locator('[data-checklist-item="passport"] [data-status="added"]')
      const missing = page.locator('[data-status="missing"]').first()
      await added.waitFor()
      expect(await added.innerText()).toContain(shown(messages.documents.pagesAdded, 2, code, { count: 2 }))
      expect(await missing.innerText()).toContain(messages.documents.notAdded)
      const look = (status: typeof added) =>
        status.evaluate((element) => ({ colour: getComputedStyle(element).color, sign: getComputedStyle(element.querySelector('.draft-checklist__icon')!, '::before').content }))
      const [addedLook, missingLook] = [await look(added), await look(missing)]
      expect(addedLook.colour).not.toBe(missingLook.colour)
      expect(addedLook.sign).not.toBe(missingLook.sign)
      await expectNoAxeViolations(page, `review ${code} ${width}`)
      await keepScreenshots(page, added, `review-${code}-${width}`)
      await context.close()
    }
  })

  it('gives no glare advice for a sharp 12 MP photo of a white page, and glare advice for a reflection of the flash', async () => {
    const { context, page, draftId } = await openDocuments(tag, messages)
    const white = await makePhotoJpeg(page, 4000, 3000, { paper: 'white' })
    await slot(page, 'passport').getByTestId('photo-input').setInputFiles({ name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: white })
    await slot(page, 'passport').locator('li[data-page-id]').waitFor()
    await expect.poll(async () => (await readStoredPages(page, draftId)).map((stored) => stored.qualityFlags)).toEqual([[]])
    expect(await page.getByRole('group', { name: messages.capture.adviceHeading }).count()).toBe(0)

    const reflection = await makePhotoJpeg(page, 1600, 1200, { glare: true })
    await slot(page, 'birthCertificate').getByTestId('photo-input').setInputFiles({ name: 'IMG_0003.jpg', mimeType: 'image/jpeg', buffer: reflection })
    const advice = page.getByRole('group', { name: messages.capture.adviceHeading })
    await advice.waitFor()
    expect(await advice.innerText()).toContain(messages.capture.advice.glare)
    await expectNoAxeViolations(page, `glare advice ${code}`)
    await keepScreenshots(page, advice, `glare-${code}-390`)
    await context.close()
  })
})
