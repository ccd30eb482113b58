import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type { ErrorCode } from '../../src/domain/errors.js'
import { minPasswordLength } from '../../src/domain/staffSchemas.js'

/** Staff passwords: scrypt hashes, and the strength rules for a password someone chooses (docs/staff.md). */

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>
const scryptParams = { N: 2 ** 15, r: 8, p: 1 }
const maxmem = 64 * 1024 * 1024
const keyLength = 32

const encode = (salt: Buffer, key: Buffer) => `scrypt$${scryptParams.N}$${scryptParams.r}$${scryptParams.p}$${salt.toString('base64')}$${key.toString('base64')}`

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  return encode(salt, await scryptAsync(password, salt, keyLength, { ...scryptParams, maxmem }))
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem })
  return timingSafeEqual(actual, expected)
}

/**
 * What a name without an account (or a disabled one) is checked against, so that it costs the
 * same scrypt work as a real account: the same parameters, made once, with a random key that no
 * password derives.
 */
export const unmatchablePasswordHash = encode(randomBytes(16), randomBytes(keyLength))

type PasswordCheck = (password: string, userInputs: string[]) => { score: number }
let strengthCheck: Promise<{ check: PasswordCheck; common: Set<string> }> | undefined

/** zxcvbn-ts with its common dictionary, loaded on first use (building it takes a moment). */
function loadStrengthCheck() {
  strengthCheck ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(([{ ZxcvbnFactory }, common]) => {
    const zxcvbn = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs })
    return { check: (password: string, userInputs: string[]) => zxcvbn.check(password, userInputs), common: new Set(common.dictionary['passwords-common']) }
  })
  return strengthCheck
}

/** Parts of a name a password must not contain beside the whole name: `anna.schmidt` → `schmidt` (short parts are too common to refuse). */
const nameParts = (username: string) => [username, ...username.split(/[._-]/).filter((part) => part.length >= 4)]

/**
 * Why a password someone chose for `username` is refused, or undefined when it is fine: too short,
 * containing the name, among the dictionary's common passwords, or guessed too easily (zxcvbn score below 3).
 */
export async function passwordWeakness(password: string, username: string): Promise<ErrorCode | undefined> {
  if (password.length < minPasswordLength) return 'PASSWORD_TOO_SHORT'
  const folded = password.toLowerCase()
  if (nameParts(username.toLowerCase()).some((part) => folded.includes(part))) return 'PASSWORD_CONTAINS_NAME'
  const { check, common } = await loadStrengthCheck()
  if (common.has(folded)) return 'PASSWORD_TOO_COMMON'
  if (check(password, [username]).score < 3) return 'PASSWORD_TOO_WEAK'
  return undefined
}
