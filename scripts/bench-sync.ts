// `npm run bench:sync`: sync on a bad connection, in headless Chromium, through a loopback TCP
// proxy that cuts API requests part-way (tests/e2e/cuttingProxy.ts: one request per connection,
// so a cut connection is a cut request; only bytes that reached the server count).
//  1. Bytes sent per byte of data under 30 % cut requests: a draft with three documents, and a
//     whole application (every step answered, 10 pages, submitted).
//  2. Time to "all saved" for a draft with two 12 MP photos made offline, then synced while 30 %
//     of API requests are cut, with a reload in the middle; every other round also has a 20 s
//     tunnel (every API request cut) starting at a random moment of the first 4 s. Median and worst of BENCH_ROUNDS rounds,
//     and the most API requests the device sent in one second.
// Timing targets live here, never in tests.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import type { Page } from 'playwright-core'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import de from '@/i18n/locales/de.json'
import { validAnswers } from '../tests/unit/applicationFactories'
import { fillApplication } from '../tests/e2e/applicationFlow'
import { launchBrowser, newContext, root, startAppServer, waitForServiceWorkerControl } from '../tests/e2e/browser'
import { startCuttingProxy, seededRandom, type CuttingProxyStats, type ProxiedRequest } from '../tests/e2e/cuttingProxy'
import { readStoredPages } from '../tests/e2e/deviceData'
import { makePhotoJpeg } from '../tests/e2e/syntheticPhoto'

const rounds = Number(process.env.BENCH_ROUNDS ?? 20)
const cutShare = 0.3
const tunnelMs = 20_000

if (!existsSync(path.join(root, 'dist', 'index.html'))) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const sortedOf = (values: number[]) => [...values].sort((a, b) => a - b)
const median = (values: number[]) => {
  const sorted = sortedOf(values)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** 30 % of API requests cut at a uniformly random byte of the request; `tunnel`: all of them, in that window. */
function cuttingPattern(seed: number, tunnel?: { from: number; to: number }) {
  const random = seededRandom(seed)
  return (request: ProxiedRequest) => {
    const now = performance.now()
    if (tunnel && now >= tunnel.from && now < tunnel.to) return 0
    return random() < cutShare ? Math.floor(random() * request.bytes) : undefined
  }
}

/** The most API requests that arrived within one second. */
function peakPerSecond(stats: CuttingProxyStats): number {
  const times = sortedOf(stats.apiRequestTimes)
  let peak = 0
  let first = 0
  for (let last = 0; last < times.length; last += 1) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= 1000) first += 1
    peak = Math.max(peak, last - first + 1)
  }
  return peak
}

const allSavedTimeoutMs = 300_000
const allSaved = (page: Page) => page.locator('[data-testid="sync-indicator"][data-status="saved"]').waitFor({ timeout: allSavedTimeoutMs })

async function capture(page: Page, item: string, width: number) {
  const slot = page.locator(`section[data-checklist-item="${item}"]`)
  const pagesBefore = await slot.locator('li[data-page-id]').count()
  await slot.getByTestId('photo-input').setInputFiles({ name: `${item}.jpg`, mimeType: 'image/jpeg', buffer: await makePhotoJpeg(page, width, 3000) })
  await slot.locator('li[data-page-id]').nth(pagesBefore).waitFor()
}

async function storedBytes(page: Page, draftId: string) {
  return (await readStoredPages(page, draftId)).reduce((sum, stored) => sum + Buffer.from(stored.base64, 'base64').length, 0)
}

const secondsText = (seconds: number) => (Number.isFinite(seconds) ? `${seconds.toFixed(1)} s` : `over ${allSavedTimeoutMs / 1000} s`)

function reportWire(title: string, stats: CuttingProxyStats, dataBytes: number) {
  console.log(title)
  console.log(`  API requests: ${stats.apiRequests}, cut: ${stats.cutRequests} (${((stats.cutRequests / stats.apiRequests) * 100).toFixed(0)} %)`)
  console.log(`  data: ${(dataBytes / 1024).toFixed(0)} KB, reached the server: ${(stats.apiBytesSent / 1024).toFixed(0)} KB`)
  console.log(`  bytes sent / bytes of data: ${(stats.apiBytesSent / dataBytes).toFixed(3)} (the physical limit is 1.0; goal ≤ 1.10)`)
}

const server = await startAppServer()
const proxy = await startCuttingProxy(server.baseUrl)
const browser = await launchBrowser()
const base = proxy.baseUrl

