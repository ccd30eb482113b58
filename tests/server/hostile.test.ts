import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { Answers } from '@/domain/applications/types'
import type { SubmissionResponse } from '@/domain/applicationStatus'
import type { Booking } from '@/domain/booking'
import type { ApplicantCredentials } from '@/domain/sync'
import { maxJsonDepth, maxJsonEntries } from '../../server/http/jsonBounds.js'
import { validAnswers } from '../unit/applicationFactories'
import { addStaffMember, bookAs, type RunningServer, staffSessionCookie, startTestServer } from './harness'
import { jpeg, png } from './imageBytes'

/**
 * Our own bad-input suite (issue 12, point 8): each case is one hostile request with the exact
 * status and code it must get, and the server must still answer /api/health with 200 after it.
 * `code: null` means an answer without our JSON error body: a success, or one of Node's own
 * HTTP parser's refusals (its group below), made before the app sees the request and the only
 * refusals without a body. Those of the tus layer carry our body as well (its group).
 * Staff sign-in throttling and crashes during uploads have their own tests (they change elsewhere).
 */

let server: RunningServer
const password = 'correct horse battery'

interface Answer {
  status: number
  headers: Headers
  text: string
}

interface HostileCase {
  name: string
  send: () => Promise<Answer>
  status: number
  code: string | null
  /** Further checks of the answer or of what it left behind. */
  check?: (answer: Answer) => void | Promise<void>
}

interface Caller {
  token?: string
  cookie?: string
  /** This site's Origin unless given; null sends none. */
  origin?: string | null
  headers?: Record<string, string>
  /** JSON-encoded unless `raw`. */
  body?: unknown
  raw?: string | Uint8Array
}

async function call(method: string, url: string, caller: Caller = {}): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (caller.body !== undefined || caller.raw !== undefined) headers['content-type'] = 'application/json'
  if (caller.token) headers.authorization = `Bearer ${caller.token}`
  if (caller.cookie) headers.cookie = caller.cookie
  const origin = caller.origin === undefined ? server.baseUrl : caller.origin
  if (origin !== null) headers.origin = origin
  Object.assign(headers, caller.headers)
  const response = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers,
    body: typeof caller.raw === 'string' ? caller.raw : caller.raw ? new Uint8Array(caller.raw) : caller.body === undefined ? undefined : JSON.stringify(caller.body),
  })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** Bytes straight onto a socket, for what fetch would refuse to send; the status of the answer. */
function rawRequest(bytes: string): Promise<Answer> {
  const { hostname, port } = new URL(server.baseUrl)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(bytes))
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString('latin1')))
    socket.on('error', reject)
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0)
      resolve({ status, headers: new Headers(), text: received.split('\r\n\r\n').slice(1).join('\r\n\r\n') })
    })
  })
}

const codeOf = (answer: Answer): string | null => {
  try {
    const body = JSON.parse(answer.text) as { code?: unknown }
    return typeof body.code === 'string' ? body.code : null
  } catch {
    return null
  }
}

function runCases(cases: HostileCase[]) {
  it.each(cases.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const answer = await entry.send()
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: entry.status, code: entry.code })
    // A refusal without our code is one without any body (Node's parser), never another format.
    if (entry.code === null && entry.status >= 400) expect(answer.text).toBe('')
    // Refusals never carry a stack trace or an echo of what was sent.
    expect(answer.text).not.toMatch(/at .*\.(ts|js):\d+/)
    await entry.check?.(answer)
    const health = await fetch(`${server.baseUrl}/api/health`)
    expect(health.status).toBe(200)
  })
}

// Fixtures: two applicants, staff of each role, a submitted case, bookings and an upload

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

interface Applicant extends Required<ApplicantCredentials> {
  draftId: string
}

async function newApplicant(answers: Answers = {}): Promise<Applicant> {
  const credentials = (await (await fetch(`${server.baseUrl}/api/applicants`, { method: 'POST' })).json()) as Required<ApplicantCredentials>
  const draftId = crypto.randomUUID()
  const put = await call('PUT', `/api/drafts/${draftId}`, { token: credentials.token, body: { serviceId: 'naturalisation', answers } })
  expect(put.status).toBe(201)
  return { ...credentials, draftId }
}

/** A residence-study application with every required page (bytes in the document store), submitted through the API. */
async function submitCase(token: string, names: Answers): Promise<string> {
  const answers = validAnswers('residence-study', names)
  const draftId = crypto.randomUUID()
  expect((await call('PUT', `/api/drafts/${draftId}`, { token, body: { serviceId: 'residence-study', answers } })).status).toBe(201)
  const db = server.storage.db
  const { applicant_id: applicantId } = await db.selectFrom('drafts').select('applicant_id').where('id', '=', draftId).executeTakeFirstOrThrow()
  mkdirSync(path.join(server.dataDir, 'documents'), { recursive: true })
  for (const item of deriveChecklist(applicationForms['residence-study'], answers).filter((entry) => entry.required)) {
    const bytes = Buffer.from(`%PDF-1.7\n% ${draftId} ${item.id}\n%%EOF\n`)
    writeFileSync(path.join(server.dataDir, 'documents', sha256(bytes)), bytes)
    await db
      .insertInto('documents')
      .values({ id: crypto.randomUUID(), applicant_id: applicantId, draft_id: draftId, slot: item.id, page: 1, sha256: sha256(bytes), mime_type: 'application/pdf', size: bytes.length, created_at: new Date().toISOString() })
      .execute()
  }
  const submitted = await call('POST', '/api/applications', { token, headers: { 'idempotency-key': crypto.randomUUID() }, body: { draftId, revision: 1 } })
  expect(submitted.status, submitted.text).toBe(201)
  return (JSON.parse(submitted.text) as SubmissionResponse).reference
}

