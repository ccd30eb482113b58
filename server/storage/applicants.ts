import type { Executor } from './database.js'

/** Data functions for applicants and their tokens; the executor comes first. */
export async function insertApplicant(db: Executor, applicant: { id: string; recoveryHash: string; createdAt: string }): Promise<void> {
  await db.insertInto('applicants').values({ id: applicant.id, recovery_hash: applicant.recoveryHash, created_at: applicant.createdAt }).execute()
}

export async function insertToken(db: Executor, token: { tokenHash: string; applicantId: string; createdAt: string }): Promise<void> {
  await db.insertInto('applicant_tokens').values({ token_hash: token.tokenHash, applicant_id: token.applicantId, created_at: token.createdAt }).execute()
}

/** A token's applicant, and whether the token was revoked (signed out) or still counts. */
export async function findToken(db: Executor, tokenHash: string): Promise<{ applicantId: string; revoked: boolean } | undefined> {
  const row = await db.selectFrom('applicant_tokens').select(['applicant_id', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst()
  return row && { applicantId: row.applicant_id, revoked: row.revoked_at !== null }
}

export async function findApplicantByRecovery(db: Executor, recoveryHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('applicants').select('id').where('recovery_hash', '=', recoveryHash).executeTakeFirst()
  return row?.id
}

/**
 * Replaces an applicant's recovery code; with `expectedHash`, only while that is still the code
 * (a compare-and-set: of two devices that race with one code, one wins). Whether a row changed.
 */
export async function replaceRecoveryHash(db: Executor, applicantId: string, newHash: string, expectedHash?: string): Promise<boolean> {
  let query = db.updateTable('applicants').set({ recovery_hash: newHash }).where('id', '=', applicantId)
  if (expectedHash !== undefined) query = query.where('recovery_hash', '=', expectedHash)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Signs out every device of an applicant that is still signed in, but the one kept; how many. */
export async function revokeTokens(db: Executor, applicantId: string, at: string, keepTokenHash?: string): Promise<number> {
  let query = db.updateTable('applicant_tokens').set({ revoked_at: at }).where('applicant_id', '=', applicantId).where('revoked_at', 'is', null)
  if (keepTokenHash !== undefined) query = query.where('token_hash', '!=', keepTokenHash)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The applicant behind an application reference (`ABH-…`) or a booking reference (`T-…`). */
export async function applicantOfReference(db: Executor, reference: string): Promise<string | undefined> {
  const application = await db.selectFrom('applications').select('applicant_id').where('reference', '=', reference).executeTakeFirst()
  if (application) return application.applicant_id
  const booking = await db.selectFrom('bookings').select('applicant_id').where('reference', '=', reference).executeTakeFirst()
  return booking?.applicant_id
}
