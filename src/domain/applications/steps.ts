import { visibleSteps } from './validation.js'
import type { Answers, ApplicationForm } from './types.js'

export const documentsStepId = 'documents'
export const reviewStepId = 'review'

/**
 * What counts as a step, for every screen that counts them: each page the applicant goes through,
 * in order — the form's steps that apply to the answers, then the documents, then the review.
 */
export function stepSequence(form: ApplicationForm, answers: Answers): string[] {
  return [...visibleSteps(form, answers).map((step) => step.id), documentsStepId, reviewStepId]
}

/** Step `current` of `total` for a page of the sequence; a page no longer in it counts as the first. */
export function stepPosition(form: ApplicationForm, answers: Answers, stepId: string): { current: number; total: number } {
  const sequence = stepSequence(form, answers)
  return { current: Math.max(sequence.indexOf(stepId), 0) + 1, total: sequence.length }
}
