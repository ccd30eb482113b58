import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { ServerDraft } from '@/domain/sync'
import de from '@/i18n/locales/de.json'
import { credentialsOf } from './deviceData'
import { expectNoAxeViolations, newContext, useAppAndBrowser, waitForServiceWorkerControl } from './support'

const env = useAppAndBrowser()

async function serverDraft(page: Page, draftId: string): Promise<ServerDraft | undefined> {
  const credentials = await credentialsOf(page)
  if (!credentials) return undefined
  const response = await page.request.get(`${env.server.baseUrl}/api/drafts/${draftId}`, { headers: { authorization: `Bearer ${credentials.token}` } })
  return response.ok() ? ((await response.json()) as ServerDraft) : undefined
}

async function startOffline(page: Page) {
  await page.goto(env.server.baseUrl)
  await waitForServiceWorkerControl(page)
  await page.context().setOffline(true)
  await page.goto(`${env.server.baseUrl}/apply/naturalisation`)
  await page.getByRole('button', { name: de.start.begin }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/personal'))
  return new URL(page.url()).pathname.split('/').at(-2) ?? ''
}

describe('sync of drafts', () => {
  it('sends a draft typed offline as soon as the connection is back, and says all is saved', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    const draftId = await startOffline(page)
    await page.locator('#field-surname').fill('Haddad')
    await page.locator('#field-placeOfBirth').fill('Aleppo')
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
    await page.locator('[data-testid="sync-indicator"][data-status="waiting"]').waitFor()

    await context.setOffline(false)
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })
    expect((await serverDraft(page, draftId))?.answers).toMatchObject({ surname: 'Haddad', placeOfBirth: 'Aleppo' })
    await context.close()
  })

  it('gets every change to the server exactly once when a third of the requests fail', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    const draftId = await startOffline(page)
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 1000) / 1000
    await context.route('**/api/**', async (route) => {
      if (random() < 0.3) await route.abort('connectionreset')
      else await route.continue()
    })
    await context.setOffline(false)
    const type = async (name: string, value: string) => {
      await page.locator(`#field-${name}`).fill(value)
      await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
    }
    await type('surname', 'Yılmaz')
    await type('placeOfBirth', 'İzmir')
    await page.goto(`${env.server.baseUrl}/applications/${draftId}/contact`)
    await type('city', 'Halle')
    await type('street', 'Große Ulrichstraße 1')
    await expect
      .poll(async () => (await serverDraft(page, draftId))?.answers, { timeout: 60_000 })
      .toMatchObject({ surname: 'Yılmaz', placeOfBirth: 'İzmir', city: 'Halle', street: 'Große Ulrichstraße 1' })
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 45_000 })
    await context.unroute('**/api/**')
    const all = await page.request.get(`${env.server.baseUrl}/api/drafts`, { headers: { authorization: `Bearer ${(await credentialsOf(page))?.token}` } })
    expect(((await all.json()) as ServerDraft[]).map((draft) => draft.id)).toEqual([draftId])
    await context.close()
  })
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
    await expect.poll(async () => (await serverDraft(page, draftId))?.answers.placeOfBirth, { timeout: 30_000 }).toBe('Aleppo')

    // The front desk corrects the place of birth and adds the phone number on its own device.
    const token = (await credentialsOf(page))?.token ?? ''
    const server = await serverDraft(page, draftId)
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
      .poll(async () => (await serverDraft(page, draftId))?.answers, { timeout: 30_000 })
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
    await expect.poll(async () => (await serverDraft(first, draftId))?.answers.surname, { timeout: 30_000 }).toBe('Kovalenko')
    await first.goto(`${env.server.baseUrl}/sync`)
    const code = (await first.getByTestId('recovery-code').textContent()) ?? ''

    const counter = await newContext(env.browser)
    const second = await counter.newPage()
    await second.goto(`${env.server.baseUrl}/sync`)
    await second.getByLabel(de.sync.recover.label).fill(code.toLowerCase())
    await second.getByRole('button', { name: de.sync.recover.submit }).click()
    await second.getByRole('status').filter({ hasText: 'Übernommen: 1' }).waitFor()
    await second.goto(`${env.server.baseUrl}/applications`)
    await second.getByRole('link', { name: de.applications.continue }).click()
    await second.waitForURL((url) => url.pathname.endsWith('/personal'))
    expect(await second.locator('#field-surname').inputValue()).toBe('Kovalenko')

    // The second device's changes reach the same draft on the server.
    await second.locator('#field-givenNames').fill('Oksana')
    await expect.poll(async () => (await serverDraft(first, draftId))?.answers, { timeout: 30_000 }).toMatchObject({ surname: 'Kovalenko', givenNames: 'Oksana' })
    await phone.close()
    await counter.close()
  })
})
