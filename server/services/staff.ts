import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { DomainError } from '../../src/domain/errors.js'
import { isEntityId } from '../../src/domain/ids.js'
import type { SignInChallenge } from '../../src/domain/secondFactor.js'
import type { AuditEntry, ClosedDay, Schedule, SignInFailures, StaffAccount, StaffMember, StaffRole } from '../../src/domain/staff.js'
import { minPasswordLength, parseNewStaffAccount, readSignIn, type NewStaffAccount, type PasswordChange } from '../../src/domain/staffSchemas.js'
import { addClosedDay, deleteUnbookedSlotsAfter, listSchedules, replaceSchedules } from '../storage/bookings.js'
import { isUniqueViolation, transact, type Executor, type Store } from '../storage/database.js'
import { lockForTransaction } from '../storage/locks.js'
import { deleteFailuresOfName, failureTotalsByName } from '../storage/signInThrottle.js'
import {
  deleteOtherSessionsOf,
  deleteSession,
  deleteSessionsOf,
  disableStaff,
  findSessionMember,
  findStaffById,
  findStaffByUsername,
  insertAuditEntry,
  insertSession,
  insertStaff,
  latestAuditEntries,
  listStaffAccounts,
  updatePasswordHash,
} from '../storage/staff.js'
import { materialiseSlots } from './booking.js'
import { hashPassword, passwordWeakness, unmatchablePasswordHash, verifyPassword } from './passwords.js'
import { nameKey } from './rateLimit.js'
import { challengeForSecondStep, passSecondStep, type SecretBox } from './secondFactor.js'
import { countSignInAttempt, defaultSignInThrottle, type SignInThrottle } from './signInThrottle.js'

/** Sessions end after this long (docs/staff.md). */
export const sessionLifetimeMs = 8 * 60 * 60 * 1000
/** The audit log screen shows this many of the newest entries. */
const auditPageSize = 500

/** Who did what, when, to which case: never the personal data itself. Runs in the caller's transaction when given one. */
export async function audit(db: Executor, staffId: string, action: string, subject?: string, now = new Date().toISOString()): Promise<void> {
  await insertAuditEntry(db, { staffId, action, subject: subject ?? null, at: now })
}

