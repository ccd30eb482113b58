import type { AuditEntry, StaffAccount, StaffMember, StaffRole } from '../../src/domain/staff.js'
import type { Executor } from './database.js'

/** Data functions for staff accounts, their sessions and the audit log; the executor comes first. */

export interface StoredStaff extends StaffMember {
  passwordHash: string
  failedAttempts: number
  /** Milliseconds since the epoch; sign-in is refused before then. */
  lockedUntil: number | null
  disabledAt: string | null
}

export async function insertStaff(db: Executor, staff: StaffMember & { passwordHash: string; createdAt: string }): Promise<void> {
  await db
    .insertInto('staff')
    .values({ id: staff.id, username: staff.username, password_hash: staff.passwordHash, role: staff.role, created_at: staff.createdAt })
    .execute()
}

export async function findStaffByUsername(db: Executor, username: string): Promise<StoredStaff | undefined> {
  const row = await db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst()
  return (
    row && {
      id: row.id,
      username: row.username,
      role: row.role as StaffRole,
      passwordHash: row.password_hash,
      failedAttempts: row.failed_attempts,
      lockedUntil: row.locked_until,
      disabledAt: row.disabled_at,
    }
  )
}

/**
 * Counts a wrong password in one statement, so attempts arriving at several instances at once
 * are all counted: the `lockAfter`-th locks the account until `lockedUntil` and starts the count again.
 */
export async function countFailedSignIn(db: Executor, staffId: string, lockAfter: number, lockedUntil: number): Promise<void> {
  await db
    .updateTable('staff')
    .set((eb) => ({
      failed_attempts: eb.case().when('failed_attempts', '>=', lockAfter - 1).then(0).else(eb('failed_attempts', '+', 1)).end(),
      locked_until: eb.case().when('failed_attempts', '>=', lockAfter - 1).then(lockedUntil).else(eb.ref('locked_until')).end(),
    }))
    .where('id', '=', staffId)
    .execute()
}

export async function clearFailedSignIns(db: Executor, staffId: string): Promise<void> {
  await db.updateTable('staff').set({ failed_attempts: 0, locked_until: null }).where('id', '=', staffId).execute()
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
