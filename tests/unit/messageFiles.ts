import { referenceLocale, supportedLocales, type Locale } from '@/domain/locales'

export type Messages = Record<string, unknown>

/** `/src/i18n/visitor/de.json` → `de`: a new language's files are found without touching the tests. */
function byLocale(files: Record<string, Messages>): Partial<Record<Locale, Messages>> {
  return Object.fromEntries(Object.entries(files).map(([path, messages]) => [path.replace(/^.*\/(\w+)\.json$/, '$1'), messages]))
}

export const applicantFiles = byLocale(import.meta.glob<Messages>('/src/i18n/locales/*.json', { import: 'default', eager: true }))
export const visitorFiles = byLocale(import.meta.glob<Messages>('/src/i18n/visitor/*.json', { import: 'default', eager: true }))
// The staff's own working screens exist in German, English and Arabic only; other languages show them in German.
export const staffFiles = byLocale(import.meta.glob<Messages>('/src/i18n/staff/*.json', { import: 'default', eager: true }))

/** Every language's messages merged as the app merges them: the staff texts under `staff`, the visitor's under `visitor`. */
export const messagesByLocale = Object.fromEntries(
  supportedLocales.map((locale) => [
    locale,
    { ...applicantFiles[locale], visitor: visitorFiles[locale], staff: staffFiles[locale] ?? staffFiles[referenceLocale] },
  ]),
) as unknown as Record<Locale, Messages>

/** Flattens nested messages (objects and arrays) to `path → text`. */
export function flatten(value: unknown, prefix = ''): Map<string, string> {
  const result = new Map<string, string>()
  if (typeof value === 'string') {
    result.set(prefix, value)
    return result
  }
  if (value === null || typeof value !== 'object') throw new Error(`${prefix} is neither text nor a group`)
  for (const [key, child] of Object.entries(value)) {
    for (const [path, text] of flatten(child, prefix === '' ? key : `${prefix}.${key}`)) result.set(path, text)
  }
  return result
}
