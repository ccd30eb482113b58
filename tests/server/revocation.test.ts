import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicantCredentials } from '@/domain/sync'
import { addStaffMember, bookAs, type RunningServer, staffFetch, staffSessionCookie, startTestServer } from './harness'

let server: RunningServer
const password = 'correct horse battery'

beforeAll(async () => {
  server = await startTestServer()
  await addStaffMember(server, 'desk', password, 'frontdesk')
  await addStaffMember(server, 'worker', password, 'caseworker')
})
afterAll(() => server.stop())

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${server.baseUrl}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })

const drafts = (token: string) => fetch(`${server.baseUrl}/api/drafts`, { headers: { authorization: `Bearer ${token}` } })

async function register(): Promise<Required<ApplicantCredentials>> {
  const response = await fetch(`${server.baseUrl}/api/applicants`, { method: 'POST' })
  return (await response.json()) as Required<ApplicantCredentials>
}

async function recover(recoveryCode: string): Promise<Response> {
  return post('/applicants/recover', { recoveryCode })
}

describe('signing out the other devices with the recovery code', () => {
  it('revokes every other token, keeps the caller signed in and replaces the recovery code', async () => {
    const phone = await register()
    const laptop = (await (await recover(phone.recoveryCode)).json()) as ApplicantCredentials
    const tablet = (await (await recover(phone.recoveryCode)).json()) as ApplicantCredentials

    const response = await post('/applicants/sign-out-others', { recoveryCode: phone.recoveryCode.toLowerCase() }, laptop.token)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const { recoveryCode, signedOut } = (await response.json()) as { recoveryCode: string; signedOut: number }
    expect(signedOut).toBe(2)
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/)
    expect(recoveryCode).not.toBe(phone.recoveryCode)

    expect((await drafts(laptop.token)).status).toBe(200)
    for (const revoked of [phone.token, tablet.token]) {
      const answer = await drafts(revoked)
      expect(answer.status).toBe(401)
      expect(await answer.json()).toMatchObject({ code: 'DEVICE_SIGNED_OUT' })
    }
    // The old code (shown on the lost phone) no longer recovers; the new one does.
    expect((await recover(phone.recoveryCode)).status).toBe(401)
    const again = await recover(recoveryCode)
    expect(again.status).toBe(200)
    expect(((await again.json()) as ApplicantCredentials).applicantId).toBe(phone.applicantId)
  })

  it('refuses a code that is not the caller’s current one, and changes nothing', async () => {
    const mine = await register()
    const someoneElse = await register()
    for (const recoveryCode of [someoneElse.recoveryCode, 'AAAAA-AAAAA-AAAAA-AAAAA', 42, undefined]) {
      const response = await post('/applicants/sign-out-others', { recoveryCode }, mine.token)
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' })
    }
    expect((await drafts(someoneElse.token)).status).toBe(200)
    expect((await recover(mine.recoveryCode)).status).toBe(200)
  })

  it('lets only one of two devices racing with the same code through', async () => {
    const phone = await register()
    const other = (await (await recover(phone.recoveryCode)).json()) as ApplicantCredentials
    const answers = await Promise.all([phone.token, other.token].map((token) => post('/applicants/sign-out-others', { recoveryCode: phone.recoveryCode }, token)))
    // The loser is refused by the code check (403), or, if the winner came first, as signed out already (401).
    const [loser, ...others] = answers.filter((answer) => answer.status !== 200)
    expect(others).toEqual([])
    expect([401, 403]).toContain(loser?.status)
    const statuses = await Promise.all([phone.token, other.token].map(async (token) => (await drafts(token)).status))
    expect(statuses.sort()).toEqual([200, 401])
  })

  it('needs a signed-in device: a signed-out one cannot sign the others out', async () => {
    const phone = await register()
    const laptop = (await (await recover(phone.recoveryCode)).json()) as ApplicantCredentials
    const { recoveryCode } = (await (await post('/applicants/sign-out-others', { recoveryCode: phone.recoveryCode }, laptop.token)).json()) as { recoveryCode: string }
    const response = await post('/applicants/sign-out-others', { recoveryCode }, phone.token)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'DEVICE_SIGNED_OUT' })
    expect((await drafts(laptop.token)).status).toBe(200)
  })

  it('counts from the recovery budget of the address', async () => {
    const limited = await startTestServer({ applicantLimit: { limit: 3, windowMs: 60 * 60 * 1000 } })
    try {
      const credentials = (await (await fetch(`${limited.baseUrl}/api/applicants`, { method: 'POST' })).json()) as ApplicantCredentials
      const statuses: number[] = []
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const response = await fetch(`${limited.baseUrl}/api/applicants/sign-out-others`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.token}` },
          body: JSON.stringify({ recoveryCode: `GUESS-${attempt}` }),
        })
        statuses.push(response.status)
      }
      // The registration took one of the three.
      expect(statuses).toEqual([403, 403, 429, 429])
    } finally {
      await limited.stop()
    }
  })
})

describe('staff signing out an applicant’s devices', () => {
  async function bookedApplicant(): Promise<{ credentials: Required<ApplicantCredentials>; reference: string }> {
    const credentials = await register()
    const booking = await bookAs(server.baseUrl, credentials.token, { channel: 'written', topic: 'general', message: 'Wie lange dauert die Bearbeitung?', replyRoute: 'email', email: 'a@example.org' })
    return { credentials, reference: booking.reference }
  }

  it('ends every token, hands over a new code once and audits the reference only', async () => {
    const { credentials, reference } = await bookedApplicant()
    const desk = await staffSessionCookie(server.baseUrl, 'desk', password)
    const response = await staffFetch(server.baseUrl, desk, 'POST', '/staff/applicants/revoke-devices', { reference: ` ${reference.toLowerCase()} ` })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = (await response.json()) as { reference: string; recoveryCode: string; signedOut: number }
    expect(body).toEqual({ reference, recoveryCode: expect.stringMatching(/^[0-9A-Z-]{23}$/), signedOut: 1 })

    const answer = await drafts(credentials.token)
    expect(answer.status).toBe(401)
    expect(await answer.json()).toMatchObject({ code: 'DEVICE_SIGNED_OUT' })
    expect((await recover(credentials.recoveryCode)).status).toBe(401)
    expect((await recover(body.recoveryCode)).status).toBe(200)

    const entries = await server.storage.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'applicant.tokensRevoked').execute()
    expect(entries).toContainEqual({ action: 'applicant.tokensRevoked', subject: reference })
  })

  it('is open to caseworkers as well, answers an unknown or malformed reference with 404, and wants this site’s Origin', async () => {
    const { credentials, reference } = await bookedApplicant()
    const worker = await staffSessionCookie(server.baseUrl, 'worker', password)
    for (const unknown of ['ABH-2026-999999', '../../etc', 'T-' + 'X'.repeat(70).slice(0, 60)]) {
      const response = await staffFetch(server.baseUrl, worker, 'POST', '/staff/applicants/revoke-devices', { reference: unknown })
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' })
    }
    const crossSite = await fetch(`${server.baseUrl}/api/staff/applicants/revoke-devices`, {
      method: 'POST',
      headers: { cookie: worker, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ reference }),
    })
    expect(crossSite.status).toBe(403)
    const anonymous = await fetch(`${server.baseUrl}/api/staff/applicants/revoke-devices`, {
      method: 'POST',
      headers: { origin: server.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ reference }),
    })
    expect(anonymous.status).toBe(401)
    expect((await drafts(credentials.token)).status).toBe(200)
  })
})
