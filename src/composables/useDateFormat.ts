import { useI18n } from 'vue-i18n'
import { formatInstant } from '@/domain/formats'

/** Formats instants in the reader's language and the authority's time zone (appointments, submissions, the audit log). */
export function useDateFormat(options: Intl.DateTimeFormatOptions): (iso: string) => string {
  const { locale } = useI18n()
  return (iso) => formatInstant(locale.value, iso, options)
}
