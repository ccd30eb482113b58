import { computed, onMounted } from 'vue'
import { useI18n } from 'vue-i18n'
import { localizedFor, type LocalizedText } from '@/domain/authority'
import type { Locale } from '@/domain/locales'
import { useAuthorityStore } from '@/stores/authority'

/**
 * The authority's profile for a screen: asked for once mounted (so server-side rendering of the
 * public pages never fetches), with its texts in the reader's language where the authority wrote
 * them. `profile` stays undefined until known and while not configured: screens show neutral texts.
 */
export function useAuthority() {
  const store = useAuthorityStore()
  const { locale } = useI18n()
  onMounted(() => void store.load())
  const profile = computed(() => store.profile ?? undefined)
  /** A text in the reader's language, with the language it is in (for `lang` where it is German). */
  const localized = (text: LocalizedText) => localizedFor(text, locale.value as Locale)
  const text = (value: LocalizedText) => localized(value).text
  /** How long the server keeps drafts nobody sent (DRAFT_RETENTION_DAYS), for the texts that state it. */
  const draftRetentionDays = computed(() => store.draftRetentionDays)
  return { profile, localized, text, draftRetentionDays, locale: computed(() => locale.value as Locale) }
}
