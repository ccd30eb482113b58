import { describe, expect, it } from 'vitest'
import { deriveChecklist, openDocuments } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { ServiceId } from '@/domain/catalogue'
import { validAnswers } from './applicationFactories'

const ids = (serviceId: ServiceId, overrides = {}) =>
  deriveChecklist(applicationForms[serviceId], validAnswers(serviceId, overrides)).map((item) => item.id)

const required = (serviceId: ServiceId, overrides = {}) =>
  deriveChecklist(applicationForms[serviceId], validAnswers(serviceId, overrides))
    .filter((item) => item.required)
    .map((item) => item.id)

describe('the document checklist', () => {
  it('always asks for the passport and a biometric photo', () => {
    for (const serviceId of Object.keys(applicationForms) as ServiceId[]) {
      expect(required(serviceId)).toEqual(expect.arrayContaining(['biometricPhoto']))
    }
    expect(required('naturalisation')).toContain('passport')
  })

  it('asks married applicants for the marriage certificate, with a translation note', () => {
    expect(ids('naturalisation')).not.toContain('marriageCertificate')
    const items = deriveChecklist(applicationForms.naturalisation, validAnswers('naturalisation', { maritalStatus: 'married' }))
    expect(items.find((item) => item.id === 'marriageCertificate')).toEqual({ id: 'marriageCertificate', required: true, translationNeeded: true, deferrable: true })
  })

  it('asks divorced applicants for the divorce decree', () => {
    expect(required('naturalisation', { maritalStatus: 'divorced' })).toContain('divorceDecree')
  })

  it('asks for the children’s birth certificates when children are naturalised too', () => {
    expect(ids('naturalisation', { childrenIncluded: '0' })).not.toContain('childrenBirthCertificates')
    expect(required('naturalisation', { childrenIncluded: '2' })).toContain('childrenBirthCertificates')
  })

  it('asks employees for payslips of the last 3 months and their contract, the self-employed for tax assessments', () => {
    expect(required('naturalisation', { livelihood: 'employment' })).toEqual(expect.arrayContaining(['payslips', 'employmentContract']))
    const selfEmployed = required('naturalisation', { livelihood: 'selfEmployment' })
    expect(selfEmployed).toContain('incomeTaxAssessment')
    expect(selfEmployed).not.toContain('payslips')
  })

  it('follows the proof of German chosen for naturalisation', () => {
    expect(required('naturalisation', { languageProof: 'certificateB1' })).toContain('languageCertificate')
    const school = required('naturalisation', { languageProof: 'germanSchool', naturalisationTest: 'exempt' })
    expect(school).toContain('germanQualificationCertificate')
    expect(school).not.toContain('languageCertificate')
    expect(school).not.toContain('naturalisationTestCertificate')
  })

  it('asks employees for the health-insurance certificate and the recognition evidence that fits', () => {
    expect(required('residence-employment')).toEqual(expect.arrayContaining(['healthInsuranceCertificate', 'anabinPrintout']))
    expect(required('residence-employment', { qualificationRecognition: 'zabStatement' })).toContain('zabStatement')
    expect(required('residence-employment', { qualificationRecognition: 'recognised' })).toContain('recognitionNotice')
    expect(required('residence-employment', { employmentAgencyApproval: 'preApprovalGranted' })).toContain('employmentAgencyPreApproval')
  })

  it('asks students for the proof that matches how they are funded and admitted', () => {
    expect(required('residence-study')).toEqual(expect.arrayContaining(['blockedAccountConfirmation', 'admissionLetter']))
    const scholar = required('residence-study', { fundingSource: 'scholarship', admissionStatus: 'enrolled' })
    expect(scholar).toEqual(expect.arrayContaining(['scholarshipLetter', 'enrolmentCertificate']))
    expect(scholar).not.toContain('blockedAccountConfirmation')
  })

  it('asks for B1 and the orientation course certificate when that is the settlement proof', () => {
    expect(required('settlement', { integrationProof: 'b1AndOrientationCourse' })).toEqual(
      expect.arrayContaining(['languageCertificate', 'orientationCourseCertificate', 'payslips', 'pensionInsuranceRecord']),
    )
  })

  it('replaces the passport by evidence of efforts to get one for protected persons without a document', () => {
    const withoutDocument = required('humanitarian', { travelDocumentKind: 'none' })
    expect(withoutDocument).toContain('passportEffortsEvidence')
    expect(withoutDocument).not.toContain('passport')
    expect(required('humanitarian')).toContain('passport')
  })
})

describe('handing in documents later', () => {
  const checklist = deriveChecklist(applicationForms['residence-study'], validAnswers('residence-study'))

  it('never lets the passport, the photo or what a humanitarian application rests on be handed in later', () => {
    for (const serviceId of Object.keys(applicationForms) as ServiceId[]) {
      const items = deriveChecklist(applicationForms[serviceId], validAnswers(serviceId))
      expect(items.filter((item) => ['passport', 'biometricPhoto'].includes(item.id)).every((item) => !item.deferrable)).toBe(true)
    }
    const humanitarian = deriveChecklist(applicationForms.humanitarian, validAnswers('humanitarian', { travelDocumentKind: 'none', noTravelDocumentReason: 'Verloren' }))
    expect(humanitarian.filter((item) => !item.deferrable).map((item) => item.id)).toEqual(['biometricPhoto', 'bamfDecision', 'passportEffortsEvidence'])
  })

  it('lets supporting papers be handed in later, and never a voluntary one (it is not needed at all)', () => {
    expect(checklist.find((item) => item.id === 'healthInsuranceCertificate')?.deferrable).toBe(true)
    expect(checklist.find((item) => item.id === 'languageCertificate')).toMatchObject({ required: false, deferrable: false })
  })

  it('counts a wish to hand in later only for a deferrable document that has not arrived', () => {
    const added = new Set(['passport', 'biometricPhoto', 'admissionLetter', 'blockedAccountConfirmation'])
    expect(openDocuments(checklist, added, [])).toEqual({ missing: ['healthInsuranceCertificate', 'registrationCertificate'], deferred: [] })
    expect(openDocuments(checklist, added, ['healthInsuranceCertificate', 'registrationCertificate'])).toEqual({
      missing: [],
      deferred: ['healthInsuranceCertificate', 'registrationCertificate'],
    })
    // The passport cannot be deferred, an arrived document needs no request, an unknown id means nothing.
    const withoutPassport = new Set([...added].filter((id) => id !== 'passport'))
    expect(openDocuments(checklist, withoutPassport, ['passport', 'admissionLetter', 'nonsense', 'healthInsuranceCertificate', 'registrationCertificate'])).toEqual({
      missing: ['passport'],
      deferred: ['healthInsuranceCertificate', 'registrationCertificate'],
    })
  })
})
