import { describe, expect, it } from 'vitest'
import { applicationForms } from '@/domain/applications/forms'
import { isValidIsoDate, relevantAnswers, validateApplication, validateStep, visibleSteps } from '@/domain/applications/validation'
import { personalStep } from '@/domain/applications/personal'
import { serviceIds, type ServiceId } from '@/domain/catalogue'
import { context, personalAnswers, validAnswers } from './applicationFactories'
import { applicantFiles } from './messageFiles'

const errorsFor = (serviceId: ServiceId, overrides: Record<string, string | boolean | undefined>) => {
  const result = validateApplication(applicationForms[serviceId], validAnswers(serviceId, overrides), context)
  return Object.assign({}, ...Object.values(result.stepErrors)) as Record<string, string>
}

describe.each(serviceIds)('the %s application', (serviceId) => {
  it('accepts a complete, valid application', () => {
    const result = validateApplication(applicationForms[serviceId], validAnswers(serviceId), context)
    expect(result.stepErrors).toEqual({})
    expect(result.complete).toBe(true)
  })

  it('is incomplete while a required answer is missing', () => {
    const result = validateApplication(applicationForms[serviceId], validAnswers(serviceId, { surname: '' }), context)
    expect(result.complete).toBe(false)
    expect(result.stepErrors.personal).toEqual({ surname: 'validation.required' })
  })

  it('gives every field a unique name across its steps', () => {
    const names = applicationForms[serviceId].steps.flatMap((step) => step.fields.map((field) => field.name))
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index)
    // The humanitarian form reuses the passport step; nothing else may repeat a name.
    expect(duplicates).toEqual([])
  })
})

describe('names', () => {
  it.each([
    ['Arabic', 'حداد'],
    ['Cyrillic', 'Шевченко'],
    ['Turkish', 'Yılmaz-Öztürk'],
    ['Vietnamese with combining marks', 'Nguyễn Thị Minh Khai'],
    ['an apostrophe', "O’Brien"],
    ['a leading apostrophe', '’t Hooft'],
    ['a Persian name with a zero-width non-joiner', 'نجیب\u200cالله'],
    ['a typographic hyphen', 'Müller\u2010Lüdenscheidt'],
  ])('accepts %s', (_script, surname) => {
    expect(validateStep(personalStep, personalAnswers({ surname }), context)).toEqual({})
  })

  it.each([['digits', 'Anna2'], ['a leading hyphen', '-Anna'], ['symbols', 'Anna <script>']])('refuses %s', (_what, surname) => {
    expect(validateStep(personalStep, personalAnswers({ surname }), context)).toEqual({ surname: 'validation.name' })
  })

  it('refuses a name longer than allowed', () => {
    expect(validateStep(personalStep, personalAnswers({ surname: 'a'.repeat(101) }), context)).toEqual({ surname: 'validation.tooLong' })
  })
})

