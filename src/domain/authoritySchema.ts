import { array, object, string } from 'yup'
import { isValidIsoDate } from './applications/validation.js'
import { DomainError } from './errors.js'
import { fieldErrorsOf } from './input.js'
import type { AuthorityProfile } from './authority.js'
import { referenceLocale, supportedLocales, type Locale } from './locales.js'

/**
 * The rules of the authority's profile as a yup schema: the server checks `PUT /api/staff/authority`
 * and every stored profile with it, the admin's editor each field. Apart from the type and the pure
 * helpers (authority.ts), so the screens that only show the profile download no yup.
 */

/** Why a field was refused: stable codes, shown under `staff.authority.errors.<code>`. */
export const authorityFieldErrorCodes = ['required', 'tooLong', 'characters', 'email', 'url', 'phone', 'postalCode', 'date', 'vatId', 'placeId', 'duplicate', 'noPlace', 'tooMany'] as const
export type AuthorityFieldErrorCode = (typeof authorityFieldErrorCodes)[number]

export const authorityFieldMessageKey = (code: AuthorityFieldErrorCode) => `staff.authority.errors.${code}`

const shortText = 200
const longText = 2000
export const maxPlaces = 20
export const maxCountersPerPlace = 50

/**
 * Lines reach calendar files and e-mail headers: no control character at all (CR, LF, NUL …).
 * Paragraphs may break lines (LF, or CRLF as a textarea sends it), but hold no other.
 */
function hasControlCharacter(value: string, { newlines = false } = {}): boolean {
  const text = newlines ? value.replace(/\r\n|\n/g, '') : value
  return [...text].some((character) => {
    const code = character.charCodeAt(0)
    return code < 0x20 || code === 0x7f
  })
}

const line = (max = shortText) =>
  string()
    .typeError('required')
    .max(max, 'tooLong')
    .test('characters', 'characters', (value) => value === undefined || !hasControlCharacter(value))
const requiredLine = (max = shortText) => line(max).required('required').test('required', 'required', (value) => (value ?? '').trim() !== '')
const optionalLine = (max = shortText) => line(max).optional()

const paragraph = () =>
  string()
    .typeError('required')
    .max(longText, 'tooLong')
    .test('characters', 'characters', (value) => value === undefined || !hasControlCharacter(value, { newlines: true }))

/** The languages a text of the profile may be translated into: every applicant language but German. */
export const translationLocales = supportedLocales.filter((locale) => locale !== referenceLocale) as Exclude<Locale, 'de'>[]
type TranslationLocale = (typeof translationLocales)[number]

/** A text in German (binding) and, optionally, per other language of the app. */
const localizedText = (kind: 'line' | 'paragraph') => {
  const one = kind === 'line' ? line : () => paragraph()
  const translations = Object.fromEntries(translationLocales.map((locale) => [locale, one().optional()])) as Record<TranslationLocale, ReturnType<typeof one>>
  return object({
    de: one()
      .required('required')
      .test('required', 'required', (value) => (value ?? '').trim() !== ''),
    ...translations,
  })
    .noUnknown('characters')
    .required('required')
}

const postalAddressSchema = object({
  street: requiredLine(),
  postalCode: requiredLine(10).matches(/^\d{5}$/, 'postalCode'),
  city: requiredLine(),
})
  .noUnknown('characters')
  .required('required')

const email = () => requiredLine(254).email('email')

const placeSchema = object({
  id: requiredLine(40).matches(/^[a-z0-9-]{1,40}$/, 'placeId'),
  name: localizedText('line'),
  address: postalAddressSchema,
  openingHours: localizedText('paragraph'),
  mapUrl: optionalLine(2000).test('url', 'url', (value) => value === undefined || value === '' || isHttpsUrl(value)),
  // The counters and rooms of this place, as slots and the front desk name them ("Schalter 1").
  counters: array(requiredLine(40)).max(maxCountersPerPlace, 'tooMany').required('required'),
}).noUnknown('characters')

export const authorityProfileSchema = object({
  // Goes into calendar files as ORGANIZER's CN (a quoted parameter) and into e-mail headers.
  name: requiredLine().test('characters', 'characters', (value) => value === undefined || !/["<>]/.test(value)),
  department: localizedText('line'),
  address: postalAddressSchema,
  phone: requiredLine(30).matches(/^\+?[0-9][0-9 ()/-]{4,29}$/, 'phone'),
  email: email(),
  places: array(placeSchema)
    .required('noPlace')
    .min(1, 'noPlace')
    .max(maxPlaces, 'tooMany')
    .test('duplicate', 'duplicate', (places) => places === undefined || new Set(places.map((place) => place.id)).size === places.length),
  imprint: object({
    legalRepresentative: localizedText('line'),
    supervisoryAuthority: localizedText('line'),
    responsibleForContent: localizedText('line'),
    vatId: optionalLine(20).test('vatId', 'vatId', (value) => value === undefined || value === '' || /^DE\d{9}$/.test(value)),
  })
    .noUnknown('characters')
    .required('required'),
  privacy: object({
    controller: localizedText('line'),
    dataProtectionOfficer: localizedText('paragraph'),
    retention: localizedText('paragraph'),
    dataProtectionAuthority: localizedText('paragraph'),
  })
    .noUnknown('characters')
    .required('required'),
  accessibility: object({
    statementDate: requiredLine(10).test('date', 'date', (value) => value === undefined || isValidIsoDate(value)),
    feedbackContact: localizedText('paragraph'),
    enforcementBody: localizedText('paragraph'),
  })
    .noUnknown('characters')
    .required('required'),
})
  .noUnknown('characters')
  .required('required')

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}

/** Field path (as yup names it, `places[0].address.postalCode`) → code; empty when the profile is valid. */
export function authorityFieldErrors(value: unknown): Record<string, AuthorityFieldErrorCode> {
  const errors = fieldErrorsOf(authorityProfileSchema, value)
  return Object.fromEntries(Object.entries(errors).map(([path, code]) => [path, (authorityFieldErrorCodes as readonly string[]).includes(code) ? code : 'required'])) as Record<
    string,
    AuthorityFieldErrorCode
  >
}

/**
 * `PUT /api/staff/authority`, and every profile read back from storage: the profile, or
 * VALIDATION_FAILED with `fields` (path → `{ code, messageKey }`) naming every fault.
 */
export function parseAuthorityProfile(value: unknown): AuthorityProfile {
  const errors = authorityFieldErrors(value)
  const paths = Object.keys(errors)
  if (paths.length > 0) {
    const fields = Object.fromEntries(Object.entries(errors).map(([path, code]) => [path, { code, messageKey: authorityFieldMessageKey(code) }]))
    throw new DomainError('VALIDATION_FAILED', `The authority profile is not valid: ${paths.join(', ')}`, { fields })
  }
  // What has no field of its own (no object at all, an unknown top-level key) is refused as a whole.
  if (!isAuthorityProfile(value)) throw new DomainError('VALIDATION_FAILED', 'The authority profile must be an object of the documented fields')
  return value
}

export const isAuthorityProfile = (value: unknown): value is AuthorityProfile => authorityProfileSchema.isValidSync(value, { strict: true })

