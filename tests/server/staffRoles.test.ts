import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { Answers } from '@/domain/applications/types'
import type { SubmissionResponse } from '@/domain/applicationStatus'
import type { FreeSlot } from '@/domain/booking'
import { staffRoles, type StaffRole, type WalkIn } from '@/domain/staff'
import { validAnswers } from '../unit/applicationFactories'
import { addStaff } from '../../server/services/staff.js'
import { addStaffMember, bookAs, enrolSecondFactor, newApplicantToken, type RunningServer, staffSessionCookie, startTestServer } from './harness'

const password = 'correct horse battery'
let server: RunningServer

// Requests as the browser and the applicant's app send them

interface Caller {
  cookie?: string
  bearer?: string
  /** This site's origin unless given; null sends none. */
  origin?: string | null
}

function send(method: string, url: string, caller: Caller, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (caller.cookie) headers.cookie = caller.cookie
  if (caller.bearer) headers.authorization = `Bearer ${caller.bearer}`
  const origin = caller.origin === undefined ? server.baseUrl : caller.origin
  if (origin !== null) headers.origin = origin
  return fetch(`${server.baseUrl}/api${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
}

async function signIn(username: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
}

const sessionOf = (username: string) => staffSessionCookie(server.baseUrl, username, password)

const applicant = () => newApplicantToken(server.baseUrl)

const book = (token: string, body: object) => bookAs(server.baseUrl, token, body)

/** Keeps bytes where uploads keep them (documents/<sha256>); the upload path has its own tests. */
function storeBytes(bytes: Buffer): string {
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  mkdirSync(path.join(server.dataDir, 'documents'), { recursive: true })
  writeFileSync(path.join(server.dataDir, 'documents', sha256), bytes)
  return sha256
}

/** A residence-study application with every required page, submitted through the API. */
async function submitCase(token: string, names: Answers): Promise<{ reference: string; passportId: string }> {
  const answers = validAnswers('residence-study', names)
  const draftId = crypto.randomUUID()
  expect((await send('PUT', `/drafts/${draftId}`, { bearer: token, origin: null }, { serviceId: 'residence-study', answers })).status).toBe(201)
  const db = server.storage.db
  const { applicant_id: applicantId } = await db.selectFrom('drafts').select('applicant_id').where('id', '=', draftId).executeTakeFirstOrThrow()
  const ids: Record<string, string> = {}
  for (const item of deriveChecklist(applicationForms['residence-study'], answers).filter((entry) => entry.required)) {
    const bytes = Buffer.from(`%PDF-1.7\n% ${draftId} ${item.id}\n%%EOF\n`)
    const id = crypto.randomUUID()
    ids[item.id] = id
    await db
      .insertInto('documents')
      .values({ id, applicant_id: applicantId, draft_id: draftId, slot: item.id, page: 1, sha256: storeBytes(bytes), mime_type: 'application/pdf', size: bytes.length, created_at: new Date().toISOString() })
      .execute()
  }
  const submitted = await fetch(`${server.baseUrl}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ draftId, revision: 1 }),
  })
  expect(submitted.status).toBe(201)
  return { reference: ((await submitted.json()) as SubmissionResponse).reference, passportId: ids.passport! }
}

// The routes and who may call them (server/routes/staff.ts, secondFactor.ts, frontDesk.ts, cases.ts)

interface Fixtures {
  reference: string
  documentId: string
  visitId: string
  writtenId: string
  attachmentId: string
  walkInId: string
  leaverId: string
  phoneLostId: string
}

interface StaffRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** `:name` is replaced by the fixture of that name: real ids, so a refusal is never a 404 in disguise. */
  path: string
  allowed: readonly StaffRole[]
  body?: unknown
  /** The status a permitted call answers with. */
  succeeds: number
  /** Puts the data back where the call can succeed again (the next role makes the same call). */
  prepare?: () => Promise<unknown>
}

const anyRole = staffRoles
const frontDeskRoles: readonly StaffRole[] = ['frontdesk', 'admin']
const caseworkRoles: readonly StaffRole[] = ['caseworker', 'admin']
const adminOnly: readonly StaffRole[] = ['admin']
const sampleSchedule = [{ channel: 'in-person', topic: 'advice', weekday: 1, opens: '08:00', closes: '12:00', slotMinutes: 30, places: 'Schalter 1' }]

