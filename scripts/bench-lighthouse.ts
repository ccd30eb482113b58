// `npm run bench:lighthouse` (and the end of `npm run bench`): Lighthouse 12 (mobile, default
// config: simulated slow 4G and a 4× slower CPU) on every public page of the built app, then the
// repeat load of one page served by the service worker offline against the same load from the
// network. Prints the figures, checks the targets of docs/performance.md and exits non-zero when
// one is missed. Timing targets live here, never in tests.
import * as chromeLauncher from 'chrome-launcher'
import lighthouse, { type Result } from 'lighthouse'
import type { Page } from 'playwright-core'
import { contactChannels } from '../src/domain/contact'
import { serviceIds } from '../src/domain/catalogue'
import { chromiumOptions, launchBrowser, newContext, startAppServer, waitForServiceWorkerControl } from '../tests/e2e/browser'
import { buildIfStale } from './build-if-stale.mjs'

const rounds = Number(process.env.LIGHTHOUSE_RUNS ?? 3)
const chromiumFlags = [
  // The page's language is German for a visitor without a stored choice (docs/performance.md).
  '--lang=de-DE',
  '--accept-lang=de-DE',
  '--headless',
  ...chromiumOptions.args,
]

const allPages = [
  '/',
  ...serviceIds.map((id) => `/apply/${id}`),
  ...contactChannels.map((channel) => `/contact/${channel}`),
  '/applications',
  '/appointments',
]
// LIGHTHOUSE_PAGES=/,/apply/settlement measures only those (while working on one page).
const pages = process.env.LIGHTHOUSE_PAGES ? allPages.filter((page) => process.env.LIGHTHOUSE_PAGES?.split(',').includes(page)) : allPages

const targets = { homePerformance: 100, otherPerformance: 97, fcpMs: 1300, lcpMs: 1800, otherCategories: 100, offlineShare: 0.5 }

interface PageFigures {
  performance: number
  accessibility: number
  bestPractices: number
  seo: number
  fcpMs: number
  lcpMs: number
  tbtMs: number
  cls: number
  /** Why the page could not enter the back/forward cache; empty when it did. */
  bfcacheFailures: string[]
  /** The element Lighthouse took for the largest contentful paint (to see why it came late). */
  lcpElement: string
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const score = (lhr: Result, category: string) => Math.round((lhr.categories[category]?.score ?? 0) * 100)
const numeric = (lhr: Result, audit: string) => lhr.audits[audit]?.numericValue ?? Number.NaN

function bfcacheFailuresOf(lhr: Result): string[] {
  const details = lhr.audits['bf-cache']?.details
  if (!details || details.type !== 'table') return []
  return details.items.map((item) => `${String(item.reason)} (${String(item.failureType)})`)
}

function lcpElementOf(lhr: Result): string {
  const details = lhr.audits['largest-contentful-paint-element']?.details
  if (!details || details.type !== 'list') return ''
  const [table] = details.items
  const [row] = table?.type === 'table' ? table.items : []
  const node = row?.node
  return typeof node === 'object' && node !== null && 'snippet' in node ? String(node.snippet) : ''
}

function figuresOf(lhr: Result): PageFigures {
  return {
    performance: score(lhr, 'performance'),
    accessibility: score(lhr, 'accessibility'),
    bestPractices: score(lhr, 'best-practices'),
    seo: score(lhr, 'seo'),
    fcpMs: numeric(lhr, 'first-contentful-paint'),
    lcpMs: numeric(lhr, 'largest-contentful-paint'),
    tbtMs: numeric(lhr, 'total-blocking-time'),
    cls: numeric(lhr, 'cumulative-layout-shift'),
    bfcacheFailures: bfcacheFailuresOf(lhr),
    lcpElement: lcpElementOf(lhr),
  }
}

/** The median of each figure over the rounds; the back/forward cache fails if any round failed. */
function medianFigures(runs: PageFigures[]): PageFigures {
  const of = (pick: (figures: PageFigures) => number) => median(runs.map(pick))
  return {
    performance: of((run) => run.performance),
    accessibility: of((run) => run.accessibility),
    bestPractices: of((run) => run.bestPractices),
    seo: of((run) => run.seo),
    fcpMs: of((run) => run.fcpMs),
    lcpMs: of((run) => run.lcpMs),
    tbtMs: of((run) => run.tbtMs),
    cls: of((run) => run.cls),
    bfcacheFailures: [...new Set(runs.flatMap((run) => run.bfcacheFailures))],
    lcpElement: [...new Set(runs.map((run) => run.lcpElement))].join(' / '),
  }
}

function missedTargets(path: string, figures: PageFigures): string[] {
  const missed: string[] = []
  const performanceTarget = path === '/' ? targets.homePerformance : targets.otherPerformance
  if (figures.performance < performanceTarget) missed.push(`performance ${figures.performance} < ${performanceTarget}`)
  if (figures.fcpMs > targets.fcpMs) missed.push(`FCP ${figures.fcpMs.toFixed(0)} ms > ${targets.fcpMs} ms`)
  if (figures.lcpMs > targets.lcpMs) missed.push(`LCP ${figures.lcpMs.toFixed(0)} ms > ${targets.lcpMs} ms${figures.lcpElement ? ` (${figures.lcpElement})` : ''}`)
  for (const [name, value] of [['accessibility', figures.accessibility], ['best practices', figures.bestPractices], ['SEO', figures.seo]] as const) {
    if (value < targets.otherCategories) missed.push(`${name} ${value} < ${targets.otherCategories}`)
  }
  if (figures.bfcacheFailures.length > 0) missed.push('back/forward cache')
  return missed
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

function printTable(results: Map<string, PageFigures>) {
  console.log(`\nLighthouse ${lighthouseVersion}, mobile (simulated slow 4G, 4× CPU), median of ${rounds} run(s)\n`)
  console.log('| page | performance | accessibility / best practices / SEO | FCP | LCP | TBT | CLS | back/forward cache |')
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const [path, figures] of results) {
    const bfcache = figures.bfcacheFailures.length === 0 ? 'pass' : `fail: ${figures.bfcacheFailures.join('; ')}`
    console.log(
      `| \`${path}\` | ${figures.performance} | ${figures.accessibility} / ${figures.bestPractices} / ${figures.seo} | ${seconds(figures.fcpMs)} | ${seconds(figures.lcpMs)} | ${figures.tbtMs.toFixed(0)} ms | ${figures.cls.toFixed(3)} | ${bfcache} |`,
    )
  }
}

interface NavigationFigures {
  responseEndMs: number
  domContentLoadedMs: number
  loadMs: number
}

async function navigationFigures(page: Page): Promise<NavigationFigures> {
  return page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
    return {
      responseEndMs: navigation?.responseEnd ?? Number.NaN,
      domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? Number.NaN,
      loadMs: navigation?.loadEventEnd ?? Number.NaN,
    }
  })
}

