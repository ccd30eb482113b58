import { useI18n } from 'vue-i18n'
import { formatCalendarDay, formatInstant } from '@/domain/formats'

/** Formats instants in the reader's language and the authority's time zone (appointments, submissions, the audit log). */
export function useDateFormat(options: Intl.DateTimeFormatOptions): (iso: string) => string {
  const { locale } = useI18n()
  return (iso) => formatInstant(locale.value, iso, options)
}

/** Formats calendar days (YYYY-MM-DD: a due date, a closed day) in the reader's language, never as the raw code. */
export function useCalendarDayFormat(options: Intl.DateTimeFormatOptions): (day: string) => string {
  const { locale } = useI18n()
  return (day) => formatCalendarDay(locale.value, day, options)
}