async function wireForThreeDocuments() {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 } })
  const page = await context.newPage()
  proxy.takeStats()
  proxy.setCutting(cuttingPattern(3))
  await page.goto(`${base}/apply/residence-study`)
  await page.getByRole('button', { name: de.start.begin }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/personal'))
  await page.locator('#field-surname').fill('Haddad')
  await page.locator('#field-placeOfBirth').fill('Aleppo')
  const draftId = new URL(page.url()).pathname.split('/').at(-2) ?? ''
  await page.goto(`${base}/applications/${draftId}/documents`)
  for (const [index, item] of ['passport', 'biometricPhoto', 'healthInsuranceCertificate'].entries()) await capture(page, item, 4000 - index * 100)
  await allSaved(page)
  const stats = proxy.takeStats()
  const answersBytes = Buffer.byteLength(JSON.stringify({ serviceId: 'residence-study', answers: { surname: 'Haddad', placeOfBirth: 'Aleppo' } }))
  reportWire(`sync through a proxy that cuts ${cutShare * 100} % of API requests part-way, a draft with 3 documents`, stats, (await storedBytes(page, draftId)) + answersBytes)
  await context.close()
}

async function wireForWholeApplication() {
  const answers = validAnswers('residence-study')
  const context = await newContext(browser, { viewport: { width: 390, height: 844 } })
  const page = await context.newPage()
  proxy.takeStats()
  proxy.setCutting(cuttingPattern(11))
  const draftId = await fillApplication(page, base, 'residence-study', answers)
  const required = deriveChecklist(applicationForms['residence-study'], answers).filter((item) => item.required)
  for (let index = 0; index < 10; index += 1) await capture(page, required[index % required.length]?.id ?? '', 4000 - index * 20)
  await page.getByRole('button', { name: de.draft.toReview }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/review'))
  await page.getByRole('button', { name: de.review.submit }).click()
  await page.getByTestId('receipt').waitFor({ timeout: allSavedTimeoutMs })
  await allSaved(page)
  const stats = proxy.takeStats()
  const answersBytes = Buffer.byteLength(JSON.stringify({ serviceId: 'residence-study', answers }))
  reportWire(`the same proxy, a whole application: every step, 10 pages, submitted`, stats, (await storedBytes(page, draftId)) + answersBytes)
  await context.close()
}

/**
 * One round: seconds from the connection coming back to "all saved" (Infinity when not within
 * five minutes), and the peak requests per second.
 */
async function roundToAllSaved(round: number): Promise<{ seconds: number; peak: number; tunnel: boolean }> {
  const random = seededRandom(100 + round)
  const context = await newContext(browser, { viewport: { width: 390, height: 844 } })
  const page = await context.newPage()
  proxy.setCutting(() => undefined)
  await page.goto(base)
  await waitForServiceWorkerControl(page)
  await context.setOffline(true)
  await page.goto(`${base}/apply/naturalisation`)
  await page.getByRole('button', { name: de.start.begin }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/personal'))
  await page.locator('#field-surname').fill('Yılmaz')
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor()
  const draftId = new URL(page.url()).pathname.split('/').at(-2) ?? ''
  await page.goto(`${base}/applications/${draftId}/documents`)
  await capture(page, 'passport', 4000)
  await capture(page, 'passport', 3990)

  const started = performance.now()
  const tunnel = round % 2 === 1
  // Within the first 4 s, so the tunnel falls while the sync is still under way.
  const tunnelFrom = started + random() * 4000
  const reloadAfter = 1000 + random() * 5000
  proxy.takeStats()
  proxy.setCutting(cuttingPattern(1000 + round, tunnel ? { from: tunnelFrom, to: tunnelFrom + tunnelMs } : undefined))
  await context.setOffline(false)
  await page.waitForTimeout(reloadAfter)
  await page.reload()
  const reached = await allSaved(page).then(
    () => true,
    (error: unknown) => {
      if (error instanceof Error && error.name === 'TimeoutError') return false
      throw error
    },
  )
  const seconds = reached ? (performance.now() - started) / 1000 : Number.POSITIVE_INFINITY
  const stats = proxy.takeStats()
  await context.close()
  return { seconds, peak: peakPerSecond(stats), tunnel }
}

try {
  await wireForThreeDocuments()
  await wireForWholeApplication()
  console.log(`time to "all saved", a draft with two 12 MP photos made offline, ${cutShare * 100} % of API requests cut, a reload after 1–6 s, ${rounds} rounds (every other with a 20 s tunnel)`)
  const results: Awaited<ReturnType<typeof roundToAllSaved>>[] = []
  for (let round = 0; round < rounds; round += 1) {
    const result = await roundToAllSaved(round)
    results.push(result)
    console.log(`  round ${round + 1}: ${secondsText(result.seconds)}${result.tunnel ? ' (with a 20 s tunnel)' : ''}, peak ${result.peak} requests/s`)
  }
  const seconds = results.map((result) => result.seconds)
  console.log(`  median ${secondsText(median(seconds))} (goal ≤ 20 s), worst ${secondsText(Math.max(...seconds))} (goal ≤ 60 s)`)
  console.log(`  peak API requests per second from one device: ${Math.max(...results.map((result) => result.peak))}`)
} finally {
  await browser.close()
  await proxy.close()
  await server.stop()
}
