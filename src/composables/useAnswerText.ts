import { useI18n } from 'vue-i18n'
import { messageKeys } from '@/domain/applications/messageKeys'
import type { AnswerValue, FieldDefinition } from '@/domain/applications/types'
import { isValidIsoDate } from '@/domain/applications/validation'
import { useCountryName } from './useCountryOptions'
import { formatCalendarDay } from '@/domain/formats'

/** An answer as the applicant should read it back: option labels, country names, dates in their language. */
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
      case 'number':
        return field.unit ? `${String(value)} ${t(`units.${field.unit}`)}` : String(value)
      default:
        return String(value)
    }
  }
}