const staffRoutes: StaffRoute[] = [
  { method: 'GET', path: '/staff/me', allowed: anyRole, succeeds: 200 },
  { method: 'DELETE', path: '/staff/session', allowed: anyRole, succeeds: 204 },
  { method: 'GET', path: '/staff/second-factor', allowed: anyRole, succeeds: 200 },
  { method: 'GET', path: '/admin/schedules', allowed: adminOnly, succeeds: 200 },
  { method: 'PUT', path: '/admin/schedules', allowed: adminOnly, body: sampleSchedule, succeeds: 204 },
  { method: 'POST', path: '/admin/closed-days', allowed: adminOnly, body: { date: '2030-12-24', reason: 'Heiligabend' }, succeeds: 204 },
  { method: 'GET', path: '/admin/audit', allowed: adminOnly, succeeds: 200 },
  { method: 'GET', path: '/admin/staff', allowed: adminOnly, succeeds: 200 },
  { method: 'POST', path: '/admin/staff', allowed: adminOnly, body: { username: 'new.colleague', role: 'frontdesk' }, succeeds: 201 },
  { method: 'POST', path: '/admin/staff/:leaverId/deactivate', allowed: adminOnly, succeeds: 204 },
  { method: 'GET', path: '/admin/second-factors', allowed: adminOnly, succeeds: 200 },
  { method: 'DELETE', path: '/admin/staff/:phoneLostId/second-factor', allowed: adminOnly, succeeds: 204 },
  { method: 'GET', path: '/staff/today', allowed: frontDeskRoles, succeeds: 200 },
  { method: 'POST', path: '/staff/bookings/:visitId/outcome', allowed: frontDeskRoles, body: { outcome: 'checkedIn' }, succeeds: 204 },
  { method: 'POST', path: '/staff/bookings/:writtenId/read', allowed: frontDeskRoles, succeeds: 204 },
  { method: 'POST', path: '/staff/bookings/:writtenId/reply', allowed: frontDeskRoles, body: { reply: 'Bitte bringen Sie Ihren Pass mit.' }, succeeds: 204 },
  { method: 'GET', path: '/staff/bookings/:writtenId/attachments/:attachmentId', allowed: frontDeskRoles, succeeds: 200 },
  { method: 'GET', path: '/staff/walk-ins', allowed: frontDeskRoles, succeeds: 200 },
  { method: 'POST', path: '/staff/walk-ins', allowed: frontDeskRoles, body: { topic: 'general' }, succeeds: 201 },
  { method: 'POST', path: '/staff/walk-ins/call-next', allowed: frontDeskRoles, body: { counter: 'Schalter 1' }, succeeds: 200 },
  { method: 'POST', path: '/staff/walk-ins/:walkInId/close', allowed: frontDeskRoles, body: { status: 'left' }, succeeds: 204 },
  { method: 'POST', path: '/staff/cases/search', allowed: caseworkRoles, succeeds: 200 },
  { method: 'GET', path: '/staff/cases/:reference', allowed: caseworkRoles, succeeds: 200 },
  { method: 'GET', path: '/staff/cases/:reference/documents/:documentId', allowed: caseworkRoles, succeeds: 200 },
  {
    method: 'POST',
    path: '/staff/cases/:reference/status',
    allowed: caseworkRoles,
    body: { status: 'received' },
    succeeds: 200,
    // Statuses only move forward (nextStatuses): each role starts from a fresh submission.
    prepare: () => server.storage.db.updateTable('applications').set({ status: 'submitted' }).where('reference', '=', fixtures.reference).execute(),
  },
  { method: 'POST', path: '/staff/cases/:reference/document-requests', allowed: caseworkRoles, body: { documents: ['passport'] }, succeeds: 200 },
  { method: 'GET', path: '/staff/cases/:reference/export', allowed: caseworkRoles, succeeds: 200 },
]

const routeCases = staffRoutes.map((route) => ({ route, label: `${route.method} ${route.path}` }))
const roleCases = (permitted: boolean) =>
  staffRoutes.flatMap((route) =>
    staffRoles.filter((role) => route.allowed.includes(role) === permitted).map((role) => ({ route, role, label: `${role}: ${route.method} ${route.path}` })),
  )
const stateChangingCases = routeCases.filter(({ route }) => route.method !== 'GET')

let fixtures: Fixtures
const usernames: Record<StaffRole, string> = { admin: 'admin.one', frontdesk: 'desk.one', caseworker: 'case.one' }
const sessions = {} as Record<StaffRole, string>
let applicantToken: string

const urlOf = (route: StaffRoute) => route.path.replace(/:(\w+)/g, (_match, name: string) => fixtures[name as keyof Fixtures])
const call = (route: StaffRoute, caller: Caller) => send(route.method, urlOf(route), caller, route.body)
const auditCount = async () => {
  const { count } = await server.storage.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()
  return Number(count)
}

