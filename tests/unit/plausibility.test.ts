import { describe, expect, it } from 'vitest'
import { applicationForms } from '@/domain/applications/forms'
import { plausibilityWarnings, stepWarnings } from '@/domain/applications/plausibility'
import { validAnswers } from './applicationFactories'

const employment = applicationForms['residence-employment']
const study = applicationForms['residence-study']

describe('plausibility warnings', () => {
  it('warns when the passport expires before the intended studies end, naming both dates', () => {
    const warnings = plausibilityWarnings(study, validAnswers('residence-study', { passportValidUntil: '2028-06-30', expectedStudyEnd: '2029-03-31' }))
    expect(warnings).toEqual([
      { id: 'passportExpiresBeforeStay', fields: ['passportValidUntil', 'expectedStudyEnd'], passportValidUntil: '2028-06-30', stayUntil: '2029-03-31' },
    ])
  })

  it('says nothing when the passport outlasts the stay, or on the day the stay ends', () => {
    expect(plausibilityWarnings(study, validAnswers('residence-study', { passportValidUntil: '2030-01-31' }))).toEqual([])
    expect(plausibilityWarnings(study, validAnswers('residence-study', { passportValidUntil: '2029-03-31', expectedStudyEnd: '2029-03-31' }))).toEqual([])
  })

  it('measures a fixed-term contract by its end, a permanent one by its start, and ignores a hidden end date', () => {
    const fixedTerm = validAnswers('residence-employment', { contractType: 'fixedTerm', contractEnd: '2029-12-31', passportValidUntil: '2028-01-31' })
    expect(plausibilityWarnings(employment, fixedTerm).map((warning) => warning.fields)).toEqual([['passportValidUntil', 'contractEnd']])
    const permanent = { ...fixedTerm, contractType: 'permanent' }
    expect(plausibilityWarnings(employment, permanent)).toEqual([])
    expect(plausibilityWarnings(employment, { ...permanent, passportValidUntil: '2026-12-31' }).map((warning) => warning.fields)).toEqual([['passportValidUntil', 'contractStart']])
  })

  it('ignores dates that are not complete yet', () => {
    expect(plausibilityWarnings(study, validAnswers('residence-study', { passportValidUntil: '2028-0', expectedStudyEnd: '2029-03-31' }))).toEqual([])
    expect(plausibilityWarnings(applicationForms.settlement, validAnswers('settlement', { passportValidUntil: '2026-12-01' }))).toEqual([])
  })

  it('hints that a Blue Card normally needs a university degree', () => {
    expect(plausibilityWarnings(employment, validAnswers('residence-employment', { permitType: 'blueCard', qualificationType: 'vocational' }))).toEqual([
      { id: 'blueCardWithoutDegree', fields: ['permitType', 'qualificationType'] },
    ])
    expect(plausibilityWarnings(employment, validAnswers('residence-employment', { permitType: 'blueCard', qualificationType: 'academic' }))).toEqual([])
    expect(plausibilityWarnings(employment, validAnswers('residence-employment', { permitType: 'skilledVocational', qualificationType: 'vocational' }))).toEqual([])
    // Not asked yet: no hint before the qualification step.
    expect(plausibilityWarnings(employment, validAnswers('residence-employment', { permitType: 'blueCard', qualificationType: undefined }))).toEqual([])
  })

  it('shows a warning at each step that holds one of its fields', () => {
    const warnings = plausibilityWarnings(employment, validAnswers('residence-employment', { permitType: 'blueCard', qualificationType: 'vocational', passportValidUntil: '2026-12-31' }))
    const fieldsOf = (stepId: string) => employment.steps.find((step) => step.id === stepId)!.fields.map((field) => field.name)
    expect(stepWarnings(warnings, fieldsOf('travelDocument')).map((warning) => warning.id)).toEqual(['passportExpiresBeforeStay'])
    expect(stepWarnings(warnings, fieldsOf('employment')).map((warning) => warning.id)).toEqual(['passportExpiresBeforeStay', 'blueCardWithoutDegree'])
    expect(stepWarnings(warnings, fieldsOf('qualification')).map((warning) => warning.id)).toEqual(['blueCardWithoutDegree'])
    expect(stepWarnings(warnings, fieldsOf('personal'))).toEqual([])
  })

  it('never blocks: the answers that warn are still a complete application', async () => {
    const { validateApplication } = await import('@/domain/applications/validation')
    const answers = validAnswers('residence-employment', { permitType: 'blueCard', qualificationType: 'vocational', passportValidUntil: '2026-12-31' })
    expect(validateApplication(employment, answers, { today: '2026-11-28' }).complete).toBe(true)
  })
})
