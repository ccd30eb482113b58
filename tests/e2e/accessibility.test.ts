import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations, newContext, useAppAndBrowser } from './support'

const env = useAppAndBrowser()

const pages = ['/', '/imprint', '/privacy', '/accessibility', '/no-such-page']
const locales = ['de-DE', 'en-GB', 'ar-SY', 'fa-IR']
const viewports = [
  { name: 'phone at 320 px', width: 320, height: 640 },
  { name: 'desktop', width: 1280, height: 900 },
]

describe.each(viewports)('axe-core on the $name', ({ width, height }) => {
  it.each(locales)('finds no violation on any page in %s', async (locale) => {
    const context = await newContext(env.browser, { locale, viewport: { width, height } })
    const page = await context.newPage()
    for (const path of pages) {
      await page.goto(`${env.server.baseUrl}${path}`)
      await page.locator('main h1').waitFor()
      await expectNoAxeViolations(page, path)
    }
    await context.close()
  })
})

describe('layout at 320 px and 200 % zoom', () => {
  it.each(pages)('%s scrolls only vertically', async (path) => {
    // 640 CSS px at 200 % zoom behave like a 320 px wide window.
    const context = await newContext(env.browser, { viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 })
    const page = await context.newPage()
    await page.goto(`${env.server.baseUrl}${path}`)
    await page.locator('main h1').waitFor()
    await page.evaluate(() => {
      document.documentElement.style.zoom = '2'
    })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await context.close()
  })

  it('gives every link, button and select a touch target of at least 44 px', async () => {
    const context = await newContext(env.browser, { viewport: { width: 320, height: 640 } })
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await page.locator('main h1').waitFor()
    const small = await page.locator('a:visible, button:visible, select:visible').evaluateAll((elements) =>
      elements
        .map((element) => ({ text: element.textContent?.trim(), height: element.getBoundingClientRect().height }))
        .filter((target) => target.height < 44),
    )
    expect(small).toEqual([])
    await context.close()
  })
})

describe('keyboard', () => {
  it('reaches the skip link first and lands in the main content with it', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    await page.locator('main h1').waitFor()
    // A pre-rendered page is inert until the app has taken it over.
    await page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('inert'))
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#main')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.id === 'main')
    await context.close()
  })
})
