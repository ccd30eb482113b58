// Sync scenarios that run against one server (sync.test.ts) and against two instances on one
// PostgreSQL behind a round-robin proxy (instances.test.ts).
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import type { ServerDraft } from '@/domain/sync'
import de from '@/i18n/locales/de.json'
import type { AppServer } from './browser'
import { credentialsOf } from './deviceData'
import { newContext, waitForServiceWorkerControl } from './support'

interface Env {
  readonly server: AppServer
  readonly browser: Browser
}

export async function serverDraft(env: Env, page: Page, draftId: string): Promise<ServerDraft | undefined> {
  const credentials = await credentialsOf(page)
  if (!credentials) return undefined
  const response = await page.request.get(`${env.server.baseUrl}/api/drafts/${draftId}`, { headers: { authorization: `Bearer ${credentials.token}` } })
  return response.ok() ? ((await response.json()) as ServerDraft) : undefined
}

export async function startOffline(env: Env, page: Page) {
  await page.goto(env.server.baseUrl)
  await waitForServiceWorkerControl(page)
  await page.context().setOffline(true)
  await page.goto(`${env.server.baseUrl}/apply/naturalisation`)
  await page.getByRole('button', { name: de.start.begin }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/personal'))
  return new URL(page.url()).pathname.split('/').at(-2) ?? ''
}

/** A draft typed while a third of the API requests are cut: every change reaches the server exactly once. */
export async function expectEveryChangeOnceWhenRequestsFail(env: Env): Promise<void> {
  const context = await newContext(env.browser)
  const page = await context.newPage()
  const draftId = await startOffline(env, page)
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
    .poll(async () => (await serverDraft(env, page, draftId))?.answers, { timeout: 60_000 })
    .toMatchObject({ surname: 'Yılmaz', placeOfBirth: 'İzmir', city: 'Halle', street: 'Große Ulrichstraße 1' })
  await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 45_000 })
  await context.unroute('**/api/**')
  const all = await page.request.get(`${env.server.baseUrl}/api/drafts`, { headers: { authorization: `Bearer ${(await credentialsOf(page))?.token}` } })
  expect(((await all.json()) as ServerDraft[]).map((draft) => draft.id)).toEqual([draftId])
  await context.close()
}
