import { commonChecklist, contactStep, personalStep, travelDocumentStep } from '../personal.js'
import type { ApplicationForm } from '../types.js'

const married = { field: 'maritalStatus', oneOf: ['married', 'partnership'] } as const

/** Niederlassungserlaubnis, AufenthG § 9 and § 18c. */
export const settlementForm: ApplicationForm = {
  serviceId: 'settlement',
  steps: [
    personalStep,
    contactStep,
    travelDocumentStep,
    {
      id: 'settlementResidence',
      fields: [
        { name: 'settlementBasis', type: 'radio', options: ['general', 'skilledWorker', 'blueCard'], required: true, hint: true },
        { name: 'residencePermitSince', type: 'date', range: 'past', required: true },
        { name: 'pensionContributionMonths', type: 'number', min: 0, max: 600, unit: 'months', required: true, hint: true },
        { name: 'monthlyNetIncome', type: 'number', min: 0, max: 1_000_000, unit: 'eur', example: 2400, required: true },
      ],
    },
    {
      id: 'settlementIntegration',
      fields: [
        { name: 'housingSize', type: 'number', min: 1, max: 2000, unit: 'squareMetres', required: true },
        { name: 'householdMembers', type: 'number', min: 1, max: 30, unit: 'persons', required: true },
        {
          name: 'integrationProof',
          type: 'select',
          options: ['integrationCourseCertificate', 'b1AndOrientationCourse', 'germanSchool', 'other'],
          required: true,
          hint: true,
        },
      ],
    },
  ],
  checklist: [
    ...commonChecklist,
    { id: 'pensionInsuranceRecord', required: true },
    { id: 'payslips', required: true },
    { id: 'employmentContract', required: true },
    { id: 'rentalContract', required: true },
    { id: 'healthInsuranceCertificate', required: true },
    { id: 'integrationCourseCertificate', required: true, when: { field: 'integrationProof', equals: 'integrationCourseCertificate' } },
    { id: 'languageCertificate', required: true, when: { field: 'integrationProof', equals: 'b1AndOrientationCourse' } },
    { id: 'orientationCourseCertificate', required: true, when: { field: 'integrationProof', equals: 'b1AndOrientationCourse' } },
    { id: 'germanQualificationCertificate', required: true, when: { field: 'integrationProof', equals: 'germanSchool' } },
    { id: 'marriageCertificate', required: true, when: married, translationNeeded: true },
  ],
}