/**
 * One page, one browser profile, throttled like Lighthouse's slow 4G: the first visit installs the
 * service worker; then a reload that bypasses it (the network, with the HTTP cache a returning
 * visitor has) against a reload offline (the service worker alone).
 */
async function measureOfflineRepeatLoad(baseUrl: string, path: string) {
  const browser = await launchBrowser()
  try {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 })
    await page.goto(`${baseUrl}${path}`, { waitUntil: 'load' })
    await waitForServiceWorkerControl(page)
    await page.waitForLoadState('networkidle')

    await cdp.send('Network.setBypassServiceWorker', { bypass: true })
    await page.reload({ waitUntil: 'load' })
    const network = await navigationFigures(page)
    await cdp.send('Network.setBypassServiceWorker', { bypass: false })

    await context.setOffline(true)
    await page.reload({ waitUntil: 'load' })
    const offline = await navigationFigures(page)
    const servedByServiceWorker = await page.evaluate(() => navigator.serviceWorker.controller !== null)
    return { network, offline, servedByServiceWorker }
  } finally {
    await browser.close()
  }
}

/** Lighthouse now and then fails to record a trace (NO_NAVSTART): such a run is repeated, up to twice. */
async function runLighthouse(url: string, port: number, attemptsLeft = 3): Promise<Result> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error' })
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`)
  const failure = result.lhr.runtimeError
  if (failure && attemptsLeft > 1) return runLighthouse(url, port, attemptsLeft - 1)
  if (failure) throw new Error(`Lighthouse failed on ${url}: ${failure.message}`)
  return result.lhr
}

let lighthouseVersion = ''
buildIfStale()
const server = await startAppServer()
let failed = false
try {
  const runsPerPage = new Map<string, PageFigures[]>(pages.map((path) => [path, []]))
  const chrome = await chromeLauncher.launch({ chromePath: chromiumOptions.executablePath, chromeFlags: chromiumFlags })
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const path of pages) {
        const lhr = await runLighthouse(`${server.baseUrl}${path}`, chrome.port)
        lighthouseVersion = lhr.lighthouseVersion
        runsPerPage.get(path)?.push(figuresOf(lhr))
      }
    }
  } finally {
    chrome.kill()
  }
  const results = new Map([...runsPerPage].map(([path, runs]) => [path, medianFigures(runs)]))
  printTable(results)

  const repeatPath = '/apply/residence-employment'
  const repeat = await measureOfflineRepeatLoad(server.baseUrl, repeatPath)
  const share = repeat.offline.loadMs / repeat.network.loadMs
  console.log(`\nRepeat load of ${repeatPath} (slow 4G emulated), navigation timings from the start of the navigation:`)
  console.log('| load | response end | DOMContentLoaded | load event |')
  console.log('| --- | --- | --- | --- |')
  for (const [name, figures] of [['network (service worker bypassed, HTTP cache warm)', repeat.network], ['offline (service worker)', repeat.offline]] as const) {
    console.log(`| ${name} | ${figures.responseEndMs.toFixed(0)} ms | ${figures.domContentLoadedMs.toFixed(0)} ms | ${figures.loadMs.toFixed(0)} ms |`)
  }
  console.log(`offline / network (load event): ${share.toFixed(2)} (target ≤ ${targets.offlineShare})`)

  const missed = [...results].flatMap(([path, figures]) => missedTargets(path, figures).map((miss) => `${path}: ${miss}`))
  if (!repeat.servedByServiceWorker) missed.push('the offline reload was not served by the service worker')
  if (!(share <= targets.offlineShare)) missed.push(`offline repeat load takes ${share.toFixed(2)} of the network load (target ≤ ${targets.offlineShare})`)
  if (missed.length > 0) {
    failed = true
    console.error(`\nTargets missed:\n${missed.map((miss) => `  - ${miss}`).join('\n')}`)
  } else {
    console.log('\nEvery target met.')
  }
} finally {
  await server.stop()
}
if (failed) process.exitCode = 1