let alice: Applicant
let bob: Applicant
let revoked: Applicant
let admin: string
let caseworker: string
let frontdesk: string
let reference: string
let documentId: string
let visit: Booking
let bobsBooking: Booking
let bobsUpload: string

const scriptName = '<script>alert(1)</script>'
const injectedPlace = 'Raum 1\rATTENDEE:mailto:evil@example.org\nX-EVIL:1;a,b'

beforeAll(async () => {
  server = await startTestServer({ bookingLimits: { perApplicant: { limit: 10_000, windowMs: 60_000 } } })
  await addStaffMember(server, 'admin', password, 'admin')
  await addStaffMember(server, 'worker', password, 'caseworker')
  await addStaffMember(server, 'desk', password, 'frontdesk')
  admin = await staffSessionCookie(server.baseUrl, 'admin', password)
  caseworker = await staffSessionCookie(server.baseUrl, 'worker', password)
  frontdesk = await staffSessionCookie(server.baseUrl, 'desk', password)

  alice = await newApplicant({ surname: scriptName })
  bob = await newApplicant()
  revoked = await newApplicant()
  const laptop = (await call('POST', '/api/applicants/recover', { body: { recoveryCode: revoked.recoveryCode } }).then((answer) => JSON.parse(answer.text))) as ApplicantCredentials
  expect((await call('POST', '/api/applicants/sign-out-others', { token: laptop.token, body: { recoveryCode: revoked.recoveryCode } })).status).toBe(200)

  reference = await submitCase(alice.token, { placeOfBirth: '<b>Öz&demir</b>', street: ']]><evil/>"\'' })
  const { id } = await server.storage.db
    .selectFrom('documents')
    .innerJoin('applications', 'applications.draft_id', 'documents.draft_id')
    .select('documents.id')
    .where('applications.reference', '=', reference)
    .executeTakeFirstOrThrow()
  documentId = id

  // A slot whose place an admin typed with a bare CR, a line feed, a semicolon and a comma.
  const startsAt = new Date(Date.now() + 2 * 24 * 3_600_000)
  startsAt.setUTCHours(9, 0, 0, 0)
  for (const slotId of ['hostile-visit', 'hostile-bob']) {
    const at = new Date(startsAt.getTime() + (slotId === 'hostile-bob' ? 3_600_000 : 0))
    await server.storage.db
      .insertInto('slots')
      .values({ id: slotId, channel: 'in-person', topic: 'advice', starts_at: at.toISOString(), ends_at: new Date(at.getTime() + 20 * 60_000).toISOString(), place: injectedPlace })
      .execute()
  }
  visit = await bookAs(server.baseUrl, alice.token, { channel: 'in-person', topic: 'advice', slotId: 'hostile-visit' })
  bobsBooking = await bookAs(server.baseUrl, bob.token, { channel: 'in-person', topic: 'advice', slotId: 'hostile-bob' })

  const created = await createUpload(bob.token, uploadMetadata(bob.draftId, jpeg(1000)), 1000)
  bobsUpload = created.headers.get('location') ?? ''
  expect(created.status).toBe(201)
}, 60_000)
afterAll(() => server.stop())

