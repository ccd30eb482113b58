import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { serviceCatalogue } from '@/domain/catalogue'
import { contactChannels } from '@/domain/contact'
import { directionOf, supportedLocales, type Locale } from '@/domain/locales'
import de from '@/i18n/locales/de.json'
import staffDe from '@/i18n/staff/de.json'
import { validAnswers } from '../unit/applicationFactories'
import { bookChannel, captureRequiredDocuments, fillApplication, messagesOf, submitApplication } from './applicationFlow'
import { signedInStaff } from './staffSignIn'
import { expectNoAxeViolations, newContext, useAppAndBrowser, watchForErrors } from './support'

const env = useAppAndBrowser()

// The browser's language picks the app's on a first visit; each language fills in another service, so
// together the seven flows pass every service's form through axe in some language. Each flow is its own
// applicant on its own browser context, and books its own slots: the flows depend on no order.
const browserLocales: Record<Locale, string> = { de: 'de-DE', en: 'en-GB', ar: 'ar-SY', tr: 'tr-TR', uk: 'uk-UA', ru: 'ru-RU', fa: 'fa-IR' }
const flows = supportedLocales.map((locale, index) => [locale, directionOf(locale), serviceCatalogue[index % serviceCatalogue.length]!.id, index] as const)

/** A4 at 96 dpi: the width the print is laid out at. */
const a4 = { width: 794, height: 1123 }

/**
 * How a section with a reference lays out: its direction, whether its heading sits on the start side
 * and the reference's label before it, and whether the reference (a Latin run) keeps reading left to
 * right, in an isolate, on one line.
 */
async function layoutOf(section: Locator, run: string) {
  return section.evaluate((element, run) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    let node: Node | null
    while ((node = walker.nextNode()) && !node.textContent?.includes(run));
    if (!node?.textContent || !node.parentElement) throw new Error(`No text with ${run}`)
    const text = node.textContent
    const start = text.indexOf(run)
    const rangeOf = (from: [Node, number], to: [Node, number]) => {
      const range = document.createRange()
      range.setStart(...from)
      range.setEnd(...to)
      return range.getBoundingClientRect()
    }
    const firstCharacter = rangeOf([node, start], [node, start + 1])
    const lastCharacter = rangeOf([node, start + run.length - 1], [node, start + run.length])
    // The label's last character (logically), before the reference: no space, no isolate mark.
    const paragraph = node.parentElement.closest('p')!
    let labelEnd: [Node, number] | undefined = undefined
    const inParagraph = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT)
    for (let current = inParagraph.nextNode(); current; current = inParagraph.nextNode()) {
      const characters = current.textContent ?? ''
      const until = current === node ? start : characters.length
      for (let index = 0; index < until; index++) if (!/[\s\u2066-\u2069]/.test(characters[index]!)) labelEnd = [current, index]
      if (current === node) break
    }
    const label = labelEnd && rangeOf(labelEnd, [labelEnd[0], labelEnd[1] + 1])
    const rightToLeft = getComputedStyle(paragraph).direction === 'rtl'
    const labelOnLineAbove = label && label.bottom <= firstCharacter.top + 1
    const heading = element.querySelector('h2, h3')!
    const headingText = document.createRange()
    headingText.selectNodeContents(heading)
    const headingBox = heading.getBoundingClientRect()
    const headingStyle = getComputedStyle(heading)
    const contentLeft = headingBox.left + parseFloat(headingStyle.paddingLeft)
    const contentRight = headingBox.right - parseFloat(headingStyle.paddingRight)
    const textBox = headingText.getBoundingClientRect()
    const list = element.querySelector('ol, ul')
    const listStyle = list ? getComputedStyle(list) : undefined
    const isolated = node.parentElement.localName === 'bdi' || node.parentElement.hasAttribute('dir') || (text[start - 1] === '\u2068' && text[start + run.length] === '\u2069')
    return {
      direction: getComputedStyle(element).direction,
      headingAt: Math.abs(textBox.right - contentRight) < 2 ? 'right' : Math.abs(textBox.left - contentLeft) < 2 ? 'left' : 'elsewhere',
      // Before the reference in reading order: on the line above, or on the start side of the same line.
      labelBeforeRun: label && (labelOnLineAbove || (rightToLeft ? label.left >= Math.max(firstCharacter.right, lastCharacter.right) - 1 : label.right <= Math.min(firstCharacter.left, lastCharacter.left) + 1)),
      labelOnSameLine: label && !labelOnLineAbove,
      runReadsLeftToRight: firstCharacter.left < lastCharacter.left,
      runIsolated: isolated,
      runOnOneLine: Math.abs(firstCharacter.top - lastCharacter.top) < 1,
      listIndentedAt: listStyle ? (parseFloat(listStyle.paddingRight) > parseFloat(listStyle.paddingLeft) ? 'right' : 'left') : undefined,
    }
  }, run)
}

/** On phones the reference stays whole and reads left to right, after its label. */
async function expectReferenceWhole(page: Page, section: Locator, reference: string, dir: 'ltr' | 'rtl') {
  const phone = page.viewportSize()!
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 640 })
    expect(await layoutOf(section, reference), `${width} px`).toMatchObject({ direction: dir, labelBeforeRun: true, runReadsLeftToRight: true, runIsolated: true, runOnOneLine: true })
  }
  await page.setViewportSize(phone)
}

