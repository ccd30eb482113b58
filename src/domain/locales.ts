/** Languages the app speaks. German is the reference and the legally binding text. */
export const supportedLocales = ['de', 'en', 'ar', 'tr', 'uk', 'ru', 'fa'] as const

export type Locale = (typeof supportedLocales)[number]

export const referenceLocale: Locale = 'de'

export type TextDirection = 'ltr' | 'rtl'

const rightToLeft: ReadonlySet<Locale> = new Set<Locale>(['ar', 'fa'])

export function directionOf(locale: Locale): TextDirection {
  return rightToLeft.has(locale) ? 'rtl' : 'ltr'
}

/**
 * Each language's name in itself (endonym). Not translated on purpose: a reader who does not
 * understand the current language must still find their own.
 */
export const localeEndonyms: Record<Locale, string> = {
  de: 'Deutsch',
  en: 'English',
  ar: 'العربية',
  tr: 'Türkçe',
  uk: 'Українська',
  ru: 'Русский',
  fa: 'فارسی',
}

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value)
}

/** Picks the first supported language from a browser's preference list (e.g. `navigator.languages`). */
export function negotiateLocale(preferred: readonly string[], fallback: Locale = referenceLocale): Locale {
  return chooseStartLocale(undefined, preferred, supportedLocales, fallback) as Locale
}

/**
 * The language to start in: a stored choice if supported, else the first supported preference,
 * else the fallback. It references nothing outside its parameters on purpose: pre-rendered pages
 * inline its source, so the page knows its language before any module has loaded.
 */
export function chooseStartLocale(stored: unknown, preferred: readonly string[], supported: readonly string[], fallback: string): string {
  if (typeof stored === 'string' && supported.includes(stored)) return stored
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0]
    if (primary !== undefined && supported.includes(primary)) return primary
  }
  return fallback
}
