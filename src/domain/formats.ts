import { authorityTimeZone } from './time.js'

/**
 * The Intl locale tag of each app language, in one place. Persian keeps the Gregorian calendar and
 * Latin digits, as on every German letter and appointment (plain `fa` shows Solar Hijri dates);
 * Arabic uses the Levantine and Iraqi month names (كانون الثاني, شباط …) most of our Arabic readers
 * know, with Latin digits like the references and codes beside them. Other languages: the code itself.
 */
const intlTags: Readonly<Record<string, string>> = {
  ar: 'ar-SY-u-nu-latn',
  fa: 'fa-u-ca-gregory-nu-latn',
}

export function intlLocaleOf(locale: string): string {
  return intlTags[locale] ?? locale
}

// Making an Intl formatter costs far more than using one: each kind made once per language and options.
type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules | Intl.ListFormat
const cache = new Map<string, Formatter>()
function cached<T extends Formatter>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined
  if (!formatter) cache.set(key, (formatter = make()))
  return formatter
}

/** An instant (ISO string or Date) in the reader's language, always on the authority's clock. */
export function formatInstant(locale: string, instant: string | Date, options: Intl.DateTimeFormatOptions): string {
  const format = cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(intlLocaleOf(locale), { timeZone: authorityTimeZone, ...options }))
  return format.format(typeof instant === 'string' ? new Date(instant) : instant)
}

/** A calendar day (YYYY-MM-DD, e.g. a birth date or a due date): the same day wherever it is read. */
export function formatCalendarDay(locale: string, day: string, options: Intl.DateTimeFormatOptions): string {
  const format = cached(`c|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(intlLocaleOf(locale), { ...options, timeZone: 'UTC' }))
  return format.format(new Date(`${day}T00:00:00Z`))
}

export function formatNumber(locale: string, value: number, options: Intl.NumberFormatOptions = {}): string {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(intlLocaleOf(locale), options)).format(value)
}

export function formatMoney(locale: string, euros: number): string {
  return formatNumber(locale, euros, { style: 'currency', currency: 'EUR' })
}

// CLDR's order of plural categories: a plural message lists its forms in this order, only those its language has.
const categoryOrder: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other']

/** The plural forms a message in this language has, in order (German: one, other; Arabic: all six). */
export function pluralCategoriesOf(locale: string): Intl.LDMLPluralRule[] {
  const present = new Set(cached(`p|${locale}`, () => new Intl.PluralRules(intlLocaleOf(locale))).resolvedOptions().pluralCategories)
  return categoryOrder.filter((category) => present.has(category))
}

/** vue-i18n's plural rule for a language: which of the `|`-separated forms to show for a count. */
export function pluralRuleOf(locale: string): (choice: number, choicesLength: number) => number {
  const rules = cached(`p|${locale}`, () => new Intl.PluralRules(intlLocaleOf(locale)))
  const categories = pluralCategoriesOf(locale)
  return (choice, choicesLength) => Math.min(categories.indexOf(rules.select(Math.abs(choice))), choicesLength - 1)
}

/** "A, B and C" in the reader's language. */
export function formatList(locale: string, items: string[]): string {
  return cached(`l|${locale}`, () => new Intl.ListFormat(intlLocaleOf(locale), { type: 'conjunction' })).format(items)
}

/** A language's name in the reader's language ("Arabisch" for `ar` to a German reader). */
export function formatLanguageName(locale: string, language: string): string {
  return new Intl.DisplayNames([intlLocaleOf(locale)], { type: 'language' }).of(language) ?? language
}
