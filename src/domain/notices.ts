import { DomainError } from './errors.js'
import { isEmailAddress, normaliseEmailAddress } from './email.js'
import { isSupportedLocale, referenceLocale, type Locale } from './locales.js'

/**
 * What an applicant chose about e-mail (docs/api.md, `PUT /api/applicant/contact`): an address, the
 * consent to notices (status changes, document requests, reminders) and the language e-mails are
 * written in. Withdrawing consent keeps the address only for what the applicant asks for anew.
 */
export interface ContactPreferences {
  email?: string
  noticesConsent: boolean
  locale: Locale
}

export const defaultContactPreferences: ContactPreferences = { noticesConsent: false, locale: referenceLocale }

/** A valid body, the address normalised; VALIDATION_FAILED with `fieldErrors` (message keys) otherwise. */
export function parseContactPreferences(body: unknown): ContactPreferences {
  const { email, noticesConsent, locale } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const given = typeof email === 'string' && email.trim() !== '' ? email : undefined
  const fieldErrors: Record<string, string> = {}
  if (email !== undefined && email !== null && email !== '' && !isEmailAddress(email)) fieldErrors.email = 'validation.email'
  if (typeof noticesConsent !== 'boolean') fieldErrors.noticesConsent = 'validation.option'
  else if (noticesConsent && given === undefined) fieldErrors.email = 'validation.required'
  if (!isSupportedLocale(locale)) fieldErrors.locale = 'validation.option'
  if (Object.keys(fieldErrors).length > 0) throw new DomainError('VALIDATION_FAILED', 'Contact preferences are not valid', { fieldErrors })
  return { ...(given ? { email: normaliseEmailAddress(given) } : {}), noticesConsent: noticesConsent as boolean, locale: locale as Locale }
}

/** `PUT /api/applicant/language { locale }`: the language the app is in, sent when it changes. */
export function parseApplicantLanguage(body: unknown): Locale {
  const { locale } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (!isSupportedLocale(locale)) throw new DomainError('VALIDATION_FAILED', 'The language is not one the app speaks', { fieldErrors: { locale: 'validation.option' } })
  return locale
}
