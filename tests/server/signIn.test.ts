import type * as NodeCrypto from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AuditEntry, SignInFailures } from '@/domain/staff'
import { createApp } from '../../server/app.js'
import { passwordWeakness } from '../../server/services/passwords.js'
import { defaultSignInThrottle } from '../../server/services/signInThrottle.js'
import { addStaff, deactivateStaff, generatePassword } from '../../server/services/staff.js'
import { addStaffMember, listen, staffSessionCookie, startTestServer, type RunningServer } from './harness'

/** Every scrypt run the server starts (with its cost parameter N), and how many have finished. */
const scryptRuns = vi.hoisted(() => ({ costs: [] as number[], finished: 0 }))
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof NodeCrypto>()
  return {
    ...crypto,
    scrypt: (password: string, salt: Buffer, length: number, options: { N: number }, done: (error: Error | null, key: Buffer) => void) => {
      scryptRuns.costs.push(options.N)
      crypto.scrypt(password, salt, length, options, (error, key) => {
        scryptRuns.finished += 1
        done(error, key)
      })
    },
  }
})

// scrypt is slow on purpose, and two cores are shared.
vi.setConfig({ testTimeout: 30_000 })

const password = 'correct horse battery'
let server: RunningServer
let adminId: string
beforeAll(async () => {
  // The clock stands still unless a test moves it: waits and Retry-After do not depend on how fast the machine is.
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 11, 1, 9) })
  // One trusted proxy: the test names each client's address in X-Forwarded-For.
  server = await startTestServer({ trustProxy: 1 })
  // Admins have a second factor; the harness signs this one in with a generated code.
  adminId = (await addStaffMember(server, 'admin.throttle', password, 'admin')).id
  await addStaff(server.storage, 'known.name', password, 'frontdesk')
  const leaver = await addStaff(server.storage, 'left.already', password, 'frontdesk')
  await deactivateStaff(server.storage, adminId, leaver.id)
})
afterAll(async () => {
  await server.stop()
  vi.useRealTimers()
})

interface Answer {
  status: number
  body: Record<string, unknown>
  retryAfter: string | undefined
  cookie: string
}

/** A JSON request from the client address `from` (node:http: fetch may not set X-Forwarded-For). */
function send(baseUrl: string, from: string, method: string, path: string, body?: unknown, cookie = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': from, origin: baseUrl, cookie }
    const request = httpRequest(`${baseUrl}/api${path}`, { method, headers }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          retryAfter: response.headers['retry-after'],
          cookie: (response.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '',
        }),
      )
    })
    request.on('error', reject)
    request.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

const signIn = (from: string, username: string, secret = password, baseUrl = server.baseUrl) => send(baseUrl, from, 'POST', '/staff/session', { username, password: secret })
const asAdmin = async (method: string, path: string) => send(server.baseUrl, '192.0.2.1', method, path, undefined, await staffSessionCookie(server.baseUrl, 'admin.throttle', password))
const answerOf = ({ status, body, retryAfter }: Answer) => ({ status, body, retryAfter })

describe('staff sign-in refusals', () => {
  it('cost an unknown name and a disabled account the same scrypt run as a wrong password, awaited before answering', async () => {
    const attempts = [
      ['known.name', 'wrong wrong wrong'],
      ['nobody.here', 'wrong wrong wrong'],
      ['left.already', password],
    ] as const
    for (const [username, secret] of attempts) {
      scryptRuns.costs.length = 0
      scryptRuns.finished = 0
      const answer = await signIn('198.51.100.10', username, secret)
      expect(answer.status).toBe(401)
      expect(scryptRuns.costs).toEqual([2 ** 15])
      expect(scryptRuns.finished).toBe(1)
    }
  })

  it('run through the same answers for an unknown name, a wrong password and a disabled account, throttled or not', async () => {
    const sequence = async (from: string, username: string, secret: string) => {
      const answers = []
      for (let attempt = 0; attempt < 12; attempt += 1) answers.push(answerOf(await signIn(from, username, secret)))
      return answers
    }
    const unknown = await sequence('198.51.100.21', 'nobody.at.all', 'wrong wrong wrong')
    const wrong = await sequence('198.51.100.22', 'known.name', 'wrong wrong wrong')
    const disabled = await sequence('198.51.100.23', 'left.already', password)
    const refused = { status: 401, body: { code: 'UNAUTHORIZED', message: 'Wrong name or password' }, retryAfter: undefined }
    const throttled = { status: 429, body: { code: 'RATE_LIMITED', message: 'Too many attempts, please wait', retryAfterSeconds: 30 }, retryAfter: '30' }
    expect(unknown).toEqual([...Array(5).fill(refused), ...Array(7).fill(throttled)])
    expect(wrong).toEqual(unknown)
    expect(disabled).toEqual(unknown)
    // Throttled, the right password is refused like any other: the 429 is no hint that it was right.
    expect(answerOf(await signIn('198.51.100.22', 'known.name'))).toEqual(throttled)
  })

  it('name the same pair alike however the name is typed', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await signIn('198.51.100.30', ' Known.Name ', 'wrong wrong wrong')).status).toBe(401)
    expect((await signIn('198.51.100.30', 'known.name')).status).toBe(429)
  })
})

