import { describe, expect, it } from 'vitest'
import de from '@/i18n/locales/de.json'
import { credentialsOf } from './deviceData'
import { expectEveryChangeOnceWhenRequestsFail, serverDraft, startOffline } from './syncScenarios'
import { expectNoAxeViolations, newContext, singularOf, useAppAndBrowser } from './support'

const env = useAppAndBrowser()

describe('sync of drafts', () => {
  it('sends a draft typed offline as soon as the connection is back, and says all is saved', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    const draftId = await startOffline(env, page)
    await page.locator('#field-surname').fill('Haddad')
    await page.locator('#field-placeOfBirth').fill('Aleppo')
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
    await page.locator('[data-testid="sync-indicator"][data-status="waiting"]').waitFor()

    await context.setOffline(false)
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })
    expect((await serverDraft(env, page, draftId))?.answers).toMatchObject({ surname: 'Haddad', placeOfBirth: 'Aleppo' })
    await context.close()
  })

  it('gets every change to the server exactly once when a third of the requests fail', () => expectEveryChangeOnceWhenRequestsFail(env))
})

describe('a draft changed on another device', () => {
  it('asks which value is right when both changed the same field, and sends the choice', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/naturalisation`)
    await page.getByRole('button', { name: de.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    const draftId = new URL(page.url()).pathname.split('/').at(-2) ?? ''
    await page.locator('#field-placeOfBirth').fill('Aleppo')
    await expect.poll(async () => (await serverDraft(env, page, draftId))?.answers.placeOfBirth, { timeout: 30_000 }).toBe('Aleppo')

    // The front desk corrects the place of birth and adds the phone number on its own device.
    const token = (await credentialsOf(page))?.token ?? ''
    const server = await serverDraft(env, page, draftId)
    const frontDesk = await page.request.put(`${env.server.baseUrl}/api/drafts/${draftId}`, {
      headers: { authorization: `Bearer ${token}`, 'if-match': `"${server?.revision}"` },
      data: { serviceId: 'naturalisation', answers: { ...server?.answers, placeOfBirth: 'Halab', phone: '+49 345 123456' } },
    })
    expect(frontDesk.status()).toBe(200)

    // Meanwhile the applicant changes the same field here.
    await page.locator('#field-placeOfBirth').fill('Aleppo (Syrien)')
    const conflicts = page.getByTestId('draft-conflicts')
    await conflicts.waitFor({ timeout: 30_000 })
    await expectNoAxeViolations(page, 'conflict panel')
    await page.locator('[data-testid="sync-indicator"][data-status="attention"]').waitFor()
    await conflicts.getByLabel(/Halab/).check()
    await conflicts.getByRole('button', { name: de.sync.conflicts.apply }).click()
    await expect
      .poll(async () => (await serverDraft(env, page, draftId))?.answers, { timeout: 30_000 })
      .toMatchObject({ placeOfBirth: 'Halab', phone: '+49 345 123456' })
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })
    expect(await page.locator('#field-placeOfBirth').inputValue()).toBe('Halab')

    await page.goto(`${env.server.baseUrl}/sync`)
    await page.getByTestId('sync-empty').waitFor()
    await expect(page.getByTestId('recovery-code').textContent()).resolves.toMatch(/^([0-9A-Z]{5}-){3}[0-9A-Z]{5}$/)
    await expectNoAxeViolations(page, 'sync screen')
    await context.close()
  })
})

describe('a second device', () => {
  it('continues the applications of the first with its recovery code', async () => {
    const phone = await newContext(env.browser)
    const first = await phone.newPage()
    await first.goto(`${env.server.baseUrl}/apply/settlement`)
    await first.getByRole('button', { name: de.start.begin }).click()
    await first.waitForURL((url) => url.pathname.endsWith('/personal'))
    await first.locator('#field-surname').fill('Kovalenko')
    await first.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
    const draftId = new URL(first.url()).pathname.split('/').at(-2) ?? ''
    await expect.poll(async () => (await serverDraft(env, first, draftId))?.answers.surname, { timeout: 30_000 }).toBe('Kovalenko')
    await first.goto(`${env.server.baseUrl}/sync`)
    const code = (await first.getByTestId('recovery-code').textContent()) ?? ''

    const counter = await newContext(env.browser)
    const second = await counter.newPage()
    await second.goto(`${env.server.baseUrl}/sync`)
    await second.getByLabel(de.sync.recover.label).fill(code.toLowerCase())
    await second.getByRole('button', { name: de.sync.recover.submit }).click()
    await second.getByRole('status').filter({ hasText: singularOf(de.sync.recover.done) }).waitFor()
    await second.goto(`${env.server.baseUrl}/applications`)
    await second.getByRole('link', { name: de.applications.continue }).click()
    await second.waitForURL((url) => url.pathname.endsWith('/personal'))
    expect(await second.locator('#field-surname').inputValue()).toBe('Kovalenko')

    // The second device's changes reach the same draft on the server.
    await second.locator('#field-givenNames').fill('Oksana')
    await expect.poll(async () => (await serverDraft(env, first, draftId))?.answers, { timeout: 30_000 }).toMatchObject({ surname: 'Kovalenko', givenNames: 'Oksana' })
    await phone.close()
    await counter.close()
  })
})
