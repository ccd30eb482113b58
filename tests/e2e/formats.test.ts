import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import staffAr from '@/i18n/staff/ar.json'
import staffDe from '@/i18n/staff/de.json'
import { answer } from './applicationFlow'
import { signedInStaff } from './staffSignIn'
import { expectNoAxeViolations, newContext, useAppAndBrowser } from './support'

// Field errors, numbers, dates and step counts as an applicant and a member of staff read them, in German and Arabic.

const env = useAppAndBrowser()
const shots = path.join(process.env.SCREENSHOT_DIR ?? path.join(tmpdir(), 'abh-screenshots'), 'formats')
mkdirSync(shots, { recursive: true })

const isoDay = /\d{4}-\d{2}-\d{2}/
// The Arabic texts carry Unicode isolates around numbers; compare the words.
const plain = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '').trim()

const languages = [
  { code: 'de', browserLocale: 'de-DE', messages: de, staff: staffDe, typedAmount: '1.200', amountShown: '1.200 Euro' },
  { code: 'ar', browserLocale: 'ar-SY', messages: ar, staff: staffAr, typedAmount: '١٬٢٠٠', amountShown: `1,200 ${ar.units.eur}` },
] as const

async function screenshots(page: Page, name: string, code: string) {
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 844 })
    await page.screenshot({ path: `${shots}/${name}-${code}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 390, height: 844 })
}

const errorOf = (page: Page, name: string) => page.locator(`#field-${name}-error`)

describe.each(languages)('the application form in $code', ({ code, browserLocale, messages, typedAmount, amountShown }) => {
  it('says what each empty field needs, shows amounts with their own example, reads numbers back in the language and counts steps one way', async () => {
    const context = await newContext(env.browser, { locale: browserLocale, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/residence-study`)
    await page.getByRole('button', { name: messages.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    const draftUrl = page.url().replace(/\/personal$/, '')
    const stepUrl = (stepId: string) => `${draftUrl}/${stepId}`

    // Nothing answered: a radio group, a list and a date each say what they take.
    await page.locator('form button[type="submit"]').click()
    await expect.poll(() => errorOf(page, 'sex').textContent()).toBe(messages.validation.chooseOne)
    expect(await errorOf(page, 'nationality').textContent()).toBe(messages.validation.chooseFromList)
    expect(await errorOf(page, 'dateOfBirth').textContent()).toBe(messages.validation.date)
    await expectNoAxeViolations(page, `field errors (${code})`)
    await screenshots(page, 'field-errors', code)

    // The monthly amount a student needs: its example is a monthly amount, not a yearly salary.
    await page.goto(stepUrl('studyFunding'))
    await answer(page, 'fundingSource', 'blockedAccount')
    await page.locator('#field-monthlyFunds').fill(code === 'de' ? 'viel' : 'كثير')
    await page.locator('form button[type="submit"]').click()
    await expect.poll(async () => plain(await errorOf(page, 'monthlyFunds').textContent())).toBe(plain(messages.validation.amount).replace('{example}', '990'))
    expect(await errorOf(page, 'healthInsuranceType').textContent()).toBe(messages.validation.chooseOne)
    await expectNoAxeViolations(page, `amount error (${code})`)
    await screenshots(page, 'amount-error', code)

    // Typed the way the language writes it, read back the way it writes it.
    await page.locator('#field-monthlyFunds').fill(typedAmount)
    await answer(page, 'healthInsuranceType', 'statutory')
    await answer(page, 'healthInsurer', 'AOK')
    await page.locator('form button[type="submit"]').click()
    await page.waitForURL((url) => !url.pathname.endsWith('/studyFunding'))
    const progress = plain(await page.locator('.draft-progress__label').textContent())
    await page.goto(stepUrl('review'))
    await expect.poll(async () => plain(await page.locator('dd').filter({ hasText: /1[.,]200/ }).first().textContent())).toBe(amountShown)

    // "Meine Anträge" counts the step the applicant goes on at the way the draft screen counted it.
    await page.goto(`${env.server.baseUrl}/applications`)
    await expect.poll(async () => plain(await page.locator('.draft-card__facts').first().textContent())).toContain(progress)
    await expectNoAxeViolations(page, `my applications (${code})`)
    await context.close()
  })
})

describe.each(languages)('dates in $code', ({ code, browserLocale, messages, staff }) => {
  it('are written as dates on "Meine Termine" and on the staff "Heute" screen, never as YYYY-MM-DD', async () => {
    const context = await newContext(env.browser, { locale: browserLocale, viewport: { width: 390, height: 844 } })
    const applicant = await context.newPage()
    await applicant.goto(`${env.server.baseUrl}/contact/written`)
    await applicant.getByLabel(messages.booking.topicLabel).selectOption('general')
    await applicant.getByLabel(messages.booking.messageLabel).fill('Wie lange dauert die Bearbeitung?')
    await applicant.getByLabel(messages.booking.replyRoutes.app).check()
    await applicant.getByRole('button', { name: messages.booking.send }).click()
    await applicant.getByTestId('booking-confirmation').waitFor()
    const reference = /T-[0-9A-Z]{8}/.exec((await applicant.getByTestId('booking-confirmation').textContent()) ?? '')?.[0] ?? ''

    await applicant.goto(`${env.server.baseUrl}/appointments`)
    const appointment = applicant.getByTestId('appointment-list').locator(':scope > li').filter({ hasText: reference })
    await appointment.waitFor()
    expect(await appointment.textContent()).not.toMatch(isoDay)
    await screenshots(applicant, 'appointments', code)

    const page = await signedInStaff(context, env.server, `empfang-${code}`, 'frontdesk', 'ein langes Passwort für den Empfang', { messages: staff })
    await page.getByRole('link', { name: staff.today.title }).first().click()
    const written = page.getByTestId('written').locator(':scope > li').filter({ hasText: reference })
    await written.waitFor()
    expect(await written.textContent()).not.toMatch(isoDay)
    await expectNoAxeViolations(page, `staff today (${code})`)
    await screenshots(page, 'staff-today', code)
    await context.close()
  })
})
