// Prints the gzip size of every built chunk and of what the home screen loads; with --check it
// fails when the home screen's JavaScript exceeds the budget (docs/performance.md).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const homeScreenBudgetBytes = 120 * 1024

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'))

const gzipSize = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

/** The entry chunk and every chunk it imports statically: all loaded before the first paint. */
function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const child of manifest[key]?.imports ?? []) staticClosure(child, seen)
  return seen
}

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry)
if (!entryKey) throw new Error('No entry chunk in the Vite manifest')
const eager = [...staticClosure(entryKey)]

// Loaded on the home screen right after the first paint: one locale (count the largest) and the
// service-worker registration. The explanations in Leichte Sprache load when one is opened.
const dynamicKeys = Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry)
const localeKeys = dynamicKeys.filter((key) => key.includes('i18n/locales/'))
const largestLocale = localeKeys.map((key) => ({ key, size: gzipSize(manifest[key].file) })).sort((a, b) => b.size - a.size)[0]
const workboxWindow = dynamicKeys.filter((key) => key.includes('workbox-window'))
const homeScreen = [...eager, ...(largestLocale ? [largestLocale.key] : []), ...workboxWindow]

const rows = Object.entries(manifest)
  .filter(([, chunk]) => chunk.file.endsWith('.js'))
  .map(([key, chunk]) => ({ key, file: chunk.file, size: gzipSize(chunk.file), home: homeScreen.includes(key) }))
  .sort((a, b) => b.size - a.size)

console.log('\nJavaScript chunks (gzip):')
for (const row of rows) console.log(`  ${row.home ? '*' : ' '} ${kb(row.size).padStart(9)}  ${row.file}  (${row.key})`)
const homeTotal = rows.filter((row) => row.home).reduce((sum, row) => sum + row.size, 0)
console.log(`\n  * home screen: ${kb(homeTotal)} of ${kb(homeScreenBudgetBytes)} budget\n`)

if (process.argv.includes('--check') && homeTotal > homeScreenBudgetBytes) {
  console.error(`The home screen loads ${kb(homeTotal)} of JavaScript (gzip), over the ${kb(homeScreenBudgetBytes)} budget.`)
  process.exit(1)
}
