import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import DraftProgress from '@/components/draft/DraftProgress.vue'
import DraftStepForm from '@/components/draft/DraftStepForm.vue'
import { applicationForms } from '@/domain/applications/forms'
import type { Answers } from '@/domain/applications/types'
import de from '@/i18n/locales/de.json'
import { mountWithApp } from './mountApp'

afterEach(() => {
  document.body.innerHTML = ''
})

const familyStep = applicationForms.naturalisation.steps.find((step) => step.id === 'naturalisationFamily')!
const context = { today: '2026-11-28' }

/** Hosts the step form and records what it reports. */
function stepHost(initialAnswers: Answers) {
  const changes: Answers[] = []
  const form = ref<InstanceType<typeof DraftStepForm>>()
  const Host = defineComponent({
    setup: () => () =>
      h(DraftStepForm, { ref: form, step: familyStep, initialAnswers, context, onChange: (answers: Answers) => changes.push(answers) }),
  })
  return { Host, changes, form }
}

describe('DraftStepForm', () => {
  it('shows only the questions that apply to the answers so far', async () => {
    const { Host } = stepHost({ maritalStatus: 'single' })
    const { wrapper } = await mountWithApp(Host)
    expect(wrapper.find('#field-spouseIncluded').exists()).toBe(false)
    expect(wrapper.find('#field-childrenDetails').exists()).toBe(false)
    await wrapper.get('#field-childrenIncluded').setValue('2')
    await vi.waitFor(() => expect(wrapper.find('#field-childrenDetails').exists()).toBe(true))
  })

  it('shows no error before the applicant tries to go on', async () => {
    const { Host } = stepHost({})
    const { wrapper } = await mountWithApp(Host)
    expect(wrapper.find('.form-error-summary').exists()).toBe(false)
    expect(wrapper.find('.form-field__error').exists()).toBe(false)
  })

  it('lists every mistake in a summary that links to its field, and marks the fields', async () => {
    const { Host, form } = stepHost({ maritalStatus: 'married', childrenIncluded: '20' })
    const { wrapper } = await mountWithApp(Host)
    expect(await form.value?.validateStep()).toBe(false)
    await vi.waitFor(() => expect(wrapper.find('.form-error-summary').exists()).toBe(true))
    expect(document.activeElement?.classList.contains('form-error-summary')).toBe(true)
    const links = wrapper.findAll('.form-error-summary a')
    expect(links.map((link) => link.attributes('href'))).toEqual([
      '#field-spouseIncluded',
      '#field-childrenIncluded',
      '#field-childrenDetails',
      '#field-earlierMarriages',
    ])
    expect(links[1]?.text()).toBe(`${de.fields.childrenIncluded.label}: Bitte eine Zahl von 0 bis 15 eingeben.`)
    const input = wrapper.get('#field-childrenIncluded')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(input.attributes('aria-describedby')).toContain('field-childrenIncluded-error')
    expect(wrapper.get('#field-childrenIncluded-error').text()).toBe('Bitte eine Zahl von 0 bis 15 eingeben.')
  })

  it('keeps what was typed into a question that another answer hides again', async () => {
    const { Host, changes } = stepHost({ maritalStatus: 'single', earlierMarriages: 'yes' })
    const { wrapper } = await mountWithApp(Host)
    await wrapper.get('#field-earlierMarriagesDetails').setValue('1998–2003 mit A. B.')
    await wrapper.get('#field-earlierMarriages input[value="no"]').setValue(true)
    await vi.waitFor(() => expect(wrapper.find('#field-earlierMarriagesDetails').exists()).toBe(false))
    await wrapper.get('#field-earlierMarriages input[value="yes"]').setValue(true)
    await vi.waitFor(() => expect((wrapper.get('#field-earlierMarriagesDetails').element as HTMLTextAreaElement).value).toBe('1998–2003 mit A. B.'))
    expect(changes.at(-1)).toMatchObject({ earlierMarriages: 'yes', earlierMarriagesDetails: '1998–2003 mit A. B.' })
  })

  it('reports every change, so nothing typed is lost even when the step is invalid', async () => {
    const { Host, changes, form } = stepHost({ maritalStatus: 'single' })
    const { wrapper } = await mountWithApp(Host)
    await wrapper.get('#field-childrenIncluded').setValue('abc')
    expect(await form.value?.validateStep()).toBe(false)
    await vi.waitFor(() => expect(changes.at(-1)).toMatchObject({ maritalStatus: 'single', childrenIncluded: 'abc' }))
  })

  it('passes a complete step', async () => {
    const { Host, form } = stepHost({ maritalStatus: 'single', childrenIncluded: '0', earlierMarriages: 'no' })
    await mountWithApp(Host)
    expect(await form.value?.validateStep()).toBe(true)
  })
})

describe('DraftProgress', () => {
  it('says which step of how many, with a matching progress bar', async () => {
    const Host = defineComponent({ setup: () => () => h(DraftProgress, { current: 3, total: 8, title: 'Familie' }) })
    const { wrapper } = await mountWithApp(Host)
    expect(wrapper.text()).toContain('Schritt 3 von 8')
    const bar = wrapper.get('progress')
    expect([bar.attributes('value'), bar.attributes('max')]).toEqual(['3', '8'])
    expect(wrapper.get('h1').text()).toBe('Familie')
  })
})