beforeAll(async () => {
  server = await startTestServer()
  const db = server.storage.db
  for (const role of staffRoles) {
    await addStaffMember(server, usernames[role], password, role)
    sessions[role] = await sessionOf(usernames[role])
  }
  const leaver = await addStaff(server.storage, 'matrix.leaver', password, 'frontdesk')
  const phoneLost = await addStaff(server.storage, 'phone.lost', password, 'frontdesk')
  await enrolSecondFactor(server.storage, server.dataDir, phoneLost)

  applicantToken = await applicant()
  const submitted = await submitCase(applicantToken, {})

  const [slot] = (await (await fetch(`${server.baseUrl}/api/slots?channel=in-person&topic=advice`)).json()) as FreeSlot[]
  const visit = await book(await applicant(), { channel: 'in-person', topic: 'advice', slotId: slot!.id })
  const written = await book(await applicant(), { channel: 'written', topic: 'general', message: 'Welche Unterlagen brauche ich?', replyRoute: 'app' })
  const attachment = Buffer.from('ffd8ffe0 a scanned letter')
  const attachmentId = crypto.randomUUID()
  const { applicant_id: writerId } = await db.selectFrom('bookings').select('applicant_id').where('id', '=', written.bookingId).executeTakeFirstOrThrow()
  await db
    .insertInto('booking_attachments')
    .values({ id: attachmentId, applicant_id: writerId, booking_id: written.bookingId, sha256: storeBytes(attachment), mime_type: 'image/jpeg', size: attachment.length, created_at: new Date().toISOString() })
    .execute()
  const walkIn = (await (await send('POST', '/staff/walk-ins', { cookie: sessions.frontdesk }, { topic: 'advice' })).json()) as WalkIn

  fixtures = {
    reference: submitted.reference,
    documentId: submitted.passportId,
    visitId: visit.bookingId,
    writtenId: written.bookingId,
    attachmentId,
    walkInId: String(walkIn.id),
    leaverId: leaver.id,
    phoneLostId: phoneLost.id,
  }
})
afterAll(() => server.stop())

