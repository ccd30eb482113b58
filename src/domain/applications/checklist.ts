import { applies } from './conditions.js'
import type { Answers, ApplicationForm, ChecklistItemDefinition } from './types.js'

export interface ChecklistItem {
  id: string
  required: boolean
  translationNeeded: boolean
  /** A required document the applicant may hand in after submitting (an open document request). */
  deferrable: boolean
}

/** The documents this application needs, derived from its service and its answers. */
export function deriveChecklist(form: ApplicationForm, answers: Answers): ChecklistItem[] {
  return form.checklist
    .filter((item: ChecklistItemDefinition) => applies(item.when, answers))
    .map((item) => ({
      id: item.id,
      required: item.required,
      translationNeeded: item.translationNeeded ?? false,
      deferrable: item.required && item.deferrable !== false,
    }))
}

/** What a submission leaves open: the required documents still missing, and those handed in later. */
export interface OpenDocuments {
  /** Required, not added and not handed in later: the application cannot be submitted yet. */
  missing: string[]
  /** Required, not added, and the applicant hands them in later: an open document request. */
  deferred: string[]
}

/**
 * The page (review) and the server (submission) decide alike which documents block a submission.
 * A wish to hand in later counts only for a required, deferrable document that has not arrived;
 * any other wish is ignored, so a document that may not be deferred stays missing.
 */
export function openDocuments(checklist: readonly ChecklistItem[], added: ReadonlySet<string>, handInLater: Iterable<string>): OpenDocuments {
  const later = new Set(handInLater)
  const open = checklist.filter((item) => item.required && !added.has(item.id))
  return {
    missing: open.filter((item) => !(item.deferrable && later.has(item.id))).map((item) => item.id),
    deferred: open.filter((item) => item.deferrable && later.has(item.id)).map((item) => item.id),
  }
}
