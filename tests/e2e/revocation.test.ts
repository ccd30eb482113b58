import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import staffAr from '@/i18n/staff/ar.json'
import staffDe from '@/i18n/staff/de.json'
import { addStaff } from '../../server/services/staff.js'
import { openSqliteStorage } from '../../server/storage/sqlite.js'
import { credentialsOf } from './deviceData'
import { serverDraft } from './syncScenarios'
import { expectNoAxeViolations, newContext, singularOf, useAppAndBrowser } from './support'

const env = useAppAndBrowser()
const screenshots = path.join(tmpdir(), 'abh-screenshots')

/** The screen as it is, at a phone's widths, in German and in Arabic (for a person to look at). */
async function screenshotInLanguages(
  page: Page,
  name: string,
  prepare: () => Promise<void> = async () => undefined,
  title: Record<'de' | 'ar', string> = { de: de.sync.title, ar: ar.sync.title },
): Promise<void> {
  mkdirSync(screenshots, { recursive: true })
  for (const locale of ['de', 'ar'] as const) {
    await page.evaluate((locale) => localStorage.setItem('abh.locale', locale), locale)
    await page.reload()
    await page.locator(`html[lang="${locale}"]`).waitFor()
    await page.getByRole('heading', { level: 1, name: title[locale] }).waitFor()
    await prepare()
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: path.join(screenshots, `${name}-${locale}-${width}.png`), fullPage: true })
    }
    if (locale === 'ar') await expectNoAxeViolations(page, `${name} in Arabic`)
  }
  await page.evaluate(() => localStorage.setItem('abh.locale', 'de'))
  await page.reload()
}

describe('signing out a lost phone from another device', () => {
  it('signs out device A from device B with the recovery code; A stops, says so calmly and keeps its drafts', async () => {
    // Device A: the phone that will be lost, with a draft on the server.
    const phone = await newContext(env.browser)
    const a = await phone.newPage()
    await a.goto(`${env.server.baseUrl}/apply/settlement`)
    await a.getByRole('button', { name: de.start.begin }).click()
    await a.waitForURL((url) => url.pathname.endsWith('/personal'))
    const draftUrl = a.url()
    const draftId = new URL(draftUrl).pathname.split('/').at(-2) ?? ''
    await a.locator('#field-surname').fill('Kovalenko')
    await expect.poll(async () => (await serverDraft(env, a, draftId))?.answers.surname, { timeout: 30_000 }).toBe('Kovalenko')
    await a.goto(`${env.server.baseUrl}/sync`)
    const oldCode = (await a.getByTestId('recovery-code').textContent()) ?? ''

    // Device B takes over with the code and signs out every other device.
    const laptop = await newContext(env.browser)
    const b = await laptop.newPage()
    await b.goto(`${env.server.baseUrl}/sync`)
    await b.getByLabel(de.sync.recover.label).fill(oldCode)
    await b.getByRole('button', { name: de.sync.recover.submit }).click()
    await b.getByRole('status').filter({ hasText: singularOf(de.sync.recover.done) }).waitFor()
    await b.getByRole('button', { name: de.sync.signOutOthers.start }).click()
    await b.getByText(de.sync.signOutOthers.confirmText).waitFor()
    await expectNoAxeViolations(b, 'sign-out confirmation')
    await screenshotInLanguages(b, 'sync-signout-confirm', () => b.getByTestId('sign-out-others').click())
    await b.getByRole('button', { name: de.sync.signOutOthers.start }).click()
    await b.getByRole('button', { name: de.sync.signOutOthers.confirm }).click()
    await b.getByTestId('sign-out-done').waitFor()
    const newCode = (await b.getByTestId('recovery-code').textContent()) ?? ''
    expect(newCode).toMatch(/^([0-9A-Z]{5}-){3}[0-9A-Z]{5}$/)
    expect(newCode).not.toBe(oldCode)
    expect((await credentialsOf(b))?.recoveryCode).toBe(newCode)
    await expectNoAxeViolations(b, 'sync screen after signing out the others')

    // Device A types on; its next request is refused as signed out, and it stops and says so.
    await a.goto(draftUrl)
    await a.locator('#field-givenNames').fill('Oksana')
    await a.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
    await a.locator('[data-testid="sync-indicator"][data-status="signedOut"]').waitFor({ timeout: 30_000 })
    await a.goto(`${env.server.baseUrl}/sync`)
    await a.getByTestId('signed-out').getByText(de.sync.signedOut.heading).waitFor()
    expect(await a.getByTestId('recovery-code').count()).toBe(0)
    await expectNoAxeViolations(a, 'signed-out sync screen')
    await screenshotInLanguages(a, 'sync-signed-out')
    // Nothing was deleted: the draft with the typed change is still on the device, and still queued.
    await a.goto(draftUrl)
    expect(await a.locator('#field-givenNames').inputValue()).toBe('Oksana')
    expect((await serverDraft(env, b, draftId))?.answers.givenNames).toBeUndefined()

    // The old code no longer recovers anywhere.
    const stranger = await newContext(env.browser)
    const c = await stranger.newPage()
    await c.goto(`${env.server.baseUrl}/sync`)
    await c.getByLabel(de.sync.recover.label).fill(oldCode)
    await c.getByRole('button', { name: de.sync.recover.submit }).click()
    await c.getByRole('alert').filter({ hasText: de.sync.recover.UNAUTHORIZED }).waitFor()

    // With the new code A is linked again, and what waited there is sent.
    await a.goto(`${env.server.baseUrl}/sync`)
    await a.getByLabel(de.sync.recover.label).fill(newCode)
    await a.getByRole('button', { name: de.sync.recover.submit }).click()
    await expect.poll(async () => (await serverDraft(env, b, draftId))?.answers.givenNames, { timeout: 30_000 }).toBe('Oksana')
    await phone.close()
    await laptop.close()
    await stranger.close()
  })
})

