import type { Browser } from 'playwright-core'
import AxeBuilder from '@axe-core/playwright'
import { pluralRuleOf } from '@/domain/formats'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { launchBrowser, startAppServer, type AppServer, type AppServerOptions } from './browser'

export * from './browser'

/** Starts the app server and a browser for the test file, and stops both after it. */
export function useAppAndBrowser(options: AppServerOptions | (() => Promise<AppServerOptions>) = {}): { readonly server: AppServer; readonly browser: Browser } {
  let server: AppServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startAppServer(typeof options === 'function' ? await options() : options)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return {
    get server() {
      if (!server) throw new Error('The app server is not running: use it inside a test')
      return server
    },
    get browser() {
      if (!browser) throw new Error('The browser is not running: use it inside a test')
      return browser
    },
  }
}

/** axe-core with WCAG 2.1 A/AA and best practices: no violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  expect(results.passes.length).toBeGreaterThan(0)
  expect(results.violations.map((violation) => `${where}: ${violation.id} ${violation.nodes.map((node) => node.target).join(' ')}`)).toEqual([])
}

/** The form of a plural message the app shows for `count` in `locale` (vue-i18n's rule: src/domain/formats.ts); `{count}` filled in. */
export function pluralFormOf(message: string, count: number, locale = 'de'): string {
  const forms = message.split(' | ')
  const form = forms[pluralRuleOf(locale)(count, forms.length)] ?? message
  return form.replaceAll('{count}', String(count))
}

/** The form of a German plural message for one. */
export const singularOf = (message: string) => pluralFormOf(message, 1)
