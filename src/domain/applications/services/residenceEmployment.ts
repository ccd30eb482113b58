import { commonChecklist, contactStep, personalStep, travelDocumentStep } from '../personal.js'
import type { ApplicationForm } from '../types.js'

const married = { field: 'maritalStatus', oneOf: ['married', 'partnership'] } as const

/** Aufenthaltserlaubnis zur Beschäftigung, AufenthG §§ 18a, 18b, 18g (Blaue Karte EU). */
export const residenceEmploymentForm: ApplicationForm = {
  serviceId: 'residence-employment',
  steps: [
    personalStep,
    contactStep,
    travelDocumentStep,
    {
      id: 'employment',
      fields: [
        { name: 'permitType', type: 'radio', options: ['skilledVocational', 'skilledAcademic', 'blueCard'], required: true, hint: true },
        { name: 'employerName', type: 'text', format: 'free', maxLength: 150, required: true, autocomplete: 'organization' },
        { name: 'employerAddress', type: 'text', format: 'free', maxLength: 200, required: true },
        { name: 'jobTitle', type: 'text', format: 'free', maxLength: 150, required: true, autocomplete: 'organization-title' },
        { name: 'grossAnnualSalary', type: 'number', min: 0, max: 10_000_000, unit: 'eur', example: 48_000, required: true, hint: true },
        { name: 'contractStart', type: 'date', required: true },
        { name: 'contractType', type: 'radio', options: ['permanent', 'fixedTerm'], required: true },
        {
          name: 'contractEnd',
          type: 'date',
          after: 'contractStart',
          required: true,
          visibleWhen: { field: 'contractType', equals: 'fixedTerm' },
        },
      ],
    },
    {
      id: 'qualification',
      fields: [
        { name: 'qualificationType', type: 'radio', options: ['vocational', 'academic'], required: true },
        { name: 'qualificationTitle', type: 'text', format: 'free', maxLength: 200, required: true },
        { name: 'qualificationCountry', type: 'country', required: true },
        {
          name: 'qualificationRecognition',
          type: 'select',
          options: ['germanQualification', 'recognised', 'anabinComparable', 'zabStatement', 'inProgress'],
          required: true,
          hint: true,
        },
        {
          name: 'employmentAgencyApproval',
          type: 'select',
          options: ['preApprovalGranted', 'notRequired', 'authorityRequests'],
          required: true,
          hint: true,
        },
      ],
    },
  ],
  intendedStay: ['contractStart', 'contractEnd'],
  checklist: [
    ...commonChecklist,
    { id: 'employmentContract', required: true },
    { id: 'employmentRelationshipForm', required: true },
    { id: 'qualificationCertificate', required: true, translationNeeded: true },
    {
      id: 'recognitionNotice',
      required: true,
      when: { field: 'qualificationRecognition', oneOf: ['recognised', 'inProgress'] },
      translationNeeded: false,
    },
    { id: 'anabinPrintout', required: true, when: { field: 'qualificationRecognition', equals: 'anabinComparable' } },
    { id: 'zabStatement', required: true, when: { field: 'qualificationRecognition', equals: 'zabStatement' } },
    { id: 'employmentAgencyPreApproval', required: true, when: { field: 'employmentAgencyApproval', equals: 'preApprovalGranted' } },
    { id: 'healthInsuranceCertificate', required: true },
    { id: 'registrationCertificate', required: true },
    { id: 'rentalContract', required: false },
    { id: 'payslips', required: false },
    { id: 'marriageCertificate', required: false, when: married, translationNeeded: true },
  ],
}
