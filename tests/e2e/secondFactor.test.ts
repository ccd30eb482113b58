import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import staffDe from '@/i18n/staff/de.json'
import { addStaff } from '../../server/services/staff.js'
import { openSqliteStorage } from '../../server/storage/sqlite.js'
import { totpCode } from '../server/harness'
import { expectNoAxeViolations, newContext, useAppAndBrowser } from './support'

const env = useAppAndBrowser()
const password = 'ein-langes-passwort-42'

async function addMember(username: string, role: 'admin' | 'frontdesk'): Promise<void> {
  const storage = await openSqliteStorage(env.server.dataDir)
  try {
    await addStaff(storage, username, password, role)
  } finally {
    await storage.close()
  }
}

async function signInWithPassword(page: Page, username: string): Promise<void> {
  await page.goto(`${env.server.baseUrl}/staff`)
  await page.getByLabel(staffDe.signIn.username).fill(username)
  await page.getByLabel(staffDe.signIn.password).fill(password)
  await page.getByRole('button', { name: staffDe.signIn.submit }).click()
}

/** The enrolment screen's steps with the key it shows, as the member's app would take them. */
async function enrolOnScreen(page: Page): Promise<void> {
  await page.getByRole('button', { name: staffDe.secondFactor.start }).click()
  const key = ((await page.getByTestId('second-factor-key').textContent()) ?? '').replace(/\s/g, '')
  await page.getByLabel(staffDe.secondFactor.codeLabel).fill(totpCode(key))
  await page.getByRole('button', { name: staffDe.secondFactor.confirm }).click()
  await page.getByRole('button', { name: staffDe.secondFactor.codesDone }).click()
}

describe('the staff second factor', () => {
  it('is set up by a new admin at the first sign-in with a QR code and recovery codes, then asked for at every sign-in', async () => {
    // As `npm run staff:add` makes the first admin: a password, no second factor yet.
    await addMember('erste.verwaltung', 'admin')
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await signInWithPassword(page, 'erste.verwaltung')
    await page.getByRole('heading', { level: 1, name: staffDe.secondFactor.requiredTitle }).waitFor()
    await expectNoAxeViolations(page, 'second factor required')
    // The screens behind it are refused by the server too, not only hidden.
    expect((await page.request.get(`${env.server.baseUrl}/api/admin/audit`)).status()).toBe(403)

    await page.getByRole('button', { name: staffDe.secondFactor.start }).click()
    const qr = page.getByRole('img', { name: staffDe.secondFactor.qrAlt })
    await qr.waitFor()
    expect(await qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true)
    const key = ((await page.getByTestId('second-factor-key').textContent()) ?? '').replace(/\s/g, '')
    expect(key).toMatch(/^[A-Z2-7]{32}$/)
    await expectNoAxeViolations(page, 'second factor QR code')

    await page.getByLabel(staffDe.secondFactor.codeLabel).fill(totpCode(key))
    await page.getByRole('button', { name: staffDe.secondFactor.confirm }).click()
    await page.getByRole('heading', { level: 2, name: staffDe.secondFactor.codesTitle }).waitFor()
    const recoveryCodes = await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents()
    expect(recoveryCodes).toHaveLength(10)
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    await expectNoAxeViolations(page, 'recovery codes')
    await page.getByRole('button', { name: staffDe.secondFactor.codesDone }).click()
    await page.getByRole('heading', { level: 1, name: staffDe.home.title }).waitFor()

    // Next time the password alone is not enough: the code step follows.
    await page.getByRole('button', { name: staffDe.nav.signOut }).click()
    await signInWithPassword(page, 'erste.verwaltung')
    await page.getByRole('heading', { level: 1, name: staffDe.secondFactor.signInTitle }).waitFor()
    await expectNoAxeViolations(page, 'second factor sign-in')
    await page.getByLabel(staffDe.secondFactor.signInCode).fill(totpCode(key, Date.now() + 30_000))
    await page.getByRole('button', { name: staffDe.signIn.submit }).click()
    await page.getByRole('heading', { level: 1, name: staffDe.home.title }).waitFor()
    await context.close()
  })

  it('lets an admin reset a colleague’s factor after a confirmation, and the front desk enrol of their own accord', async () => {
    await addMember('empfang.freiwillig', 'frontdesk')
    const desk = await newContext(env.browser)
    const deskPage = await desk.newPage()
    await signInWithPassword(deskPage, 'empfang.freiwillig')
    await deskPage.getByRole('heading', { level: 1, name: staffDe.home.title }).waitFor()
    await deskPage.getByRole('link', { name: staffDe.secondFactor.title }).click()
    await deskPage.getByRole('heading', { level: 1, name: staffDe.secondFactor.title }).waitFor()
    await expectNoAxeViolations(deskPage, 'second factor, voluntary')
    await enrolOnScreen(deskPage)
    await deskPage.getByTestId('second-factor-active').waitFor()

    // The front-desk member lost the phone: an admin (with a factor of their own) resets it.
    await addMember('zweite.verwaltung', 'admin')
    const office = await newContext(env.browser)
    const admin = await office.newPage()
    await signInWithPassword(admin, 'zweite.verwaltung')
    await enrolOnScreen(admin)
    await admin.getByRole('link', { name: staffDe.admin.title }).first().click()
    const row = admin.getByTestId('accounts').getByRole('row').filter({ hasText: 'empfang.freiwillig' })
    await row.getByRole('button', { name: staffDe.admin.secondFactorResetAsk }).click()
    await expectNoAxeViolations(admin, 'second factor reset confirmation')
    await row.getByRole('button', { name: staffDe.admin.secondFactorResetYes }).click()
    await admin.getByRole('status').filter({ hasText: staffDe.admin.secondFactorReset.replace('{name}', 'empfang.freiwillig') }).waitFor()
    await admin.getByTestId('audit-log').getByText('secondFactor.reset').waitFor()
    expect(await row.getByRole('cell', { name: staffDe.admin.secondFactorOff }).count()).toBe(1)

    // Their session ended with the reset; the password alone signs them in again.
    await deskPage.reload()
    await deskPage.getByRole('heading', { level: 1, name: staffDe.signIn.title }).waitFor()
    await signInWithPassword(deskPage, 'empfang.freiwillig')
    await deskPage.getByRole('heading', { level: 1, name: staffDe.home.title }).waitFor()
    await office.close()
    await desk.close()
  })
})
