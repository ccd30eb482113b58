import { shallowRef, type App } from 'vue'
import { createI18n, type Composer } from 'vue-i18n'
import {
  chooseStartLocale,
  directionOf,
  isSupportedLocale,
  referenceLocale,
  supportedLocales,
  type Locale,
} from '@/domain/locales'
import { pluralRuleOf } from '@/domain/formats'
import { storageKeys } from '@/constants'
import type de from './locales/de.json'

/** German is the reference: every other locale must have exactly its keys (tests/unit/locale-keys.test.ts). */
export type MessageSchema = typeof de

// One chunk per language: a reader downloads only the language they read.
const messageLoaders: Record<Locale, () => Promise<{ default: MessageSchema }>> = {
  de: () => import('./locales/de.json'),
  en: () => import('./locales/en.json'),
  ar: () => import('./locales/ar.json'),
  tr: () => import('./locales/tr.json'),
  uk: () => import('./locales/uk.json'),
  ru: () => import('./locales/ru.json'),
  fa: () => import('./locales/fa.json'),
}

const notStaffText = /^(?!staff\.)/

export function createAppI18n() {
  return createI18n({
    legacy: false,
    locale: referenceLocale,
    // Every applicant locale has every key (tested), and only the chosen one is loaded. The staff
    // texts of a language without its own file are German, kept under German (staffMessages), so
    // vue-i18n falls back to them and counts their plurals by German's rule, not the page's: a
    // Russian rule on German's two forms would read "21 Vorgang". Only those fall back silently.
    fallbackLocale: referenceLocale,
    missingWarn: notStaffText,
    fallbackWarn: notStaffText,
    messages: {},
    // Real plural forms from Intl.PluralRules: Ukrainian and Russian have three, Arabic six.
    pluralRules: Object.fromEntries(supportedLocales.map((locale) => [locale, pluralRuleOf(locale)])),
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>
export type AppComposer = Composer

/** The language to start in: the one chosen before, else the browser's preference, else German. */
export function initialLocale(storage: Storage | undefined, preferred: readonly string[]): Locale {
  const stored = storage?.getItem(storageKeys.locale)
  return chooseStartLocale(stored, preferred, supportedLocales, referenceLocale) as Locale
}

/**
 * Messages of a part of the app loaded only when it is used (the staff screens), for a language:
 * its own, or those of the language they fall back to (`writtenIn`), kept under that language.
 */
export type MessageExtension = (locale: Locale) => Promise<{ writtenIn: Locale; messages: Record<string, unknown> }>
const extensions = new Set<MessageExtension>()
// Per i18n instance (the app has one; tests make several): which extension each language has.
const extendedLocales = new WeakMap<AppComposer, Map<MessageExtension, Set<Locale>>>()

async function applyExtensions(composer: AppComposer, locale: Locale): Promise<void> {
  const applied = extendedLocales.get(composer) ?? new Map<MessageExtension, Set<Locale>>()
  extendedLocales.set(composer, applied)
  for (const extension of extensions) {
    const done = applied.get(extension) ?? new Set<Locale>()
    if (done.has(locale)) continue
    const { writtenIn, messages } = await extension(locale)
    composer.mergeLocaleMessage(writtenIn, messages)
    done.add(locale)
    applied.set(extension, done)
  }
}

/** A text for the key in the shown language, or in German where it falls back (staff texts). */
export const hasText = (composer: Pick<AppComposer, 'te'>, key: string): boolean => composer.te(key) || composer.te(key, referenceLocale)

/** Adds an extension's messages to the current language now, and to every language switched to later. */
export async function extendMessages(composer: AppComposer, extension: MessageExtension): Promise<void> {
  extensions.add(extension)
  await applyExtensions(composer, composer.locale.value as Locale)
}

/**
 * The language shown now, for code outside components: the sync engine sends it with the
 * applicant's settings, so e-mails and the staff view of a case know it.
 */
export const shownLocale = shallowRef<Locale>(referenceLocale)

/**
 * Loads a language if needed, switches to it, mirrors it on <html lang dir> and, when someone
 * chose it, remembers it (the start language is not written: a wiped office device keeps nothing).
 */
export async function switchLocale(composer: AppComposer, locale: Locale, remember = true): Promise<void> {
  // German may already hold the staff texts other languages fall back to: merged, not replaced.
  if (!composer.te('app.name', locale)) composer.mergeLocaleMessage(locale, (await messageLoaders[locale]()).default)
  await applyExtensions(composer, locale)
  composer.locale.value = locale
  shownLocale.value = locale
  document.documentElement.lang = locale
  document.documentElement.dir = directionOf(locale)
  if (!remember) return
  try {
    safeLocalStorage()?.setItem(storageKeys.locale, locale)
  } catch {
    // Private mode or a full disk: the choice then lasts for this visit only.
  }
}

/** The applicant's language from another device (given on recovery): taken unless someone chose one on this device. */
export async function adoptApplicantLocale(composer: AppComposer, locale: Locale): Promise<void> {
  if (isSupportedLocale(safeLocalStorage()?.getItem(storageKeys.locale)) || composer.locale.value === locale) return
  await switchLocale(composer, locale)
}

/** Installs vue-i18n with the start language loaded, so the first paint has real text. */
export async function installI18n(app: App): Promise<AppI18n> {
  const i18n = createAppI18n()
  app.use(i18n)
  const storage = safeLocalStorage()
  await switchLocale(i18n.global, initialLocale(storage, navigator.languages), false)
  return i18n
}

function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}
