import { onMounted, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
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

/** A language's own texts, else German's, kept under German so they keep German's plural rule (src/i18n/index.ts). */
async function load(loaders: Partial<Record<Locale, Loader>>, locale: Locale, key: string): ReturnType<MessageExtension> {
  const writtenIn = loaders[locale] ? locale : referenceLocale
  const loader = loaders[writtenIn]
  return { writtenIn, messages: { [key]: loader ? (await loader()).default : {} } }
}

/**
 * The staff's own working screens: German and English (and Arabic, which exists). In any other
 * language they stay German — the language of the office — while the visitor's texts follow it.
 */
export const staffMessages: MessageExtension = (locale) => load(staffLoaders, locale, 'staff')

/** What a visitor reads (the assisted session, its printed receipt, the waiting-room display): every language. */
export const visitorMessages: MessageExtension = (locale) => load(visitorLoaders, locale, 'visitor')

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
