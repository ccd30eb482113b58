import type { StaffMember, StaffRole } from '../../src/domain/staff.js'
import type { Executor } from './database.js'

/** Data functions for the staff second factor: secrets, recovery codes, sign-in challenges; the executor comes first. */

export interface StoredSecondFactor {
  staffId: string
  /** AES-256-GCM ciphertext (server/services/secondFactor.ts), never the secret itself. */
  secretEncrypted: string
  /** Null while the enrolment waits for its first code. */
  activatedAt: string | null
  /** The last TOTP time step accepted: a code of that step or an earlier one is a replay. */
  lastUsedStep: number | null
}

export async function findSecondFactor(db: Executor, staffId: string): Promise<StoredSecondFactor | undefined> {
  const row = await db.selectFrom('staff_second_factors').selectAll().where('staff_id', '=', staffId).executeTakeFirst()
  return (
    row && {
      staffId: row.staff_id,
      secretEncrypted: row.secret_encrypted,
      activatedAt: row.activated_at,
      lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
    }
  )
}

/** The members with a factor they confirmed (the admin's account list marks them). */
export async function listActiveSecondFactorOwners(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('staff_second_factors').select('staff_id').where('activated_at', 'is not', null).orderBy('staff_id').execute()
  return rows.map((row) => row.staff_id)
}

/** True when the member has a factor they confirmed. */
export async function hasActiveSecondFactor(db: Executor, staffId: string): Promise<boolean> {
  const row = await db.selectFrom('staff_second_factors').select('staff_id').where('staff_id', '=', staffId).where('activated_at', 'is not', null).executeTakeFirst()
  return row !== undefined
}

/**
 * Starts (or starts again) an enrolment with a new secret, in one statement. An active factor is
 * left alone: the answer is then false, and only an admin's reset removes it.
 */
export async function upsertPendingSecondFactor(db: Executor, factor: { staffId: string; secretEncrypted: string; createdAt: string }): Promise<boolean> {
  const result = await db
    .insertInto('staff_second_factors')
    .values({ staff_id: factor.staffId, secret_encrypted: factor.secretEncrypted, activated_at: null, last_used_step: null, created_at: factor.createdAt })
    .onConflict((conflict) =>
      conflict
        .column('staff_id')
        .doUpdateSet({ secret_encrypted: factor.secretEncrypted, last_used_step: null, created_at: factor.createdAt })
        .where('staff_second_factors.activated_at', 'is', null),
    )
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
}

/**
 * Activates a pending factor with the step of the code that confirmed it, unless another request
 * did so first (or the secret changed meanwhile): true when this call activated it.
 */
export async function activateSecondFactor(db: Executor, staffId: string, secretEncrypted: string, step: number, activatedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_second_factors')
    .set({ activated_at: activatedAt, last_used_step: step })
    .where('staff_id', '=', staffId)
    .where('secret_encrypted', '=', secretEncrypted)
    .where('activated_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Records a code's time step as used, in one statement, so the same code sent twice (to two
 * instances at once, too) is accepted only once: true when this step was newer than the last.
 */
export async function markStepUsed(db: Executor, staffId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_second_factors')
    .set({ last_used_step: step })
    .where('staff_id', '=', staffId)
    .where('activated_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Removes the factor and its recovery codes (an admin's reset); true when there was one. */
export async function deleteSecondFactor(db: Executor, staffId: string): Promise<boolean> {
  await db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute()
  await db.deleteFrom('staff_sign_in_challenges').where('staff_id', '=', staffId).execute()
  const result = await db.deleteFrom('staff_second_factors').where('staff_id', '=', staffId).executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}

export async function insertRecoveryCodes(db: Executor, staffId: string, codeHashes: readonly string[]): Promise<void> {
  await db
    .insertInto('staff_recovery_codes')
    .values(codeHashes.map((codeHash) => ({ staff_id: staffId, code_hash: codeHash })))
    .execute()
}

/** Uses up a recovery code: true only for the one request that deleted it. */
export async function consumeRecoveryCode(db: Executor, staffId: string, codeHash: string): Promise<boolean> {
  const result = await db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).where('code_hash', '=', codeHash).executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}

export async function countRecoveryCodes(db: Executor, staffId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('staff_id', '=', staffId)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** A new challenge; expired ones of anybody are cleared on the way (the table stays small). */
export async function insertChallenge(db: Executor, challenge: { idHash: string; staffId: string; expiresAt: number; createdAt: string }, now: number): Promise<void> {
  await db.deleteFrom('staff_sign_in_challenges').where('expires_at', '<=', now).execute()
  await db
    .insertInto('staff_sign_in_challenges')
    .values({ id_hash: challenge.idHash, staff_id: challenge.staffId, expires_at: challenge.expiresAt, created_at: challenge.createdAt })
    .execute()
}

/** The active member an unexpired challenge belongs to. */
export async function findChallengeMember(db: Executor, idHash: string, now: number): Promise<StaffMember | undefined> {
  const row = await db
    .selectFrom('staff_sign_in_challenges')
    .innerJoin('staff', 'staff.id', 'staff_sign_in_challenges.staff_id')
    .select(['staff.id', 'staff.username', 'staff.role'])
    .where('staff_sign_in_challenges.id_hash', '=', idHash)
    .where('staff_sign_in_challenges.expires_at', '>', now)
    .where('staff.disabled_at', 'is', null)
    .executeTakeFirst()
  return row && { id: row.id, username: row.username, role: row.role as StaffRole }
}

/** An account that is not disabled, by id (whose factor an admin resets). */
export async function findActiveStaffMember(db: Executor, staffId: string): Promise<StaffMember | undefined> {
  const row = await db.selectFrom('staff').select(['id', 'username', 'role']).where('id', '=', staffId).where('disabled_at', 'is', null).executeTakeFirst()
  return row && { id: row.id, username: row.username, role: row.role as StaffRole }
}

/** Uses up an unexpired challenge: true only for the one request that deleted it. */
export async function consumeChallenge(db: Executor, idHash: string, now: number): Promise<boolean> {
  const result = await db.deleteFrom('staff_sign_in_challenges').where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