describe('dates and formats', () => {
  it('knows real calendar dates', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true)
    expect(isValidIsoDate('2023-02-29')).toBe(false)
    expect(isValidIsoDate('1990-13-01')).toBe(false)
    expect(isValidIsoDate('01.02.1990')).toBe(false)
  })

  it('refuses a birth date in the future and an impossible date', () => {
    expect(validateStep(personalStep, personalAnswers({ dateOfBirth: '2027-01-01' }), context)).toEqual({
      dateOfBirth: 'validation.dateNotInFuture',
    })
    expect(validateStep(personalStep, personalAnswers({ dateOfBirth: '1990-02-30' }), context)).toEqual({ dateOfBirth: 'validation.date' })
  })

  it('wants the end of a fixed-term contract after its start', () => {
    expect(
      errorsFor('residence-employment', { contractType: 'fixedTerm', contractStart: '2027-01-01', contractEnd: '2026-12-31' }),
    ).toEqual({ contractEnd: 'validation.dateAfter' })
    expect(errorsFor('residence-employment', { contractType: 'fixedTerm', contractEnd: '2028-12-31' })).toEqual({})
  })

  it('checks postcode, phone, e-mail, passport number and BAMF file number formats', () => {
    expect(validateStep(personalStep, personalAnswers(), context)).toEqual({})
    expect(errorsFor('naturalisation', { postcode: '1011' })).toEqual({ postcode: 'validation.postcode' })
    expect(errorsFor('naturalisation', { phone: 'call me' })).toEqual({ phone: 'validation.phone' })
    expect(errorsFor('naturalisation', { phone: '+90 (532) 123-45-67' })).toEqual({})
    expect(errorsFor('naturalisation', { email: 'lina.example.org' })).toEqual({ email: 'validation.email' })
    expect(errorsFor('naturalisation', { passportNumber: 'N0 123' })).toEqual({ passportNumber: 'validation.passportNumber' })
    expect(errorsFor('humanitarian', { bamfFileNumber: '8123456' })).toEqual({ bamfFileNumber: 'validation.bamfFileNumber' })
  })

  it('understands Arabic-Indic and Persian digits and German phone numbers in brackets', () => {
    expect(errorsFor('naturalisation', { postcode: '١٠١١٥', phone: '(030) 1234567' })).toEqual({})
    expect(errorsFor('residence-employment', { grossAnnualSalary: '۵۲۰۰۰' })).toEqual({})
    expect(errorsFor('humanitarian', { bamfFileNumber: '٨١٢٣٤٥٦-٤٣٩' })).toEqual({})
  })

  it('does not take spaces alone for an answer', () => {
    expect(errorsFor('naturalisation', { city: '   ' })).toEqual({ city: 'validation.required' })
  })

  it('lets people with a single name leave the given names empty', () => {
    expect(errorsFor('naturalisation', { givenNames: '' })).toEqual({})
  })

  it('accepts optional contact fields left empty', () => {
    expect(errorsFor('naturalisation', { phone: '', email: undefined })).toEqual({})
  })

  it('checks numbers: whole counts, euro amounts with cents, and ranges', () => {
    expect(errorsFor('naturalisation', { childrenIncluded: '1.5', childrenDetails: 'Sami, 2016-01-01' })).toEqual({
      childrenIncluded: 'validation.wholeNumber',
    })
    expect(errorsFor('naturalisation', { childrenIncluded: '16', childrenDetails: 'x' })).toEqual({ childrenIncluded: 'validation.numberRange' })
    expect(errorsFor('residence-employment', { grossAnnualSalary: '52.000,00' })).toEqual({})
    // Each language's way of writing it: English groups with commas, Persian with ٬ and its own digits.
    expect(errorsFor('residence-employment', { grossAnnualSalary: '52,000.00' })).toEqual({})
    expect(errorsFor('residence-employment', { grossAnnualSalary: '۵۲٬۰۰۰٫۵' })).toEqual({})
    expect(errorsFor('residence-employment', { grossAnnualSalary: '52,000,00' })).toEqual({ grossAnnualSalary: 'validation.amount' })
    expect(errorsFor('settlement', { monthlyNetIncome: '2400,5' })).toEqual({})
  })

  it('refuses an option that is not offered and a country code that does not exist', () => {
    expect(errorsFor('naturalisation', { residenceTitle: 'tourist' })).toEqual({ residenceTitle: 'validation.option' })
    expect(errorsFor('naturalisation', { countryOfBirth: 'XY' })).toEqual({ countryOfBirth: 'validation.option' })
    expect(errorsFor('naturalisation', { countryOfBirth: 'stateless' })).toEqual({ countryOfBirth: 'validation.option' })
    expect(errorsFor('naturalisation', { nationality: 'stateless' })).toEqual({})
  })
})

