import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import en from '@/i18n/locales/en.json'
import tr from '@/i18n/locales/tr.json'
import { serviceCatalogue } from '@/domain/catalogue'
import { expectNoAxeViolations, newContext, useAppAndBrowser, watchForErrors } from './support'

const env = useAppAndBrowser()

const locales = [
  { browserLocale: 'de-DE', lang: 'de', dir: 'ltr', messages: de },
  { browserLocale: 'en-GB', lang: 'en', dir: 'ltr', messages: en },
  { browserLocale: 'ar-SY', lang: 'ar', dir: 'rtl', messages: ar },
  { browserLocale: 'tr-TR', lang: 'tr', dir: 'ltr', messages: tr },
] as const

describe('the home screen in every language', () => {
  it.each(locales)('renders in $lang ($dir) for a browser set to $browserLocale', async ({ browserLocale, lang, dir, messages }) => {
    const context = await newContext(env.browser, { locale: browserLocale })
    const page = await context.newPage()
    const errors = watchForErrors(page)
    await page.goto(env.server.baseUrl)
    await page.getByRole('heading', { level: 1, name: messages.home.title }).waitFor()
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lang, dir])
    const services = await page.locator('[data-testid="service-list"] h3').allTextContents()
    expect(services).toEqual(serviceCatalogue.map((service) => messages.services[service.id].title))
    const channels = await page.locator('[data-testid="contact-channels"] h3').allTextContents()
    expect(channels).toEqual([messages.contact['in-person'].title, messages.contact.phone.title, messages.contact.written.title])
    expect(await page.title()).toBe(`${messages.home.title} – ${messages.app.name}`)
    expect(errors).toEqual([])
    await context.close()
  })

  it('shows the three contact channels side by side with the same size on a wide screen', async () => {
    const context = await newContext(env.browser, { viewport: { width: 1200, height: 900 } })
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await page.locator('[data-testid="contact-channels"] > li').first().waitFor()
    const boxes = await page.locator('[data-testid="contact-channels"] > li').evaluateAll((items) =>
      items.map((item) => item.getBoundingClientRect()).map((box) => ({ top: box.top, width: Math.round(box.width) })),
    )
    expect(boxes).toHaveLength(3)
    expect(new Set(boxes.map((box) => box.top)).size).toBe(1)
    expect(new Set(boxes.map((box) => box.width)).size).toBe(1)
    await context.close()
  })

  it('remembers a language chosen in the switcher across a reload', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await page.getByLabel(de.locale.label, { exact: true }).selectOption('ar')
    await page.getByRole('heading', { level: 1, name: ar.home.title }).waitFor()
    await page.reload()
    await page.getByRole('heading', { level: 1, name: ar.home.title }).waitFor()
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl')
    await context.close()
  })

  it('keeps the JavaScript the home screen downloads within 120 KB gzip', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    const scripts: Promise<number>[] = []
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.body().then((body) => gzipSync(body).length))
    })
    await page.goto(env.server.baseUrl)
    await page.getByRole('heading', { level: 1, name: de.home.title }).waitFor()
    // The service worker registration (workbox-window) is the last script the home screen loads.
    await page.evaluate(() => navigator.serviceWorker.ready)
    const total = (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0)
    expect(scripts.length).toBeGreaterThan(0)
    expect(total).toBeLessThanOrEqual(120 * 1024)
    await context.close()
  })
})

describe('Leichte Sprache', () => {
  it('offers an "Einfach erklärt" summary on every service, opened by default once chosen on the home screen, and stays axe-clean', async () => {
    const context = await newContext(env.browser, { locale: 'de-DE' })
    const page = await context.newPage()
    const requested: string[] = []
    page.on('request', (request) => requested.push(new URL(request.url()).pathname))
    await page.goto(env.server.baseUrl)
    const summaries = page.locator('details.easy-language')
    await summaries.first().waitFor()
    expect(await summaries.count()).toBe(serviceCatalogue.length)
    expect(await summaries.evaluateAll((all) => all.map((details) => (details as HTMLDetailsElement).open))).toEqual(serviceCatalogue.map(() => false))
    expect(await summaries.first().locator('summary').textContent()).toContain(de.easy.heading)
    await expectNoAxeViolations(page, 'home with Leichte Sprache')
    // The sentences are their own chunk, fetched only when a box is opened.
    const chunksBefore = requested.length
    await summaries.first().locator('summary').click()
    await summaries.first().locator('[lang="de"] p').first().waitFor()
    expect(requested.length).toBeGreaterThan(chunksBefore)

    await page.getByLabel(de.easy.openByDefault).check()
    await page.reload()
    await summaries.first().waitFor()
    expect(await summaries.evaluateAll((all) => all.every((details) => (details as HTMLDetailsElement).open))).toBe(true)
    await context.close()
  })

  it('shows the German summary in Arabic too, marked as German and left to right inside the right-to-left page', async () => {
    const context = await newContext(env.browser, { locale: 'ar-SY' })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}/apply/settlement`)
    const summary = page.locator('details.easy-language')
    await summary.locator('summary').click()
    expect(await summary.locator('summary').textContent()).toContain(ar.easy.heading)
    const german = summary.locator('[lang="de"]')
    expect(await german.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr')
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl')
    await expectNoAxeViolations(page, 'service page in Arabic with Leichte Sprache')
    // Printed, the page keeps its direction.
    await page.emulateMedia({ media: 'print' })
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl')
    await context.close()
  })
})
