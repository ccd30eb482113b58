import { describe, expect, it } from 'vitest'
import { directionOf, isSupportedLocale, negotiateLocale } from '@/domain/locales'

describe('negotiateLocale', () => {
  it('takes the first supported language of the browser, ignoring the region', () => {
    expect(negotiateLocale(['fr-FR', 'ar-SY', 'en-GB'])).toBe('ar')
    expect(negotiateLocale(['EN-us'])).toBe('en')
    expect(negotiateLocale(['fr-FR', 'tr-TR'])).toBe('tr')
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
    expect(isSupportedLocale('tr')).toBe(true)
    expect(isSupportedLocale('fr')).toBe(false)
    expect(isSupportedLocale(null)).toBe(false)
  })
})
