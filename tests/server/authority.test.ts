import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Booking, FreeSlot } from '@/domain/booking'
import { ConfigError, readConfig } from '../../server/config.js'
import { getAuthorityProfile } from '../../server/services/authority.js'
import { authorityProfile } from '../unit/authorityFactories'
import { addStaffMember, bookAs, newApplicantToken, staffFetch, staffSessionCookie, startTestServer, testEngine, type RunningServer } from './harness'

const password = 'correct horse battery'
const publicUrl = 'https://termine.musterstadt.example'
let server: RunningServer
let admin: string
let caseworker: string
let frontdesk: string

beforeAll(async () => {
  server = await startTestServer({ publicUrl })
  await addStaffMember(server, 'admin', password, 'admin')
  await addStaffMember(server, 'case', password, 'caseworker')
  await addStaffMember(server, 'desk', password, 'frontdesk')
  admin = await staffSessionCookie(server.baseUrl, 'admin', password)
  caseworker = await staffSessionCookie(server.baseUrl, 'case', password)
  frontdesk = await staffSessionCookie(server.baseUrl, 'desk', password)
})
afterAll(() => server.stop())

const published = async () => (await (await fetch(`${server.baseUrl}/api/authority`)).json()) as { profile: unknown; updatedAt?: string }
const save = (cookie: string, body: unknown) => staffFetch(server.baseUrl, cookie, 'PUT', '/staff/authority', body)

/** An in-person appointment at a counter, and its calendar file parsed as iCalendar. */
async function calendarOfAppointment(): Promise<{ slot: FreeSlot; event: ICAL.Event }> {
  const token = await newApplicantToken(server.baseUrl)
  const [slot] = (await (await fetch(`${server.baseUrl}/api/slots?channel=in-person&topic=biometrics`)).json()) as FreeSlot[]
  const booking: Booking = await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'biometrics', slotId: slot!.id })
  const response = await fetch(`${server.baseUrl}/api/bookings/${booking.bookingId}/calendar.ics`, { headers: { authorization: `Bearer ${token}` } })
  const component = new ICAL.Component(ICAL.parse(await response.text()))
  return { slot: slot!, event: new ICAL.Event(component.getFirstSubcomponent('vevent')!) }
}

