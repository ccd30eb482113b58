import type { Locale } from '@/domain/locales'
import type { MessageExtension } from '@/i18n'

// The staff screens' texts: their own chunks, never part of an applicant's download.
const loaders: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  de: () => import('@/i18n/staff/de.json'),
  en: () => import('@/i18n/staff/en.json'),
  ar: () => import('@/i18n/staff/ar.json'),
}

export const staffMessages: MessageExtension = async (locale) => ({ staff: (await loaders[locale]()).default })
