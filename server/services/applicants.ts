import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { DomainError } from '../../src/domain/errors.js'
import type { ApplicantCredentials } from '../../src/domain/sync.js'
import { findApplicantByRecovery, findApplicantByToken, insertApplicant, insertToken } from '../storage/applicants.js'
import { transact, type Executor, type Store } from '../storage/database.js'

/** Tokens and recovery codes carry ≥ 100 random bits, so a plain SHA-256 is a sufficient hash. */
const hash = (secret: string) => createHash('sha256').update(secret).digest('hex')

// Crockford's base32: no I, L, O, U, so a code read aloud or typed from paper is unambiguous.
const recoveryAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function newRecoveryCode(): string {
  const bytes = randomBytes(20)
  const characters = [...bytes].map((byte) => recoveryAlphabet[byte % 32]).join('')
  return characters.match(/.{5}/g)?.join('-') ?? characters
}

/** Upper case, separators dropped, and the letters people confuse with digits read as digits. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

async function issueToken(db: Executor, applicantId: string, now: string): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await insertToken(db, { tokenHash: hash(token), applicantId, createdAt: now })
  return token
}

/** A new applicant with a token for this device and a recovery code for the next. */
export async function registerApplicant(store: Store, now = new Date().toISOString()): Promise<ApplicantCredentials> {
  const applicantId = randomUUID()
  const recoveryCode = newRecoveryCode()
  return transact(store, async (tx) => {
    await insertApplicant(tx, { id: applicantId, recoveryHash: hash(normaliseRecoveryCode(recoveryCode)), createdAt: now })
    return { applicantId, token: await issueToken(tx, applicantId, now), recoveryCode }
  })
}

/** A new token for a new device; the applicant's other tokens keep working. */
export async function recoverApplicant(store: Store, recoveryCode: unknown, now = new Date().toISOString()): Promise<ApplicantCredentials> {
  const applicantId = typeof recoveryCode === 'string' ? await findApplicantByRecovery(store.db, hash(normaliseRecoveryCode(recoveryCode))) : undefined
  if (!applicantId) throw new DomainError('UNAUTHORIZED', 'Unknown recovery code')
  return { applicantId, token: await issueToken(store.db, applicantId, now) }
}

/** The applicant a bearer token belongs to, or undefined. */
export function applicantForToken(store: Store, token: string): Promise<string | undefined> {
  return findApplicantByToken(store.db, hash(token))
}