/** A receipt or confirmation printed right to left: a reference after its label, a list indented on the right. */
const printedRightToLeft = {
  direction: 'rtl',
  headingAt: 'right',
  labelBeforeRun: true,
  labelOnSameLine: true,
  runReadsLeftToRight: true,
  runIsolated: true,
  runOnOneLine: true,
  listIndentedAt: 'right',
}

/** The section as printed (print media at A4 width), right to left; back to the phone afterwards. */
async function expectPrintedRightToLeft(page: Page, section: Locator, run: string, expected: Partial<typeof printedRightToLeft> = printedRightToLeft) {
  const phone = page.viewportSize()!
  await page.setViewportSize(a4)
  await page.emulateMedia({ media: 'print' })
  expect(await layoutOf(section, run)).toMatchObject(expected)
  // The PDF Chromium prints: A4 pages in the same layout.
  const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1')
  // The page tree's count: the only /Count in a PDF without outlines.
  expect(Number(pdf.match(/\/Count (\d+)/)?.[1])).toBeGreaterThan(0)
  await page.emulateMedia({ media: null })
  await page.setViewportSize(phone)
}

describe('the whole applicant flow in every language, with axe at 0 on every screen', () => {
  it.each(flows)(
    '%s (%s): an application (%s) with its documents, a booking on each channel and the receipt',
    async (locale, dir, serviceId, slot) => {
      const messages = messagesOf[locale]
      const context = await newContext(env.browser, { locale: browserLocales[locale], viewport: { width: 390, height: 844 } })
      const page = await context.newPage()
      const errors = watchForErrors(page)
      const onScreen = (screen: string) => expectNoAxeViolations(page, `${locale} ${screen}`)

      await page.goto(env.server.baseUrl)
      await page.getByRole('heading', { level: 1, name: messages.home.title }).waitFor()
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([locale, dir])
      await onScreen('home')

      const answers = validAnswers(serviceId)
      await fillApplication(page, env.server.baseUrl, serviceId, answers, { messages, onScreen })
      await captureRequiredDocuments(page, serviceId, answers)
      const receipt = await submitApplication(page, { messages, onScreen })
      const reference = (await receipt.locator('.confirmation__key').textContent())?.match(/ABH-\d{4}-\d{6}/)?.[0]
      expect(reference).toBeDefined()
      await expectReferenceWhole(page, receipt, reference!, dir)
      if (dir === 'rtl') await expectPrintedRightToLeft(page, receipt, reference!)

      for (const channel of contactChannels) {
        const confirmation = await bookChannel(page, env.server.baseUrl, channel, { messages, onScreen, slot })
        const bookingReference = (await confirmation.locator('.confirmation__key').textContent())?.match(/T-[0-9A-Z]{8}/)?.[0]
        expect(bookingReference).toBeDefined()
        await expectReferenceWhole(page, confirmation, bookingReference!, dir)
        if (dir === 'rtl' && channel === 'in-person') await expectPrintedRightToLeft(page, confirmation, bookingReference!)
      }
      expect(errors).toEqual([])
      await context.close()
    },
    // Some twenty axe runs and six photographs per language.
    300_000,
  )
})

describe('the visitor’s printed receipt of an assisted session, right to left', () => {
  it.each(['fa', 'ar'] as const)('%s: the recovery code reads left to right in the right-to-left print, with its QR code', async (locale) => {
    const messages = messagesOf[locale]
    const context = await newContext(env.browser, { viewport: { width: 390, height: 844 } })
    const page = await signedInStaff(context, env.server, `empfang.${locale}`, 'frontdesk', 'ein-langes-passwort-42')
    await page.getByRole('link', { name: staffDe.assist.title }).first().click()
    await page.getByLabel(staffDe.assist.visitorLanguage).selectOption(locale)
    // The quickest application: four steps.
    const serviceId = 'humanitarian'
    await page.getByRole('listitem').filter({ hasText: de.services[serviceId].title }).getByRole('button', { name: staffDe.assist.start }).click()
    await page.waitForURL((url) => url.pathname === `/apply/${serviceId}`)
    const answers = validAnswers(serviceId)
    await fillApplication(page, env.server.baseUrl, serviceId, answers, { messages })
    await captureRequiredDocuments(page, serviceId, answers)
    await submitApplication(page, { messages })
    const visitorReceipt = page.getByTestId('assisted-receipt')
    const code = (await visitorReceipt.getByTestId('assisted-recovery-code').textContent())?.trim() ?? ''
    expect(code.length).toBeGreaterThan(10)
    await expectNoAxeViolations(page, `${locale} assisted receipt`)
    await expectPrintedRightToLeft(page, visitorReceipt, code, { direction: 'rtl', headingAt: 'right', runReadsLeftToRight: true, runIsolated: true, runOnOneLine: true })
    await page.emulateMedia({ media: 'print' })
    expect(await visitorReceipt.getByTestId('assisted-qr').isVisible()).toBe(true)
    await context.close()
  }, 300_000)
})
