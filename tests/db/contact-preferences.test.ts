import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { saveApplicantLanguage, saveContactPreferences, savedContactPreferences } from '@/db/contactPreferencesRepository'
import { createDatabase, type AbhDatabase } from '@/db/database'
import { DomainError } from '@/domain/errors'
import { pushContactPreferences, pushLanguage } from '@/sync/pushSettings'
import type { Transport, TransportRequest } from '@/sync/transport'

let db: AbhDatabase

beforeEach(async () => {
  db = createDatabase(`test-${crypto.randomUUID()}`)
  await db.open()
})
afterEach(() => db.delete())

const rows = () => db.outbox.toArray()

describe('the applicant’s e-mail choices on the device', () => {
  it('keeps the latest choice with one outbox row, and the step sends what is saved when it runs', async () => {
    await saveContactPreferences(db, { email: 'Anna@Example.ORG', noticesConsent: true, locale: 'ar' })
    await saveContactPreferences(db, { email: 'anna@example.org', noticesConsent: false, locale: 'ar' })
    expect(await rows()).toHaveLength(1)
    expect(await savedContactPreferences(db)).toEqual({ email: 'anna@example.org', noticesConsent: false, locale: 'ar' })

    const sent: TransportRequest[] = []
    const transport: Transport = async (request) => {
      sent.push(request)
      return { status: 200, headers: new Headers(), body: request.body }
    }
    const [row] = await rows()
    expect(await pushContactPreferences(db, transport, 'token', row!)).toEqual({ kind: 'continue' })
    expect(sent).toEqual([expect.objectContaining({ method: 'PUT', path: '/api/applicant/contact', body: { email: 'anna@example.org', noticesConsent: false, locale: 'ar' } })])
    expect(await rows()).toEqual([])
  })

  it('keeps the row when the choice changed while it was being sent, so the newer one goes too', async () => {
    await saveContactPreferences(db, { email: 'erst@example.org', noticesConsent: true, locale: 'de' })
    const transport: Transport = async (request) => {
      await saveContactPreferences(db, { email: 'dann@example.org', noticesConsent: true, locale: 'de' })
      return { status: 200, headers: new Headers(), body: request.body }
    }
    const [row] = await rows()
    expect((await pushContactPreferences(db, transport, 'token', row!)).kind).toBe('retry')
    expect(await rows()).toHaveLength(1)
  })

  it('refuses an address with a line break before anything is queued', async () => {
    await expect(saveContactPreferences(db, { email: 'anna@example.org\r\nBcc: evil@example.net', noticesConsent: true, locale: 'de' })).rejects.toBeInstanceOf(DomainError)
    expect(await rows()).toEqual([])
  })
})

describe('the app’s language on the device', () => {
  it('is queued once per change, and the step sends it alone', async () => {
    await saveApplicantLanguage(db, 'de')
    await saveApplicantLanguage(db, 'de')
    await saveApplicantLanguage(db, 'ar')
    expect((await rows()).map((row) => row.kind)).toEqual(['saveLanguage'])

    const sent: TransportRequest[] = []
    const transport: Transport = async (request) => {
      sent.push(request)
      return { status: 204, headers: new Headers(), body: undefined }
    }
    const [row] = await rows()
    expect(await pushLanguage(db, transport, 'token', row!)).toEqual({ kind: 'continue' })
    expect(sent).toEqual([expect.objectContaining({ method: 'PUT', path: '/api/applicant/language', body: { locale: 'ar' } })])
    expect(await rows()).toEqual([])
    // Sent already: showing it again queues nothing.
    await saveApplicantLanguage(db, 'ar')
    expect(await rows()).toEqual([])
  })
})
