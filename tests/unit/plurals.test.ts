import { describe, expect, it } from 'vitest'
import { pluralCategoriesOf, pluralRuleOf } from '@/domain/formats'
import { applicantFiles, flatten, staffFiles, visitorFiles } from './messageFiles'

/** The form a language picks for each count, as the index into its `|`-separated forms. */
const formsFor = (locale: string, counts: number[]) => {
  const rule = pluralRuleOf(locale)
  const length = pluralCategoriesOf(locale).length
  return counts.map((count) => pluralCategoriesOf(locale)[rule(count, length)])
}

describe('plural forms per language', () => {
  it('German, English and Turkish: one and other (0 takes the plural)', () => {
    for (const locale of ['de', 'en', 'tr']) {
      expect(pluralCategoriesOf(locale)).toEqual(['one', 'other'])
      expect(formsFor(locale, [0, 1, 2, 5])).toEqual(['other', 'one', 'other', 'other'])
    }
  })

  it('Persian: one and other, with 0 taking the singular as CLDR has it', () => {
    expect(pluralCategoriesOf('fa')).toEqual(['one', 'other'])
    expect(formsFor('fa', [0, 1, 2, 5])).toEqual(['one', 'one', 'other', 'other'])
  })

  it('Russian and Ukrainian: one, few, many (1 день, 2 дня, 5 дней, 21 день, 11 дней)', () => {
    for (const locale of ['ru', 'uk']) {
      expect(pluralCategoriesOf(locale)).toEqual(['one', 'few', 'many', 'other'])
      expect(formsFor(locale, [1, 2, 4, 5, 11, 21, 22, 25, 0])).toEqual(['one', 'few', 'few', 'many', 'many', 'one', 'few', 'many', 'many'])
    }
  })

  it('Arabic: all six (صفر، واحدة، دقيقتان، ٣ دقائق، ١١ دقيقةً، ١٠٠ دقيقة)', () => {
    expect(pluralCategoriesOf('ar')).toEqual(['zero', 'one', 'two', 'few', 'many', 'other'])
    expect(formsFor('ar', [0, 1, 2, 3, 10, 11, 99, 100, 102])).toEqual(['zero', 'one', 'two', 'few', 'few', 'many', 'many', 'other', 'other'])
  })

  it('a message with fewer forms than the language has shows its last form rather than nothing', () => {
    expect(pluralRuleOf('ar')(5, 2)).toBe(1)
    expect(pluralRuleOf('ru')(5, 1)).toBe(0)
  })
})

describe('counts in the texts', () => {
  // "1 Anträge", "Mehr als 1 Vorgänge": a count inside a sentence needs the language's plural forms.
  // Only a count standing after a label ("Wartend: 2", "Pflicht-Unterlagen fehlen: 3.") reads right in every number.
  const countPlaceholder = /\{(count|minutes|attempts)\}/
  const afterLabel = /:\s*[\u2066-\u2069]*\{(count|minutes|attempts)\}[\u2066-\u2069]*\s*[.)]?\s*$|:\s*[\u2066-\u2069]*\{(count|attempts)\}[\u2066-\u2069]*[.)]/
  const files = { ...applicantFiles, ...Object.fromEntries(Object.entries(staffFiles).map(([locale, messages]) => [`staff/${locale}`, messages])) }
  const visitor = Object.fromEntries(Object.entries(visitorFiles).map(([locale, messages]) => [`visitor/${locale}`, messages]))

  it.each(Object.entries({ ...files, ...visitor }))('in %s have plural forms unless they follow a label', (_file, messages) => {
    const withoutForms = [...flatten(messages)].filter(([, text]) => countPlaceholder.test(text) && !text.includes('|') && !afterLabel.test(text))
    expect(withoutForms.map(([key]) => key)).toEqual([])
  })
})
