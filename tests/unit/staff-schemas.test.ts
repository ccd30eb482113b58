import { describe, expect, it } from 'vitest'
import { DomainError } from '@/domain/errors'
import type { Schedule } from '@/domain/staff'
import { fieldErrorsOf } from '@/domain/input'
import { maxSchedules, parseClosedDay, parseNewStaffAccount, parsePasswordChange, parseSchedules, passwordChangeSchema, readSignIn } from '@/domain/staffSchemas'

const schedule = (overrides: Partial<Record<keyof Schedule, unknown>> = {}) => ({
  channel: 'in-person',
  topic: 'advice',
  weekday: 1,
  opens: '08:00',
  closes: '12:00',
  slotMinutes: 30,
  places: 'Schalter 1, Schalter 2',
  ...overrides,
})

/** The refusal a parser throws: its code and message. */
function refusalOf(parse: () => unknown): { code: string; message: string } {
  try {
    parse()
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('not refused')
}

describe('opening schedules', () => {
  it('accept a weekly template and keep only the fields a schedule has', () => {
    expect(parseSchedules([{ ...schedule(), note: 'ignored' }])).toEqual([schedule()])
    expect(parseSchedules([])).toEqual([])
  })

  it.each([
    ['a channel without slots', { channel: 'written' }],
    ['a weekday outside Monday to Sunday', { weekday: 8 }],
    ['a weekday that is no whole number', { weekday: 1.5 }],
    ['a weekday sent as text', { weekday: '1' }],
    ['an hour past 23', { opens: '25:00' }],
    ['a time without minutes', { closes: '12' }],
    ['closing before opening', { opens: '12:00', closes: '08:00' }],
    ['closing when it opens', { closes: '08:00' }],
    ['slots shorter than five minutes', { slotMinutes: 4 }],
    ['slots longer than four hours', { slotMinutes: 241 }],
    ['no place', { places: '  ' }],
    ['a topic that is no text', { topic: 7 }],
    ['a NUL character, which PostgreSQL cannot store', { places: 'Schalter\u00001' }],
  ])('refuse %s', (_label, overrides) => {
    expect(refusalOf(() => parseSchedules([schedule(), schedule(overrides)]))).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('[1]') })
  })

  it('refuse anything but a list, and more than the limit', () => {
    expect(refusalOf(() => parseSchedules(schedule()))).toEqual({ code: 'VALIDATION_FAILED', message: 'A list of schedules is required' })
    expect(refusalOf(() => parseSchedules(undefined)).code).toBe('VALIDATION_FAILED')
    expect(refusalOf(() => parseSchedules(Array.from({ length: maxSchedules + 1 }, () => schedule()))).code).toBe('VALIDATION_FAILED')
    expect(refusalOf(() => parseSchedules([null])).code).toBe('VALIDATION_FAILED')
  })
})

describe('closed days', () => {
  it('are a calendar date with an optional reason of up to 200 characters', () => {
    expect(parseClosedDay({ date: '2026-12-24', reason: 'Heiligabend' })).toEqual({ date: '2026-12-24', reason: 'Heiligabend' })
    expect(parseClosedDay({ date: '2026-12-24' })).toEqual({ date: '2026-12-24', reason: null })
    expect(parseClosedDay({ date: '2026-12-24', reason: 'x'.repeat(200) }).reason).toHaveLength(200)
  })

  it.each([
    ['no date', {}],
    ['a date in another format', { date: '24.12.2026' }],
    ['a day that does not exist', { date: '2026-02-30' }],
    ['a reason longer than 200 characters', { date: '2026-12-24', reason: 'x'.repeat(201) }],
    ['a reason that is no text', { date: '2026-12-24', reason: 42 }],
  ])('refuse %s', (_label, body) => {
    expect(refusalOf(() => parseClosedDay(body)).code).toBe('VALIDATION_FAILED')
  })
})

describe('new staff accounts', () => {
  it('take a lower-case name and one of the roles', () => {
    expect(parseNewStaffAccount({ username: 'desk.two', role: 'frontdesk' })).toEqual({ username: 'desk.two', role: 'frontdesk' })
  })

  it.each([
    ['no name', { role: 'admin' }, 'username and role are required'],
    ['a name that is no text', { username: 12345, role: 'admin' }, undefined],
    ['capitals', { username: 'Desk.Two', role: 'admin' }, 'Usernames are 3–40 lower-case letters, digits, dots, dashes'],
    ['a name too short', { username: 'ab', role: 'admin' }, 'Usernames are 3–40 lower-case letters, digits, dots, dashes'],
    ['a name too long', { username: 'a'.repeat(41), role: 'admin' }, 'Usernames are 3–40 lower-case letters, digits, dots, dashes'],
    ['an unknown role', { username: 'desk.two', role: 'root' }, 'Unknown role'],
  ])('refuse %s', (_label, body, message) => {
    const refusal = refusalOf(() => parseNewStaffAccount(body))
    expect(refusal.code).toBe('VALIDATION_FAILED')
    if (message) expect(refusal.message).toBe(message)
  })
})

describe('sign-in', () => {
  it('reads a name and a password', () => {
    expect(readSignIn({ username: 'desk.one', password: 'correct horse battery' })).toEqual({ username: 'desk.one', password: 'correct horse battery' })
  })

  it('reads the name as it is stored and throttled: trimmed, in lower case; the password as typed', () => {
    expect(readSignIn({ username: ' Desk.One ', password: ' Correct ' })).toEqual({ username: 'desk.one', password: ' Correct ' })
  })

  it.each([undefined, {}, { username: 'desk.one' }, { username: 'desk.one', password: 12 }, { username: ['desk.one'], password: 'x' }, { username: 'desk\u0000one', password: 'x' }])(
    'reads nothing from %j, which is refused as a wrong password is',
    (body) => {
      expect(readSignIn(body)).toBeUndefined()
    },
  )
})

describe('a password change', () => {
  it('is checked on the account screen for both fields and the minimum length, with message keys', () => {
    expect(fieldErrorsOf(passwordChangeSchema, { currentPassword: '', newPassword: 'kurz' })).toEqual({
      currentPassword: 'staff.account.currentRequired',
      newPassword: 'errors.PASSWORD_TOO_SHORT',
    })
    expect(fieldErrorsOf(passwordChangeSchema, { currentPassword: 'alt', newPassword: 'Leuchtturm-Gurke-83' })).toEqual({})
  })

  it('reaches the server as two texts; their length is the service’s PASSWORD_TOO_SHORT, not a parse failure', () => {
    expect(parsePasswordChange({ currentPassword: 'alt', newPassword: 'kurz' })).toEqual({ currentPassword: 'alt', newPassword: 'kurz' })
    expect(refusalOf(() => parsePasswordChange({ currentPassword: 'alt', newPassword: 42 })).code).toBe('VALIDATION_FAILED')
  })
})
