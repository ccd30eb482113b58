import type { Answers, ApplicationForm } from './types.js'
import { isValidIsoDate, visibleFields } from './validation.js'

/**
 * Answers that are valid each on their own but unlikely together. They are hints for the
 * applicant, never reasons to refuse: the authority decides, and exceptions exist (a Blue Card
 * for IT specialists without a degree, a passport renewed before the permit is issued).
 */
export type PlausibilityWarning =
  | { id: 'passportExpiresBeforeStay'; fields: string[]; passportValidUntil: string; stayUntil: string }
  | { id: 'blueCardWithoutDegree'; fields: string[] }

/** The answers of the fields shown for these answers, by name (hidden fields do not count). */
function shownAnswers(form: ApplicationForm, answers: Answers): Answers {
  const shown: Record<string, Answers[string]> = {}
  for (const step of form.steps) for (const field of visibleFields(step, answers)) shown[field.name] = answers[field.name]
  return shown
}

const dateOf = (value: Answers[string]) => (typeof value === 'string' && isValidIsoDate(value) ? value : undefined)

/** A permit is usually granted no longer than the passport is valid: it should cover the whole stay. */
function passportExpiresBeforeStay(form: ApplicationForm, shown: Answers): PlausibilityWarning | undefined {
  const passportValidUntil = dateOf(shown.passportValidUntil)
  if (!passportValidUntil) return undefined
  const stay = (form.intendedStay ?? []).map((name) => ({ name, date: dateOf(shown[name]) })).filter((entry) => entry.date !== undefined)
  const last = stay.reduce<{ name: string; date?: string } | undefined>((latest, entry) => (!latest || entry.date! > latest.date! ? entry : latest), undefined)
  if (!last?.date || passportValidUntil >= last.date) return undefined
  return { id: 'passportExpiresBeforeStay', fields: ['passportValidUntil', last.name], passportValidUntil, stayUntil: last.date }
}

/** The EU Blue Card normally needs a university degree (AufenthG § 18g). */
function blueCardWithoutDegree(shown: Answers): PlausibilityWarning | undefined {
  if (shown.permitType !== 'blueCard' || shown.qualificationType === undefined || shown.qualificationType === 'academic') return undefined
  return { id: 'blueCardWithoutDegree', fields: ['permitType', 'qualificationType'] }
}

/** Every warning these answers give, for the steps that hold their fields and for the review. */
export function plausibilityWarnings(form: ApplicationForm, answers: Answers): PlausibilityWarning[] {
  const shown = shownAnswers(form, answers)
  return [passportExpiresBeforeStay(form, shown), blueCardWithoutDegree(shown)].filter((warning) => warning !== undefined)
}

/** The warnings a step shows: those about one of its fields. */
export function stepWarnings(warnings: readonly PlausibilityWarning[], fieldNames: readonly string[]): PlausibilityWarning[] {
  return warnings.filter((warning) => warning.fields.some((name) => fieldNames.includes(name)))
}