/** `{ 'x': {'x': … 1 … } }` nested `depth` levels, as text (JSON.stringify would recurse). */
const nested = (depth: number, leaf = '1') => `${'{"x":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

// Uploads over tus, by hand, so every header can be wrong on purpose

const tusHeaders = { 'tus-resumable': '1.0.0' }
const encodeMetadata = (metadata: Record<string, string>) =>
  Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',')
const uploadMetadata = (draftId: string, bytes: Buffer, overrides: Record<string, string> = {}) => ({
  documentId: crypto.randomUUID(),
  draftId,
  slot: 'passport',
  page: '1',
  sha256: sha256(bytes),
  ...overrides,
})

async function createUpload(token: string | undefined, metadata: Record<string, string>, length: number | string, headers: Record<string, string> = tusHeaders): Promise<Answer> {
  return call('POST', '/api/uploads', {
    token,
    origin: null,
    headers: { ...headers, 'upload-length': String(length), 'upload-metadata': encodeMetadata(metadata) },
  })
}

/** Creates an upload for `bytes` (metadata may lie) and sends all of them in one PATCH; the PATCH's answer. */
async function uploadWhole(token: string, draftId: string, bytes: Buffer, overrides: Record<string, string> = {}): Promise<Answer> {
  const created = await createUpload(token, uploadMetadata(draftId, bytes, overrides), bytes.length)
  expect(created.status).toBe(201)
  return patchUpload(token, created.headers.get('location') ?? '', bytes)
}

function patchUpload(token: string, location: string, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(location, server.baseUrl)
  return call('PATCH', url.pathname, {
    token,
    origin: null,
    raw: bytes,
    headers: { ...tusHeaders, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', ...headers },
  })
}

// The groups

describe('malformed bodies', () => {
  const deep = nested(5000)
  const jsonRoutes: [string, string, () => Caller][] = [
    ['PUT', '/api/drafts/hostile-draft-1', () => ({ token: alice.token })],
    ['POST', '/api/applications', () => ({ token: alice.token, headers: { 'idempotency-key': crypto.randomUUID() } })],
    ['POST', '/api/bookings', () => ({ token: alice.token, headers: { 'idempotency-key': crypto.randomUUID() } })],
    ['POST', `/api/bookings/hostile-booking/reschedule`, () => ({ token: alice.token })],
    ['POST', '/api/applicants/recover', () => ({})],
    ['POST', '/api/applicants/sign-out-others', () => ({ token: alice.token })],
    ['POST', '/api/staff/session', () => ({})],
    ['POST', '/api/staff/cases/search', () => ({ cookie: caseworker })],
    ['POST', `/api/staff/cases/ABH-2026-000001/status`, () => ({ cookie: caseworker })],
    ['POST', '/api/staff/bookings/hostile-booking/outcome', () => ({ cookie: frontdesk })],
    ['POST', '/api/staff/walk-ins', () => ({ cookie: frontdesk })],
    ['PUT', '/api/admin/schedules', () => ({ cookie: admin })],
    ['POST', '/api/staff/applicants/revoke-devices', () => ({ cookie: frontdesk })],
  ]
  const tooDeep: HostileCase[] = jsonRoutes.map(([method, url, caller]) => ({
    name: `a body nested 5000 levels deep: ${method} ${url}`,
    send: () => call(method, url, { ...caller(), raw: deep }),
    status: 400,
    code: 'BODY_TOO_COMPLEX',
  }))

  runCases([
    ...tooDeep,
    {
      name: `one level deeper than ${maxJsonDepth} in a draft's answers`,
      send: () => call('PUT', '/api/drafts/hostile-draft-2', { token: alice.token, raw: `{"serviceId":"naturalisation","answers":${nested(maxJsonDepth)}}` }),
      status: 400,
      code: 'BODY_TOO_COMPLEX',
    },
    {
      name: `exactly ${maxJsonDepth} levels reach validation (an unknown field)`,
      send: () => call('PUT', '/api/drafts/hostile-draft-3', { token: alice.token, raw: `{"serviceId":"naturalisation","answers":${nested(maxJsonDepth - 1)}}` }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'arrays nested 5000 deep',
      send: () => call('PUT', '/api/drafts/hostile-draft-4', { token: alice.token, raw: deepArray(5000) }),
      status: 400,
      code: 'BODY_TOO_COMPLEX',
    },
    {
      name: `an array of ${maxJsonEntries + 1} entries`,
      send: () => call('PUT', '/api/admin/schedules', { cookie: admin, raw: `[${Array.from({ length: maxJsonEntries + 1 }, () => '0').join(',')}]` }),
      status: 400,
      code: 'BODY_TOO_COMPLEX',
    },
    {
      name: `an object of ${maxJsonEntries + 1} keys`,
      send: () => call('PUT', '/api/drafts/hostile-draft-5', { token: alice.token, raw: `{${Array.from({ length: maxJsonEntries + 1 }, (_, index) => `"k${index}":0`).join(',')}}` }),
      status: 400,
      code: 'BODY_TOO_COMPLEX',
    },
    {
      name: 'brackets inside strings do not count as nesting',
      send: () => call('PUT', '/api/drafts/hostile-draft-6', { token: alice.token, body: { serviceId: 'naturalisation', answers: { placeOfBirth: `${'[{'.repeat(45)}"\\` } } }),
      status: 201,
      code: null,
    },
    { name: 'unterminated JSON', send: () => call('PUT', '/api/drafts/hostile-draft-7', { token: alice.token, raw: '{"serviceId": ' }), status: 400, code: 'INVALID_JSON' },
    { name: 'a bare string as JSON body', send: () => call('PUT', '/api/drafts/hostile-draft-8', { token: alice.token, raw: '"naturalisation"' }), status: 400, code: 'INVALID_JSON' },
    { name: 'an array where an object belongs', send: () => call('PUT', '/api/drafts/hostile-draft-9', { token: alice.token, raw: '[]' }), status: 422, code: 'VALIDATION_FAILED' },
    {
      name: 'a body over the size limit',
      send: () => call('PUT', '/api/drafts/hostile-draft-10', { token: alice.token, body: { serviceId: 'naturalisation', answers: { surname: 'x'.repeat(200 * 1024) } } }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'U+0000 in a written message',
      send: () =>
        call('POST', '/api/bookings', {
          token: alice.token,
          headers: { 'idempotency-key': crypto.randomUUID() },
          body: { channel: 'written', topic: 'general', message: 'Hallo\u0000', replyRoute: 'email', email: 'a@example.org' },
        }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: '__proto__ as an answer name',
      send: () => call('PUT', '/api/drafts/hostile-draft-12', { token: alice.token, raw: '{"serviceId":"naturalisation","answers":{"__proto__":{"admin":true}}}' }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'an unknown service',
      send: () => call('PUT', '/api/drafts/hostile-draft-13', { token: alice.token, body: { serviceId: '../../etc/passwd', answers: {} } }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'a fraction where the revision must be an integer',
      send: () => call('POST', '/api/applications', { token: alice.token, headers: { 'idempotency-key': crypto.randomUUID() }, body: { draftId: alice.draftId, revision: 1.5 } }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'a submission of a draft id with a NUL',
      send: () => call('POST', '/api/applications', { token: alice.token, headers: { 'idempotency-key': crypto.randomUUID() }, body: { draftId: 'draft\u0000id-1', revision: 1 } }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'a booking for a slot id that is an object',
      send: () => call('POST', '/api/bookings', { token: alice.token, headers: { 'idempotency-key': crypto.randomUUID() }, body: { channel: 'in-person', topic: 'advice', slotId: { $ne: null } } }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'a staff search with a 5000-character name is cut to the filter’s length, not refused',
      send: () => call('POST', '/api/staff/cases/search', { cookie: caseworker, body: { name: 'a'.repeat(5000) } }),
      status: 200,
      code: null,
    },
    {
      name: 'a staff search for page 1e300',
      send: () => call('POST', '/api/staff/cases/search', { cookie: caseworker, body: { page: 1e300 } }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
  ])
})

describe('ids and paths', () => {
  const badIds = ['..%2F..%2Fabh.sqlite', "'%20OR%20'1'%3D'1", 'x'.repeat(10_000), 'abc%00def12345', 'short']
  runCases([
    ...badIds.map((id) => ({
      name: `GET a draft with id ${id.slice(0, 40)}`,
      send: () => call('GET', `/api/drafts/${id}`, { token: alice.token }),
      status: 404,
      code: 'NOT_FOUND',
    })),
    ...badIds.map((id) => ({
      name: `PUT a draft with id ${id.slice(0, 40)}`,
      send: () => call('PUT', `/api/drafts/${id}`, { token: alice.token, body: { serviceId: 'naturalisation', answers: {} } }),
      status: 422,
      code: 'VALIDATION_FAILED',
    })),
    { name: 'DELETE a draft with a NUL in its id answers like a missing one', send: () => call('DELETE', '/api/drafts/abc%00def12345', { token: alice.token }), status: 204, code: null },
    { name: 'GET a document with a NUL in its id', send: () => call('GET', '/api/documents/abc%00def12345', { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    { name: 'DELETE a document with a quote in its id', send: () => call('DELETE', "/api/documents/'%20OR%201%3D1--", { token: alice.token }), status: 204, code: null },
    { name: 'GET an application with a NUL in its reference', send: () => call('GET', '/api/applications/ABH-2026%00', { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    { name: 'GET an application with a 10 kB reference', send: () => call('GET', `/api/applications/${'A'.repeat(10_000)}`, { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    { name: 'cancel a booking with a NUL in its id', send: () => call('POST', '/api/bookings/abc%00def12345/cancel', { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    { name: 'the calendar of a booking with a traversal id', send: () => call('GET', '/api/bookings/..%2F..%2Fetc%2Fpasswd/calendar.ics', { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    { name: 'a case with a NUL in its reference', send: () => call('GET', '/api/staff/cases/ABH%00-2026', { cookie: caseworker }), status: 404, code: 'NOT_FOUND' },
    {
      name: 'a status change for a case with a NUL in its reference',
      send: () => call('POST', '/api/staff/cases/ABH-2026%00/status', { cookie: caseworker, body: { status: 'inReview' } }),
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'a document request for a case with a 10 kB reference',
      send: () => call('POST', `/api/staff/cases/${'R'.repeat(10_000)}/document-requests`, { cookie: caseworker, body: { documents: ['passport'] } }),
      status: 404,
      code: 'NOT_FOUND',
    },
    { name: 'the export of a case with a NUL in its reference', send: () => call('GET', '/api/staff/cases/ABH%00/export', { cookie: caseworker }), status: 404, code: 'NOT_FOUND' },
    { name: 'a case document with a malformed id', send: () => call('GET', `/api/staff/cases/${reference}/documents/%00`, { cookie: caseworker }), status: 404, code: 'NOT_FOUND' },
    {
      name: 'a front-desk outcome for a malformed booking id',
      send: () => call('POST', '/api/staff/bookings/abc%00def12345/outcome', { cookie: frontdesk, body: { outcome: 'checkedIn' } }),
      status: 404,
      code: 'NOT_FOUND',
    },
    { name: 'marking a 10 kB booking id read', send: () => call('POST', `/api/staff/bookings/${'b'.repeat(10_000)}/read`, { cookie: frontdesk }), status: 404, code: 'NOT_FOUND' },
    {
      name: 'replying to a booking id with quotes',
      send: () => call('POST', "/api/staff/bookings/'%20OR%20'1'%3D'1/reply", { cookie: frontdesk, body: { reply: 'Hallo' } }),
      status: 404,
      code: 'NOT_FOUND',
    },
    { name: 'an attachment with a malformed id', send: () => call('GET', `/api/staff/bookings/${visit.bookingId}/attachments/%00`, { cookie: frontdesk }), status: 404, code: 'NOT_FOUND' },
    { name: 'closing walk-in "1e3"', send: () => call('POST', '/api/staff/walk-ins/1e3/close', { cookie: frontdesk, body: { status: 'done' } }), status: 404, code: 'NOT_FOUND' },
    { name: 'deactivating staff id with a NUL', send: () => call('POST', '/api/admin/staff/abc%00def12345/deactivate', { cookie: admin }), status: 404, code: 'NOT_FOUND' },
    { name: 'a malformed percent-encoding in the path', send: () => call('GET', '/api/drafts/%E0%A4%A', { token: alice.token }), status: 400, code: 'BAD_REQUEST' },
    { name: 'an encoded traversal out of /api', send: () => call('GET', '/api/%2e%2e/%2e%2e/etc/passwd'), status: 404, code: 'NOT_FOUND' },
    { name: 'an unknown API path', send: () => call('GET', '/api/admin/../../server/config.ts'), status: 404, code: 'NOT_FOUND' },
    { name: 'the staff revocation for a reference with a NUL', send: () => call('POST', '/api/staff/applicants/revoke-devices', { cookie: frontdesk, body: { reference: 'T-\u0000' } }), status: 422, code: 'VALIDATION_FAILED' },
  ])
})

/** A refusal of the tus route is our JSON, and names the protocol version as tus's answers do. */
const tusRefusal = (entry: HostileCase): HostileCase => ({
  ...entry,
  check: async (answer) => {
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
    expect(answer.headers.get('tus-resumable')).toBe('1.0.0')
    await entry.check?.(answer)
  },
})

describe('uploads (tus)', () => {
  const onTheUploadRoute: HostileCase[] = [
    { name: 'creating an upload without a token', send: () => createUpload(undefined, uploadMetadata(alice.draftId, jpeg(100)), 100), status: 401, code: 'UNAUTHORIZED' },
    { name: 'creating an upload with a signed-out token', send: () => createUpload(revoked.token, uploadMetadata(revoked.draftId, jpeg(100)), 100), status: 401, code: 'DEVICE_SIGNED_OUT' },
    { name: 'creating an upload without Tus-Resumable', send: () => createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100)), 100, {}), status: 412, code: 'TUS_VERSION_REQUIRED' },
    {
      name: 'creating an upload of tus version 0.2.0',
      send: () => createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100)), 100, { 'tus-resumable': '0.2.0' }),
      status: 400,
      code: 'UPLOAD_HEADERS_INVALID',
    },
    { name: 'a negative Upload-Length', send: () => createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100)), -1), status: 400, code: 'UPLOAD_HEADERS_INVALID' },
    { name: 'a non-numeric Upload-Length', send: () => createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100)), '1e3'), status: 400, code: 'UPLOAD_HEADERS_INVALID' },
    {
      name: 'neither Upload-Length nor Upload-Defer-Length',
      send: () => call('POST', '/api/uploads', { token: alice.token, origin: null, headers: { ...tusHeaders, 'upload-metadata': encodeMetadata(uploadMetadata(alice.draftId, jpeg(100))) } }),
      status: 400,
      code: 'UPLOAD_HEADERS_INVALID',
    },
    { name: 'an Upload-Length over 10 MB', send: () => createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100)), 10 * 1024 * 1024 + 1), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    {
      name: 'a partial upload for concatenation',
      send: () => createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100)), 100, { ...tusHeaders, 'upload-concat': 'partial' }),
      status: 501,
      code: 'UPLOAD_EXTENSION_UNSUPPORTED',
    },
    {
      name: 'metadata without a page id',
      send: () => createUpload(alice.token, { draftId: alice.draftId, slot: 'passport', page: '1', sha256: sha256('x') }, 100),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    { name: 'metadata with a traversal slot', send: () => createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100), { slot: '../../x' }), 100), status: 422, code: 'VALIDATION_FAILED' },
    { name: 'metadata with a short sha256', send: () => createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100), { sha256: 'abc' }), 100), status: 422, code: 'VALIDATION_FAILED' },
    { name: 'a page for someone else’s draft', send: () => createUpload(alice.token, uploadMetadata(bob.draftId, jpeg(100)), 100), status: 404, code: 'NOT_FOUND' },
    {
      name: 'Upload-Metadata that is not base64',
      send: () => call('POST', '/api/uploads', { token: alice.token, origin: null, headers: { ...tusHeaders, 'upload-length': '100', 'upload-metadata': 'draftId ***,slot' } }),
      status: 400,
      code: 'UPLOAD_HEADERS_INVALID',
    },
    {
      name: 'PATCH of someone else’s upload is answered exactly as one of an unknown upload',
      send: () => patchUpload(alice.token, bobsUpload, jpeg(1000)),
      status: 404,
      code: 'NOT_FOUND',
      check: async (answer) => expect(answer.text).toBe((await patchUpload(alice.token, '/api/uploads/0123456789abcdef', jpeg(1000))).text),
    },
    { name: 'DELETE of someone else’s upload', send: () => call('DELETE', new URL(bobsUpload, server.baseUrl).pathname, { token: alice.token, origin: null, headers: tusHeaders }), status: 404, code: 'NOT_FOUND' },
    { name: 'PATCH with the wrong Content-Type', send: () => patchUpload(bob.token, bobsUpload, jpeg(1000), { 'content-type': 'application/json' }), status: 400, code: 'UPLOAD_HEADERS_INVALID' },
    { name: 'PATCH with an Upload-Offset that is no number', send: () => patchUpload(bob.token, bobsUpload, jpeg(1000), { 'upload-offset': '0x10' }), status: 400, code: 'UPLOAD_HEADERS_INVALID' },
    {
      name: 'PATCH without Upload-Offset',
      send: () => call('PATCH', new URL(bobsUpload, server.baseUrl).pathname, { token: bob.token, origin: null, raw: jpeg(1000), headers: { ...tusHeaders, 'content-type': 'application/offset+octet-stream' } }),
      status: 403,
      code: 'UPLOAD_HEADERS_MISSING',
    },
    {
      name: 'PATCH without Content-Type',
      send: () => call('PATCH', new URL(bobsUpload, server.baseUrl).pathname, { token: bob.token, origin: null, headers: { ...tusHeaders, 'upload-offset': '0' } }),
      status: 403,
      code: 'UPLOAD_HEADERS_MISSING',
    },
    { name: 'PATCH at the wrong offset', send: () => patchUpload(bob.token, bobsUpload, jpeg(1000), { 'upload-offset': '500' }), status: 409, code: 'UPLOAD_OFFSET_MISMATCH' },
    { name: 'PATCH of more bytes than the upload’s length', send: () => patchUpload(bob.token, bobsUpload, jpeg(1500)), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    {
      name: 'PATCH of an upload older than a day',
      send: async () => {
        const created = await createUpload(alice.token, uploadMetadata(alice.draftId, jpeg(100)), 100)
        const info = path.join(server.dataDir, 'uploads', `${path.basename(created.headers.get('location') ?? '')}.json`)
        const upload = JSON.parse(readFileSync(info, 'utf8')) as { creation_date: string }
        writeFileSync(info, JSON.stringify({ ...upload, creation_date: new Date(Date.now() - 25 * 3_600_000).toISOString() }))
        return patchUpload(alice.token, created.headers.get('location') ?? '', jpeg(100))
      },
      status: 410,
      code: 'UPLOAD_EXPIRED',
    },
    { name: 'PATCH of an unknown upload', send: () => patchUpload(alice.token, '/api/uploads/0123456789abcdef', jpeg(100)), status: 404, code: 'NOT_FOUND' },
    { name: 'PATCH of an upload id with an encoded slash', send: () => patchUpload(alice.token, '/api/uploads/..%2F..%2Fabh.sqlite', jpeg(100)), status: 404, code: 'NOT_FOUND' },
    { name: 'GET of an upload', send: () => call('GET', new URL(bobsUpload, server.baseUrl).pathname, { token: bob.token, origin: null, headers: tusHeaders }), status: 404, code: 'NOT_FOUND' },
    { name: 'PUT, a method tus does not know', send: () => call('PUT', new URL(bobsUpload, server.baseUrl).pathname, { token: bob.token, origin: null, headers: tusHeaders }), status: 404, code: 'NOT_FOUND' },
    { name: 'bytes that do not match the declared SHA-256', send: () => uploadWhole(alice.token, alice.draftId, jpeg(2000), { sha256: sha256('something else') }), status: 422, code: 'CHECKSUM_MISMATCH' },
    { name: 'text declared as a page', send: () => uploadWhole(alice.token, alice.draftId, Buffer.from('<html><script>alert(1)</script></html>')), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'a 30000 × 30000 PNG', send: () => uploadWhole(alice.token, alice.draftId, png(30_000, 30_000)), status: 422, code: 'IMAGE_TOO_LARGE' },
  ]
  runCases([
    ...onTheUploadRoute.map(tusRefusal),
    // The URL resolves to /api/, outside the upload route.
    { name: 'PATCH of the upload id ".."', send: () => patchUpload(alice.token, '/api/uploads/%2e%2e', jpeg(100)), status: 404, code: 'NOT_FOUND' },
  ])
})

