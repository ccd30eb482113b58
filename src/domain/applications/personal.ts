import type { StepDefinition } from './types.js'

const married = { field: 'maritalStatus', oneOf: ['married', 'partnership'] } as const

/** The personal step every application starts with. */
export const personalStep: StepDefinition = {
  id: 'personal',
  fields: [
    { name: 'surname', type: 'text', format: 'name', maxLength: 100, required: true, autocomplete: 'family-name' },
    { name: 'givenNames', type: 'text', format: 'name', maxLength: 100, required: false, hint: true, autocomplete: 'given-name' },
    { name: 'birthName', type: 'text', format: 'name', maxLength: 100, required: false, hint: true },
    { name: 'formerNames', type: 'text', format: 'free', maxLength: 200, required: false, hint: true },
    { name: 'dateOfBirth', type: 'date', range: 'past', required: true, autocomplete: 'bday' },
    { name: 'placeOfBirth', type: 'text', format: 'free', maxLength: 100, required: true },
    { name: 'countryOfBirth', type: 'country', required: true },
    { name: 'sex', type: 'radio', options: ['female', 'male', 'diverse', 'unspecified'], required: true },
    { name: 'nationality', type: 'country', allowStateless: true, required: true },
    { name: 'formerNationalities', type: 'text', format: 'free', maxLength: 200, required: false, hint: true },
    {
      name: 'maritalStatus',
      type: 'select',
      options: ['single', 'married', 'partnership', 'separated', 'divorced', 'widowed'],
      required: true,
    },
    { name: 'marriageDate', type: 'date', range: 'past', required: true, visibleWhen: married },
  ],
}

export const contactStep: StepDefinition = {
  id: 'contact',
  fields: [
    { name: 'street', type: 'text', format: 'free', maxLength: 150, required: true, autocomplete: 'street-address' },
    { name: 'postcode', type: 'text', format: 'postcode', maxLength: 5, required: true, autocomplete: 'postal-code' },
    { name: 'city', type: 'text', format: 'free', maxLength: 100, required: true, autocomplete: 'address-level2' },
    { name: 'phone', type: 'tel', required: false, autocomplete: 'tel', hint: true },
    { name: 'email', type: 'email', required: false, autocomplete: 'email' },
  ],
}

export const travelDocumentStep: StepDefinition = {
  id: 'travelDocument',
  fields: [
    { name: 'passportNumber', type: 'text', format: 'passportNumber', maxLength: 20, required: true, hint: true },
    { name: 'passportIssuingState', type: 'country', required: true },
    { name: 'passportValidUntil', type: 'date', required: true },
  ],
}

/** Checklist items every application needs: who the applicant is, so never handed in later. */
export const commonChecklist = [
  { id: 'passport', required: true, deferrable: false },
  { id: 'biometricPhoto', required: true, deferrable: false },
] as const
