import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import { prerenderedPaths } from '@/domain/prerenderedPages'
import { launchBrowser, newContext, useAppAndBrowser, waitForServiceWorkerControl, watchForErrors } from './support'

const env = useAppAndBrowser()

describe('pre-rendered pages', () => {
  it('show the header, the heading and its first text before any JavaScript has run, and the app shows the same heading', async () => {
    const withoutScript = await newContext(env.browser, { javaScriptEnabled: false })
    const withScript = await newContext(env.browser)
    const before = await withoutScript.newPage()
    const after = await withScript.newPage()
    // A page that does not hydrate as rendered says so on the console (Vue: "Hydration … mismatches").
    const errors = watchForErrors(after)
    for (const path of prerenderedPaths) {
      await before.goto(`${env.server.baseUrl}${path}`)
      expect(await before.getByRole('banner').getByRole('link', { name: new RegExp(de.app.name) }).isVisible(), path).toBe(true)
      const heading = await before.getByRole('heading', { level: 1 }).textContent()
      expect(heading?.trim(), path).not.toBe('')
      expect(await before.locator('main h1 ~ *').first().isVisible(), path).toBe(true)
      await after.goto(`${env.server.baseUrl}${path}`)
      await after.getByRole('heading', { level: 1, name: heading ?? '' }).waitFor()
      expect(await after.title(), path).toBe(await before.title())
      await after.waitForFunction(() => !document.getElementById('app')?.hasAttribute('inert'))
    }
    expect(errors).toEqual([])
    await withoutScript.close()
    await withScript.close()
  })

  // The home page and an application page: both carry parts the app fills in after it mounts (the
  // Leichte Sprache boxes load their sentences from a chunk of their own).
  it.each(['/', '/apply/residence-employment'])('%s is taken over by the app in place, without moving anything, also once its late parts are in, and without errors (the CSP allows its inline parts)', async (path) => {
    const context = await newContext(env.browser, { viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    const errors = watchForErrors(page)
    let releaseApp: () => void = () => undefined
    const appHeld = new Promise<void>((resolve) => (releaseApp = resolve))
    await page.route('**/assets/index-*.js', async (route) => {
      await appHeld
      await route.continue()
    })
    await page.goto(`${env.server.baseUrl}${path}`, { waitUntil: 'commit' })
    const prerenderedHeading = await page.locator('h1').elementHandle()
    const boxes = () => page.evaluate(() => ['header', 'h1', 'main p', 'footer'].map((selector) => document.querySelector(selector)?.getBoundingClientRect().toJSON() as unknown))
    await page.locator('footer').waitFor()
    const prerendered = await boxes()
    releaseApp()
    await page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('inert'))
    // Hydrated, not replaced: the painted heading is the app's own now.
    expect(await prerenderedHeading?.evaluate((heading) => heading.isConnected)).toBe(true)
    expect(await boxes()).toEqual(prerendered)
    await page.waitForLoadState('networkidle')
    await page.evaluate(() => new Promise((settled) => requestAnimationFrame(() => requestAnimationFrame(settled))))
    expect(await boxes()).toEqual(prerendered)
    expect(errors).toEqual([])
    await context.close()
  })

  it('are taken over without a hydration mismatch offline too, served by the service worker', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/settlement`)
    await waitForServiceWorkerControl(page)
    await context.setOffline(true)
    const errors = watchForErrors(page)
    await page.reload()
    await page.getByRole('status').filter({ hasText: de.connection.offline }).waitFor()
    // The only failure allowed offline is the health probe that finds no network.
    expect(errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([])
    await context.close()
  })

  it('stay hidden for a visitor who chose another language until the app shows it in theirs', async () => {
    const context = await newContext(env.browser)
    await context.addInitScript(() => localStorage.setItem('abh.locale', 'ar'))
    const page = await context.newPage()
    const errors = watchForErrors(page)
    let releaseApp: () => void = () => undefined
    const appHeld = new Promise<void>((resolve) => (releaseApp = resolve))
    await page.route('**/assets/index-*.js', async (route) => {
      await appHeld
      await route.continue()
    })
    await page.goto(env.server.baseUrl, { waitUntil: 'commit' })
    await page.locator('footer').waitFor({ state: 'attached' })
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    expect(await page.getByRole('heading', { level: 1, name: de.home.title }).isVisible()).toBe(false)
    releaseApp()
    await page.getByRole('heading', { level: 1, name: ar.home.title }).waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('the back/forward cache', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser({ backForwardCache: true })
  })
  afterAll(async () => {
    await browser.close()
  })

  it('keeps an application page when the applicant leaves for another site and comes back, and sync goes on', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/residence-study`)
    await page.getByRole('button', { name: de.start.begin }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/personal'))
    await page.locator('#field-surname').fill('Haddad')
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })
    await page.evaluate(() => {
      addEventListener('pageshow', (event) => document.documentElement.setAttribute('data-restored', String(event.persisted)))
    })

    // Another site (the authority's own website, say): the page goes into the cache, not away.
    await page.goto(`${env.server.baseUrl.replace('localhost', '127.0.0.1')}/robots.txt`)
    await page.goBack({ waitUntil: 'commit' })
    await page.locator('html[data-restored="true"]').waitFor({ state: 'attached' })

    const pushed = page.waitForResponse((response) => response.url().includes('/api/drafts/') && response.request().method() !== 'GET' && response.ok())
    await page.locator('#field-placeOfBirth').fill('Aleppo')
    await pushed
    await page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: 30_000 })
    await context.close()
  })
})
