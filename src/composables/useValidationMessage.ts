import { useI18n } from 'vue-i18n'
import type { FieldDefinition } from '@/domain/applications/types'
import { messageKeys } from '@/domain/applications/messageKeys'

/**
 * Turns a validation message key into text, filling its parameters from the field definition
 * (the domain's yup schemas carry keys only, so the server can share them).
 */
export function useValidationMessage(): (field: FieldDefinition, key: string) => string {
  const { t } = useI18n()
  return (field, key) => {
    const params: Record<string, string | number> = {}
    if (field.type === 'text' || field.type === 'textarea') params.maxLength = field.maxLength
    if (field.type === 'number') {
      params.min = field.min
      params.max = field.max
    }
    if (field.type === 'date' && field.after) params.other = t(messageKeys.fieldLabel({ name: field.after }))
    return t(key, params)
  }
}
