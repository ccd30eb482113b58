import type { AuditEntry, StaffAccount, StaffMember, StaffRole } from '../../src/domain/staff.js'
import type { Executor } from './database.js'

/** Data functions for staff accounts, their sessions and the audit log; the executor comes first. */

export interface StoredStaff extends StaffMember {
  passwordHash: string
  disabledAt: string | null
}

export async function insertStaff(db: Executor, staff: StaffMember & { passwordHash: string; createdAt: string }): Promise<void> {
  await db
    .insertInto('staff')
    .values({ id: staff.id, username: staff.username, password_hash: staff.passwordHash, role: staff.role, created_at: staff.createdAt })
    .execute()
}

const storedStaff = (db: Executor) => db.selectFrom('staff').select(['id', 'username', 'role', 'password_hash', 'disabled_at'])

const toStoredStaff = (row: { id: string; username: string; role: string; password_hash: string; disabled_at: string | null } | undefined): StoredStaff | undefined =>
  row && { id: row.id, username: row.username, role: row.role as StaffRole, passwordHash: row.password_hash, disabledAt: row.disabled_at }

export async function findStaffByUsername(db: Executor, username: string): Promise<StoredStaff | undefined> {
  return toStoredStaff(await storedStaff(db).where('username', '=', username).executeTakeFirst())
}

export async function findStaffById(db: Executor, staffId: string): Promise<StoredStaff | undefined> {
  return toStoredStaff(await storedStaff(db).where('id', '=', staffId).executeTakeFirst())
}

export async function updatePasswordHash(db: Executor, staffId: string, passwordHash: string): Promise<void> {
  await db.updateTable('staff').set({ password_hash: passwordHash }).where('id', '=', staffId).execute()
}

export async function listStaffAccounts(db: Executor): Promise<StaffAccount[]> {
  const rows = await db.selectFrom('staff').select(['id', 'username', 'role', 'created_at', 'disabled_at']).orderBy('username').execute()
  return rows.map((row) => ({ id: row.id, username: row.username, role: row.role as StaffRole, createdAt: row.created_at, disabled: row.disabled_at !== null }))
}

/** Marks an active account as disabled; its username, or undefined when there is no such active account. */
export async function disableStaff(db: Executor, staffId: string, disabledAt: string): Promise<string | undefined> {
  const row = await db
    .updateTable('staff')
    .set({ disabled_at: disabledAt })
    .where('id', '=', staffId)
    .where('disabled_at', 'is', null)
    .returning('username')
    .executeTakeFirst()
  return row?.username
}

export async function insertSession(db: Executor, session: { idHash: string; staffId: string; expiresAt: number; createdAt: string }): Promise<void> {
  await db
    .insertInto('staff_sessions')
    .values({ id_hash: session.idHash, staff_id: session.staffId, expires_at: session.expiresAt, created_at: session.createdAt })
    .execute()
}

/** The member of an unexpired session of an active account. */
export async function findSessionMember(db: Executor, idHash: string, now: number): Promise<StaffMember | undefined> {
  const row = await db
    .selectFrom('staff_sessions')
    .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
    .select(['staff.id', 'staff.username', 'staff.role'])
    .where('staff_sessions.id_hash', '=', idHash)
    .where('staff_sessions.expires_at', '>', now)
    .where('staff.disabled_at', 'is', null)
    .executeTakeFirst()
  return row && { id: row.id, username: row.username, role: row.role as StaffRole }
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', idHash).execute()
}

export async function deleteSessionsOf(db: Executor, staffId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute()
}

/** Every session of a member but the one given (they changed their password in it). */
export async function deleteOtherSessionsOf(db: Executor, staffId: string, keptIdHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).where('id_hash', '!=', keptIdHash).execute()
}

export async function insertAuditEntry(db: Executor, entry: { staffId: string; action: string; subject: string | null; at: string }): Promise<void> {
  await db.insertInto('audit_log').values({ staff_id: entry.staffId, action: entry.action, subject: entry.subject, at: entry.at }).execute()
}

/** The newest entries first, with the name of who acted. */
export async function latestAuditEntries(db: Executor, limit: number): Promise<AuditEntry[]> {
  return db
    .selectFrom('audit_log')
    .innerJoin('staff', 'staff.id', 'audit_log.staff_id')
    .select(['audit_log.at', 'staff.username', 'audit_log.action', 'audit_log.subject'])
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute()
}
