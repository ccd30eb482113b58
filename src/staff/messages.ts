import { onMounted, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Locale } from '@/domain/locales'
import { extendMessages, type AppComposer, type MessageExtension } from '@/i18n'

// The staff screens' texts: their own chunks, never part of an applicant's download.
const loaders: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  de: () => import('@/i18n/staff/de.json'),
  en: () => import('@/i18n/staff/en.json'),
  ar: () => import('@/i18n/staff/ar.json'),
}

export const staffMessages: MessageExtension = async (locale) => ({ staff: (await loaders[locale]()).default })

/** Loads the staff texts into vue-i18n when the component mounts; true once they are there. */
export function useStaffMessages(): Ref<boolean> {
  const composer = useI18n({ useScope: 'global' }) as unknown as AppComposer
  const ready = ref(false)
  onMounted(async () => {
    await extendMessages(composer, staffMessages)
    ready.value = true
  })
  return ready
}
