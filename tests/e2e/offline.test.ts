import { describe, expect, it } from 'vitest'
import de from '@/i18n/locales/de.json'
import { serviceCatalogue } from '@/domain/catalogue'
import { newContext, useAppAndBrowser, waitForServiceWorkerControl, watchForErrors } from './support'

const env = useAppAndBrowser()

describe('offline', () => {
  it('reloads the shell and the services with the network off once the service worker controls the page', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await page.getByRole('status').filter({ hasText: de.connection.online }).waitFor()

    await context.setOffline(true)
    const errors = watchForErrors(page)
    await page.reload()
    await page.getByRole('heading', { level: 1, name: de.home.title }).waitFor()
    const services = await page.locator('[data-testid="service-list"] h3').allTextContents()
    expect(services).toEqual(serviceCatalogue.map((service) => de.services[service.id].title))
    await page.getByRole('status').filter({ hasText: de.connection.offline }).waitFor()
    // The only failure allowed offline is the health probe that finds no network.
    expect(errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([])

    // A page never visited before opens from the precached shell too.
    await page.goto(`${env.server.baseUrl}/accessibility`)
    await page.getByRole('heading', { level: 1, name: de.legal.accessibility.title }).waitFor()

    await context.setOffline(false)
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.getByRole('status').filter({ hasText: de.connection.online }).waitFor()
    await context.close()
  })

  it('opens a language that was never loaded before without the network', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    await context.setOffline(true)
    await page.getByLabel(de.locale.label, { exact: true }).selectOption('en')
    await page.getByRole('heading', { level: 1, name: 'Your matters with the Foreigners\' Authority' }).waitFor()
    await context.close()
  })

  it('never answers /api from the app shell, even when a service worker controls the page', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    const response = await page.goto(`${env.server.baseUrl}/api/no-such-endpoint`)
    expect(response?.status()).toBe(404)
    expect(response?.headers()['content-type']).toMatch(/^application\/json/)
    expect(await response?.json()).toMatchObject({ code: 'NOT_FOUND' })
    await context.close()
  })
})
