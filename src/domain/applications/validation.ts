import { boolean, object, string, type AnyObject, type ObjectSchema, type Schema } from 'yup'
import { fieldErrorsOf, type FieldErrors } from '../input.js'
import { isCountryChoice } from './countries.js'
import { applies } from './conditions.js'
import { normalizeDigits, parseNumber } from './numbers.js'
import type { Answers, ApplicationForm, FieldDefinition, StepDefinition, TextFormat } from './types.js'

/**
 * The yup schemas of a form, built from its field definitions. The page (vee-validate) and the
 * server validate with these same functions. Error messages are i18n keys under `validation.`;
 * the page fills their parameters from the field definition (maxLength, min, max, after).
 */
export interface ValidationContext {
  /** Today as YYYY-MM-DD, in the authority's time zone; passed in so the domain stays pure. */
  today: string
}

export type { FieldErrors }

const textFormats: Record<TextFormat, { pattern: RegExp; message: string } | undefined> = {
  free: undefined,
  // Letters and combining marks of any script (Arabic, Cyrillic, Vietnamese …), the joiners Persian
  // names use (ZWNJ, ZWJ), spaces, any dash, apostrophes (also leading: ’t Hooft) and dots.
  name: { pattern: /^['’ʼ]?[\p{L}\p{M}][\p{L}\p{M}\s\p{Pd}'’ʼ.\u200c\u200d]*$/u, message: 'validation.name' },
  postcode: { pattern: /^\d{5}$/, message: 'validation.postcode' },
  passportNumber: { pattern: /^[A-Za-z0-9]{5,20}$/, message: 'validation.passportNumber' },
  bamfFileNumber: { pattern: /^\d{7,8}-\d{3}$/, message: 'validation.bamfFileNumber' },
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/
// Digits, spaces and the usual separators, optionally starting with + or a bracket: +49 30 123, (030) 123.
const phonePattern = /^\+?[\d(][\d\s()/-]{4,22}\d$/
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/

const isEmpty = (value: unknown) => value === undefined || value === null || value === ''

/** A real calendar date between 1900 and 2199 written as YYYY-MM-DD. */
export function isValidIsoDate(value: string): boolean {
  const match = isoDate.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return year >= 1900 && year < 2200 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Skips empty values, so "required" alone decides about them. */
function whenPresent(schema: Schema, name: string, message: string, check: (value: string, parent: AnyObject) => boolean) {
  return schema.test(name, message, function (value) {
    return isEmpty(value) || check(String(value), this.parent as AnyObject)
  })
}

function textualSchema(field: FieldDefinition, context: ValidationContext): Schema {
  let schema: Schema = string()
  switch (field.type) {
    case 'text':
    case 'textarea': {
      schema = whenPresent(schema, 'maxLength', 'validation.tooLong', (value) => value.length <= field.maxLength)
      const format = field.type === 'text' ? textFormats[field.format] : undefined
      if (format) schema = whenPresent(schema, 'format', format.message, (value) => format.pattern.test(normalizeDigits(value.trim())))
      return schema
    }
    case 'email':
      return whenPresent(schema, 'email', 'validation.email', (value) => value.length <= 254 && emailPattern.test(value.trim()))
    case 'tel':
      return whenPresent(schema, 'phone', 'validation.phone', (value) => phonePattern.test(normalizeDigits(value.trim())))
    case 'date': {
      schema = whenPresent(schema, 'date', 'validation.date', isValidIsoDate)
      if (field.range === 'past') {
        schema = whenPresent(schema, 'past', 'validation.dateNotInFuture', (value) => !isValidIsoDate(value) || value <= context.today)
      }
      if (field.range === 'future') {
        schema = whenPresent(schema, 'future', 'validation.dateNotInPast', (value) => !isValidIsoDate(value) || value >= context.today)
      }
      const after = field.after
      if (after) {
        schema = whenPresent(schema, 'after', 'validation.dateAfter', (value, parent) => {
          const other = parent[after]
          return typeof other !== 'string' || !isValidIsoDate(other) || !isValidIsoDate(value) || value > other
        })
      }
      return schema
    }
    case 'number': {
      const decimals = field.unit === 'eur'
      schema = whenPresent(schema, 'number', decimals ? 'validation.amount' : 'validation.wholeNumber', (value) => {
        const amount = parseNumber(value)
        return amount !== undefined && (decimals || Number.isInteger(amount))
      })
      return whenPresent(schema, 'range', 'validation.numberRange', (value) => {
        const amount = parseNumber(value)
        return amount === undefined || (amount >= field.min && amount <= field.max)
      })
    }
    case 'select':
    case 'radio':
      return whenPresent(schema, 'option', 'validation.option', (value) => field.options.includes(value))
    case 'yesNo':
      return whenPresent(schema, 'option', 'validation.option', (value) => value === 'yes' || value === 'no')
    case 'country':
      return whenPresent(schema, 'option', 'validation.option', (value) => isCountryChoice(value, field.allowStateless))
    case 'consent':
      return schema
  }
}

/**
 * What an empty required field asks for: the kind of answer it takes, not a bare "fill this in".
 * A choice asks to choose, a date for day, month and year, a number or a pattern for its format.
 */
export function requiredMessage(field: FieldDefinition): string {
  switch (field.type) {
    case 'radio':
    case 'yesNo':
      return 'validation.chooseOne'
    case 'select':
    case 'country':
      return 'validation.chooseFromList'
    case 'date':
      return 'validation.date'
    case 'number':
      return field.unit === 'eur' ? 'validation.amount' : 'validation.wholeNumber'
    case 'email':
      return 'validation.email'
    case 'tel':
      return 'validation.phone'
    case 'consent':
      return 'validation.consent'
    case 'text':
      // A name or free text has no format to explain; a postcode or a file number has.
      return field.format === 'name' ? 'validation.required' : (textFormats[field.format]?.message ?? 'validation.required')
    case 'textarea':
      return 'validation.required'
  }
}

function fieldSchema(field: FieldDefinition, context: ValidationContext): Schema {
  if (field.type === 'consent') {
    // A declaration counts only when actively given.
    const consent = boolean()
    return field.required ? consent.oneOf([true], requiredMessage(field)).required(requiredMessage(field)) : consent
  }
  const schema = textualSchema(field, context)
  // Spaces alone are no answer.
  return field.required
    ? schema.test('required', requiredMessage(field), (value) => typeof value === 'string' && value.trim() !== '')
    : schema
}

/** The fields of a step that apply to these answers; hidden ones are neither shown nor checked. */
export function visibleFields(step: StepDefinition, answers: Answers): FieldDefinition[] {
  return step.fields.filter((field) => applies(field.visibleWhen, answers))
}

/** The steps that have at least one field for these answers. */
export function visibleSteps(form: ApplicationForm, answers: Answers): StepDefinition[] {
  return form.steps.filter((step) => visibleFields(step, answers).length > 0)
}

/** The yup schema of one step for the current answers. */
export function stepSchema(step: StepDefinition, answers: Answers, context: ValidationContext): ObjectSchema<AnyObject> {
  const shape: Record<string, Schema> = {}
  for (const field of visibleFields(step, answers)) shape[field.name] = fieldSchema(field, context)
  return object(shape)
}

/** Validates one step; returns field name → message key, empty when the step is valid. */
export function validateStep(step: StepDefinition, answers: Answers, context: ValidationContext): FieldErrors {
  return fieldErrorsOf(stepSchema(step, answers, context), answers, { strict: false })
}

export interface ApplicationValidation {
  /** Step id → its field errors, for steps that have any. */
  stepErrors: Record<string, FieldErrors>
  completeSteps: string[]
  complete: boolean
}

/** Validates every step that applies; the application is complete when none has errors. */
export function validateApplication(form: ApplicationForm, answers: Answers, context: ValidationContext): ApplicationValidation {
  const stepErrors: Record<string, FieldErrors> = {}
  const completeSteps: string[] = []
  for (const step of visibleSteps(form, answers)) {
    const errors = validateStep(step, answers, context)
    if (Object.keys(errors).length > 0) stepErrors[step.id] = errors
    else completeSteps.push(step.id)
  }
  return { stepErrors, completeSteps, complete: Object.keys(stepErrors).length === 0 }
}

/** The answers that belong to the application: visible fields only, as sent on submission. */
export function relevantAnswers(form: ApplicationForm, answers: Answers): Record<string, string | boolean> {
  const result: Record<string, string | boolean> = {}
  for (const step of visibleSteps(form, answers)) {
    for (const field of visibleFields(step, answers)) {
      const value = answers[field.name]
      // A number leaves the device plain ("52.000" or "۵۲٬۰۰۰" → "52000"), whatever language it was typed in.
      const amount = field.type === 'number' && typeof value === 'string' ? parseNumber(value) : undefined
      if (amount !== undefined) result[field.name] = String(amount)
      else if (typeof value === 'string' && value.trim() !== '') result[field.name] = normalizeDigits(value.trim())
      else if (typeof value === 'boolean') result[field.name] = value
    }
  }
  return result
}

/** The longest text any answer may have; the field's own limit applies where it has one. */
const maxAnswerLength = 2000

/**
 * Whether answers could belong to a draft of this form at all: known fields, strings (within
 * their length) or booleans for declarations. A draft may be incomplete or invalid in content;
 * this only keeps foreign or oversized data out. Returns the names of the fields that fail.
 */
export function draftShapeProblems(form: ApplicationForm, answers: unknown): string[] {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return ['answers']
  const fields = new Map(form.steps.flatMap((step) => step.fields.map((field) => [field.name, field] as const)))
  return Object.entries(answers).flatMap(([name, value]) => {
    const field = fields.get(name)
    if (!field) return [name]
    if (value === undefined || value === null) return []
    if (field.type === 'consent') return typeof value === 'boolean' ? [] : [name]
    const limit = field.type === 'text' || field.type === 'textarea' ? field.maxLength : maxAnswerLength
    return typeof value === 'string' && value.length <= limit ? [] : [name]
  })
}
