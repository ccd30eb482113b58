import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FreeSlot } from '@/domain/booking'
import { addStaff } from '../../server/services/staff.js'
import { addStaffMember, freshTestDatabase, makeTempDir, staffSessionCookie, startTestServer, type RunningServer } from './harness'

let server: RunningServer
let origin: string
beforeAll(async () => {
  server = await startTestServer()
  origin = server.baseUrl
  await addStaffMember(server, 'admin.one', 'correct horse battery', 'admin')
  await addStaff(server.storage, 'desk.one', 'correct horse battery', 'frontdesk')
})
afterAll(() => server.stop())

async function signIn(username: string, password = 'correct horse battery') {
  const response = await fetch(`${server.baseUrl}/api/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  return { response, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' }
}

const call = (cookie: string, method: string, url: string, body?: unknown, headers: Record<string, string> = { origin }) =>
  fetch(`${server.baseUrl}/api${url}`, {
    method,
    headers: { cookie, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

describe('staff accounts', () => {
  it('are created from the command line with a password shown once and stored as an scrypt hash', { timeout: 30_000 }, async () => {
    // The command opens the database the server is configured with: DATA_DIR's SQLite, or DATABASE_URL.
    const dataDir = makeTempDir()
    const database = await freshTestDatabase(dataDir)
    const { DATABASE_URL: _inherited, ...env } = process.env
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/staff-add.ts', '--user', 'case.worker', '--role', 'caseworker'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...env, DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) },
      encoding: 'utf8',
    })
    const storage = await database.open()
    try {
      expect(result.status).toBe(0)
      const password = /Password \(shown once, pass it on securely\): (\S+)/.exec(result.stdout)?.[1]
      expect(password).toBeDefined()
      const { password_hash: stored } = await storage.db.selectFrom('staff').select('password_hash').where('username', '=', 'case.worker').executeTakeFirstOrThrow()
      expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/)
      expect(stored).not.toContain(password!)
    } finally {
      await storage.close()
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('sign in with an httpOnly, SameSite=Strict session cookie and sign out again', async () => {
    const { response, cookie } = await signIn('desk.one')
    expect(response.status).toBe(200)
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict; Path=\/api; Max-Age=28800/)
    expect(await (await call(cookie, 'GET', '/staff/me')).json()).toMatchObject({ username: 'desk.one', role: 'frontdesk' })
    expect((await call(cookie, 'DELETE', '/staff/session')).status).toBe(204)
    expect((await call(cookie, 'GET', '/staff/me')).status).toBe(401)
  })

  it('answer "who is signed in?" with the member or null, never with a 401 the sign-in page would log', async () => {
    const nobody = await call('', 'GET', '/staff/session')
    expect(nobody.status).toBe(200)
    expect(nobody.headers.get('cache-control')).toBe('no-store')
    expect(await nobody.json()).toEqual({ member: null })
    const { cookie } = await signIn('desk.one')
    expect(await (await call(cookie, 'GET', '/staff/session')).json()).toMatchObject({ member: { username: 'desk.one', role: 'frontdesk', secondFactor: { active: false } } })
    await call(cookie, 'DELETE', '/staff/session')
    expect(await (await call(cookie, 'GET', '/staff/session')).json()).toEqual({ member: null })
  })

  it('refuse state changes without this site’s Origin, and actions beyond the role', async () => {
    const desk = (await signIn('desk.one')).cookie
    const admin = await staffSessionCookie(server.baseUrl, 'admin.one', 'correct horse battery')
    expect((await call(admin, 'POST', '/admin/closed-days', { date: '2026-12-24' }, {})).status).toBe(403)
    expect((await call(admin, 'POST', '/admin/closed-days', { date: '2026-12-24' }, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await call(desk, 'POST', '/admin/closed-days', { date: '2026-12-24' })).status).toBe(403)
    expect((await call('', 'GET', '/admin/schedules')).status).toBe(401)
  })
})

describe('opening schedules (admin)', () => {
  it('replace the weekly templates, remake the free slots, and land in the audit log', async () => {
    const admin = await staffSessionCookie(server.baseUrl, 'admin.one', 'correct horse battery')
    const schedules = [{ channel: 'phone', topic: 'advice', weekday: 3, opens: '10:00', closes: '11:00', slotMinutes: 30, places: 'Telefon' }]
    expect((await call(admin, 'PUT', '/admin/schedules', schedules)).status).toBe(204)
    expect(await (await call(admin, 'GET', '/admin/schedules')).json()).toEqual(schedules)
    const free = (await (await fetch(`${server.baseUrl}/api/slots?channel=phone&topic=advice`)).json()) as FreeSlot[]
    const times = new Set(free.map((slot) => new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(slot.startsAt))))
    expect([...times].sort()).toEqual(['Mi., 10:00', 'Mi., 10:30'])
    expect((await (await fetch(`${server.baseUrl}/api/slots?channel=phone&topic=general`)).json()) as FreeSlot[]).toEqual([])
    expect((await call(admin, 'PUT', '/admin/schedules', [{ ...schedules[0], opens: '25:00' }])).status).toBe(422)

    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(free[0]!.startsAt))
    expect((await call(admin, 'POST', '/admin/closed-days', { date, reason: 'Personalversammlung' })).status).toBe(204)
    const after = (await (await fetch(`${server.baseUrl}/api/slots?channel=phone&topic=advice`)).json()) as FreeSlot[]
    expect(after.map((slot) => slot.id)).not.toContain(free[0]!.id)

    const log = (await (await call(admin, 'GET', '/admin/audit')).json()) as { username: string; action: string; subject: string | null }[]
    expect(log.slice(0, 2)).toEqual([
      expect.objectContaining({ username: 'admin.one', action: 'dayClosed', subject: date }),
      expect.objectContaining({ username: 'admin.one', action: 'schedulesReplaced' }),
    ])
  })
})
