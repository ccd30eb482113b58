import { commonChecklist, contactStep, personalStep, travelDocumentStep } from '../personal.js'
import type { ApplicationForm } from '../types.js'

const yes = (field: string) => ({ field, equals: 'yes' }) as const
const married = { field: 'maritalStatus', oneOf: ['married', 'partnership'] } as const

/** Einbürgerung, StAG § 10. */
export const naturalisationForm: ApplicationForm = {
  serviceId: 'naturalisation',
  steps: [
    personalStep,
    contactStep,
    travelDocumentStep,
    {
      id: 'naturalisationResidence',
      fields: [
        { name: 'lawfulResidenceSince', type: 'date', range: 'past', required: true, hint: true },
        {
          name: 'residenceTitle',
          type: 'select',
          options: ['settlementPermit', 'euPermanentResidence', 'residencePermit', 'blueCard', 'euFreeMovement', 'other'],
          required: true,
        },
        {
          name: 'languageProof',
          type: 'select',
          options: ['certificateB1', 'certificateHigher', 'germanSchool', 'germanVocational', 'germanUniversity'],
          required: true,
          hint: true,
        },
        {
          name: 'languageCertificateLevel',
          type: 'select',
          options: ['B1', 'B2', 'C1', 'C2'],
          required: true,
          visibleWhen: { field: 'languageProof', oneOf: ['certificateB1', 'certificateHigher'] },
        },
        { name: 'naturalisationTest', type: 'select', options: ['passed', 'exempt', 'planned'], required: true, hint: true },
      ],
    },
    {
      id: 'naturalisationLivelihood',
      fields: [
        {
          name: 'livelihood',
          type: 'select',
          options: ['employment', 'selfEmployment', 'pension', 'spouseIncome', 'other'],
          required: true,
        },
        { name: 'livelihoodDetails', type: 'textarea', maxLength: 1000, required: false, hint: true },
        { name: 'receivesBenefits', type: 'yesNo', required: true, hint: true },
      ],
    },
    {
      id: 'naturalisationFamily',
      fields: [
        { name: 'spouseIncluded', type: 'yesNo', required: true, visibleWhen: married },
        { name: 'childrenIncluded', type: 'number', min: 0, max: 15, unit: 'persons', required: true, hint: true },
        {
          name: 'childrenDetails',
          type: 'textarea',
          maxLength: 1000,
          required: true,
          hint: true,
          visibleWhen: { field: 'childrenIncluded', greaterThan: 0 },
        },
        { name: 'earlierMarriages', type: 'yesNo', required: true },
        { name: 'earlierMarriagesDetails', type: 'textarea', maxLength: 1000, required: true, visibleWhen: yes('earlierMarriages') },
      ],
    },
    {
      id: 'naturalisationDeclarations',
      fields: [
        { name: 'convictions', type: 'yesNo', required: true, hint: true },
        { name: 'convictionDetails', type: 'textarea', maxLength: 1000, required: true, visibleWhen: yes('convictions') },
        { name: 'commitmentToBasicOrder', type: 'consent', required: true, hint: true },
        { name: 'loyaltyDeclaration', type: 'consent', required: true, hint: true },
      ],
    },
  ],
  checklist: [
    ...commonChecklist,
    { id: 'birthCertificate', required: true, translationNeeded: true },
    { id: 'residenceTitleCopy', required: true },
    { id: 'registrationCertificate', required: true },
    { id: 'marriageCertificate', required: true, when: married, translationNeeded: true },
    { id: 'divorceDecree', required: true, when: { field: 'maritalStatus', equals: 'divorced' }, translationNeeded: true },
    {
      id: 'childrenBirthCertificates',
      required: true,
      when: { field: 'childrenIncluded', greaterThan: 0 },
      translationNeeded: true,
    },
    {
      id: 'languageCertificate',
      required: true,
      when: { field: 'languageProof', oneOf: ['certificateB1', 'certificateHigher'] },
    },
    {
      id: 'germanQualificationCertificate',
      required: true,
      when: { field: 'languageProof', oneOf: ['germanSchool', 'germanVocational', 'germanUniversity'] },
    },
    { id: 'naturalisationTestCertificate', required: true, when: { field: 'naturalisationTest', equals: 'passed' } },
    { id: 'payslips', required: true, when: { field: 'livelihood', equals: 'employment' } },
    { id: 'employmentContract', required: true, when: { field: 'livelihood', equals: 'employment' } },
    { id: 'incomeTaxAssessment', required: true, when: { field: 'livelihood', equals: 'selfEmployment' } },
    { id: 'pensionNotice', required: true, when: { field: 'livelihood', equals: 'pension' } },
    { id: 'pensionInsuranceRecord', required: false },
    { id: 'criminalRecordAbroad', required: false, translationNeeded: true },
  ],
}
