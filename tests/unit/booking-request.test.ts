import { describe, expect, it } from 'vitest'
import { bookingRequestSchema, parseBookingRequest, parseRescheduleRequest, parseSlotQuery } from '@/domain/bookingRequest'
import { fieldErrorsOf } from '@/domain/input'
import { DomainError } from '@/domain/errors'

const visit = (overrides: Record<string, unknown> = {}) => ({ channel: 'in-person', topic: 'biometrics', slotId: 'a1b2c3', ...overrides })
const call = (overrides: Record<string, unknown> = {}) => ({ channel: 'phone', topic: 'advice', slotId: 'a1b2c3', phone: '+49 345 1234567', ...overrides })
const letter = (overrides: Record<string, unknown> = {}) => ({ channel: 'written', topic: 'general', message: 'Wie lange dauert es?', replyRoute: 'app', ...overrides })

/** The refusal parseBookingRequest throws, as code, message and field errors. */
function refusalOf(body: unknown) {
  try {
    parseBookingRequest(body)
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message, fieldErrors: error.details?.fieldErrors }
    throw error
  }
  throw new Error('accepted')
}

describe('a booking request', () => {
  it('keeps only what its channel and reply route need, with the phone number trimmed', () => {
    expect(parseBookingRequest({ ...visit(), phone: 'ignored' })).toEqual(visit())
    expect(parseBookingRequest(call({ phone: ' +49 345 1234567 ' }))).toEqual(call())
    expect(parseBookingRequest(letter({ email: 'a@example.org', postalAddress: 3 }))).toEqual(letter())
    expect(parseBookingRequest(letter({ replyRoute: 'email', email: 'a@example.org' }))).toEqual(letter({ replyRoute: 'email', email: 'a@example.org' }))
  })

  it('gives the same request back when parsed again, so a queued request hashes as the one first sent', () => {
    const once = parseBookingRequest(call({ phone: ' (0345) 123 456 ' }))
    expect(parseBookingRequest(once)).toEqual(once)
  })

  it('is refused for a topic the channel does not offer, and for no object at all', () => {
    for (const body of [visit({ channel: 'phone', topic: 'biometrics', phone: '+49 345 1234567' }), letter({ topic: 'collection' }), visit({ channel: 'fax' }), null, 'visit', []]) {
      expect(refusalOf(body)).toMatchObject({ code: 'VALIDATION_FAILED', message: 'This topic cannot be booked on this channel' })
    }
  })

  it('names each field that fails with its message key', () => {
    expect(refusalOf(visit({ slotId: { nested: true } }))).toEqual({ code: 'VALIDATION_FAILED', message: 'A slot is required', fieldErrors: { slotId: 'booking.errors.slot' } })
    expect(refusalOf(call({ phone: 'call me' })).fieldErrors).toEqual({ phone: 'validation.phone' })
    expect(refusalOf(call({ phone: undefined })).fieldErrors).toEqual({ phone: 'validation.phone' })
    expect(refusalOf(letter({ message: '  hi  ' })).fieldErrors).toEqual({ message: 'booking.errors.message' })
    expect(refusalOf(letter({ message: 'x'.repeat(5001) })).fieldErrors).toEqual({ message: 'validation.tooLong' })
    expect(refusalOf(letter({ replyRoute: 'pigeon' })).fieldErrors).toEqual({ replyRoute: 'validation.option' })
    expect(refusalOf(letter({ replyRoute: 'email', email: 'a@b' })).fieldErrors).toEqual({ email: 'validation.email' })
    expect(refusalOf(letter({ replyRoute: 'post', postalAddress: 'Halle' })).fieldErrors).toEqual({ postalAddress: 'booking.errors.postalAddress' })
  })

  it('refuses a number where text belongs instead of converting it', () => {
    expect(fieldErrorsOf(bookingRequestSchema, call({ phone: 493451234567 }))).toEqual({ phone: 'validation.phone' })
  })

  it('refuses text the database cannot store', () => {
    expect(fieldErrorsOf(bookingRequestSchema, letter({ message: 'Eine Frage\u0000' }))).toEqual({ message: 'booking.errors.message' })
  })

  it('reports the first failing field in the order the server always checked them', () => {
    expect(refusalOf(letter({ message: '', replyRoute: 'pigeon' }))).toMatchObject({ message: 'A message is required', fieldErrors: { message: 'booking.errors.message', replyRoute: 'validation.option' } })
  })
})

describe('a reschedule request', () => {
  it('needs a slot id and nothing else', () => {
    expect(parseRescheduleRequest({ slotId: 'a1b2c3', channel: 'phone' })).toEqual({ slotId: 'a1b2c3' })
    expect(() => parseRescheduleRequest({})).toThrow(DomainError)
    expect(() => parseRescheduleRequest({ slotId: 'no spaces or ; allowed' })).toThrow(DomainError)
  })
})

describe('a slot query', () => {
  it('takes dates when given and leaves the window to the server otherwise', () => {
    expect(parseSlotQuery({ channel: 'phone', topic: 'advice' })).toEqual({ channel: 'phone', topic: 'advice' })
    expect(parseSlotQuery({ channel: 'in-person', topic: 'collection', from: '2026-03-02T08:00:00Z' })).toEqual({
      channel: 'in-person',
      topic: 'collection',
      from: new Date('2026-03-02T08:00:00Z'),
    })
  })

  it('is a bad request with dates that are none, and invalid for a topic the channel does not offer', () => {
    expect(() => parseSlotQuery({ channel: 'phone', topic: 'advice', to: 'soon' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }))
    expect(() => parseSlotQuery({ channel: 'phone', topic: 'biometrics' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
    expect(() => parseSlotQuery({ channel: 'written', topic: 'advice' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
  })
})
