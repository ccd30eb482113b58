import { describe, expect, it } from 'vitest'
import { appointmentLocation, authoritySignature, localizedFor, placeAddressLine, placeOfCounter } from '@/domain/authority'
import { authorityFieldErrors, parseAuthorityProfile, translationLocales } from '@/domain/authoritySchema'
import { DomainError } from '@/domain/errors'
import { supportedLocales } from '@/domain/locales'
import { authorityProfile } from './authorityFactories'

describe('the authority profile', () => {
  it('accepts a complete profile and refuses what has no field of its own', () => {
    expect(parseAuthorityProfile(authorityProfile())).toEqual(authorityProfile())
    expect(() => parseAuthorityProfile(null)).toThrow(DomainError)
    expect(() => parseAuthorityProfile({ ...authorityProfile(), extra: 'field' })).toThrow(DomainError)
  })

  it('refuses line breaks in lines that reach calendar files and e-mail headers, but allows them in paragraphs', () => {
    const profile = authorityProfile({ email: 'abh@musterstadt.example\r\nBcc: x@example.com' })
    profile.places[0]!.openingHours = { de: 'Mo–Fr 8–12 Uhr\r\nDo 14–18 Uhr' }
    profile.places[1]!.name = { de: 'Nord\rSüd' }
    expect(authorityFieldErrors(profile)).toEqual({ email: 'characters', 'places[1].name.de': 'characters' })
  })

  it('names faulty translations, VAT ids, dates and place ids by path', () => {
    const profile = authorityProfile({ imprint: { ...authorityProfile().imprint, vatId: '123' }, accessibility: { ...authorityProfile().accessibility, statementDate: '2026-02-30' } })
    profile.department = { de: 'Ausländerbehörde', en: 'x'.repeat(201) }
    profile.places[0]!.id = 'Rathaus Mitte'
    expect(authorityFieldErrors(profile)).toEqual({
      'department.en': 'tooLong',
      'imprint.vatId': 'vatId',
      'accessibility.statementDate': 'date',
      'places[0].id': 'placeId',
    })
  })

  it('takes a translation of every text in every applicant language, checked like the German, and none in a language the app does not speak', () => {
    expect(translationLocales).toEqual(supportedLocales.filter((locale) => locale !== 'de'))
    const profile = authorityProfile()
    profile.privacy.retention = { de: 'Zehn Jahre nach der Aktenordnung.', ...Object.fromEntries(translationLocales.map((locale) => [locale, `retention (${locale})`])) }
    expect(parseAuthorityProfile(profile).privacy.retention).toEqual(profile.privacy.retention)
    for (const locale of translationLocales) expect(localizedFor(profile.privacy.retention, locale)).toEqual({ text: `retention (${locale})`, lang: locale, translated: true })

    profile.department = { de: 'Ausländerbehörde', fa: 'x'.repeat(201), ru: 'Ведомство\r\nпо делам иностранцев' }
    profile.places[0]!.name = { de: 'Rathaus', fr: 'Mairie' } as never
    expect(authorityFieldErrors(profile)).toEqual({ 'department.fa': 'tooLong', 'department.ru': 'characters', 'places[0].name': 'characters' })
  })

  it('finds the place of a counter, and puts counters no place lists at the first place', () => {
    const profile = authorityProfile()
    expect(placeOfCounter(profile, ' Raum 104 ').id).toBe('nord')
    expect(placeOfCounter(profile, 'Schalter 9').id).toBe('rathaus')
    expect(appointmentLocation(profile, 'Schalter 3')).toBe('Schalter 3, Außenstelle Nord, Nordring 7, 12347 Musterstadt')
    expect(placeAddressLine(profile, 'rathaus')).toBe('Bürgerbüro im Rathaus, Rathausplatz 1, 12345 Musterstadt')
    expect(placeAddressLine(profile, 'nowhere')).toBeUndefined()
  })

  it('gives a text in the reader’s language where the authority wrote one, else the binding German', () => {
    const hours = authorityProfile().places[0]!.openingHours
    expect(localizedFor(hours, 'en')).toEqual({ text: 'Mon–Fri 8 am–12 pm, Thu 2–6 pm', lang: 'en', translated: true })
    expect(localizedFor(hours, 'ar')).toEqual({ text: 'Mo–Fr 8–12 Uhr, Do 14–18 Uhr', lang: 'de', translated: false })
    expect(localizedFor({ de: 'Rathaus', en: '  ' }, 'en').lang).toBe('de')
  })

  it('signs e-mails with the authority’s name, department, address and contact in the reader’s language', () => {
    expect(authoritySignature(authorityProfile(), 'en')).toBe(
      ['Stadt Musterstadt', 'Immigration Office', 'Rathausplatz 1, 12345 Musterstadt', 'Phone: +49 1234 56-0', 'E-mail: auslaenderbehoerde@musterstadt.example'].join('\n'),
    )
    expect(authoritySignature(authorityProfile(), 'de').split('\n')[1]).toBe('Ausländerbehörde')
  })
})