describe('signing out a visitor’s devices at the front desk', () => {
  it('asks for confirmation, hands over a new code once, and the visitor’s phone is told it was signed out', async () => {
    // The visitor's phone asks in writing and gets a booking reference.
    const phone = await newContext(env.browser)
    const visitor = await phone.newPage()
    await visitor.goto(`${env.server.baseUrl}/contact/written`)
    await visitor.getByLabel(de.booking.topicLabel).selectOption('general')
    await visitor.getByLabel(de.booking.messageLabel).fill('Ich habe mein Handy verloren.')
    await visitor.getByLabel(de.booking.replyRoutes.app).check()
    await visitor.getByRole('button', { name: de.booking.send }).click()
    const confirmation = visitor.getByTestId('booking-confirmation')
    await confirmation.waitFor()
    const reference = /T-[0-9A-Z]{8}/.exec((await confirmation.textContent()) ?? '')?.[0] ?? ''
    expect(reference).not.toBe('')

    // The front desk, signed in with a password (the front desk's second factor is optional).
    const storage = await openSqliteStorage(env.server.dataDir)
    await addStaff(storage, 'schalter', 'ein-langes-passwort-42', 'frontdesk').finally(() => storage.close())
    const office = await newContext(env.browser)
    const desk = await office.newPage()
    await desk.goto(`${env.server.baseUrl}/staff`)
    await desk.getByLabel(staffDe.signIn.username).fill('schalter')
    await desk.getByLabel(staffDe.signIn.password).fill('ein-langes-passwort-42')
    await desk.getByRole('button', { name: staffDe.signIn.submit }).click()
    await desk.getByRole('heading', { level: 1, name: staffDe.home.title }).waitFor()
    await desk.goto(`${env.server.baseUrl}/staff/today`)
    const card = desk.getByTestId('revoke-devices')
    await card.getByLabel(staffDe.revokeDevices.reference).fill(reference.toLowerCase())
    await card.getByRole('button', { name: staffDe.revokeDevices.start }).click()
    await card.getByText(staffDe.revokeDevices.confirmText).waitFor()
    await expectNoAxeViolations(desk, 'front desk revocation, confirming')
    await card.getByRole('button', { name: staffDe.revokeDevices.confirm }).click()
    const newCode = (await card.getByTestId('revoke-new-code').textContent()) ?? ''
    expect(newCode).toMatch(/^([0-9A-Z]{5}-){3}[0-9A-Z]{5}$/)
    await expectNoAxeViolations(desk, 'front desk revocation, code shown')
    await card.getByRole('button', { name: staffDe.revokeDevices.another }).click()
    await expect.poll(() => card.getByTestId('revoke-new-code').count()).toBe(0)
    await screenshotInLanguages(
      desk,
      'staff-revoke',
      async () => {
        await desk.getByTestId('revoke-reference').fill(reference)
        await desk.getByTestId('revoke-start').click()
        await desk.getByTestId('revoke-confirm').scrollIntoViewIfNeeded()
      },
      { de: staffDe.today.title, ar: staffAr.today.title },
    )

    // The lost phone, if it comes online again, learns it was signed out.
    await visitor.goto(`${env.server.baseUrl}/apply/settlement`)
    await visitor.getByRole('button', { name: de.start.begin }).click()
    await visitor.locator('[data-testid="sync-indicator"][data-status="signedOut"]').waitFor({ timeout: 30_000 })
    await phone.close()
    await office.close()
  })
})
