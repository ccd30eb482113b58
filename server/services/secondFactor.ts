import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { DomainError } from '../../src/domain/errors.js'
import {
  normaliseRecoveryCode,
  normaliseTotpCode,
  parseEnrolmentCode,
  parseSecondStep,
  recoveryCodeAlphabet,
  recoveryCodeLength,
  secondFactorRequiredFor,
  type SecondFactorEnrolment,
  type SecondFactorStatus,
  type SignInChallenge,
} from '../../src/domain/secondFactor.js'
import type { StaffMember } from '../../src/domain/staff.js'
import { transact, type Executor, type Store } from '../storage/database.js'
import {
  activateSecondFactor,
  consumeChallenge,
  consumeRecoveryCode,
  countRecoveryCodes,
  deleteSecondFactor,
  findChallengeMember,
  findSecondFactor,
  hasActiveSecondFactor,
  insertChallenge,
  findActiveStaffMember,
  insertRecoveryCodes,
  listActiveSecondFactorOwners,
  markStepUsed,
  upsertPendingSecondFactor,
} from '../storage/secondFactors.js'
import { deleteSessionsOf, findStaffByUsername, insertAuditEntry } from '../storage/staff.js'

/** The password step's challenge lasts this long (docs/staff.md). */
export const challengeLifetimeMs = 5 * 60 * 1000
const recoveryCodeCount = 10
const issuer = 'ABH Digital'
/** One step either side: a phone clock 30 s off, or a code typed just as it changed, still works. */
const acceptedSteps = 1

/**
 * Seals TOTP secrets for the database with AES-256-GCM under a key kept outside it
 * (server/storage/keyFile.ts). The member's id is the associated data, so a sealed secret copied
 * to another member's row does not open.
 */
export interface SecretBox {
  seal(staffId: string, secret: string): string
  open(staffId: string, sealed: string): string
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 256-bit key')
  return {
    seal(staffId, secret) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(staffId))
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
      return ['v1', iv.toString('base64'), sealed.toString('base64'), cipher.getAuthTag().toString('base64')].join(':')
    },
    open(staffId, sealed) {
      const [version, iv = '', ciphertext = '', tag = ''] = sealed.split(':')
      if (version !== 'v1') throw new Error('Unknown sealed secret format')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64')).setAAD(Buffer.from(staffId))
      decipher.setAuthTag(Buffer.from(tag, 'base64'))
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8')
    },
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

const totpOf = (username: string, base32: string) => new TOTP({ issuer, label: username, secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: 30 })

/** The time step a correct code belongs to, or undefined for a wrong one. */
function stepOfCode(totp: TOTP, code: string, now: number): number | undefined {
  const delta = totp.validate({ token: code, timestamp: now, window: acceptedSteps })
  return delta === null ? undefined : TOTP.counter({ period: totp.period, timestamp: now }) + delta
}

export async function secondFactorStatus(store: Store, member: StaffMember): Promise<SecondFactorStatus> {
  const active = await hasActiveSecondFactor(store.db, member.id)
  return { required: secondFactorRequiredFor(member.role), active, recoveryCodesLeft: active ? await countRecoveryCodes(store.db, member.id) : 0 }
}

/** The ids of the members with an active factor, for the admin's account list. */
export function membersWithSecondFactor(store: Store): Promise<string[]> {
  return listActiveSecondFactorOwners(store.db)
}

/** A caseworker or admin without an active factor may only enrol (or sign out) until they have one. */
export async function mustEnrolFirst(store: Store, member: StaffMember): Promise<boolean> {
  return secondFactorRequiredFor(member.role) && !(await hasActiveSecondFactor(store.db, member.id))
}

/** Starts enrolment with a new 160-bit secret (RFC 4226's recommendation); starting again replaces a pending one. */
export async function startEnrolment(store: Store, box: SecretBox, member: StaffMember, now = new Date().toISOString()): Promise<SecondFactorEnrolment> {
  const secret = new Secret({ size: 20 })
  const started = await upsertPendingSecondFactor(store.db, { staffId: member.id, secretEncrypted: box.seal(member.id, secret.base32), createdAt: now })
  if (!started) throw new DomainError('SECOND_FACTOR_ACTIVE', 'A second factor is already active')
  return { uri: totpOf(member.username, secret.base32).toString(), key: secret.base32 }
}

const newRecoveryCode = () => Array.from({ length: recoveryCodeLength }, () => recoveryCodeAlphabet[randomInt(recoveryCodeAlphabet.length)]).join('')

