import { ValidationError, type AnyObject, type Lazy, type Schema } from 'yup'
import { DomainError } from './errors.js'

/**
 * Checks a request body or query as it came, without yup's casting (42 is no text): the value, or
 * VALIDATION_FAILED with the schema's message. An absent body is an empty object.
 */
export function parseInput<T>(schema: Schema<T>, value: unknown): T {
  try {
    return schema.validateSync(value ?? {}, { strict: true })
  } catch (error) {
    if (error instanceof ValidationError) throw new DomainError('VALIDATION_FAILED', error.message)
    throw error
  }
}

/** Nothing was given: the screens send an empty field as '' or leave it out. */
export const isAbsent = (value: unknown): value is undefined | null | '' => value === undefined || value === null || value === ''

/** PostgreSQL cannot store U+0000 in text; a pasted one must be a refusal, not a server error. */
export const hasNoNul = (value: string) => !value.includes('\u0000')

/** Field name → message (a message key where the schema gives keys); empty when the value is valid. */
export type FieldErrors = Record<string, string>

/**
 * Every field that fails, with its first message. `strict` (the default) checks the value as it
 * came: 42 is no text. The forms' step validation casts (a date field's text is read as a date).
 */
export function fieldErrorsOf(schema: Schema | Lazy<AnyObject>, value: unknown, { strict = true } = {}): FieldErrors {
  try {
    schema.validateSync(value, { strict, abortEarly: false })
    return {}
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    const errors: FieldErrors = {}
    for (const inner of error.inner.length > 0 ? error.inner : [error]) if (inner.path && !(inner.path in errors)) errors[inner.path] = inner.message
    return errors
  }
}
