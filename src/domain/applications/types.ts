/**
 * Applications as data: a service's form is a list of steps, each a list of fields, plus a
 * document checklist. Texts live in the locale files under the keys named in README.md here.
 */

/** What a field holds. Inputs give strings; consents give booleans. */
export type AnswerValue = string | boolean
export type Answers = Readonly<Record<string, AnswerValue | undefined>>

/** A rule over answers, written as data so the server and the page evaluate it alike. */
export type Condition =
  | { field: string; equals: AnswerValue }
  | { field: string; oneOf: readonly AnswerValue[] }
  | { field: string; greaterThan: number }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }

/** Text formats with their own validation rule and message. */
export type TextFormat = 'free' | 'name' | 'postcode' | 'passportNumber' | 'bamfFileNumber'

interface FieldBase {
  /** The key in the answers; unique across all steps of a form. */
  name: string
  /** Required when shown. A hidden field is never required and is not validated. */
  required: boolean
  /** Shown (and validated) only when this holds. */
  visibleWhen?: Condition
  /** Whether `fields.<name>.hint` exists in the locale files. */
  hint?: boolean
  /** The HTML autocomplete token, so phones can fill personal data. */
  autocomplete?: string
}

export type FieldDefinition =
  | (FieldBase & { type: 'text'; format: TextFormat; maxLength: number })
  | (FieldBase & { type: 'textarea'; maxLength: number })
  | (FieldBase & { type: 'email' | 'tel' })
  | (FieldBase & { type: 'date'; range?: 'past' | 'future'; after?: string })
  | (FieldBase & { type: 'number'; min: number; max: number; unit?: 'months' | 'squareMetres' | 'persons' })
  /** An amount of money; its error message shows `example`, a typical answer to this question (990 a month, 48000 a year). */
  | (FieldBase & { type: 'number'; min: number; max: number; unit: 'eur'; example: number })
  | (FieldBase & { type: 'select' | 'radio'; options: readonly string[] })
  | (FieldBase & { type: 'yesNo' })
  | (FieldBase & { type: 'country'; allowStateless?: boolean })
  | (FieldBase & { type: 'consent' })

export type FieldType = FieldDefinition['type']

export interface StepDefinition {
  /** Texts under `steps.<id>`. */
  id: string
  fields: readonly FieldDefinition[]
}

export interface ChecklistItemDefinition {
  /** Texts under `checklist.<id>.title` and `checklist.<id>.explanation`. */
  id: string
  required: boolean
  /** Part of the list only when this holds. */
  when?: Condition
  /** Often issued abroad: show the note that a certified German translation is needed. */
  translationNeeded?: boolean
  /**
   * False where the authority cannot start on the application without it (who the applicant is,
   * what the application rests on): then it cannot be handed in later. Other required documents
   * can be (`deferredDocuments` of a submission).
   */
  deferrable?: false
}

export interface ApplicationForm {
  serviceId: string
  steps: readonly StepDefinition[]
  checklist: readonly ChecklistItemDefinition[]
  /** Date fields the intended stay covers (a course, a contract): the passport should outlast them. */
  intendedStay?: readonly string[]
}
