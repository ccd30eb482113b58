import { readFileSync } from 'node:fs'
import { isSupportedLocale, referenceLocale, supportedLocales, type Locale } from '../../src/domain/locales.js'

/**
 * The `mail` section of the app's locale files (src/i18n/locales), read once: e-mails use the same
 * texts and the same key-parity test as the screens. German is the fallback for a language the
 * app does not speak (an old row) or a key that is missing.
 */
type Texts = { [key: string]: string | Texts }

const mailTexts = new Map<Locale, Texts>(
  supportedLocales.map((locale) => {
    const file = new URL(`../../src/i18n/locales/${locale}.json`, import.meta.url)
    return [locale, (JSON.parse(readFileSync(file, 'utf8')) as { mail: Texts }).mail]
  }),
)

const lookUp = (texts: Texts | undefined, key: string): string | undefined => {
  let node: string | Texts | undefined = texts
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : undefined
}

/** The language a stored locale stands for: one the app speaks, else German. */
export const mailLocale = (locale: string): Locale => (isSupportedLocale(locale) ? locale : referenceLocale)

/** `mail.<key>` in `locale` with `{placeholders}` filled in. */
export function mailText(locale: Locale, key: string, values: Record<string, string> = {}): string {
  const text = lookUp(mailTexts.get(locale), key) ?? lookUp(mailTexts.get(referenceLocale), key)
  if (text === undefined) throw new Error(`No mail text ${key}`)
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