describe('answers that open further questions', () => {
  it('asks for the marriage date only of married applicants', () => {
    expect(errorsFor('naturalisation', { maritalStatus: 'married', spouseIncluded: 'no' })).toEqual({ marriageDate: 'validation.date' })
    expect(errorsFor('naturalisation', { maritalStatus: 'married', spouseIncluded: 'no', marriageDate: '2015-06-01' })).toEqual({})
  })

  it('needs the children’s details when children are to be naturalised too, however the number is typed', () => {
    expect(errorsFor('naturalisation', { childrenIncluded: '2' })).toEqual({ childrenDetails: 'validation.required' })
    expect(errorsFor('naturalisation', { childrenIncluded: '١' })).toEqual({ childrenDetails: 'validation.required' })
    expect(errorsFor('naturalisation', { childrenIncluded: ' 1 ' })).toEqual({ childrenDetails: 'validation.required' })
  })

  it('needs details of convictions and earlier marriages only when there are any', () => {
    expect(errorsFor('naturalisation', { convictions: 'yes', earlierMarriages: 'yes' })).toEqual({
      convictionDetails: 'validation.required',
      earlierMarriagesDetails: 'validation.required',
    })
  })

  it('does not count declarations that were not actively given', () => {
    expect(errorsFor('naturalisation', { commitmentToBasicOrder: false, loyaltyDeclaration: undefined })).toEqual({
      commitmentToBasicOrder: 'validation.consent',
      loyaltyDeclaration: 'validation.consent',
    })
  })

  it('asks the language certificate level only for a certificate', () => {
    expect(errorsFor('naturalisation', { languageCertificateLevel: undefined })).toEqual({ languageCertificateLevel: 'validation.chooseFromList' })
    expect(errorsFor('naturalisation', { languageProof: 'germanSchool', languageCertificateLevel: undefined })).toEqual({})
  })

  it('skips the passport step of a humanitarian application without a travel document, and asks why instead', () => {
    const form = applicationForms.humanitarian
    const answers = validAnswers('humanitarian', {
      travelDocumentKind: 'none',
      passportNumber: undefined,
      passportIssuingState: undefined,
      passportValidUntil: undefined,
    })
    expect(visibleSteps(form, answers).map((step) => step.id)).not.toContain('travelDocument')
    expect(errorsFor('humanitarian', { travelDocumentKind: 'none', passportNumber: undefined })).toEqual({
      noTravelDocumentReason: 'validation.required',
    })
  })

  it('keeps answers to hidden questions on the device but leaves them out of the application', () => {
    const answers = validAnswers('naturalisation', { convictions: 'no', convictionDetails: 'typed before changing my mind' })
    const relevant = relevantAnswers(applicationForms.naturalisation, answers)
    expect(relevant).not.toHaveProperty('convictionDetails')
    expect(relevant).toMatchObject({ surname: 'حداد', convictions: 'no' })
    expect(relevantAnswers(applicationForms.naturalisation, { ...answers, postcode: ' ١٠١١٥ ' })).toMatchObject({ postcode: '10115' })
    const settlement = validAnswers('settlement', { monthlyNetIncome: '۲٬۴۰۰٫۵۰' })
    expect(relevantAnswers(applicationForms.settlement, settlement)).toMatchObject({ monthlyNetIncome: '2400.5' })
  })
})

describe('an empty required field', () => {
  // "Please fill in this field" says nothing about a radio group, a list, a date or a code: each asks for what it takes.
  it('asks for what its type takes, not for "filling in"', () => {
    expect(errorsFor('naturalisation', { sex: undefined, nationality: '', dateOfBirth: '', postcode: '' })).toEqual({
      sex: 'validation.chooseOne',
      nationality: 'validation.chooseFromList',
      dateOfBirth: 'validation.date',
      postcode: 'validation.postcode',
    })
    expect(errorsFor('naturalisation', { receivesBenefits: '', childrenIncluded: '' })).toEqual({
      receivesBenefits: 'validation.chooseOne',
      childrenIncluded: 'validation.wholeNumber',
    })
    expect(errorsFor('residence-employment', { grossAnnualSalary: '   ' })).toEqual({ grossAnnualSalary: 'validation.amount' })
    expect(errorsFor('humanitarian', { bamfFileNumber: '' })).toEqual({ bamfFileNumber: 'validation.bamfFileNumber' })
  })

  it('asks a name or free text to be filled in, as there is no format to explain', () => {
    expect(errorsFor('naturalisation', { surname: '', city: '' })).toEqual({ surname: 'validation.required', city: 'validation.required' })
  })
})

describe('amounts of money', () => {
  // The message shows the field's own example: 990 a month for a student, not a yearly salary.
  it('each carry an example answer within their range', () => {
    const amounts = Object.values(applicationForms).flatMap((form) =>
      form.steps.flatMap((step) => step.fields.flatMap((field) => (field.type === 'number' && field.unit === 'eur' ? [field] : []))),
    )
    expect(amounts.map((field) => [field.name, field.example])).toEqual([
      ['grossAnnualSalary', 48_000],
      ['monthlyFunds', 990],
      ['monthlyNetIncome', 2400],
    ])
    for (const field of amounts) expect(field.example).toBeGreaterThanOrEqual(field.min)
  })

  it('agree with the hint of the page: the student’s monthly example is the amount the funding hint names, in every language', () => {
    const monthlyFunds = applicationForms['residence-study'].steps.flatMap((step) => step.fields).find((field) => field.name === 'monthlyFunds')
    const example = monthlyFunds?.type === 'number' && monthlyFunds.unit === 'eur' ? monthlyFunds.example : undefined
    for (const [locale, messages] of Object.entries(applicantFiles)) {
      const hint = (messages as { fields: Record<string, { hint?: string }> }).fields.fundingSource?.hint ?? ''
      expect({ locale, amounts: hint.match(/\d[\d.,]*/g) }).toEqual({ locale, amounts: [String(example)] })
      const amount = String((messages as { validation: Record<string, string> }).validation.amount)
      expect({ locale, amount: /\d/.test(amount.replace('{example}', '')) }).toEqual({ locale, amount: false })
    }
  })
})
