import { useI18n } from 'vue-i18n'
import type { FieldDefinition } from '@/domain/applications/types'
import { messageKeys } from '@/domain/applications/messageKeys'
import { formatNumber } from '@/domain/formats'

/**
 * Turns a validation message key into text, filling its parameters from the field definition
 * (the domain's yup schemas carry keys only, so the server can share them). Numbers are written
 * the way the reader's language writes them ("10.000.000" in German), as they may type them.
 */
export function useValidationMessage(): (field: FieldDefinition, key: string) => string {
  const { t, locale } = useI18n()
  return (field, key) => {
    const params: Record<string, string | number> = {}
    if (field.type === 'text' || field.type === 'textarea') params.maxLength = field.maxLength
    if (field.type === 'number') {
      params.min = formatNumber(locale.value, field.min)
      params.max = formatNumber(locale.value, field.max)
      if (field.unit === 'eur') params.example = formatNumber(locale.value, field.example)
    }
    if (field.type === 'date' && field.after) params.other = t(messageKeys.fieldLabel({ name: field.after }))
    return t(key, params)
  }
}