describe('authorisation', () => {
  const crossSite = (origin: string | null): HostileCase => ({
    name: `a staff change with Origin ${origin ?? '(none)'}`,
    send: () => call('POST', '/api/staff/walk-ins', { cookie: frontdesk, origin, body: { topic: 'advice' } }),
    status: 403,
    code: 'FORBIDDEN',
  })
  runCases([
    { name: 'another applicant’s draft', send: () => call('GET', `/api/drafts/${bob.draftId}`, { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    {
      name: 'writing another applicant’s draft',
      send: () => call('PUT', `/api/drafts/${bob.draftId}`, { token: alice.token, headers: { 'if-match': '"1"' }, body: { serviceId: 'naturalisation', answers: {} } }),
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'deleting another applicant’s draft answers like a missing one, and deletes nothing',
      send: () => call('DELETE', `/api/drafts/${bob.draftId}`, { token: alice.token }),
      status: 204,
      code: null,
      check: async () => expect((await call('GET', `/api/drafts/${bob.draftId}`, { token: bob.token })).status).toBe(200),
    },
    { name: 'another applicant’s application', send: () => call('GET', `/api/applications/${reference}`, { token: bob.token }), status: 404, code: 'NOT_FOUND' },
    { name: 'another applicant’s page', send: () => call('GET', `/api/documents/${documentId}`, { token: bob.token }), status: 404, code: 'NOT_FOUND' },
    {
      name: 'submitting another applicant’s draft',
      send: () => call('POST', '/api/applications', { token: alice.token, headers: { 'idempotency-key': crypto.randomUUID() }, body: { draftId: bob.draftId, revision: 1 } }),
      status: 404,
      code: 'NOT_FOUND',
    },
    { name: 'cancelling another applicant’s booking', send: () => call('POST', `/api/bookings/${bobsBooking.bookingId}/cancel`, { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    { name: 'another applicant’s calendar file', send: () => call('GET', `/api/bookings/${bobsBooking.bookingId}/calendar.ics`, { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    {
      name: 'signing out another applicant’s devices with their code',
      send: () => call('POST', '/api/applicants/sign-out-others', { token: alice.token, body: { recoveryCode: bob.recoveryCode } }),
      status: 403,
      code: 'FORBIDDEN',
      check: async () => expect((await call('GET', '/api/drafts', { token: bob.token })).status).toBe(200),
    },
    { name: 'the front desk opening a case', send: () => call('GET', `/api/staff/cases/${reference}`, { cookie: frontdesk }), status: 403, code: 'FORBIDDEN' },
    { name: 'the front desk exporting a case', send: () => call('GET', `/api/staff/cases/${reference}/export`, { cookie: frontdesk }), status: 403, code: 'FORBIDDEN' },
    { name: 'a caseworker reading the front desk’s day', send: () => call('GET', '/api/staff/today', { cookie: caseworker }), status: 403, code: 'FORBIDDEN' },
    { name: 'a caseworker calling the next walk-in', send: () => call('POST', '/api/staff/walk-ins/call-next', { cookie: caseworker, body: { counter: '1' } }), status: 403, code: 'FORBIDDEN' },
    { name: 'a caseworker reading the audit log', send: () => call('GET', '/api/admin/audit', { cookie: caseworker }), status: 403, code: 'FORBIDDEN' },
    {
      name: 'the front desk creating an admin',
      send: () => call('POST', '/api/admin/staff', { cookie: frontdesk, body: { username: 'mallory', role: 'admin' } }),
      status: 403,
      code: 'FORBIDDEN',
    },
    { name: 'an applicant token on a staff endpoint', send: () => call('GET', '/api/staff/me', { headers: { authorization: `Bearer ${alice.token}` } }), status: 401, code: 'UNAUTHORIZED' },
    { name: 'a staff cookie on an applicant endpoint', send: () => call('GET', '/api/drafts', { cookie: admin }), status: 401, code: 'UNAUTHORIZED' },
    crossSite(null),
    crossSite('https://evil.example'),
    crossSite('null'),
    crossSite(server?.baseUrl.replace('http:', 'https:') ?? 'https://127.0.0.1'),
    {
      name: 'a staff change from this site’s origin with a trailing slash',
      send: () => call('POST', '/api/staff/walk-ins', { cookie: frontdesk, origin: `${server.baseUrl}/`, body: { topic: 'advice' } }),
      status: 403,
      code: 'FORBIDDEN',
    },
  ])
})

describe('sessions', () => {
  const bearer = (value: string): HostileCase => ({
    name: `Authorization: ${value.slice(0, 40)}`,
    send: () => call('GET', '/api/drafts', { headers: { authorization: value } }),
    status: 401,
    code: 'UNAUTHORIZED',
  })
  const staffCookie = (value: string): HostileCase => ({
    name: `staff cookie ${value.slice(0, 40)}`,
    send: () => call('GET', '/api/staff/me', { cookie: value }),
    status: 401,
    code: 'UNAUTHORIZED',
  })
  runCases([
    bearer('Bearer'),
    bearer('Bearer short'),
    bearer(`Bearer ${'A'.repeat(101)}`),
    bearer(`Bearer ${'A'.repeat(43)}`),
    bearer('Basic YWRtaW46YWRtaW4='),
    bearer(`bearer ${crypto.randomUUID()}`),
    bearer(`Bearer ${'A'.repeat(30)}'--`),
    { name: 'a signed-out device’s token', send: () => call('GET', '/api/drafts', { token: revoked.token }), status: 401, code: 'DEVICE_SIGNED_OUT' },
    { name: 'a signed-out device asking for its bookings', send: () => call('GET', '/api/bookings', { token: revoked.token }), status: 401, code: 'DEVICE_SIGNED_OUT' },
    staffCookie('abh_staff='),
    staffCookie(`abh_staff=${crypto.randomUUID()}`),
    staffCookie(`abh_staff=${'%'.repeat(4000)}`),
    staffCookie('abh_staff=a=b=c; abh_staff=; other=1'),
    {
      name: 'a staff session that has expired',
      send: async () => {
        const cookie = await staffSessionCookie(server.baseUrl, 'worker', password)
        await server.storage.db.updateTable('staff_sessions').set({ expires_at: Date.now() - 1000 }).where('staff_id', 'in', server.storage.db.selectFrom('staff').select('id').where('username', '=', 'worker')).execute()
        caseworker = await staffSessionCookie(server.baseUrl, 'worker', password)
        return call('GET', '/api/staff/me', { cookie })
      },
      status: 401,
      code: 'UNAUTHORIZED',
    },
    {
      name: 'a staff session after signing out',
      send: async () => {
        const cookie = await staffSessionCookie(server.baseUrl, 'desk', password)
        expect((await call('DELETE', '/api/staff/session', { cookie })).status).toBe(204)
        return call('GET', '/api/staff/me', { cookie })
      },
      status: 401,
      code: 'UNAUTHORIZED',
    },
  ])
})

describe('injection into outputs', () => {
  runCases([
    {
      name: 'HTML in an answer comes back as the same JSON text, never as markup',
      send: () => call('GET', `/api/drafts/${alice.draftId}`, { token: alice.token }),
      status: 200,
      code: null,
      check: (answer) => {
        expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
        expect((JSON.parse(answer.text) as { answers: Answers }).answers.surname).toBe(scriptName)
      },
    },
    {
      name: 'a place with a bare CR, LF, semicolon and comma stays one escaped LOCATION in the .ics',
      send: () => call('GET', `/api/bookings/${visit.bookingId}/calendar.ics`, { token: alice.token }),
      status: 200,
      code: null,
      check: (answer) => {
        expect(answer.headers.get('cache-control')).toBe('no-store')
        expect(answer.text).not.toMatch(/\r(?!\n)/)
        expect(answer.text).not.toMatch(/^(ATTENDEE|X-EVIL)/m)
        expect(answer.text.replace(/\r\n[ \t]/g, '')).toContain('LOCATION:Raum 1 ATTENDEE:mailto:evil@example.org X-EVIL:1\\;a\\,b')
      },
    },
    {
      name: 'a case with markup in its answers is exported',
      send: () => call('GET', `/api/staff/cases/${reference}/export`, { cookie: caseworker }),
      status: 200,
      code: null,
      check: (answer) => expect(answer.headers.get('content-type')).toBe('application/zip'),
    },
    {
      name: 'a written message with markup reaches the front desk as data',
      send: async () => {
        const booking = await bookAs(server.baseUrl, alice.token, { channel: 'written', topic: 'general', message: '<img src=x onerror=alert(1)>', replyRoute: 'email', email: 'a@example.org' })
        const day = await call('GET', '/api/staff/today', { cookie: frontdesk })
        expect(day.text).toContain(JSON.stringify('<img src=x onerror=alert(1)>').slice(1, -1))
        return call('POST', `/api/staff/bookings/${booking.bookingId}/reply`, { cookie: frontdesk, body: { reply: '</script><script>alert(2)</script>' } })
      },
      status: 204,
      code: null,
    },
    {
      name: 'a caseworker’s note with markup reaches the applicant as data',
      send: async () => {
        await call('POST', `/api/staff/cases/${reference}/status`, { cookie: caseworker, body: { status: 'received', note: '<a href="javascript:alert(1)">hier</a>' } })
        return call('GET', `/api/applications/${reference}`, { token: alice.token })
      },
      status: 200,
      code: null,
      check: (answer) => {
        expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
        expect(answer.text).toContain('<a href=\\"javascript:alert(1)\\">hier</a>')
      },
    },
    {
      name: 'an error never echoes the hostile path',
      send: () => call('GET', `/api/${encodeURIComponent(scriptName)}`),
      status: 404,
      code: 'NOT_FOUND',
      check: (answer) => expect(answer.text).not.toContain('script'),
    },
  ])

  it('keeps markup in answers out of the export’s XML structure', async () => {
    const answer = await fetch(`${server.baseUrl}/api/staff/cases/${reference}/export`, { headers: { cookie: caseworker } })
    const files = unzipSync(new Uint8Array(await answer.arrayBuffer()))
    const xmlName = Object.keys(files).find((name) => name.endsWith('antrag.xml')) ?? ''
    const xml = strFromU8(files[xmlName] ?? new Uint8Array())
    expect(xml).toContain('&lt;b&gt;Öz&amp;demir&lt;/b&gt;')
    expect(xml).not.toContain('<b>')
    expect(xml).not.toContain('<evil/>')
  })
})

describe('headers', () => {
  runCases([
    { name: 'a JSON body in Latin-1', send: () => call('PUT', '/api/drafts/hostile-draft-20', { token: alice.token, raw: '{}', headers: { 'content-type': 'application/json; charset=latin1' } }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'a body in an unknown content encoding', send: () => call('PUT', '/api/drafts/hostile-draft-21', { token: alice.token, raw: '{}', headers: { 'content-encoding': 'zstd' } }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'a "gzip" body that is not gzip', send: () => call('PUT', '/api/drafts/hostile-draft-22', { token: alice.token, raw: '{"not":"gzip"}', headers: { 'content-encoding': 'gzip' } }), status: 400, code: 'BAD_REQUEST' },
    {
      name: 'a JSON body sent as text/plain is no body',
      send: () => call('PUT', '/api/drafts/hostile-draft-23', { token: alice.token, raw: '{"serviceId":"naturalisation","answers":{}}', headers: { 'content-type': 'text/plain' } }),
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    { name: 'an If-Match that is no revision', send: () => call('PUT', `/api/drafts/${alice.draftId}`, { token: alice.token, headers: { 'if-match': '*' }, body: { serviceId: 'naturalisation', answers: {} } }), status: 400, code: 'BAD_REQUEST' },
    {
      name: 'an Idempotency-Key of 300 characters',
      send: () => call('POST', '/api/applications', { token: alice.token, headers: { 'idempotency-key': 'k'.repeat(300) }, body: { draftId: alice.draftId, revision: 1 } }),
      status: 400,
      code: 'BAD_REQUEST',
    },
    { name: 'TRACE on the API', send: () => rawRequest('TRACE /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), status: 404, code: 'NOT_FOUND' },
    { name: 'PROPFIND on the API', send: () => call('PROPFIND', '/api/drafts', { token: alice.token }), status: 404, code: 'NOT_FOUND' },
    { name: 'Accept: text/html on an unknown API path still answers JSON', send: () => call('GET', '/api/nothing', { headers: { accept: 'text/html' } }), status: 404, code: 'NOT_FOUND' },
  ])
})

// Node's HTTP parser refuses these before Express sees them, with a status and no body: the only
// refusals without our `{ code, message }` (left so, docs/security.md).
describe('below the app (Node’s HTTP parser)', () => {
  runCases([
    { name: 'a 20 kB header', send: () => call('GET', '/api/health', { headers: { 'x-padding': 'p'.repeat(20_000) } }), status: 431, code: null },
    { name: 'a request line that is not HTTP', send: () => rawRequest('GARBAGE / \r\n\r\n'), status: 400, code: null },
    { name: 'Content-Length and Transfer-Encoding together', send: () => rawRequest('POST /api/applicants HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'), status: 400, code: null },
    { name: 'a Content-Length that is no number', send: () => rawRequest('POST /api/applicants HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'), status: 400, code: null },
  ])
})

describe('faults', () => {
  runCases([
    {
      name: 'a client that goes away in the middle of a JSON body',
      send: async () => {
        await new Promise<void>((resolve) => {
          const { hostname, port } = new URL(server.baseUrl)
          const socket = net.connect(Number(port), hostname, () => {
            socket.write(`PUT /api/drafts/hostile-draft-30 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.token}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"serviceId":`)
            setImmediate(() => socket.destroy())
          })
          socket.on('close', () => resolve())
        })
        return call('GET', '/api/drafts/hostile-draft-30', { token: alice.token })
      },
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'a page whose bytes went missing from the document store',
      send: async () => {
        const bytes = Buffer.from('%PDF-1.7\n% lost\n%%EOF\n')
        const { draft_id: draftId, applicant_id: applicantId } = await server.storage.db
          .selectFrom('applications')
          .select(['draft_id', 'applicant_id'])
          .where('reference', '=', reference)
          .executeTakeFirstOrThrow()
        const id = crypto.randomUUID()
        await server.storage.db
          .insertInto('documents')
          .values({ id, applicant_id: applicantId, draft_id: draftId, slot: 'passport', page: 9, sha256: sha256(bytes), mime_type: 'application/pdf', size: bytes.length, created_at: new Date().toISOString() })
          .execute()
        return call('GET', `/api/staff/cases/${reference}/documents/${id}`, { cookie: caseworker })
      },
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'an upload cut off after half its bytes resumes from the server’s offset',
      send: async () => {
        const bytes = jpeg(4000, 7)
        const created = await createUpload(alice.token, uploadMetadata(alice.draftId, bytes), bytes.length)
        const location = created.headers.get('location') ?? ''
        expect((await patchUpload(alice.token, location, bytes.subarray(0, 2000))).status).toBe(204)
        return patchUpload(alice.token, location, bytes.subarray(2000), { 'upload-offset': '2000' })
      },
      status: 204,
      code: null,
    },
    {
      name: 'the same idempotency key with another body',
      send: async () => {
        const key = crypto.randomUUID()
        await call('POST', '/api/bookings', { token: alice.token, headers: { 'idempotency-key': key }, body: { channel: 'written', topic: 'general', message: 'Erste', replyRoute: 'email', email: 'a@example.org' } })
        return call('POST', '/api/bookings', { token: alice.token, headers: { 'idempotency-key': key }, body: { channel: 'written', topic: 'general', message: 'Zweite', replyRoute: 'email', email: 'a@example.org' } })
      },
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    },
    {
      name: 'fifty requests at once with a deep body each',
      send: async () => {
        const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => call('PUT', `/api/drafts/hostile-burst-${index}`, { token: alice.token, raw: nested(5000) })))
        expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([400]))
        return answers[0] as Answer
      },
      status: 400,
      code: 'BODY_TOO_COMPLEX',
    },
  ])
})
