import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import { credentialsOf } from './deviceData'
import { serverDraft } from './syncScenarios'
import { expectNoAxeViolations, newContext, useAppAndBrowser } from './support'

const env = useAppAndBrowser()
const screenshots = path.join(tmpdir(), 'abh-screenshots')

/** The screen as it is, at a phone's widths, in German and in Arabic (for a person to look at). */
async function screenshotInLanguages(page: Page, name: string, prepare: () => Promise<void> = async () => undefined): Promise<void> {
  mkdirSync(screenshots, { recursive: true })
  for (const locale of ['de', 'ar'] as const) {
    await page.evaluate((locale) => localStorage.setItem('abh.locale', locale), locale)
    await page.reload()
    await page.locator(`html[lang="${locale}"]`).waitFor()
    await page.getByRole('heading', { level: 1, name: (locale === 'de' ? de : ar).sync.title }).waitFor()
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
    await b.getByRole('status').filter({ hasText: 'Übernommen: 1' }).waitFor()
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
