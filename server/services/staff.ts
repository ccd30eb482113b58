import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import type { AuditEntry, ClosedDay, Schedule, StaffAccount, StaffMember, StaffRole } from '../../src/domain/staff.js'
import { parseNewStaffAccount, readSignIn, type NewStaffAccount } from '../../src/domain/staffSchemas.js'
import { addClosedDay, deleteUnbookedSlotsAfter, listSchedules, replaceSchedules } from '../storage/bookings.js'
import { isUniqueViolation, transact, type Executor, type Store } from '../storage/database.js'
import { lockForTransaction } from '../storage/locks.js'
import {
  clearFailedSignIns,
  countFailedSignIn,
  deleteSession,
  deleteSessionsOf,
  disableStaff,
  findSessionMember,
  findStaffByUsername,
  insertAuditEntry,
  insertSession,
  insertStaff,
  latestAuditEntries,
  listStaffAccounts,
} from '../storage/staff.js'
import { materialiseSlots } from './booking.js'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: { N: number; r: number; p: number }) => Promise<Buffer>
const scryptParams = { N: 2 ** 15, r: 8, p: 1 }
/** Sessions end after this long (docs/staff.md). */
export const sessionLifetimeMs = 8 * 60 * 60 * 1000
const lockAfterFailures = 5
const lockMs = 15 * 60 * 1000
const minPasswordLength = 12
/** The audit log screen shows this many of the newest entries. */
const auditPageSize = 500

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

/** Who did what, when, to which case: never the personal data itself. Runs in the caller's transaction when given one. */
export async function audit(db: Executor, staffId: string, action: string, subject?: string, now = new Date().toISOString()): Promise<void> {
  await insertAuditEntry(db, { staffId, action, subject: subject ?? null, at: now })
}

/** Creates a staff account (the CLI `npm run staff:add`, or an admin in the app); a name already taken is NAME_TAKEN. */
export async function addStaff(store: Store, username: string, password: string, role: StaffRole, now = new Date().toISOString()): Promise<StaffMember> {
  const account = parseNewStaffAccount({ username, role })
  if (password.length < minPasswordLength) throw new DomainError('VALIDATION_FAILED', `Passwords have at least ${minPasswordLength} characters`)
  const member: StaffMember = { id: randomUUID(), ...account }
  try {
    await insertStaff(store.db, { ...member, passwordHash: await hashPassword(password), createdAt: now })
  } catch (error) {
    // Also two admins choosing one name at once: the unique index on staff.username decides.
    if (isUniqueViolation(error, 'username')) throw new DomainError('NAME_TAKEN', 'This name is taken')
    throw error
  }
  return member
}

/** A password for a new account, shown once to whoever made it. */
export const generatePassword = () => randomBytes(15).toString('base64url')

/** An admin's new account, with its generated password (shown once; the server keeps only its hash). */
export async function createStaffAccount(store: Store, adminId: string, account: NewStaffAccount): Promise<StaffMember & { password: string }> {
  const password = generatePassword()
  const member = await addStaff(store, account.username, password, account.role)
  await audit(store.db, adminId, 'staff.created', `${member.username} (${member.role})`)
  return { ...member, password }
}

const sessionHash = (id: string) => createHash('sha256').update(id).digest('hex')

/**
 * Signs in; after 5 failed attempts the account is locked for 15 minutes. The answer does not
 * say whether the name or the password was wrong. Returns the session id for the cookie.
 */
export async function signIn(store: Store, body: unknown, now = Date.now()): Promise<{ sessionId: string; member: StaffMember }> {
  const refused = new DomainError('UNAUTHORIZED', 'Wrong name or password')
  const credentials = readSignIn(body)
  if (!credentials) throw refused
  const staff = await findStaffByUsername(store.db, credentials.username)
  if (!staff || staff.disabledAt !== null) throw refused
  if (staff.lockedUntil !== null && staff.lockedUntil > now) throw new DomainError('RATE_LIMITED', 'The account is locked for a while')
  if (!(await verifyPassword(credentials.password, staff.passwordHash))) {
    await countFailedSignIn(store.db, staff.id, lockAfterFailures, now + lockMs)
    throw refused
  }
  const sessionId = randomBytes(32).toString('base64url')
  await transact(store, async (tx) => {
    await clearFailedSignIns(tx, staff.id)
    await insertSession(tx, { idHash: sessionHash(sessionId), staffId: staff.id, expiresAt: now + sessionLifetimeMs, createdAt: new Date(now).toISOString() })
    await audit(tx, staff.id, 'signIn', undefined, new Date(now).toISOString())
  })
  return { sessionId, member: { id: staff.id, username: staff.username, role: staff.role } }
}

/** The member a session cookie belongs to, while it has not expired and the account is active. */
export function memberForSession(store: Store, sessionId: string, now = Date.now()): Promise<StaffMember | undefined> {
  return findSessionMember(store.db, sessionHash(sessionId), now)
}

export async function signOut(store: Store, staffId: string, sessionId: string): Promise<void> {
  await transact(store, async (tx) => {
    await deleteSession(tx, sessionHash(sessionId))
    await audit(tx, staffId, 'signOut')
  })
}

export function listStaff(store: Store): Promise<StaffAccount[]> {
  return listStaffAccounts(store.db)
}

/** Ends an account (someone left): its sessions end at once; the audit log keeps its name. */
export async function deactivateStaff(store: Store, adminId: string, staffId: string, now = new Date().toISOString()): Promise<void> {
  if (staffId === adminId) throw new DomainError('VALIDATION_FAILED', 'You cannot deactivate your own account')
  if (!isEntityId(staffId)) throw new DomainError('NOT_FOUND', 'No such active account')
  await transact(store, async (tx) => {
    const username = await disableStaff(tx, staffId, now)
    if (username === undefined) throw new DomainError('NOT_FOUND', 'No such active account')
    await deleteSessionsOf(tx, staffId)
    await audit(tx, adminId, 'staff.deactivated', username, now)
  })
}

/** The newest entries of the audit log, with the names of who acted. */
export function latestAudit(store: Store): Promise<AuditEntry[]> {
  return latestAuditEntries(store.db, auditPageSize)
}

export function openingSchedules(store: Store): Promise<Schedule[]> {
  return listSchedules(store.db)
}

/** Replaces the weekly schedules; free future slots are made again from them, booked ones stay. */
export async function replaceOpeningSchedules(store: Store, adminId: string, schedules: Schedule[], now = new Date()): Promise<void> {
  await transact(store, async (tx) => {
    // Two admins saving at once: one template wins whole, never a mix of both.
    await lockForTransaction(tx, store.engine, 'opening_schedules')
    await replaceSchedules(tx, schedules)
    await deleteUnbookedSlotsAfter(tx, now.toISOString())
    await audit(tx, adminId, 'schedulesReplaced', `${schedules.length} entries`, now.toISOString())
  })
  await materialiseSlots(store, now)
}

/** Closes a day: its free slots are no longer offered, bookings already made on it stay. */
export async function closeDay(store: Store, adminId: string, day: ClosedDay): Promise<void> {
  await transact(store, async (tx) => {
    await addClosedDay(tx, day)
    await audit(tx, adminId, 'dayClosed', day.date)
  })
  await materialiseSlots(store)
}