describe('staff routes refuse', () => {
  it.each(routeCases)('$label without a session: 401', async ({ route }) => {
    const response = await call(route, {})
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it.each(routeCases)('$label with an applicant’s bearer token: 401', async ({ route }) => {
    const response = await call(route, { bearer: applicantToken })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it.each(roleCases(false))('$label: 403', async ({ route, role }) => {
    const before = await auditCount()
    const response = await call(route, { cookie: sessions[role] })
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' })
    expect(await auditCount()).toBe(before)
  })
})

describe('staff routes allow', () => {
  it.each(roleCases(true))('$label', async ({ route, role }) => {
    // Signing out ends the session it is called with: that one gets a session of its own.
    const cookie = route.method === 'DELETE' && route.path === '/staff/session' ? await sessionOf(usernames[role]) : sessions[role]
    await route.prepare?.()
    const response = await call(route, { cookie })
    expect(response.status).toBe(route.succeeds)
  })
})

describe('staff sessions', () => {
  it('end when their time is up', async () => {
    const member = await addStaffMember(server, 'night.shift', password, 'caseworker')
    const cookie = await sessionOf('night.shift')
    expect((await send('POST', '/staff/cases/search', { cookie }, {})).status).toBe(200)
    await server.storage.db.updateTable('staff_sessions').set({ expires_at: Date.now() - 1000 }).where('staff_id', '=', member.id).execute()
    expect((await send('POST', '/staff/cases/search', { cookie }, {})).status).toBe(401)
    expect((await send('GET', '/staff/me', { cookie })).status).toBe(401)
  })

  it('of a deactivated account stop at once, and it can no longer sign in', async () => {
    const member = await addStaff(server.storage, 'leaving.soon', password, 'frontdesk')
    const cookie = await sessionOf('leaving.soon')
    expect((await send('GET', '/staff/today', { cookie })).status).toBe(200)
    expect((await send('POST', `/admin/staff/${member.id}/deactivate`, { cookie: sessions.admin })).status).toBe(204)
    expect((await send('GET', '/staff/today', { cookie })).status).toBe(401)
    expect((await send('POST', '/staff/walk-ins', { cookie }, { topic: 'general' })).status).toBe(401)
    const again = await signIn('leaving.soon')
    expect(again.status).toBe(401)
    expect(again.headers.get('set-cookie')).toBeNull()
    const accounts = (await (await send('GET', '/admin/staff', { cookie: sessions.admin })).json()) as { username: string; disabled: boolean }[]
    expect(accounts.find((account) => account.username === 'leaving.soon')).toMatchObject({ disabled: true })
  })

  it('cannot deactivate their own admin account', async () => {
    const me = (await (await send('GET', '/staff/me', { cookie: sessions.admin })).json()) as { id: string }
    expect((await send('POST', `/admin/staff/${me.id}/deactivate`, { cookie: sessions.admin })).status).toBe(422)
  })
})

describe('state-changing staff requests from elsewhere', () => {
  it.each(stateChangingCases)('$label is refused without this site’s Origin, and changes nothing', async ({ route }) => {
    const before = await auditCount()
    for (const origin of [null, 'https://evil.example', 'null', `${server.baseUrl}.evil.example`]) {
      const response = await call(route, { cookie: sessions.admin, origin })
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' })
    }
    expect(await auditCount()).toBe(before)
    expect((await send('GET', '/staff/me', { cookie: sessions.admin })).status).toBe(200)
  })
})

describe('the audit log', () => {
  interface AuditEntry {
    at: string
    username: string
    action: string
    subject: string | null
  }

  it('records who changed, requested, exported, registered and replied what, and never the applicant’s name', async () => {
    const token = await applicant()
    const names = { surname: 'Özdemir', givenNames: 'Ayşe Nur' }
    const { reference } = await submitCase(token, names)
    const caseworker = { cookie: sessions.caseworker }
    const desk = { cookie: sessions.frontdesk }

    expect((await send('POST', '/staff/cases/search', caseworker, { name: 'Özdemir' })).status).toBe(200)
    expect((await send('POST', `/staff/cases/${reference}/status`, caseworker, { status: 'inReview', note: 'Frau Özdemir, wir prüfen.' })).status).toBe(200)
    expect((await send('POST', `/staff/cases/${reference}/document-requests`, caseworker, { documents: ['biometricPhoto'] })).status).toBe(200)
    expect((await send('GET', `/staff/cases/${reference}/export`, caseworker)).status).toBe(200)
    const walkIn = (await (await send('POST', '/staff/walk-ins', desk, { topic: 'collection' })).json()) as WalkIn
    const message = 'Ich bin Ayşe Özdemir und habe eine Frage.'
    const written = await book(token, { channel: 'written', topic: 'advice', message, replyRoute: 'app' })
    expect((await send('POST', `/staff/bookings/${written.bookingId}/reply`, desk, { reply: 'Gern, rufen Sie uns an.' })).status).toBe(204)

    const log = (await (await send('GET', '/admin/audit', { cookie: sessions.admin })).json()) as AuditEntry[]
    expect(log).toEqual(
      expect.arrayContaining([
        { at: expect.any(String), username: 'case.one', action: 'case.status.inReview', subject: reference },
        { at: expect.any(String), username: 'case.one', action: 'case.documentsRequested', subject: `${reference}: biometricPhoto` },
        { at: expect.any(String), username: 'case.one', action: 'case.exported', subject: reference },
        { at: expect.any(String), username: 'desk.one', action: 'walkIn.registered', subject: `#${walkIn.number}` },
        { at: expect.any(String), username: 'desk.one', action: 'written.replied', subject: written.reference },
      ]),
    )
    const fixtureApplicant = validAnswers('residence-study')
    const applicantNames = [names.surname, names.givenNames, String(fixtureApplicant.surname), String(fixtureApplicant.givenNames)]
    const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    for (const entry of log) {
      for (const name of applicantNames) expect(fold(`${entry.action} ${entry.subject ?? ''}`)).not.toContain(fold(name))
    }
  })
})

describe('creating an account', () => {
  it('refuses a name that is taken with NAME_TAKEN, and shows the password of a new one only once', async () => {
    const admin = { cookie: sessions.admin }
    const created = await send('POST', '/admin/staff', admin, { username: 'twice.named', role: 'caseworker' })
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    expect(await created.json()).toMatchObject({ username: 'twice.named', role: 'caseworker', password: expect.any(String) })
    const again = await send('POST', '/admin/staff', admin, { username: 'twice.named', role: 'frontdesk' })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'NAME_TAKEN' })
    const listed = (await (await send('GET', '/admin/staff', admin)).json()) as { username: string; role: string }[]
    expect(listed.filter((member) => member.username === 'twice.named')).toEqual([expect.objectContaining({ role: 'caseworker' })])
    expect(JSON.stringify(listed)).not.toContain('password')
  })
})