/** Creates a staff account (the CLI `npm run staff:add`, or an admin in the app); a name already taken is NAME_TAKEN. */
export async function addStaff(store: Store, username: string, password: string, role: StaffRole, now = new Date().toISOString()): Promise<StaffMember> {
  const account = parseNewStaffAccount({ username, role })
  // The passwords given here are generated (generatePassword); the strength rules are for chosen ones (changePassword).
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

/** A password for a new account, shown once to whoever made it: 120 random bits. */
export const generatePassword = () => randomBytes(15).toString('base64url')

/** An admin's new account, with its generated password (shown once; the server keeps only its hash). */
export async function createStaffAccount(store: Store, adminId: string, account: NewStaffAccount): Promise<StaffMember & { password: string }> {
  const password = generatePassword()
  const member = await addStaff(store, account.username, password, account.role)
  await audit(store.db, adminId, 'staff.created', `${member.username} (${member.role})`)
  return { ...member, password }
}

const sessionHash = (id: string) => createHash('sha256').update(id).digest('hex')

/** A session opened: its id for the cookie. */
export interface SignedIn {
  sessionId: string
  member: StaffMember
}

/**
 * Signs in from a client address. Every refusal is the same 401, whether the name is unknown,
 * the account disabled or the password wrong, and costs the same scrypt work; the throttle counts
 * every name alike (server/services/signInThrottle.ts), so its 429 says nothing about an account
 * either. Returns the session id for the cookie, or the challenge for the code step when the
 * member has a second factor.
 */
export async function signIn(store: Store, body: unknown, address: string, throttle: SignInThrottle = defaultSignInThrottle, now = Date.now()): Promise<SignedIn | SignInChallenge> {
  const refused = new DomainError('UNAUTHORIZED', 'Wrong name or password')
  const credentials = readSignIn(body)
  if (!credentials) throw refused
  const attempt = await countSignInAttempt(store, credentials.username, address, throttle, now)
  const staff = await findStaffByUsername(store.db, credentials.username)
  const matches = await verifyPassword(credentials.password, staff?.passwordHash ?? unmatchablePasswordHash)
  if (!staff || staff.disabledAt !== null || !matches) throw refused
  const member: StaffMember = { id: staff.id, username: staff.username, role: staff.role }
  return transact(store, async (tx) => {
    // The password was right, so this was no guess; code guesses have their own limit (secondFactor.ts).
    await attempt.succeeded(tx)
    // The second factor (services/secondFactor.ts) comes after the password: no session until its code step.
    const challenge = await challengeForSecondStep(tx, staff.id, now)
    return challenge ?? openSession(tx, member, now)
  })
}

/** The sign-in's code step (docs/staff.md): the challenge and a code give the session. */
export async function signInWithSecondFactor(store: Store, box: SecretBox, body: unknown, now = Date.now()): Promise<SignedIn> {
  const member = await passSecondStep(store, box, body, now)
  return transact(store, (tx) => openSession(tx, member, now))
}

async function openSession(tx: Executor, member: StaffMember, now: number): Promise<SignedIn> {
  const sessionId = randomBytes(32).toString('base64url')
  await insertSession(tx, { idHash: sessionHash(sessionId), staffId: member.id, expiresAt: now + sessionLifetimeMs, createdAt: new Date(now).toISOString() })
  await audit(tx, member.id, 'signIn', undefined, new Date(now).toISOString())
  return { sessionId, member }
}

/**
 * A member of staff chooses a new password: the current one is checked (and throttled like a
 * sign-in, so a session left open cannot be used to guess it), the new one must be strong
 * enough; every other session of theirs ends. Refusals carry the field they concern.
 */
export async function changePassword(
  store: Store,
  member: StaffMember,
  sessionId: string,
  change: PasswordChange,
  address: string,
  throttle: SignInThrottle = defaultSignInThrottle,
): Promise<void> {
  const attempt = await countSignInAttempt(store, member.username, address, throttle)
  const staff = await findStaffById(store.db, member.id)
  if (!staff || !(await verifyPassword(change.currentPassword, staff.passwordHash))) {
    throw new DomainError('PASSWORD_WRONG', 'The current password is not correct', { field: 'currentPassword' })
  }
  const weakness = await passwordWeakness(change.newPassword, member.username)
  const passwordHash = weakness ? undefined : await hashPassword(change.newPassword)
  await transact(store, async (tx) => {
    // The current password was right: this was no guess, whatever becomes of the new one.
    await attempt.succeeded(tx)
    if (!passwordHash) return
    await updatePasswordHash(tx, member.id, passwordHash)
    await deleteOtherSessionsOf(tx, member.id, sessionHash(sessionId))
    await audit(tx, member.id, 'password.changed')
  })
  if (weakness) throw new DomainError(weakness, 'The new password is not accepted', { field: 'newPassword' })
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

/** Failed sign-ins the throttle still remembers, per account; names without an account only as a total. */
export async function recentSignInFailures(store: Store, throttle: SignInThrottle = defaultSignInThrottle, now = Date.now()): Promise<SignInFailures> {
  const [accounts, totals] = await Promise.all([listStaffAccounts(store.db), failureTotalsByName(store.db, now - throttle.pair.forgetAfterMs)])
  const byKey = new Map(totals.map((total) => [total.nameKey, total]))
  const result: SignInFailures = { accounts: [], unknownNames: { failures: 0 } }
  for (const account of accounts) {
    const key = await nameKey(store, account.username)
    const total = byKey.get(key)
    if (!total) continue
    byKey.delete(key)
    result.accounts.push({ staffId: account.id, username: account.username, failures: total.failures, lastFailedAt: new Date(total.lastFailedAt).toISOString(), addresses: total.addresses })
  }
  for (const total of byKey.values()) result.unknownNames.failures += total.failures
  result.accounts.sort((a, b) => b.lastFailedAt.localeCompare(a.lastFailedAt))
  return result
}

/** Lifts the throttle on an account's name from every address, e.g. after someone was locked out by another's attempts. */
export async function unlockStaff(store: Store, adminId: string, staffId: string): Promise<void> {
  const staff = isEntityId(staffId) ? await findStaffById(store.db, staffId) : undefined
  if (!staff) throw new DomainError('NOT_FOUND', 'No such account')
  await transact(store, async (tx) => {
    await deleteFailuresOfName(tx, await nameKey(store, staff.username))
    await audit(tx, adminId, 'staff.unlocked', staff.username)
  })
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
