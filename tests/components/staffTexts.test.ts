import { describe, expect, it } from 'vitest'
import { createAppI18n, extendMessages, hasText, switchLocale } from '@/i18n'
import de from '@/i18n/locales/de.json'
import ru from '@/i18n/locales/ru.json'
import staffAr from '@/i18n/staff/ar.json'
import staffDe from '@/i18n/staff/de.json'
import visitorRu from '@/i18n/visitor/ru.json'
import { staffMessages, visitorMessages } from '@/staff/messages'

// One i18n for the file: the message sets remember per language what they merged (src/i18n/index.ts).
const i18n = createAppI18n()
const { t } = i18n.global
const found = (count: number) => t('staff.cases.found', { count }, count)
const germanFound = (count: number) => staffDe.cases.found.split(' | ')[count === 1 ? 0 : 1]!.trim().replace('{count}', String(count))

describe('staff texts in a language without its own (ru, uk, tr, fa): German, counted by German’s plural rule', () => {
  it.each(['ru', 'uk', 'tr', 'fa'] as const)('%s', async (locale) => {
    await switchLocale(i18n.global, locale, false)
    await extendMessages(i18n.global, staffMessages)
    await extendMessages(i18n.global, visitorMessages)
    // Russian and Ukrainian count 21 as "one", Persian 0 as "one": German says "21 Vorgänge", "0 Vorgänge".
    for (const count of [0, 1, 2, 5, 21, 101]) expect(found(count)).toBe(germanFound(count))
    expect(hasText(i18n.global, 'staff.cases.found')).toBe(true)
    // The applicant's and the visitor's texts stay in the page's language.
    expect(t('app.name')).toBe((await import(`@/i18n/locales/${locale}.json`)).default.app.name)
  })

  it('leaves the visitor’s texts and the applicant’s plurals in the page language', async () => {
    await switchLocale(i18n.global, 'ru', false)
    expect(t('visitor.receipt.title')).toBe(visitorRu.receipt.title)
    expect(t('app.name')).toBe(ru.app.name)
  })

  it('keeps a language’s own staff texts and rule (Arabic), and German’s texts when German is chosen after', async () => {
    await switchLocale(i18n.global, 'ar', false)
    await extendMessages(i18n.global, staffMessages)
    const arabicForms = staffAr.cases.found.split('|').map((form) => form.trim())
    expect(found(0)).toBe(arabicForms[0])
    expect(found(2)).toBe(arabicForms[2])

    // German already held the staff texts the other languages fell back to: its own texts are added, not lost.
    await switchLocale(i18n.global, 'de', false)
    expect(t('app.name')).toBe(de.app.name)
    expect(found(21)).toBe('21 Vorgänge gefunden')
  })
})
