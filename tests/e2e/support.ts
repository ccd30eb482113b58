import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser, startAppServer, type AppServer } from './browser'

export * from './browser'

/** Starts the app server and a browser for the test file, and stops both after it. */
export function useAppAndBrowser(): { readonly server: AppServer; readonly browser: Browser } {
  let server: AppServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startAppServer()
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
