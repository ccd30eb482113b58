import type { Database } from 'better-sqlite3'

/** Data functions for applicants and their tokens; the database handle comes first. */
export function insertApplicant(db: Database, applicant: { id: string; recoveryHash: string; createdAt: string }): void {
  db.prepare('INSERT INTO applicants (id, recovery_hash, created_at) VALUES (?, ?, ?)').run(applicant.id, applicant.recoveryHash, applicant.createdAt)
}

export function insertToken(db: Database, token: { tokenHash: string; applicantId: string; createdAt: string }): void {
  db.prepare('INSERT INTO applicant_tokens (token_hash, applicant_id, created_at) VALUES (?, ?, ?)').run(token.tokenHash, token.applicantId, token.createdAt)
}

export function findApplicantByToken(db: Database, tokenHash: string): string | undefined {
  const row = db.prepare('SELECT applicant_id FROM applicant_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(tokenHash) as
    | { applicant_id: string }
    | undefined
  return row?.applicant_id
}

export function findApplicantByRecovery(db: Database, recoveryHash: string): string | undefined {
  const row = db.prepare('SELECT id FROM applicants WHERE recovery_hash = ?').get(recoveryHash) as { id: string } | undefined
  return row?.id
}
