import { describe, expect, it } from 'vitest'
import { parseCaseFilters, parseDocumentRequest, parseStatusChange } from '@/domain/cases'
import { DomainError } from '@/domain/errors'
import { parseCounter, parseFrontDeskDay, parseOutcome, parseReply, parseWalkInClosing, parseWalkInTopic } from '@/domain/frontDesk'

/** The refusal a parser throws, so a test can say what it must be. */
function refusalOf(parse: () => unknown): unknown {
  try {
    parse()
  } catch (error) {
    return error
  }
  return undefined
}

const refusedAsInvalid = (parse: () => unknown) => {
  const refusal = refusalOf(parse)
  expect(refusal).toBeInstanceOf(DomainError)
  expect(refusal).toMatchObject({ code: 'VALIDATION_FAILED' })
}

describe('the front desk’s requests', () => {
  it('take a day as YYYY-MM-DD, or none for today', () => {
    expect(parseFrontDeskDay({ date: '2026-02-28' })).toBe('2026-02-28')
    expect(parseFrontDeskDay({})).toBeUndefined()
    expect(parseFrontDeskDay(undefined)).toBeUndefined()
    for (const date of ['tomorrow', '2026-02-30', ['2026-02-28', '2026-03-01']]) refusedAsInvalid(() => parseFrontDeskDay({ date }))
  })

  it('take any outcome the front desk knows, and nothing else', () => {
    for (const outcome of ['checkedIn', 'noShow', 'done', 'notReached']) expect(parseOutcome({ outcome })).toBe(outcome)
    for (const body of [{ outcome: 'vanished' }, {}, { outcome: 1 }, undefined, 'done']) refusedAsInvalid(() => parseOutcome(body))
  })

  it('take a reply as trimmed text of 1 to 4000 characters', () => {
    expect(parseReply({ reply: '  Sechs Wochen. ' })).toBe('Sechs Wochen.')
    expect(parseReply({ reply: 'x'.repeat(4000) })).toHaveLength(4000)
    for (const reply of ['', '   ', undefined, 42, 'x'.repeat(4001), 'a\u0000b']) refusedAsInvalid(() => parseReply({ reply }))
  })

  it('take a walk-in’s topic, the counter called to and how a walk-in ended', () => {
    expect(parseWalkInTopic({ topic: 'biometrics' })).toBe('biometrics')
    refusedAsInvalid(() => parseWalkInTopic({ topic: 'haircut' }))
    expect(parseCounter({ counter: ' Schalter 2 ' })).toBe('Schalter 2')
    for (const counter of ['   ', 'x'.repeat(41), 7, undefined]) refusedAsInvalid(() => parseCounter({ counter }))
    expect(parseWalkInClosing({ status: 'left' })).toBe('left')
    for (const status of ['called', 'waiting', undefined]) refusedAsInvalid(() => parseWalkInClosing({ status }))
  })
})

describe('the back office’s requests', () => {
  it('drop empty filters, cut long texts and start on page 1', () => {
    expect(parseCaseFilters({})).toEqual({ page: 1 })
    expect(parseCaseFilters({ serviceId: '', status: null, name: '', page: 2 })).toEqual({ page: 2 })
    expect(parseCaseFilters({ serviceId: 'naturalisation', status: 'inReview', from: '2025-01-01', to: '2025-01-31', page: '3' })).toEqual({
      serviceId: 'naturalisation',
      status: 'inReview',
      from: '2025-01-01',
      to: '2025-01-31',
      page: 3,
    })
    expect(parseCaseFilters({ reference: 'A'.repeat(50), name: 'n'.repeat(150) })).toEqual({ reference: 'A'.repeat(40), name: 'n'.repeat(100), page: 1 })
  })

  it.each([
    ['an unknown service', { serviceId: 'tourism' }],
    ['an unknown status', { status: 'approved' }],
    ['a malformed date', { from: '16.01.2025' }],
    ['a day that does not exist', { to: '2025-02-29' }],
    ['a name that is no text', { name: 42 }],
    ['page 0', { page: 0 }],
    ['a page that is no number', { page: 'two' }],
    ['a page beyond any count', { page: '1e300' }],
    ['a fractional page', { page: 1.5 }],
  ])('refuse %s', (_label, body) => refusedAsInvalid(() => parseCaseFilters(body)))

  it('take a status a caseworker may set, with a note that stays out when blank', () => {
    expect(parseStatusChange({ status: 'inReview', note: ' Wir prüfen. ' })).toEqual({ status: 'inReview', note: 'Wir prüfen.' })
    expect(parseStatusChange({ status: 'decided', note: '  ' })).toEqual({ status: 'decided' })
    expect(parseStatusChange({ status: 'closed', note: null })).toEqual({ status: 'closed' })
    for (const body of [{ status: 'documentsRequested' }, { status: 'submitted' }, { status: 'approved' }, {}, { status: 'inReview', note: 'x'.repeat(2001) }, { status: 'inReview', note: 5 }]) {
      refusedAsInvalid(() => parseStatusChange(body))
    }
  })

  it('take a document request as distinct item ids with an optional note', () => {
    expect(parseDocumentRequest({ documents: ['passport', 'languageCertificate', 'passport'], note: 'Bitte lesbar.' })).toEqual({
      documents: ['passport', 'languageCertificate'],
      note: 'Bitte lesbar.',
    })
    for (const body of [{ documents: [] }, { note: 'Bitte alles.' }, { documents: 'passport' }, { documents: [7] }, { documents: [''] }]) refusedAsInvalid(() => parseDocumentRequest(body))
  })
})