describe(`the authority profile (${testEngine})`, () => {
  it('is not configured on a fresh installation: the API says so, and calendar files still link back to "Meine Termine"', async () => {
    const response = await fetch(`${server.baseUrl}/api/authority`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=60')
    expect(await response.json()).toEqual({ profile: null, draftRetentionDays: 90 })
    expect(await getAuthorityProfile(server.storage)).toBeUndefined()
    const { slot, event } = await calendarOfAppointment()
    expect(event.location).toBe(slot.place)
    expect(event.component.getFirstPropertyValue('organizer')).toBeNull()
    expect(event.component.getFirstPropertyValue('url')).toBe(`${publicUrl}/appointments`)
  })

  it('is refused to anyone but an admin, and to a cross-site request', async () => {
    const anonymous = await fetch(`${server.baseUrl}/api/staff/authority`, { method: 'PUT', headers: { 'content-type': 'application/json', origin: server.baseUrl }, body: JSON.stringify(authorityProfile()) })
    expect(anonymous.status).toBe(401)
    for (const cookie of [caseworker, frontdesk]) {
      const refused = await save(cookie, authorityProfile())
      expect(refused.status).toBe(403)
      expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' })
      expect((await staffFetch(server.baseUrl, cookie, 'GET', '/staff/authority')).status).toBe(403)
    }
    const crossSite = await fetch(`${server.baseUrl}/api/staff/authority`, {
      method: 'PUT',
      headers: { cookie: admin, origin: 'https://elsewhere.example', 'content-type': 'application/json' },
      body: JSON.stringify(authorityProfile()),
    })
    expect(crossSite.status).toBe(403)
    expect(await published()).toEqual({ profile: null, draftRetentionDays: 90 })
  })

  it('names every faulty field with a stable code and message key, and stores nothing', async () => {
    const faulty = authorityProfile({ name: 'Stadt\r\nBcc: everyone@example.com', email: 'not-an-address', phone: 'call us' })
    faulty.places[0] = { ...faulty.places[0]!, address: { street: '', postalCode: '123', city: 'Musterstadt' }, mapUrl: 'javascript:alert(1)' }
    faulty.places.push({ ...faulty.places[1]! })
    const response = await save(admin, faulty)
    expect(response.status).toBe(422)
    const body = (await response.json()) as { code: string; fields: Record<string, { code: string; messageKey: string }> }
    expect(body.code).toBe('VALIDATION_FAILED')
    expect(body.fields).toEqual({
      name: { code: 'characters', messageKey: 'staff.authority.errors.characters' },
      email: { code: 'email', messageKey: 'staff.authority.errors.email' },
      phone: { code: 'phone', messageKey: 'staff.authority.errors.phone' },
      'places[0].address.street': { code: 'required', messageKey: 'staff.authority.errors.required' },
      'places[0].address.postalCode': { code: 'postalCode', messageKey: 'staff.authority.errors.postalCode' },
      'places[0].mapUrl': { code: 'url', messageKey: 'staff.authority.errors.url' },
      places: { code: 'duplicate', messageKey: 'staff.authority.errors.duplicate' },
    })
    const notAnObject = await save(admin, [1, 2])
    expect(notAnObject.status).toBe(422)
    expect(await published()).toEqual({ profile: null, draftRetentionDays: 90 })
  })

  it('is saved by an admin, read back by everyone, and audited with the sections that changed', async () => {
    const profile = authorityProfile()
    const saved = await save(admin, profile)
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ profile })
    expect(await published()).toMatchObject({ profile, updatedAt: expect.any(String) })
    expect(await getAuthorityProfile(server.storage)).toEqual(profile)

    const again = await save(admin, { ...profile, phone: '+49 1234 56-1' })
    expect(again.status).toBe(200)
    const audit = (await (await staffFetch(server.baseUrl, admin, 'GET', '/admin/audit')).json()) as { action: string; subject: string | null; username: string }[]
    const entries = audit.filter((entry) => entry.action === 'authority.updated')
    expect(entries.map((entry) => entry.subject)).toEqual(['phone', 'name, department, address, phone, email, places, imprint, privacy, accessibility'])
    expect(entries.every((entry) => entry.username === 'admin')).toBe(true)
  })

  it('takes translations in every applicant language, and refuses one the schema refuses, as the editor does', async () => {
    const profile = authorityProfile()
    profile.accessibility.feedbackContact = { de: 'Schreiben Sie uns.', tr: 'Bize yazınız.', uk: 'Напишіть нам.', ru: 'Напишите нам.', fa: 'به ما بنویسید.' }
    const saved = await save(admin, profile)
    expect(saved.status).toBe(200)
    expect(((await published()).profile as typeof profile).accessibility.feedbackContact).toEqual(profile.accessibility.feedbackContact)

    const refused = await save(admin, { ...profile, department: { de: 'Ausländerbehörde', uk: 'x'.repeat(201), fr: 'Service des étrangers' } })
    expect(refused.status).toBe(422)
    expect(((await refused.json()) as { fields: Record<string, { code: string }> }).fields).toEqual({
      department: { code: 'characters', messageKey: 'staff.authority.errors.characters' },
      'department.uk': { code: 'tooLong', messageKey: 'staff.authority.errors.tooLong' },
    })
  })

  it('puts the full address, the authority as organiser and a link to "Meine Termine" into calendar files', async () => {
    await save(admin, authorityProfile())
    const { slot, event } = await calendarOfAppointment()
    // The sample schedule's biometrics counter; the profile lists it at the branch office.
    expect(slot.place).toBe('Schalter 3')
    expect(event.location).toBe('Schalter 3, Außenstelle Nord, Nordring 7, 12347 Musterstadt')
    const organizer = event.component.getFirstProperty('organizer')!
    expect(organizer.getFirstValue()).toBe('MAILTO:auslaenderbehoerde@musterstadt.example')
    expect(organizer.getParameter('cn')).toBe('Stadt Musterstadt – Ausländerbehörde')
    expect(event.component.getFirstPropertyValue('url')).toBe(`${publicUrl}/appointments`)
    expect(event.summary).toMatch(/^Stadt Musterstadt – Ausländerbehörde – T-/)
  })

  it('that no longer passes the rules when read counts as not configured, and the editor still gets it to mend', async () => {
    await server.storage.db.updateTable('authority_profile').set({ profile: JSON.stringify({ ...authorityProfile(), email: 'broken' }) }).execute()
    expect(await published()).toEqual({ profile: null, draftRetentionDays: 90 })
    const editing = (await (await staffFetch(server.baseUrl, admin, 'GET', '/staff/authority')).json()) as { profile: { email: string } }
    expect(editing.profile.email).toBe('broken')
  })
})

describe('PUBLIC_URL', () => {
  it('is the app’s address without a trailing slash, and refused unless it is a plain http(s) address', () => {
    expect(readConfig({}).publicUrl).toBeUndefined()
    expect(readConfig({ PUBLIC_URL: 'https://termine.musterstadt.example/' }).publicUrl).toBe('https://termine.musterstadt.example')
    expect(readConfig({ PUBLIC_URL: 'https://musterstadt.example/abh/' }).publicUrl).toBe('https://musterstadt.example/abh')
    for (const wrong of ['termine.musterstadt.example', 'javascript:alert(1)', 'https://x.example/?a=1']) expect(() => readConfig({ PUBLIC_URL: wrong })).toThrow(ConfigError)
  })
})