describe('staff sign-in throttling', () => {
  it('does not stop the right password from another address, however many failures came from one', async () => {
    await addStaff(server.storage, 'jam.victim', password, 'caseworker')
    for (let attempt = 0; attempt < 8; attempt += 1) await signIn('203.0.113.66', 'jam.victim', 'wrong wrong wrong')
    expect((await signIn('203.0.113.66', 'jam.victim')).status).toBe(429)
    const fromOwnDesk = await signIn('198.51.100.7', 'jam.victim')
    expect(fromOwnDesk.status).toBe(200)
    expect(fromOwnDesk.cookie).toMatch(/^abh_staff=/)
    // The jammed address itself only waits: 30 s after the fifth failure, the right password works there too.
    vi.advanceTimersByTime(30_000)
    expect((await signIn('203.0.113.66', 'jam.victim')).status).toBe(200)
  })

  it('limits one address trying many names more strictly, without touching other addresses', async () => {
    const strict = await startTestServer({ trustProxy: 1, signInThrottle: { ...defaultSignInThrottle, address: { burst: 4, intervalMs: 60_000 } } })
    try {
      await addStaff(strict.storage, 'many.names', password, 'frontdesk')
      // Right passwords give their counted attempt back: they use up nothing.
      for (let attempt = 0; attempt < 6; attempt += 1) expect((await signIn('203.0.113.9', 'many.names', password, strict.baseUrl)).status).toBe(200)
      for (const name of ['guess.one', 'guess.two', 'guess.three', 'guess.four']) expect((await signIn('203.0.113.9', name, 'wrong wrong wrong', strict.baseUrl)).status).toBe(401)
      const fifthName = await signIn('203.0.113.9', 'guess.five', 'wrong wrong wrong', strict.baseUrl)
      expect(fifthName.status).toBe(429)
      expect(fifthName.retryAfter).toBe('60')
      expect((await signIn('203.0.113.9', 'many.names', password, strict.baseUrl)).status).toBe(429)
      expect((await signIn('198.51.100.9', 'many.names', password, strict.baseUrl)).status).toBe(200)
    } finally {
      await strict.stop()
    }
  })

  it('counts attempts arriving at two instances at once: only the free ones get an answer on the password', async () => {
    await addStaff(server.storage, 'raced.name', password, 'frontdesk')
    const second = await listen(createApp({ storage: server.storage, version: 'second', dataDir: server.dataDir, log: () => undefined, trustProxy: 1 }))
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, index) => signIn('203.0.113.120', 'raced.name', 'wrong wrong wrong', index % 2 === 0 ? server.baseUrl : second.baseUrl)),
      )
      const statuses = answers.map((answer) => answer.status).sort()
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)])
    } finally {
      await new Promise((resolve) => second.server.close(resolve))
    }
  })
})

describe('failed sign-ins for the admin', () => {
  it('are listed per account without addresses, unknown names only as a total; unlock lifts the throttle and is audited', async () => {
    const victim = await addStaff(server.storage, 'listed.victim', password, 'frontdesk')
    for (let attempt = 0; attempt < 6; attempt += 1) await signIn('203.0.113.200', 'listed.victim', 'wrong wrong wrong')
    await signIn('203.0.113.201', 'listed.victim', 'wrong wrong wrong')
    for (const typed of ['not.a.member', 'nobody.typed.this']) await signIn('203.0.113.202', typed, 'wrong wrong wrong')
    expect((await signIn('203.0.113.200', 'listed.victim')).status).toBe(429)

    const listed = await asAdmin('GET', '/admin/sign-in-failures')
    expect(listed.status).toBe(200)
    const failures = listed.body as unknown as SignInFailures
    // Five counted at the first address (the sixth and the right password were throttled), one at the second.
    expect(failures.accounts).toContainEqual({ staffId: victim.id, username: 'listed.victim', failures: 6, lastFailedAt: expect.any(String), addresses: 2 })
    expect(failures.unknownNames.failures).toBeGreaterThanOrEqual(2)
    const text = JSON.stringify(failures)
    expect(text).not.toMatch(/203\.0\.113|198\.51\.100|wrong|nobody/)

    const desk = await signIn('192.0.2.2', 'known.name')
    expect((await send(server.baseUrl, '192.0.2.2', 'GET', '/admin/sign-in-failures', undefined, desk.cookie)).status).toBe(403)
    expect((await asAdmin('POST', '/admin/staff/00000000-0000-4000-8000-000000000000/unlock')).status).toBe(404)
    expect((await asAdmin('POST', `/admin/staff/${encodeURIComponent("' OR '1'='1")}/unlock`)).status).toBe(404)

    expect((await asAdmin('POST', `/admin/staff/${victim.id}/unlock`)).status).toBe(204)
    expect((await signIn('203.0.113.200', 'listed.victim')).status).toBe(200)
    const after = (await asAdmin('GET', '/admin/sign-in-failures')).body as unknown as SignInFailures
    expect(after.accounts.map((account) => account.username)).not.toContain('listed.victim')
    const log = (await asAdmin('GET', '/admin/audit')).body as unknown as AuditEntry[]
    expect(log).toContainEqual(expect.objectContaining({ username: 'admin.throttle', action: 'staff.unlocked', subject: 'listed.victim' }))
  })
})

