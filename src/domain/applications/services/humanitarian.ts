import { commonChecklist, contactStep, personalStep, travelDocumentStep } from '../personal.js'
import type { ApplicationForm } from '../types.js'

const noDocument = { field: 'travelDocumentKind', equals: 'none' } as const

/** Aufenthalt aus humanitären Gründen, AufenthG § 25. */
export const humanitarianForm: ApplicationForm = {
  serviceId: 'humanitarian',
  steps: [
    personalStep,
    contactStep,
    {
      id: 'protection',
      fields: [
        {
          name: 'protectionStatus',
          type: 'select',
          options: ['asylum', 'refugee', 'subsidiary', 'deportationBan', 'other'],
          required: true,
          hint: true,
        },
        { name: 'bamfDecisionDate', type: 'date', range: 'past', required: true },
        { name: 'bamfFileNumber', type: 'text', format: 'bamfFileNumber', maxLength: 12, required: true, hint: true },
        {
          name: 'travelDocumentKind',
          type: 'radio',
          options: ['nationalPassport', 'refugeeTravelDocument', 'none'],
          required: true,
        },
        { name: 'noTravelDocumentReason', type: 'textarea', maxLength: 2000, required: true, hint: true, visibleWhen: noDocument },
      ],
    },
    // The passport step of the other services, asked only when there is a document.
    {
      id: 'travelDocument',
      fields: travelDocumentStep.fields.map((field) => ({ ...field, visibleWhen: { field: 'travelDocumentKind', oneOf: ['nationalPassport', 'refugeeTravelDocument'] } })),
    },
  ],
  checklist: [
    ...commonChecklist.map((item) => (item.id === 'passport' ? { ...item, when: { field: 'travelDocumentKind', oneOf: ['nationalPassport', 'refugeeTravelDocument'] } } : item)),
    // The decision is what the application rests on; the efforts stand in for the passport.
    { id: 'bamfDecision', required: true, deferrable: false },
    { id: 'passportEffortsEvidence', required: true, when: noDocument, translationNeeded: true, deferrable: false },
    { id: 'currentResidenceDocument', required: true },
    { id: 'registrationCertificate', required: true },
  ],
}
