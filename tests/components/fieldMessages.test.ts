import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import DraftCard from '@/components/draft/DraftCard.vue'
import DraftStepForm from '@/components/draft/DraftStepForm.vue'
import { useAnswerText } from '@/composables/useAnswerText'
import { applicationForms } from '@/domain/applications/forms'
import { contactStep, personalStep } from '@/domain/applications/personal'
import type { Answers, FieldDefinition, StepDefinition } from '@/domain/applications/types'
import type { Locale } from '@/domain/locales'
import type { DraftSummary } from '@/stores/drafts'
import ar from '@/i18n/locales/ar.json'
import de from '@/i18n/locales/de.json'
import { mountWithApp } from './mountApp'

afterEach(() => {
  document.body.innerHTML = ''
})

const context = { today: '2026-11-28' }
const stepOf = (serviceId: keyof typeof applicationForms, stepId: string) => applicationForms[serviceId].steps.find((step) => step.id === stepId)!
const fieldOf = (step: StepDefinition, name: string) => step.fields.find((field) => field.name === name)!

/** The error shown under each field after a first attempt to go on, by field name. */
async function errorsAfterTryingToGoOn(step: StepDefinition, answers: Answers, locale: Locale) {
  const form = ref<InstanceType<typeof DraftStepForm>>()
  const Host = defineComponent({ setup: () => () => h(DraftStepForm, { ref: form, step, initialAnswers: answers, context }) })
  const { wrapper } = await mountWithApp(Host, { locale })
  expect(await form.value?.validateStep()).toBe(false)
  await wrapper.vm.$nextTick()
  return Object.fromEntries(wrapper.findAll('.form-field__error').map((error) => [error.attributes('id')!.replace(/^field-|-error$/g, ''), error.text()]))
}

// Strips the Unicode isolates the Arabic texts carry around numbers, to compare the words.
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '')

describe.each([
  ['de', de],
  ['ar', ar],
] as const)('field errors in %s', (locale, messages) => {
  // The personal step lists every country twice: mounting it takes a while on a busy machine.
  it('say what a radio group, a list and a date need, not "fill in this field"', { timeout: 20_000 }, async () => {
    expect(await errorsAfterTryingToGoOn(personalStep, {}, locale)).toEqual({
      surname: messages.validation.required,
      dateOfBirth: messages.validation.date,
      placeOfBirth: messages.validation.required,
      countryOfBirth: messages.validation.chooseFromList,
      sex: messages.validation.chooseOne,
      nationality: messages.validation.chooseFromList,
      maritalStatus: messages.validation.chooseFromList,
    })
  })

  it('say what a postcode needs, and ask only free text to be filled in', async () => {
    expect(await errorsAfterTryingToGoOn(contactStep, {}, locale)).toEqual({
      street: messages.validation.required,
      postcode: messages.validation.postcode,
      city: messages.validation.required,
    })
  })

  it('give an amount example that fits the question: about 990 a month for a student, 48000 a year for a salary', async () => {
    const funds = await errorsAfterTryingToGoOn(stepOf('residence-study', 'studyFunding'), { fundingSource: 'blockedAccount', monthlyFunds: 'viel' }, locale)
    expect(plain(funds.monthlyFunds!)).toBe(plain(messages.validation.amount).replace('{example}', '990'))
    const salary = await errorsAfterTryingToGoOn(stepOf('residence-employment', 'employment'), { grossAnnualSalary: '' }, locale)
    expect(plain(salary.grossAnnualSalary!)).toBe(plain(messages.validation.amount).replace('{example}', locale === 'de' ? '48.000' : '48,000'))
  })
})

describe('numbers read back', () => {
  const answerTextIn = async (locale: Locale, field: FieldDefinition, value: string) => {
    let text = ''
    const Host = defineComponent({
      setup() {
        text = useAnswerText()(field, value)
        return () => h('p')
      },
    })
    await mountWithApp(Host, { locale })
    return text
  }

  it('are written in the reader’s language, however they were typed (on the review and the staff case)', async () => {
    const salary = fieldOf(stepOf('residence-employment', 'employment'), 'grossAnnualSalary')
    expect(await answerTextIn('de', salary, '52000')).toBe('52.000 Euro')
    expect(await answerTextIn('de', salary, '٥٢٬٠٠٠')).toBe('52.000 Euro')
    expect(await answerTextIn('en', salary, '2400.5')).toBe('2,400.50 euros')
    expect(plain(await answerTextIn('ar', salary, '52.000'))).toBe(`52,000 ${ar.units.eur}`)
  })
})

describe('the step count on "Meine Anträge"', () => {
  it('uses the draft screen’s words and count: where the applicant goes on', async () => {
    const summary: DraftSummary = {
      draft: {
        id: 'd1',
        serviceId: 'residence-study',
        answers: {},
        currentStep: 'funding',
        localRevision: 1,
        baseRevision: null,
        createdAt: '2026-11-28T09:00:00Z',
        updatedAt: '2026-11-28T09:00:00Z',
        state: 'editing',
      },
      step: { current: 3, total: 7 },
      missingDocuments: [],
      syncState: 'local',
    }
    const { wrapper } = await mountWithApp(defineComponent({ setup: () => () => h(DraftCard, { summary }) }))
    expect(wrapper.text()).toContain(de.draft.stepOf.replace('{current}', '3').replace('{total}', '7'))
  })
})
