import { describe, expect, it } from 'vitest'
import { parseNumber } from '@/domain/applications/numbers'

// What people type in each language for 52000 and for 2400.5, and what must not count as a number.
const typed: Record<string, { whole: string[]; decimal: string[] }> = {
  de: { whole: ['52000', '52.000', '52 000'], decimal: ['2400,5', '2.400,50'] },
  en: { whole: ['52,000', '52000'], decimal: ['2400.5', '2,400.50'] },
  tr: { whole: ['52.000'], decimal: ['2.400,5'] },
  ru: { whole: ['52\u00a0000', '52 000'], decimal: ['2400,5', '2\u202f400,50'] },
  uk: { whole: ['52\u00a0000'], decimal: ['2\u00a0400,5'] },
  ar: { whole: ['٥٢٠٠٠', '٥٢٬٠٠٠', '٥٢،٠٠٠'], decimal: ['٢٤٠٠٫٥', '٢٬٤٠٠٫٥٠', '٢٤٠٠,٥', '٢٤٠٠،٥'] },
  fa: { whole: ['۵۲۰۰۰', '۵۲٬۰۰۰', '۵۲،۰۰۰'], decimal: ['۲۴۰۰٫۵', '۲٬۴۰۰٫۵۰'] },
}

describe.each(Object.entries(typed))('numbers typed in %s', (_locale, { whole, decimal }) => {
  it('are read as the plain number', () => {
    expect(whole.map(parseNumber)).toEqual(whole.map(() => 52000))
    expect(decimal.map(parseNumber)).toEqual(decimal.map(() => 2400.5))
  })
})

describe('parseNumber', () => {
  it('refuses what is no number or has more than two decimals', () => {
    for (const text of ['', 'abc', '1,2,3', '12.3456', '52.00.0', '-5', '1e5', '٥٢x']) expect(parseNumber(text)).toBeUndefined()
  })
})
