import type { Executor } from './database.js'

/** Data functions for applicants and their tokens; the executor comes first. */
export async function insertApplicant(db: Executor, applicant: { id: string; recoveryHash: string; createdAt: string }): Promise<void> {
  await db.insertInto('applicants').values({ id: applicant.id, recovery_hash: applicant.recoveryHash, created_at: applicant.createdAt }).execute()
}

export async function insertToken(db: Executor, token: { tokenHash: string; applicantId: string; createdAt: string }): Promise<void> {
  await db.insertInto('applicant_tokens').values({ token_hash: token.tokenHash, applicant_id: token.applicantId, created_at: token.createdAt }).execute()
}

export async function findApplicantByToken(db: Executor, tokenHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('applicant_tokens').select('applicant_id').where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst()
  return row?.applicant_id
}

export async function findApplicantByRecovery(db: Executor, recoveryHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('applicants').select('id').where('recovery_hash', '=', recoveryHash).executeTakeFirst()
  return row?.id
}
