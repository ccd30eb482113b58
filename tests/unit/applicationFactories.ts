import type { Answers } from '@/domain/applications/types'
import type { ServiceId } from '@/domain/catalogue'

export const today = '2026-11-28'
export const context = { today }

/** A complete personal part, single, with an Arabic name. */
export function personalAnswers(overrides: Answers = {}): Answers {
  return {
    surname: 'حداد',
    givenNames: 'لينا',
    dateOfBirth: '1990-04-12',
    placeOfBirth: 'Aleppo',
    countryOfBirth: 'SY',
    sex: 'female',
    nationality: 'SY',
    maritalStatus: 'single',
    street: 'Hauptstraße 5',
    postcode: '10115',
    city: 'Berlin',
    phone: '+49 30 1234567',
    email: 'lina@example.org',
    passportNumber: 'N01234567',
    passportIssuingState: 'SY',
    passportValidUntil: '2030-01-31',
    ...overrides,
  }
}

const serviceAnswers: Record<ServiceId, Answers> = {
  naturalisation: {
    lawfulResidenceSince: '2018-02-01',
    residenceTitle: 'settlementPermit',
    languageProof: 'certificateB1',
    languageCertificateLevel: 'B1',
    naturalisationTest: 'passed',
    livelihood: 'employment',
    receivesBenefits: 'no',
    childrenIncluded: '0',
    earlierMarriages: 'no',
    convictions: 'no',
    commitmentToBasicOrder: true,
    loyaltyDeclaration: true,
  },
  'residence-employment': {
    permitType: 'blueCard',
    employerName: 'Stadtwerke GmbH',
    employerAddress: 'Am Markt 1, 10115 Berlin',
    jobTitle: 'Softwareentwicklerin',
    grossAnnualSalary: '52000',
    contractStart: '2027-01-01',
    contractType: 'permanent',
    qualificationType: 'academic',
    qualificationTitle: 'Bachelor of Computer Engineering',
    qualificationCountry: 'SY',
    qualificationRecognition: 'anabinComparable',
    employmentAgencyApproval: 'notRequired',
  },
  'residence-study': {
    university: 'Technische Universität Berlin',
    courseOfStudy: 'Maschinenbau',
    degreeType: 'master',
    admissionStatus: 'admitted',
    studyStart: '2027-04-01',
    expectedStudyEnd: '2029-03-31',
    fundingSource: 'blockedAccount',
    monthlyFunds: '992',
    healthInsuranceType: 'statutory',
    healthInsurer: 'AOK',
  },
  settlement: {
    settlementBasis: 'general',
    residencePermitSince: '2020-05-01',
    pensionContributionMonths: '60',
    monthlyNetIncome: '2400,50',
    housingSize: '54',
    householdMembers: '2',
    integrationProof: 'integrationCourseCertificate',
  },
  humanitarian: {
    protectionStatus: 'refugee',
    bamfDecisionDate: '2022-09-15',
    bamfFileNumber: '8123456-439',
    travelDocumentKind: 'refugeeTravelDocument',
  },
}

/** A complete, valid application for a service. */
export function validAnswers(serviceId: ServiceId, overrides: Answers = {}): Answers {
  return { ...personalAnswers(), ...serviceAnswers[serviceId], ...overrides }
}
