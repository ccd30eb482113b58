import { rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'
import type { Booking } from '@/domain/booking'
import type { ApplicantCredentials } from '@/domain/sync'
import { createApp, type AppDependencies } from '../../server/app.js'
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

/** Signs a member of staff in; the session cookie (`name=value`) to send with staff requests. */
export async function staffSessionCookie(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
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
