import { describe, expect, it } from 'vitest'
import { launchProfileBrowser, newContext, useAppAndBrowser, waitForServiceWorkerControl } from './support'

const env = useAppAndBrowser()

describe('installing the app', () => {
  it('links a manifest with German language, standalone display and the required icons', async () => {
    const context = await newContext(env.browser)
    const page = await context.newPage()
    await page.goto(env.server.baseUrl)
    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    const manifest = await (await page.request.get(`${env.server.baseUrl}${href}`)).json()
    expect(manifest).toMatchObject({ lang: 'de', display: 'standalone', start_url: '/', short_name: 'ABH Digital' })
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i)
    const icons = manifest.icons as { sizes: string; purpose: string; src: string }[]
    expect(icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable'])
    for (const icon of icons) {
      const response = await page.request.get(`${env.server.baseUrl}${icon.src}`)
      expect(response.headers()['content-type']).toBe('image/png')
    }
    await context.close()
  })

  it('meets Chromium’s installability criteria', async () => {
    const profile = await launchProfileBrowser()
    const page = await profile.context.newPage()
    await page.goto(env.server.baseUrl)
    await waitForServiceWorkerControl(page)
    const cdp = await profile.context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    expect(installabilityErrors).toEqual([])
    await profile.close()
  })
})
