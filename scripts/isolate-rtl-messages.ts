/**
 * Puts every Latin, numeric or placeholder run of a right-to-left language's messages into Unicode
 * isolates (see src/i18n/bidi.ts); runs already isolated stay as they are. For translators:
 *   node --import tsx scripts/isolate-rtl-messages.ts src/i18n/locales/fa.json src/i18n/visitor/fa.json
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { isolateRuns } from '../src/i18n/bidi.js'

function isolateAll(value: unknown): unknown {
  if (typeof value === 'string') return isolateRuns(value)
  if (Array.isArray(value)) return value.map(isolateAll)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, isolateAll(child)]))
  return value
}

for (const file of process.argv.slice(2)) {
  writeFileSync(file, `${JSON.stringify(isolateAll(JSON.parse(readFileSync(file, 'utf8'))), null, 2)}\n`)
}