describe('changing one’s own password', () => {
  const change = (from: string, cookie: string, body: unknown) => send(server.baseUrl, from, 'POST', '/staff/password', body, cookie)

  it('takes the current password and a strong new one, ends the member’s other sessions and is audited', async () => {
    // The front desk signs in by password alone, which is what this test is about.
    await addStaff(server.storage, 'pw.changer', password, 'frontdesk')
    const here = (await signIn('192.0.2.10', 'pw.changer')).cookie
    const elsewhere = (await signIn('192.0.2.11', 'pw.changer')).cookie
    const others = (await signIn('192.0.2.10', 'known.name')).cookie
    const next = 'Leuchtturm-Gurke-Fahrrad-83'
    expect((await change('192.0.2.10', here, { currentPassword: password, newPassword: next })).status).toBe(204)
    expect((await send(server.baseUrl, '192.0.2.10', 'GET', '/staff/me', undefined, here)).status).toBe(200)
    expect((await send(server.baseUrl, '192.0.2.11', 'GET', '/staff/me', undefined, elsewhere)).status).toBe(401)
    expect((await send(server.baseUrl, '192.0.2.10', 'GET', '/staff/me', undefined, others)).status).toBe(200)
    expect((await signIn('192.0.2.12', 'pw.changer')).status).toBe(401)
    expect((await signIn('192.0.2.12', 'pw.changer', next)).status).toBe(200)
    const log = (await asAdmin('GET', '/admin/audit')).body as unknown as AuditEntry[]
    expect(log).toContainEqual(expect.objectContaining({ username: 'pw.changer', action: 'password.changed', subject: null }))
  })

  it('refuses a wrong current password and weak, common or name-bearing new ones, naming the field', async () => {
    await addStaff(server.storage, 'pw.refused', password, 'frontdesk')
    const cookie = (await signIn('192.0.2.20', 'pw.refused')).cookie
    const refusal = async (currentPassword: string, newPassword: string) => {
      const { status, body } = await change('192.0.2.20', cookie, { currentPassword, newPassword })
      return { status, code: body.code, field: body.field }
    }
    expect(await refusal('not my password', 'Leuchtturm-Gurke-Fahrrad-83')).toEqual({ status: 422, code: 'PASSWORD_WRONG', field: 'currentPassword' })
    expect(await refusal(password, 'Kurz-2026')).toEqual({ status: 422, code: 'PASSWORD_TOO_SHORT', field: 'newPassword' })
    expect(await refusal(password, 'mein-pw.refused-passwort')).toEqual({ status: 422, code: 'PASSWORD_CONTAINS_NAME', field: 'newPassword' })
    expect(await refusal(password, 'qwerty123456')).toEqual({ status: 422, code: 'PASSWORD_TOO_COMMON', field: 'newPassword' })
    expect(await refusal(password, 'abcabcabcabc')).toEqual({ status: 422, code: 'PASSWORD_TOO_WEAK', field: 'newPassword' })
    expect((await change('192.0.2.20', cookie, { currentPassword: password })).body.code).toBe('VALIDATION_FAILED')
    // Nothing was changed by the refusals.
    expect((await signIn('192.0.2.21', 'pw.refused')).status).toBe(200)
  })

  it('throttles guesses of the current password like sign-ins', async () => {
    await addStaff(server.storage, 'pw.guessed', password, 'frontdesk')
    const cookie = (await signIn('192.0.2.30', 'pw.guessed')).cookie
    const codes = []
    for (let attempt = 0; attempt < 6; attempt += 1) codes.push((await change('192.0.2.30', cookie, { currentPassword: `guess ${attempt}`, newPassword: 'Leuchtturm-Gurke-Fahrrad-83' })).body.code)
    expect(codes).toEqual([...Array(5).fill('PASSWORD_WRONG'), 'RATE_LIMITED'])
  })

  it('would accept the passwords the server generates for new accounts', async () => {
    for (let index = 0; index < 20; index += 1) expect(await passwordWeakness(generatePassword(), `new.member${index}`)).toBeUndefined()
  })
})
