import type { InferType } from 'yup'
import type { authorityProfileSchema } from './authoritySchema.js'
import { formatCalendarDay } from './formats.js'
import type { Locale } from './locales.js'

/**
 * The authority's profile (docs/architecture.md, "Authority profile"): who runs the service, where
 * its places are and the data its legal pages need. One admin edits it; the app, the calendar
 * files, printouts and e-mails read it. Texts a reader reads in their language are written in
 * German and, optionally, per language; German is binding. The type comes from the schema in
 * authoritySchema.ts (with the validation); this file holds only pure helpers without yup.
 */

export type AuthorityProfile = InferType<typeof authorityProfileSchema>
export type AuthorityPlace = AuthorityProfile['places'][number]
export type LocalizedText = AuthorityProfile['department']
export type PostalAddress = AuthorityProfile['address']

/** The answer of `GET /api/authority`: the published profile (null until configured) and what the app states about data kept on the server. */
export interface AuthorityAnswer {
  profile: AuthorityProfile | null
  updatedAt?: string
  /** DRAFT_RETENTION_DAYS of the server (src/domain/draftRetention.ts). */
  draftRetentionDays: number
}

/** A text in the reader's language when the authority wrote one; `translated` says a translation is shown (German is binding). */
export function localizedFor(text: LocalizedText, locale: Locale): { text: string; lang: Locale; translated: boolean } {
  // Every translation is optional (authoritySchema.ts): a language without one reads German.
  const translations: Partial<Record<Locale, string>> = text
  const translation = locale === 'de' ? undefined : translations[locale]?.trim()
  return translation ? { text: translation, lang: locale, translated: true } : { text: text.de, lang: 'de', translated: false }
}

const textIn = (text: LocalizedText, locale: Locale) => localizedFor(text, locale).text

/** "Musterstraße 1, 12345 Musterstadt". */
export const addressLine = (address: PostalAddress) => `${address.street}, ${address.postalCode} ${address.city}`

/** The authority as it names itself in a heading: "Stadt Musterstadt – Ausländerbehörde". */
export const authorityTitle = (profile: AuthorityProfile, locale: Locale = 'de') => `${profile.name} – ${textIn(profile.department, locale)}`

export const findPlace = (profile: AuthorityProfile, placeId: string) => profile.places.find((place) => place.id === placeId)

/** A place as one line: "Bürgeramt Mitte, Musterstraße 1, 12345 Musterstadt"; undefined for an unknown id. */
export function placeAddressLine(profile: AuthorityProfile, placeId: string, locale: Locale = 'de'): string | undefined {
  const place = findPlace(profile, placeId)
  return place && `${textIn(place.name, locale)}, ${addressLine(place.address)}`
}

/**
 * Where a counter or room is. Slots and the front desk keep naming counters as free text ("Schalter 1");
 * the profile says which place each belongs to. A counter no place lists is at the first place,
 * so slots made before the profile existed keep a full address.
 */
export function placeOfCounter(profile: AuthorityProfile, counter: string): AuthorityPlace {
  const wanted = counter.trim()
  return profile.places.find((place) => place.counters.some((entry) => entry.trim() === wanted)) ?? profile.places[0]!
}

/** An appointment's place for a calendar file: "Schalter 1, Bürgeramt Mitte, Musterstraße 1, 12345 Musterstadt". */
export function appointmentLocation(profile: AuthorityProfile, counter: string, locale: Locale = 'de'): string {
  const place = placeOfCounter(profile, counter)
  return [counter.trim(), placeAddressLine(profile, place.id, locale)].filter(Boolean).join(', ')
}

/** The values the legal pages fill into their texts (`legal.*.fromProfile`), in the reader's language where the authority wrote one. */
export function legalTextValues(profile: AuthorityProfile, locale: Locale): Record<string, string> {
  return {
    name: profile.name,
    department: textIn(profile.department, locale),
    address: addressLine(profile.address),
    phone: profile.phone,
    email: profile.email,
    legalRepresentative: textIn(profile.imprint.legalRepresentative, locale),
    supervisoryAuthority: textIn(profile.imprint.supervisoryAuthority, locale),
    responsibleForContent: textIn(profile.imprint.responsibleForContent, locale),
    controller: textIn(profile.privacy.controller, locale),
    dataProtectionOfficer: textIn(profile.privacy.dataProtectionOfficer, locale),
    retention: textIn(profile.privacy.retention, locale),
    dataProtectionAuthority: textIn(profile.privacy.dataProtectionAuthority, locale),
    statementDate: formatCalendarDay(locale, profile.accessibility.statementDate, { dateStyle: 'long' }),
    feedbackContact: textIn(profile.accessibility.feedbackContact, locale),
    enforcementBody: textIn(profile.accessibility.enforcementBody, locale),
    vatId: profile.imprint.vatId ?? '',
  }
}

// E-mail footers are built without vue-i18n (the server sends them), so their two labels live here.
const signatureLabels: Record<Locale, { phone: string; email: string }> = {
  de: { phone: 'Telefon', email: 'E-Mail' },
  en: { phone: 'Phone', email: 'E-mail' },
  ar: { phone: 'الهاتف', email: 'البريد الإلكتروني' },
  tr: { phone: 'Telefon', email: 'E-posta' },
  uk: { phone: 'Телефон', email: 'Електронна пошта' },
  ru: { phone: 'Телефон', email: 'Электронная почта' },
  fa: { phone: 'تلفن', email: 'ایمیل' },
}

/** The closing lines of an e-mail from the authority (plain text), in the reader's language where the authority wrote one. */
export function authoritySignature(profile: AuthorityProfile, locale: Locale = 'de'): string {
  const labels = signatureLabels[locale]
  return [profile.name, textIn(profile.department, locale), addressLine(profile.address), `${labels.phone}: ${profile.phone}`, `${labels.email}: ${profile.email}`].join('\n')
}
