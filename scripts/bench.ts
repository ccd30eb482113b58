// `npm run bench`: the capture pipeline in headless Chromium on a 12-megapixel photo.
// Reports the median time from choosing the file to the stored page, the output size, and the
// ratio of output to input bytes. Sync on a bad connection is scripts/bench-sync.ts, chained after
// this one. Timing targets live here, never in tests.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { launchBrowser, root, startAppServer } from '../tests/e2e/browser'
import { readStoredPages } from '../tests/e2e/deviceData'
import { makePhotoJpeg } from '../tests/e2e/syntheticPhoto'

const runs = Number(process.env.BENCH_RUNS ?? 7)

if (!existsSync(path.join(root, 'dist', 'index.html'))) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const server = await startAppServer()
const browser = await launchBrowser()
try {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } })
  const page = await context.newPage()
  await page.goto(`${server.baseUrl}/apply/naturalisation`)
  await page.getByRole('button', { name: 'Antrag beginnen' }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/personal'))
  const draftId = new URL(page.url()).pathname.split('/').at(-2) ?? ''
  await page.goto(`${server.baseUrl}/applications/${draftId}/documents`)

  const photo = await makePhotoJpeg(page, 4000, 3000)
  const input = page.locator('section[data-checklist-item="passport"] [data-testid="photo-input"]')
  const pages = page.locator('section[data-checklist-item="passport"] li[data-page-id]')
  const times: number[] = []
  // One warm-up run: the worker and its code are loaded on first use.
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now()
    await input.setInputFiles({ name: `IMG_${run}.jpg`, mimeType: 'image/jpeg', buffer: photo })
    await pages.nth(run).waitFor()
    if (run > 0) times.push(performance.now() - started)
  }
  const stored = await readStoredPages(page, draftId)
  const sizes = stored.map((entry) => Buffer.from(entry.base64, 'base64').length)
  const outputBytes = median(sizes)
  const first = stored[0]
  console.log(`capture pipeline, ${runs} runs after a warm-up, 12 MP photo (4000×3000, ${(photo.length / 1024 / 1024).toFixed(2)} MB JPEG)`)
  console.log(`  median time, file chosen → page stored: ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`)
  console.log(`  output: ${first?.width}×${first?.height} JPEG, median ${(outputBytes / 1024).toFixed(0)} KB`)
  console.log(`  output / input bytes: ${(outputBytes / photo.length).toFixed(3)}`)
  await context.close()
} finally {
  await browser.close()
  await server.stop()
}
