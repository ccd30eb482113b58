import { onMounted, ref, type Ref } from 'vue'
import { createI18n, useI18n } from 'vue-i18n'
import { pluralRuleOf } from '@/domain/formats'
import { referenceLocale, type Locale } from '@/domain/locales'
import { extendMessages, type AppComposer, type MessageExtension } from '@/i18n'

type Loader = () => Promise<{ default: Record<string, unknown> }>

/** `./staff/de.json` → `de`: each file found is a language, so a new language needs only its file. */
function byLocale(files: Record<string, Loader>): Partial<Record<Locale, Loader>> {
  return Object.fromEntries(Object.entries(files).map(([path, load]) => [path.replace(/^.*\/(\w+)\.json$/, '$1'), load]))
}

// Their own chunks, never part of an applicant's download.
const staffLoaders = byLocale(import.meta.glob<{ default: Record<string, unknown> }>('../i18n/staff/*.json'))
const visitorLoaders = byLocale(import.meta.glob<{ default: Record<string, unknown> }>('../i18n/visitor/*.json'))

/** The language a set is written in for a page in `locale`: its own, else German. */
const writtenInOf = (loaders: Partial<Record<Locale, Loader>>, locale: Locale): Locale => (loaders[locale] ? locale : referenceLocale)

async function read(loaders: Partial<Record<Locale, Loader>>, locale: Locale): Promise<Record<string, unknown>> {
  const loader = loaders[locale]
  return loader ? (await loader()).default : {}
}

/** A language's own texts, else German's, kept under German so they keep German's plural rule (src/i18n/index.ts). */
async function load(loaders: Partial<Record<Locale, Loader>>, locale: Locale, key: string): ReturnType<MessageExtension> {
  const writtenIn = writtenInOf(loaders, locale)
  return { writtenIn, messages: { [key]: await read(loaders, writtenIn) } }
}

/**
 * The staff's own working screens: German and English (and Arabic, which exists). In any other
 * language they stay German — the language of the office — while the visitor's texts follow it.
 */
export const staffMessages: MessageExtension = (locale) => load(staffLoaders, locale, 'staff')

/** What a visitor reads (the assisted session, its printed receipt, the waiting-room display): every language. */
export const visitorMessages: MessageExtension = (locale) => load(visitorLoaders, locale, 'visitor')

/** A visitor text in a language other than the screen's (`display.title`, without the `visitor.` prefix). */
export type VisitorTranslator = (locale: Locale, key: string, named?: Record<string, unknown>) => string

/**
 * The visitor texts of several languages at once, beside the screen's own (the waiting-room
 * display shows German and one visitor language after another). Kept apart from the app's
 * vue-i18n messages, which hold only the languages the app has switched to.
 */
export async function visitorTranslator(locales: readonly Locale[]): Promise<VisitorTranslator> {
  const { global } = createI18n({
    legacy: false,
    locale: locales[0] ?? referenceLocale,
    fallbackLocale: false,
    messages: {},
    pluralRules: Object.fromEntries(locales.map((locale) => [locale, pluralRuleOf(locale)])),
  })
  for (const locale of locales) global.mergeLocaleMessage(locale, await read(visitorLoaders, writtenInOf(visitorLoaders, locale)))
  return (locale, key, named = {}) => global.t(key, named, { locale })
}

/** Loads the given message sets into vue-i18n when the component mounts; true once they are there. */
function useMessages(...sets: MessageExtension[]): Ref<boolean> {
  const composer = useI18n({ useScope: 'global' }) as unknown as AppComposer
  const ready = ref(false)
  onMounted(async () => {
    for (const set of sets) await extendMessages(composer, set)
    ready.value = true
  })
  return ready
}

/** The staff screens: their own texts and the visitor's, as a visitor may look at them. */
export const useStaffMessages = (): Ref<boolean> => useMessages(staffMessages, visitorMessages)

/** A visitor's screen outside the staff area (the printed receipt of an assisted application). */
export const useVisitorMessages = (): Ref<boolean> => useMessages(visitorMessages)