/** Confirms a pending enrolment with a current code: the factor is active from now on; the recovery codes are shown once. */
export async function confirmEnrolment(store: Store, box: SecretBox, member: StaffMember, body: unknown, now = Date.now()): Promise<{ recoveryCodes: string[] }> {
  const code = normaliseTotpCode(parseEnrolmentCode(body))
  const factor = await findSecondFactor(store.db, member.id)
  if (!factor) throw new DomainError('SECOND_FACTOR_NOT_STARTED', 'Start the enrolment first')
  if (factor.activatedAt !== null) throw new DomainError('SECOND_FACTOR_ACTIVE', 'A second factor is already active')
  const step = code === undefined ? undefined : stepOfCode(totpOf(member.username, box.open(member.id, factor.secretEncrypted)), code, now)
  if (step === undefined) throw new DomainError('SECOND_FACTOR_CODE_WRONG', 'Wrong code')
  const recoveryCodes = Array.from({ length: recoveryCodeCount }, newRecoveryCode)
  await transact(store, async (tx) => {
    // The secret must still be the one the code was checked against: a restarted enrolment needs its own code.
    if (!(await activateSecondFactor(tx, member.id, factor.secretEncrypted, step, new Date(now).toISOString()))) {
      throw new DomainError('SECOND_FACTOR_NOT_STARTED', 'The enrolment was started again')
    }
    await insertRecoveryCodes(tx, member.id, recoveryCodes.map(sha256))
    await insertAuditEntry(tx, { staffId: member.id, action: 'secondFactor.enrolled', subject: member.username, at: new Date(now).toISOString() })
  })
  return { recoveryCodes }
}

/**
 * After a correct password: a challenge for the code step when the member has an active factor,
 * undefined when the session may start at once. Runs in the sign-in's transaction.
 */
export async function challengeForSecondStep(db: Executor, staffId: string, now = Date.now()): Promise<SignInChallenge | undefined> {
  if (!(await hasActiveSecondFactor(db, staffId))) return undefined
  const challenge = randomBytes(32).toString('base64url')
  const expiresAt = now + challengeLifetimeMs
  await insertChallenge(db, { idHash: sha256(challenge), staffId, expiresAt, createdAt: new Date(now).toISOString() }, now)
  return { challenge, expiresAt: new Date(expiresAt).toISOString() }
}

/** Who a challenge belongs to (the code step's rate limit counts per member), while it is unexpired. */
export async function challengeOwner(store: Store, challenge: unknown, now = Date.now()): Promise<string | undefined> {
  if (typeof challenge !== 'string' || challenge.length > 128) return undefined
  return (await findChallengeMember(store.db, sha256(challenge), now))?.id
}

/**
 * The code step: the challenge with a current TOTP code (each time step accepted once) or an
 * unused recovery code (then used up). The challenge is used up too; the member to open a session for.
 */
export async function passSecondStep(store: Store, box: SecretBox, body: unknown, now = Date.now()): Promise<StaffMember> {
  const { challenge, code } = parseSecondStep(body)
  const expired = new DomainError('SECOND_FACTOR_CHALLENGE_EXPIRED', 'Sign in again')
  const wrong = new DomainError('SECOND_FACTOR_CODE_WRONG', 'Wrong code')
  const challengeHash = sha256(challenge)
  const member = await findChallengeMember(store.db, challengeHash, now)
  const factor = member && (await findSecondFactor(store.db, member.id))
  if (!member || !factor || factor.activatedAt === null) throw expired
  const totpCode = normaliseTotpCode(code)
  const recoveryCode = totpCode === undefined ? normaliseRecoveryCode(code) : undefined
  const step = totpCode === undefined ? undefined : stepOfCode(totpOf(member.username, box.open(member.id, factor.secretEncrypted)), totpCode, now)
  if (step === undefined && recoveryCode === undefined) throw wrong
  await transact(store, async (tx) => {
    if (step !== undefined) {
      if (!(await markStepUsed(tx, member.id, step))) throw new DomainError('SECOND_FACTOR_CODE_USED', 'This code was used already')
    } else if (recoveryCode !== undefined) {
      if (!(await consumeRecoveryCode(tx, member.id, sha256(recoveryCode)))) throw wrong
      await insertAuditEntry(tx, { staffId: member.id, action: 'secondFactor.recoveryCodeUsed', subject: member.username, at: new Date(now).toISOString() })
    }
    if (!(await consumeChallenge(tx, challengeHash, now))) throw expired
  })
  return member
}

/** A member lost their phone: an admin removes their factor (they enrol again at next sign-in) and ends their sessions. */
export async function resetSecondFactor(store: Store, adminId: string, staffId: string, now = new Date().toISOString()): Promise<void> {
  if (staffId === adminId) throw new DomainError('VALIDATION_FAILED', 'You cannot reset your own second factor')
  const member = await findActiveStaffMember(store.db, staffId)
  if (!member) throw new DomainError('NOT_FOUND', 'No such active account')
  await transact(store, async (tx) => {
    if (!(await deleteSecondFactor(tx, staffId))) throw new DomainError('NOT_FOUND', 'This account has no second factor')
    await deleteSessionsOf(tx, staffId)
    await insertAuditEntry(tx, { staffId: adminId, action: 'secondFactor.reset', subject: member.username, at: now })
  })
}

/**
 * The command line's reset (`npm run staff:reset-second-factor`), for when no other admin can:
 * audited under the member's own name, since no signed-in admin acted.
 */
export async function resetSecondFactorOf(store: Store, username: string): Promise<StaffMember> {
  const staff = await findStaffByUsername(store.db, username)
  if (!staff) throw new DomainError('NOT_FOUND', `No account "${username}"`)
  await transact(store, async (tx) => {
    await deleteSecondFactor(tx, staff.id)
    await deleteSessionsOf(tx, staff.id)
    await insertAuditEntry(tx, { staffId: staff.id, action: 'secondFactor.resetFromCommandLine', subject: staff.username, at: new Date().toISOString() })
  })
  return { id: staff.id, username: staff.username, role: staff.role }
}
