import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { countryCodes, statelessCode, unknownNationalityCode } from '@/domain/applications/countries'

export interface CountryOption {
  value: string
  label: string
}

/** Country names in the reader's language from Intl.DisplayNames, sorted for that language. */
export function useCountryOptions(allowStateless: () => boolean): ComputedRef<CountryOption[]> {
  const { t, locale } = useI18n()
  return computed(() => {
    const names = new Intl.DisplayNames([locale.value], { type: 'region', fallback: 'code' })
    const countries = countryCodes
      .map((code) => ({ value: code, label: names.of(code) ?? code }))
      .sort((a, b) => a.label.localeCompare(b.label, locale.value))
    if (!allowStateless()) return countries
    return [
      ...countries,
      { value: statelessCode, label: t('common.stateless') },
      { value: unknownNationalityCode, label: t('common.unknownNationality') },
    ]
  })
}

/** One country's name in the reader's language. */
export function useCountryName(): (code: string) => string {
  const { t, locale } = useI18n()
  return (code) => {
    if (code === statelessCode) return t('common.stateless')
    if (code === unknownNationalityCode) return t('common.unknownNationality')
    return new Intl.DisplayNames([locale.value], { type: 'region', fallback: 'code' }).of(code) ?? code
  }
}
