// Starting the app server and Chromium; shared by the browser tests and the benchmark (no Vitest here).
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startRoundRobinProxy } from './roundRobinProxy'

export const root = path.resolve(import.meta.dirname, '../..')
const builtApp = path.join(root, 'dist')

export interface AppServer {
  /** The one server, or the proxy in front of several instances. */
  baseUrl: string
  /** A private copy of the build, so a test may change it (e.g. ship a new service worker). */
  distDir: string
  /** The server's DATA_DIR (its SQLite database, or with PostgreSQL only the documents and uploads). */
  dataDir: string
  /** Requests each instance answered (several instances only). */
  requestsPerInstance?: number[]
  /** Kills the server(s) at once, as a crash would, and starts them again on the same ports and data. */
  restart(): Promise<void>
  stop(): Promise<void>
}

async function spawnServer(port: string, dataDir: string, distDir: string, databaseUrl?: string, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: port, DATA_DIR: dataDir, DIST_DIR: distDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', () => reject(new Error(`The server exited before listening:\n${output}`)))
  })
  return { child, baseUrl }
}

const exitOf = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)))

export interface AppServerOptions {
  /** PostgreSQL instead of the SQLite default. */
  databaseUrl?: string
  /** Several instances on one database and one data dir, behind a round-robin proxy. */
  instances?: number
  /** More configuration (SMTP_URL, MAIL_FROM, PUBLIC_URL …). */
  env?: Record<string, string>
}

/** Starts the real server (server/main.ts) on a free port, with its own data dir and build copy. */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  if (!existsSync(path.join(builtApp, 'index.html'))) {
    throw new Error('No build in dist/: run `npm run build` before the browser tests (npm test does).')
  }
  const workDir = mkdtempSync(path.join(tmpdir(), 'abh-e2e-'))
  const distDir = path.join(workDir, 'dist')
  const dataDir = path.join(workDir, 'data')
  cpSync(builtApp, distDir, { recursive: true })
  const count = options.instances ?? 1
  let instances: { child: ChildProcess; baseUrl: string }[] = []
  // One at a time: the first migrates the database, the others find it ready.
  for (let index = 0; index < count; index += 1) instances.push(await spawnServer('0', dataDir, distDir, options.databaseUrl, options.env))
  const ports = instances.map((instance) => new URL(instance.baseUrl).port)
  const proxy = count > 1 ? await startRoundRobinProxy(() => instances.map((instance) => instance.baseUrl)) : undefined
  return {
    baseUrl: proxy?.baseUrl ?? instances[0]?.baseUrl ?? '',
    distDir,
    dataDir,
    requestsPerInstance: proxy?.counts,
    async restart() {
      for (const { child } of instances) child.kill('SIGKILL')
      await Promise.all(instances.map(({ child }) => exitOf(child)))
      instances = []
      for (const port of ports) instances.push(await spawnServer(port, dataDir, distDir, options.databaseUrl, options.env))
    },
    async stop() {
      await proxy?.close()
      for (const { child } of instances) child.kill('SIGTERM')
      await Promise.all(instances.map(({ child }) => exitOf(child)))
      rmSync(workDir, { recursive: true, force: true })
    },
  }
}

/** How Debian's Chromium is started here (the Lighthouse benchmark uses the same). */
export const chromiumOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // Without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}

/** Playwright turns the back/forward cache off by default; a test of it asks for it back. */
export function launchBrowser(options: { backForwardCache?: boolean } = {}): Promise<Browser> {
  return chromium.launch({ ...chromiumOptions, ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}) })
}

/** A browser with a real profile on disk (not incognito), as an installed app has. */
export async function launchProfileBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'abh-profile-'))
  const context = await chromium.launchPersistentContext(profileDir, { ...chromiumOptions, locale: 'de-DE' })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profileDir, { recursive: true, force: true })
    },
  }
}

/** Collects page errors and failed console messages, so a test can insist there were none. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  return errors
}

/** Resolves once a service worker controls the page. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 })
}

export async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'de-DE', ...options })
}

