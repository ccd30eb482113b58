import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { DomainError } from '../../src/domain/errors.js'
import type { ApplicantCredentials } from '../../src/domain/sync.js'
import { isEntityId } from '../../src/domain/ids.js'
import { applicantOfReference, findApplicantByRecovery, findToken, insertApplicant, insertToken, replaceRecoveryHash, revokeTokens } from '../storage/applicants.js'
import { transact, type Executor, type Store } from '../storage/database.js'
import { findApplicantContact } from '../storage/mail.js'
import { audit } from './staff.js'

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

/** A new token for a new device, with the language the applicant last used; the other tokens keep working. */
export async function recoverApplicant(store: Store, recoveryCode: unknown, now = new Date().toISOString()): Promise<ApplicantCredentials> {
  const applicantId = typeof recoveryCode === 'string' ? await findApplicantByRecovery(store.db, hash(normaliseRecoveryCode(recoveryCode))) : undefined
  if (!applicantId) throw new DomainError('UNAUTHORIZED', 'Unknown recovery code')
  const [token, contact] = await Promise.all([issueToken(store.db, applicantId, now), findApplicantContact(store.db, applicantId)])
  return { applicantId, token, ...(contact?.locale ? { locale: contact.locale } : {}) }
}

/** The applicant a bearer token belongs to (and whether that device was signed out), or undefined. */
export function applicantForToken(store: Store, token: string): Promise<{ applicantId: string; revoked: boolean } | undefined> {
  return findToken(store.db, hash(token))
}

/**
 * A lost phone is signed out from another device (sync protocol step 1): with this applicant's
 * recovery code, every token but the caller's is revoked and the code is replaced by a new one,
 * so whoever holds the phone (and the old code it shows) can neither sync nor recover.
 * A code that is not this applicant's current one is FORBIDDEN, and nothing changes.
 */
export async function signOutOtherDevices(store: Store, applicantId: string, currentToken: string, recoveryCode: unknown, now = new Date().toISOString()): Promise<{ recoveryCode: string; signedOut: number }> {
  if (typeof recoveryCode !== 'string') throw wrongRecoveryCode()
  const fresh = newRecoveryCode()
  return transact(store, async (tx) => {
    // Compare-and-set: of two devices racing with the same code, only the first one gets through.
    if (!(await replaceRecoveryHash(tx, applicantId, hash(normaliseRecoveryCode(fresh)), hash(normaliseRecoveryCode(recoveryCode))))) throw wrongRecoveryCode()
    return { recoveryCode: fresh, signedOut: await revokeTokens(tx, applicantId, now, hash(currentToken)) }
  })
}

const wrongRecoveryCode = () => new DomainError('FORBIDDEN', 'This is not the current recovery code of this applicant')

/**
 * Staff end every device of an applicant on request (a phone lost, the visitor at the counter),
 * found by an application or booking reference; the new recovery code is shown once to hand over.
 * Audited by reference only.
 */
export async function revokeApplicantDevices(
  store: Store,
  staffId: string,
  reference: string,
  now = new Date().toISOString(),
): Promise<{ reference: string; recoveryCode: string; signedOut: number }> {
  const recoveryCode = newRecoveryCode()
  return transact(store, async (tx) => {
    const applicantId = isEntityId(reference) ? await applicantOfReference(tx, reference) : undefined
    if (!applicantId) throw new DomainError('NOT_FOUND', 'No application or booking with this reference')
    await replaceRecoveryHash(tx, applicantId, hash(normaliseRecoveryCode(recoveryCode)))
    const signedOut = await revokeTokens(tx, applicantId, now)
    await audit(tx, staffId, 'applicant.tokensRevoked', reference, now)
    return { reference, recoveryCode, signedOut }
  })
}
