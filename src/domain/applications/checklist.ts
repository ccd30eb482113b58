import { applies } from './conditions.js'
import type { Answers, ApplicationForm, ChecklistItemDefinition } from './types.js'

export interface ChecklistItem {
  id: string
  required: boolean
  translationNeeded: boolean
}

/** The documents this application needs, derived from its service and its answers. */
export function deriveChecklist(form: ApplicationForm, answers: Answers): ChecklistItem[] {
  return form.checklist
    .filter((item: ChecklistItemDefinition) => applies(item.when, answers))
    .map((item) => ({ id: item.id, required: item.required, translationNeeded: item.translationNeeded ?? false }))
}
