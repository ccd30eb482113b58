import { describe, expect, it } from 'vitest'
import { applicationForms } from '@/domain/applications/forms'
import { stepPosition, stepSequence } from '@/domain/applications/steps'
import { validAnswers } from './applicationFactories'

describe('the steps of an application', () => {
  const form = applicationForms['residence-study']
  const answers = validAnswers('residence-study')

  it('are the form steps that apply, then the documents, then the review', () => {
    const formSteps = form.steps.map((step) => step.id)
    expect(stepSequence(form, answers)).toEqual([...formSteps, 'documents', 'review'])
  })

  // The draft screen ("Schritt 3 von 7") and the card in "Meine Anträge" count alike.
  it('count a page by its place in that sequence, a page no longer in it as the first', () => {
    const total = form.steps.length + 2
    expect(stepPosition(form, answers, form.steps[1]!.id)).toEqual({ current: 2, total })
    expect(stepPosition(form, answers, 'review')).toEqual({ current: total, total })
    expect(stepPosition(form, answers, 'a-step-that-was-removed')).toEqual({ current: 1, total })
  })
})
