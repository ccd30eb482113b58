import { useI18n } from 'vue-i18n'
import { formatNumber } from '@/domain/formats'

/** "1.2 MB" / "1,2 MB" / "١٫٢ ميغابايت" in the reader's language. */
export function useByteSize(): (bytes: number) => string {
  const { locale } = useI18n()
  return (bytes) => {
    const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [Math.max(1, bytes / 1024), 'kilobyte']
    return formatNumber(locale.value, value, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 })
  }
}
