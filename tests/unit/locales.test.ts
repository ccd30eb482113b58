import { describe, expect, it } from 'vitest'
import { chooseStartLocale, directionOf, isSupportedLocale, negotiateLocale, supportedLocales } from '@/domain/locales'

describe('negotiateLocale', () => {
  it('takes the first supported language of the browser, ignoring the region', () => {
    expect(negotiateLocale(['fr-FR', 'ar-SY', 'en-GB'])).toBe('ar')
    expect(negotiateLocale(['EN-us'])).toBe('en')
  })

  it('falls back to German when nothing fits', () => {
    expect(negotiateLocale(['fr', 'pl'])).toBe('de')
    expect(negotiateLocale([])).toBe('de')
  })
})

describe('directionOf', () => {
  it('writes Arabic right to left and the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl')
    expect(directionOf('de')).toBe('ltr')
    expect(directionOf('en')).toBe('ltr')
  })
})

describe('isSupportedLocale', () => {
  it('accepts only the languages the app has', () => {
    expect(isSupportedLocale('de')).toBe(true)
    expect(isSupportedLocale('tr')).toBe(false)
    expect(isSupportedLocale(null)).toBe(false)
  })
})

describe('chooseStartLocale', () => {
  it('takes a stored choice before the browser preference, and ignores a stored language the app does not have', () => {
    expect(chooseStartLocale('ar', ['en-GB'], supportedLocales, 'de')).toBe('ar')
    expect(chooseStartLocale('tr', ['en-GB'], supportedLocales, 'de')).toBe('en')
    expect(chooseStartLocale(null, [], supportedLocales, 'de')).toBe('de')
  })

  it('works from its own source text alone, as the pre-rendered pages inline it', () => {
    const inlined = new Function(`return (${chooseStartLocale.toString()})`)() as typeof chooseStartLocale
    expect(inlined('ar', ['en'], supportedLocales, 'de')).toBe('ar')
    expect(inlined(undefined, ['fr-FR', 'EN-us'], supportedLocales, 'de')).toBe('en')
    expect(inlined(undefined, ['fr'], supportedLocales, 'de')).toBe('de')
  })
})
