import { useI18n } from 'vue-i18n'
import { messageKeys } from '@/domain/applications/messageKeys'
import type { AnswerValue, FieldDefinition } from '@/domain/applications/types'
import { isValidIsoDate } from '@/domain/applications/validation'
import { parseNumber } from '@/domain/applications/numbers'
import { useCountryName } from './useCountryOptions'
import { formatCalendarDay, formatNumber } from '@/domain/formats'

/** An answer as the applicant (or staff) should read it back: option labels, country names, dates and numbers in their language. */
export function useAnswerText(): (field: FieldDefinition, value: AnswerValue | undefined) => string {
  const { t, locale } = useI18n()
  const countryName = useCountryName()
  return (field, value) => {
    if (value === undefined || value === '') return t('review.noAnswer')
    switch (field.type) {
      case 'consent':
        return value === true ? t('common.yes') : t('review.noAnswer')
      case 'yesNo':
        return value === 'yes' ? t('common.yes') : t('common.no')
      case 'select':
      case 'radio':
        return t(messageKeys.fieldOption(field, String(value)))
      case 'country':
        return countryName(String(value))
      case 'date': {
        const text = String(value)
        if (!isValidIsoDate(text)) return text
        return formatCalendarDay(locale.value, text, { dateStyle: 'long' })
      }
      case 'number': {
        // Typed as "52.000" or "٥٢٬٠٠٠", sent as "52000": read back the way the reader's language writes it.
        const amount = parseNumber(String(value))
        const cents = field.unit === 'eur' && amount !== undefined && !Number.isInteger(amount)
        const text = amount === undefined ? String(value) : formatNumber(locale.value, amount, cents ? { minimumFractionDigits: 2 } : {})
        return field.unit ? `${text} ${t(`units.${field.unit}`)}` : text
      }
      default:
        return String(value)
    }
  }
}
