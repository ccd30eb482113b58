import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type { Database } from 'better-sqlite3'
import { staffRoles, type StaffAccount, type StaffMember, type StaffRole } from '../../src/domain/staff.js'
import { HttpError } from '../http/errors.js'

export { staffRoles, type StaffMember, type StaffRole } from '../../src/domain/staff.js'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: { N: number; r: number; p: number }) => Promise<Buffer>
const scryptParams = { N: 2 ** 15, r: 8, p: 1 }
/** Sessions end after this long (docs/staff.md). */
export const sessionLifetimeMs = 8 * 60 * 60 * 1000
const lockAfterFailures = 5
const lockMs = 15 * 60 * 1000

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, 32, { ...scryptParams, maxmem: 64 * 1024 * 1024 } as typeof scryptParams)
  return `scrypt$${scryptParams.N}$${scryptParams.r}$${scryptParams.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  } as typeof scryptParams)
  return timingSafeEqual(actual, expected)
}

/** Creates a staff account (the CLI `npm run staff:add`, or an admin in the app). */
export async function addStaff(db: Database, username: string, password: string, role: StaffRole, now = new Date().toISOString()): Promise<StaffMember> {
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) throw new HttpError(422, 'VALIDATION_FAILED', 'Usernames are 3–40 lower-case letters, digits, dots, dashes')
  if (password.length < 12) throw new HttpError(422, 'VALIDATION_FAILED', 'Passwords have at least 12 characters')
  if (!(staffRoles as readonly string[]).includes(role)) throw new HttpError(422, 'VALIDATION_FAILED', 'Unknown role')
  const member: StaffMember = { id: randomUUID(), username, role }
  db.prepare('INSERT INTO staff (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)').run(member.id, username, await hashPassword(password), role, now)
  return member
}

const sessionHash = (id: string) => createHash('sha256').update(id).digest('hex')

/**
 * Signs in; after 5 failed attempts the account is locked for 15 minutes. The answer does not
 * say whether the name or the password was wrong. Returns the session id for the cookie.
 */
export async function signIn(db: Database, username: unknown, password: unknown, now = Date.now()): Promise<{ sessionId: string; member: StaffMember }> {
  const refused = new HttpError(401, 'UNAUTHORIZED', 'Wrong name or password')
  if (typeof username !== 'string' || typeof password !== 'string') throw refused
  const row = db.prepare('SELECT * FROM staff WHERE username = ?').get(username) as
    | { id: string; username: string; role: StaffRole; password_hash: string; failed_attempts: number; locked_until: number | null; disabled_at: string | null }
    | undefined
  if (!row || row.disabled_at !== null) throw refused
  if (row.locked_until !== null && row.locked_until > now) throw new HttpError(429, 'RATE_LIMITED', 'The account is locked for a while')
  if (!(await verifyPassword(password, row.password_hash))) {
    const failures = row.failed_attempts + 1
    db.prepare('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(
      failures >= lockAfterFailures ? 0 : failures,
      failures >= lockAfterFailures ? now + lockMs : null,
      row.id,
    )
    throw refused
  }
  db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id)
  const sessionId = randomBytes(32).toString('base64url')
  db.prepare('INSERT INTO staff_sessions (id_hash, staff_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(sessionHash(sessionId), row.id, now + sessionLifetimeMs, new Date(now).toISOString())
  audit(db, row.id, 'signIn')
  return { sessionId, member: { id: row.id, username: row.username, role: row.role } }
}

/** The member a session cookie belongs to, while it has not expired. */
export function memberForSession(db: Database, sessionId: string, now = Date.now()): StaffMember | undefined {
  return db
    .prepare('SELECT s.id, s.username, s.role FROM staff_sessions x JOIN staff s ON s.id = x.staff_id WHERE x.id_hash = ? AND x.expires_at > ? AND s.disabled_at IS NULL')
    .get(sessionHash(sessionId), now) as StaffMember | undefined
}

export function signOut(db: Database, sessionId: string): void {
  db.prepare('DELETE FROM staff_sessions WHERE id_hash = ?').run(sessionHash(sessionId))
}

/** Who did what, when, to which case: never the personal data itself. */
export function audit(db: Database, staffId: string, action: string, subject?: string, now = new Date().toISOString()): void {
  db.prepare('INSERT INTO audit_log (staff_id, action, subject, at) VALUES (?, ?, ?, ?)').run(staffId, action, subject ?? null, now)
}

/** A password for a new account, shown once to the admin who made it. */
export const generatePassword = () => randomBytes(15).toString('base64url')

export function listStaff(db: Database): StaffAccount[] {
  const rows = db.prepare('SELECT id, username, role, created_at, disabled_at FROM staff ORDER BY username').all() as {
    id: string
    username: string
    role: StaffRole
    created_at: string
    disabled_at: string | null
  }[]
  return rows.map((row) => ({ id: row.id, username: row.username, role: row.role, createdAt: row.created_at, disabled: row.disabled_at !== null }))
}

/** Ends an account (someone left): its sessions end at once; the audit log keeps its name. */
export function deactivateStaff(db: Database, id: string, now = new Date().toISOString()): void {
  db.transaction(() => {
    if (db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL').run(now, id).changes !== 1) {
      throw new HttpError(404, 'NOT_FOUND', 'No such active account')
    }
    db.prepare('DELETE FROM staff_sessions WHERE staff_id = ?').run(id)
  })()
}
