import { rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Express } from 'express'
import { Secret, TOTP } from 'otpauth'
import type { Booking } from '@/domain/booking'
import { secondFactorRequiredFor, type SignInChallenge } from '@/domain/secondFactor'
import type { StaffMember, StaffRole } from '@/domain/staff'
import type { ApplicantCredentials } from '@/domain/sync'
import { createApp, type AppDependencies } from '../../server/app.js'
import { confirmEnrolment, secretBox, startEnrolment, type SecretBox } from '../../server/services/secondFactor.js'
import { addStaff } from '../../server/services/staff.js'
import { readOrCreateKeyFile } from '../../server/storage/keyFile.js'
import type { Storage } from '../../server/storage/storage.js'
import { freshTestDatabase, makeTempDir } from './testDatabase'

export { freshTestDatabase, makeTempDir, testEngine, type TestDatabase } from './testDatabase'

export interface RunningServer {
  baseUrl: string
  storage: Storage
  dataDir: string
  stop(): Promise<void>
}

/** Listens on a free port with a real database of the test engine and files in a temp dir. */
export async function startTestServer(options: Partial<AppDependencies> = {}): Promise<RunningServer> {
  const dataDir = makeTempDir()
  const database = await freshTestDatabase(dataDir)
  const storage = await database.open()
  // Tests make many applicants from one address; the limit itself is tested in booking.test.ts.
  const app = createApp({
    storage,
    version: '9.9.9-test',
    dataDir,
    log: () => undefined,
    applicantLimit: { limit: 100_000, windowMs: 60_000 },
    ...options,
  })
  const { server, baseUrl } = await listen(app)
  return {
    baseUrl,
    storage,
    dataDir,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await storage.close()
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export function listen(app: Express): Promise<{ server: Server; baseUrl: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (error?: Error) => {
      if (error) reject(error)
      else resolve({ server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
    })
  })
}

/** A new applicant identity, as the app makes one on first sync: its bearer token. */
export async function newApplicantToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/applicants`, { method: 'POST' })
  if (response.status !== 201) throw new Error(`No applicant: HTTP ${response.status}`)
  return ((await response.json()) as ApplicantCredentials).token
}

/** Books as an applicant; anything but 201 fails the test. */
export async function bookAs(baseUrl: string, token: string, body: object): Promise<Booking> {
  const response = await fetch(`${baseUrl}/api/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  })
  if (response.status !== 201) throw new Error(`Booking refused: HTTP ${response.status} ${await response.text()}`)
  return (await response.json()) as Booking
}

/** The current code of a TOTP key (base32), as the member's authenticator app shows it. */
export const totpCode = (key: string, timestamp = Date.now()) => new TOTP({ secret: Secret.fromBase32(key) }).generate({ timestamp })

/** The box the server at `dataDir` seals TOTP secrets with: the same key file. */
export const secretBoxOf = (dataDir: string): SecretBox => secretBox(readOrCreateKeyFile(path.join(dataDir, 'second-factor.key')))

export interface EnrolledFactor {
  key: string
  recoveryCodes: string[]
}

/** Enrols a second factor for a member as the enrolment screen would: started, then confirmed with a current code. */
export async function enrolSecondFactor(storage: Storage, dataDir: string, member: StaffMember): Promise<EnrolledFactor> {
  const box = secretBoxOf(dataDir)
  const { key } = await startEnrolment(storage, box, member)
  const { recoveryCodes } = await confirmEnrolment(storage, box, member, { code: totpCode(key) })
  return { key, recoveryCodes }
}

/** What staffSessionCookie needs for a member's code step, by server and name. */
const enrolledMembers = new Map<string, { storage: Storage; staffId: string; key: string }>()

/**
 * Creates a member of staff as tests need them: caseworkers and admins with an enrolled second
 * factor (the server requires one), so staffSessionCookie can sign them in with a generated code.
 */
export async function addStaffMember(server: RunningServer, username: string, password: string, role: StaffRole): Promise<StaffMember & Partial<EnrolledFactor>> {
  const member = await addStaff(server.storage, username, password, role)
  if (!secondFactorRequiredFor(role)) return member
  const factor = await enrolSecondFactor(server.storage, server.dataDir, member)
  enrolledMembers.set(`${server.baseUrl} ${username}`, { storage: server.storage, staffId: member.id, key: factor.key })
  return { ...member, ...factor }
}

/**
 * Signs a member of staff in, with the code step for members made by addStaffMember; the session
 * cookie (`name=value`) to send with staff requests.
 */
export async function staffSessionCookie(baseUrl: string, username: string, password: string): Promise<string> {
  const post = (url: string, body: unknown) => fetch(`${baseUrl}/api${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  let response = await post('/staff/session', { username, password })
  const enrolled = enrolledMembers.get(`${baseUrl} ${username}`)
  if (response.status === 202 && enrolled) {
    const { challenge } = (await response.json()) as SignInChallenge
    // Tests sign one member in several times within one 30-s step, which the server refuses as a
    // replay; forgetting the last step keeps them apart (secondFactor.test.ts tests the guard itself).
    await enrolled.storage.db.updateTable('staff_second_factors').set({ last_used_step: null }).where('staff_id', '=', enrolled.staffId).execute()
    response = await post('/staff/session/second-factor', { challenge, code: totpCode(enrolled.key) })
  }
  if (response.status !== 200) throw new Error(`Sign-in refused: HTTP ${response.status}`)
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

/** A staff request with the session cookie and this site's Origin, as the staff screens send it. */
export function staffFetch(baseUrl: string, cookie: string, method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api${url}`, {
    method,
    headers: { cookie, origin: baseUrl, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}
