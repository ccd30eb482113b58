import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { Secret } from 'otpauth'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SecondFactorEnrolment, SignInChallenge } from '@/domain/secondFactor'
import { secretBox } from '../../server/services/secondFactor.js'
import { addStaff } from '../../server/services/staff.js'
import { addStaffMember, freshTestDatabase, makeTempDir, staffSessionCookie, startTestServer, totpCode, type RunningServer } from './harness'

const password = 'correct horse battery'
const stepMs = 30_000
let server: RunningServer
let origin: string
beforeAll(async () => {
  server = await startTestServer()
  origin = server.baseUrl
  await addStaffMember(server, 'admin.one', password, 'admin')
})
afterAll(() => server.stop())
// Every test signs in several times from one address: each starts with fresh budgets (the code
// step's own limit is tested below).
beforeEach(async () => {
  await server.storage.db.deleteFrom('rate_limits').execute()
})

const post = (url: string, body: unknown, cookie = '') =>
  fetch(`${server.baseUrl}/api${url}`, { method: 'POST', headers: { cookie, origin, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const call = (cookie: string, method: string, url: string, body?: unknown) =>
  fetch(`${server.baseUrl}/api${url}`, { method, headers: { cookie, origin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

async function passwordStep(username: string): Promise<string> {
  const response = await post('/staff/session', { username, password })
  expect(response.status).toBe(202)
  expect(response.headers.get('set-cookie')).toBeNull()
  return ((await response.json()) as SignInChallenge).challenge
}

const codeStep = (challenge: string, code: string) => post('/staff/session/second-factor', { challenge, code })

/** A code of a time step after the one the member used last: what their app shows 30 s later. */
const laterCode = (key: string, steps = 1) => totpCode(key, Date.now() + steps * stepMs)

const auditOf = async (action: string) =>
  server.storage.db.selectFrom('audit_log').innerJoin('staff', 'staff.id', 'audit_log.staff_id').select(['staff.username', 'audit_log.subject']).where('action', '=', action).execute()

describe('second factor enrolment', () => {
  it('confines a caseworker without one to enrolment, activates with a current code and gives ten recovery codes once', async () => {
    await addStaff(server.storage, 'case.new', password, 'caseworker')
    const signedIn = await post('/staff/session', { username: 'case.new', password })
    expect(signedIn.status).toBe(200)
    const cookie = cookieOf(signedIn)
    const refused = await call(cookie, 'POST', '/staff/cases/search', {})
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' })
    expect((await call(cookie, 'GET', '/admin/schedules')).status).toBe(403)
    expect(await (await call(cookie, 'GET', '/staff/me')).json()).toMatchObject({ username: 'case.new', secondFactor: { required: true, active: false, recoveryCodesLeft: 0 } })

    const started = await call(cookie, 'POST', '/staff/second-factor/enrolment')
    expect(started.status).toBe(201)
    const { uri, key } = (await started.json()) as SecondFactorEnrolment
    expect(key).toMatch(/^[A-Z2-7]{32}$/) // 160 bits in base32
    expect(uri).toBe(`otpauth://totp/ABH%20Digital:case.new?issuer=ABH%20Digital&secret=${key}&algorithm=SHA1&digits=6&period=30`)

    const wrong = await call(cookie, 'POST', '/staff/second-factor/activation', { code: totpCode(key) === '000000' ? '111111' : '000000' })
    expect(wrong.status).toBe(422)
    expect(await wrong.json()).toMatchObject({ code: 'SECOND_FACTOR_CODE_WRONG' })
    expect((await call(cookie, 'POST', '/staff/cases/search', {})).status).toBe(403)

    const activated = await call(cookie, 'POST', '/staff/second-factor/activation', { code: totpCode(key) })
    expect(activated.status).toBe(200)
    const { recoveryCodes } = (await activated.json()) as { recoveryCodes: string[] }
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{16}$/)
    // The same session goes on with the factor active; a second enrolment must go through an admin.
    expect((await call(cookie, 'POST', '/staff/cases/search', {})).status).toBe(200)
    expect(await (await call(cookie, 'GET', '/staff/second-factor')).json()).toEqual({ required: true, active: true, recoveryCodesLeft: 10 })
    expect(await (await call(cookie, 'POST', '/staff/second-factor/enrolment')).json()).toMatchObject({ code: 'SECOND_FACTOR_ACTIVE' })
    expect(await auditOf('secondFactor.enrolled')).toContainEqual({ username: 'case.new', subject: 'case.new' })

    const challenge = await passwordStep('case.new')
    const session = await codeStep(challenge, laterCode(key))
    expect(session.status).toBe(200)
    expect(await session.json()).toMatchObject({ username: 'case.new', role: 'caseworker' })
    expect(session.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict; Path=\/api; Max-Age=28800/)
    expect((await call(cookieOf(session), 'POST', '/staff/cases/search', {})).status).toBe(200)
  })

  it('lets the front desk work without one, and enrol of their own accord', async () => {
    await addStaff(server.storage, 'desk.free', password, 'frontdesk')
    const signedIn = await post('/staff/session', { username: 'desk.free', password })
    expect(signedIn.status).toBe(200)
    const cookie = cookieOf(signedIn)
    expect((await call(cookie, 'GET', '/staff/today')).status).toBe(200)
    expect(await (await call(cookie, 'GET', '/staff/second-factor')).json()).toEqual({ required: false, active: false, recoveryCodesLeft: 0 })

    const { key } = (await (await call(cookie, 'POST', '/staff/second-factor/enrolment')).json()) as SecondFactorEnrolment
    expect((await call(cookie, 'POST', '/staff/second-factor/activation', { code: totpCode(key) })).status).toBe(200)
    const challenge = await passwordStep('desk.free')
    expect((await codeStep(challenge, laterCode(key))).status).toBe(200)
  })

  it('needs the code of the latest secret when enrolment was started again', async () => {
    await addStaff(server.storage, 'desk.twice', password, 'frontdesk')
    const cookie = cookieOf(await post('/staff/session', { username: 'desk.twice', password }))
    const first = (await (await call(cookie, 'POST', '/staff/second-factor/enrolment')).json()) as SecondFactorEnrolment
    const second = (await (await call(cookie, 'POST', '/staff/second-factor/enrolment')).json()) as SecondFactorEnrolment
    expect(second.key).not.toBe(first.key)
    if (totpCode(first.key) !== totpCode(second.key)) {
      expect((await call(cookie, 'POST', '/staff/second-factor/activation', { code: totpCode(first.key) })).status).toBe(422)
    }
    expect((await call(cookie, 'POST', '/staff/second-factor/activation', { code: totpCode(second.key) })).status).toBe(200)
  })

  it('keeps the secret encrypted in the database, under a key file outside it', async () => {
    const member = await addStaffMember(server, 'case.sealed', password, 'caseworker')
    const row = await server.storage.db.selectFrom('staff_second_factors').selectAll().where('staff_id', '=', member.id).executeTakeFirstOrThrow()
    const rawSecret = Buffer.from(Secret.fromBase32(member.key!).bytes)
    expect(row.secret_encrypted).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/)
    for (const form of [member.key!, member.key!.toLowerCase(), rawSecret.toString('hex'), rawSecret.toString('base64')]) expect(row.secret_encrypted).not.toContain(form)
    const codes = await server.storage.db.selectFrom('staff_recovery_codes').select('code_hash').where('staff_id', '=', member.id).execute()
    expect(codes).toHaveLength(10)
    for (const code of member.recoveryCodes!) expect(codes.map((entry) => entry.code_hash)).not.toContain(code)

    const keyFile = path.join(server.dataDir, 'second-factor.key')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')
    expect(secretBox(key).open(member.id, row.secret_encrypted)).toBe(member.key)
    // Another installation's key, or the sealed secret moved to another member's row, opens nothing.
    expect(() => secretBox(Buffer.alloc(32, 7)).open(member.id, row.secret_encrypted)).toThrow()
    expect(() => secretBox(key).open('someone-else', row.secret_encrypted)).toThrow()
  })
})

describe('sign-in with a second factor', () => {
  it('refuses a wrong code and keeps the challenge for the right one', async () => {
    const { key } = await addStaffMember(server, 'case.typo', password, 'caseworker')
    const challenge = await passwordStep('case.typo')
    const right = laterCode(key!)
    const wrong = await codeStep(challenge, right === '123456' ? '654321' : '123456')
    expect(wrong.status).toBe(422)
    expect(await wrong.json()).toMatchObject({ code: 'SECOND_FACTOR_CODE_WRONG' })
    expect(wrong.headers.get('set-cookie')).toBeNull()
    expect((await codeStep(challenge, right)).status).toBe(200)
  })

  it('accepts each code once: the same code again is a replay', async () => {
    const { key } = await addStaffMember(server, 'case.replay', password, 'caseworker')
    const code = laterCode(key!)
    expect((await codeStep(await passwordStep('case.replay'), code)).status).toBe(200)
    const replayed = await codeStep(await passwordStep('case.replay'), code)
    expect(replayed.status).toBe(409)
    expect(await replayed.json()).toMatchObject({ code: 'SECOND_FACTOR_CODE_USED' })
    // An older step than the last one used is refused as well, even inside the window.
    const older = await codeStep(await passwordStep('case.replay'), totpCode(key!))
    expect(older.status).toBe(409)
  })

  it('takes a recovery code once, and audits its use', async () => {
    const { recoveryCodes } = await addStaffMember(server, 'case.lost', password, 'caseworker')
    const [code] = recoveryCodes!
    // As typed from the sheet: in groups, lower case.
    const typed = code!.toLowerCase().match(/.{4}/g)!.join('-')
    const session = await codeStep(await passwordStep('case.lost'), typed)
    expect(session.status).toBe(200)
    expect(await (await call(cookieOf(session), 'GET', '/staff/second-factor')).json()).toMatchObject({ active: true, recoveryCodesLeft: 9 })
    expect(await auditOf('secondFactor.recoveryCodeUsed')).toContainEqual({ username: 'case.lost', subject: 'case.lost' })
    const again = await codeStep(await passwordStep('case.lost'), code!)
    expect(again.status).toBe(422)
    expect(await again.json()).toMatchObject({ code: 'SECOND_FACTOR_CODE_WRONG' })
  })

  it('uses a challenge once, and not after its five minutes', async () => {
    const { key } = await addStaffMember(server, 'case.once', password, 'caseworker')
    const challenge = await passwordStep('case.once')
    expect((await codeStep(challenge, laterCode(key!))).status).toBe(200)
    const reused = await codeStep(challenge, laterCode(key!, -1))
    expect(reused.status).toBe(401)
    expect(await reused.json()).toMatchObject({ code: 'SECOND_FACTOR_CHALLENGE_EXPIRED' })

    const stale = await passwordStep('case.once')
    const expiresAt = Date.now() - 1
    await server.storage.db.updateTable('staff_sign_in_challenges').set({ expires_at: expiresAt }).execute()
    const late = await codeStep(stale, totpCode(key!, Date.now() + 2 * stepMs))
    expect(late.status).toBe(401)
    expect(await late.json()).toMatchObject({ code: 'SECOND_FACTOR_CHALLENGE_EXPIRED' })
    expect((await codeStep('made-up-challenge', '123456')).status).toBe(401)
  })

  it('throttles codes per member, whatever the challenge', async () => {
    const { key } = await addStaffMember(server, 'case.guess', password, 'caseworker')
    const right = laterCode(key!)
    const guess = right === '000000' ? '111111' : '000000'
    const challenge = await passwordStep('case.guess')
    for (let attempt = 0; attempt < 10; attempt += 1) expect((await codeStep(challenge, guess)).status).toBe(422)
    const limited = await codeStep(await passwordStep('case.guess'), right)
    expect(limited.status).toBe(429)
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED' })
    // Another member's budget is their own.
    const other = await addStaffMember(server, 'case.other', password, 'caseworker')
    expect((await codeStep(await passwordStep('case.other'), laterCode(other.key!))).status).toBe(200)
  })
})

describe('second factor reset', () => {
  it('lets an admin clear a member’s factor: their sessions end, they enrol again, and it is audited', async () => {
    const member = await addStaffMember(server, 'case.phone', password, 'caseworker')
    const memberSession = await staffSessionCookie(server.baseUrl, 'case.phone', password)
    const admin = await staffSessionCookie(server.baseUrl, 'admin.one', password)
    const adminId = (await server.storage.db.selectFrom('staff').select('id').where('username', '=', 'admin.one').executeTakeFirstOrThrow()).id

    expect((await call(memberSession, 'DELETE', `/admin/staff/${member.id}/second-factor`)).status).toBe(403)
    expect(await (await call(admin, 'GET', '/admin/second-factors')).json()).toContain(member.id)
    expect((await call(admin, 'DELETE', `/admin/staff/${adminId}/second-factor`)).status).toBe(422)
    expect((await call(admin, 'DELETE', `/admin/staff/${member.id}/second-factor`)).status).toBe(204)
    expect((await call(memberSession, 'GET', '/staff/me')).status).toBe(401)
    expect(await (await call(admin, 'GET', '/admin/second-factors')).json()).not.toContain(member.id)
    expect(await auditOf('secondFactor.reset')).toContainEqual({ username: 'admin.one', subject: 'case.phone' })
    const none = await call(admin, 'DELETE', `/admin/staff/${member.id}/second-factor`)
    expect(none.status).toBe(404)

    const signedIn = await post('/staff/session', { username: 'case.phone', password })
    expect(signedIn.status).toBe(200)
    expect(await (await call(cookieOf(signedIn), 'POST', '/staff/cases/search', {})).json()).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' })
    expect(await server.storage.db.selectFrom('staff_recovery_codes').select('code_hash').where('staff_id', '=', member.id).execute()).toEqual([])
  })

  it('is done from the command line for the last admin', { timeout: 30_000 }, async () => {
    const dataDir = makeTempDir()
    const database = await freshTestDatabase(dataDir)
    const storage = await database.open()
    try {
      await addStaff(storage, 'last.admin', password, 'admin')
      await storage.db
        .insertInto('staff_second_factors')
        .values({ staff_id: (await storage.db.selectFrom('staff').select('id').executeTakeFirstOrThrow()).id, secret_encrypted: 'v1:x:y:z', activated_at: new Date().toISOString(), last_used_step: null, created_at: new Date().toISOString() })
        .execute()
      const { DATABASE_URL: _inherited, ...env } = process.env
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/staff-reset-second-factor.ts', 'last.admin'], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...env, DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) },
        encoding: 'utf8',
      })
      expect(result.stderr).toBe('')
      expect(result.status).toBe(0)
      expect(await storage.db.selectFrom('staff_second_factors').selectAll().execute()).toEqual([])
      expect(await storage.db.selectFrom('audit_log').select(['action', 'subject']).execute()).toEqual([{ action: 'secondFactor.resetFromCommandLine', subject: 'last.admin' }])
    } finally {
      await storage.close()
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
