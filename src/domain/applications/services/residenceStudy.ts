import { commonChecklist, contactStep, personalStep, travelDocumentStep } from '../personal.js'
import type { ApplicationForm } from '../types.js'

/** Aufenthaltserlaubnis zum Studium, AufenthG § 16b. */
export const residenceStudyForm: ApplicationForm = {
  serviceId: 'residence-study',
  steps: [
    personalStep,
    contactStep,
    travelDocumentStep,
    {
      id: 'study',
      fields: [
        { name: 'university', type: 'text', format: 'free', maxLength: 200, required: true },
        { name: 'courseOfStudy', type: 'text', format: 'free', maxLength: 200, required: true },
        { name: 'degreeType', type: 'select', options: ['bachelor', 'master', 'doctorate', 'preparatoryCourse', 'other'], required: true },
        { name: 'admissionStatus', type: 'radio', options: ['admitted', 'enrolled', 'conditionalAdmission'], required: true, hint: true },
        { name: 'studyStart', type: 'date', required: true },
        { name: 'expectedStudyEnd', type: 'date', after: 'studyStart', required: true },
      ],
    },
    {
      id: 'studyFunding',
      fields: [
        {
          name: 'fundingSource',
          type: 'radio',
          options: ['blockedAccount', 'scholarship', 'declarationOfCommitment', 'other'],
          required: true,
          hint: true,
        },
        { name: 'monthlyFunds', type: 'number', min: 0, max: 100_000, unit: 'eur', example: 990, required: true },
        { name: 'fundingDetails', type: 'textarea', maxLength: 1000, required: true, visibleWhen: { field: 'fundingSource', equals: 'other' } },
        { name: 'healthInsuranceType', type: 'radio', options: ['statutory', 'private'], required: true },
        { name: 'healthInsurer', type: 'text', format: 'free', maxLength: 150, required: true },
      ],
    },
  ],
  intendedStay: ['studyStart', 'expectedStudyEnd'],
  checklist: [
    ...commonChecklist,
    { id: 'admissionLetter', required: true, when: { field: 'admissionStatus', oneOf: ['admitted', 'conditionalAdmission'] } },
    { id: 'enrolmentCertificate', required: true, when: { field: 'admissionStatus', equals: 'enrolled' } },
    { id: 'blockedAccountConfirmation', required: true, when: { field: 'fundingSource', equals: 'blockedAccount' } },
    { id: 'scholarshipLetter', required: true, when: { field: 'fundingSource', equals: 'scholarship' } },
    { id: 'declarationOfCommitment', required: true, when: { field: 'fundingSource', equals: 'declarationOfCommitment' } },
    { id: 'fundingEvidence', required: true, when: { field: 'fundingSource', equals: 'other' }, translationNeeded: true },
    { id: 'healthInsuranceCertificate', required: true },
    { id: 'registrationCertificate', required: true },
    { id: 'languageCertificate', required: false },
  ],
}
