import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import de from '@/i18n/locales/de.json'
import { newContext, useAppAndBrowser, waitForServiceWorkerControl } from './support'

const env = useAppAndBrowser()

describe('a new app version', () => {
  it('waits until the user agrees, then takes over and reloads the page', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await page.evaluate(() => Object.assign(window, { loadedBeforeUpdate: true }))

    // Ship a new service worker, as a release does, and let the page look for updates.
    appendFileSync(path.join(env.server.distDir, 'sw.js'), '\n// release 2\n')
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration()
      await registration?.update()
    })

    const notice = page.getByRole('status').filter({ hasText: de.pwa.updateAvailable })
    await notice.waitFor({ timeout: 20_000 })
    // Nothing was swapped under the user: the old version still controls this very page.
    const beforeClick = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration()
      return { samePage: 'loadedBeforeUpdate' in window, waiting: registration?.waiting !== null }
    })
    expect(beforeClick).toEqual({ samePage: true, waiting: true })

    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: de.pwa.reload }).click()])
    await page.getByRole('heading', { level: 1, name: de.home.title }).waitFor()
    const afterReload = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration()
      return {
        samePage: 'loadedBeforeUpdate' in window,
        waiting: registration?.waiting ?? null,
        controlled: navigator.serviceWorker.controller !== null,
      }
    })
    expect(afterReload).toEqual({ samePage: false, waiting: null, controlled: true })
    expect(await page.getByText(de.pwa.updateAvailable).count()).toBe(0)
    await context.close()
  })
})
