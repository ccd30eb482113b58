import { object, string } from 'yup'
import { parseInput } from './input.js'
import type { StaffRole } from './staff.js'

/**
 * The staff second factor (docs/staff.md): TOTP codes (RFC 6238, 6 digits, 30 s) with one-time
 * recovery codes. Shared by the server and the staff screens.
 */

/** Caseworkers and admins see personal data of many applicants: for them the factor is required. */
export const secondFactorRequiredFor = (role: StaffRole): boolean => role !== 'frontdesk'

export interface SecondFactorStatus {
  required: boolean
  active: boolean
  /** Recovery codes not used yet (0 without an active factor). */
  recoveryCodesLeft: number
}

/** A started enrolment: the otpauth:// URI for the QR code and the same secret in base32 for typing in. */
export interface SecondFactorEnrolment {
  uri: string
  key: string
}

/** The answer to a correct password when the member has a factor: no session yet, this challenge for the code step. */
export interface SignInChallenge {
  challenge: string
  expiresAt: string
}

const totpCodePattern = /^\d{6}$/
/** Recovery codes: 16 of these (about 79 bits), letters and digits nobody confuses (no 0/O, 1/I/L). */
export const recoveryCodeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const recoveryCodeLength = 16

/** A 6-digit code from the authenticator app (spaces a user typed in are ignored). */
export const normaliseTotpCode = (code: string): string | undefined => {
  const digits = code.replace(/\s/g, '')
  return totpCodePattern.test(digits) ? digits : undefined
}

/** A recovery code as typed: case, spaces and dashes do not matter. */
export const normaliseRecoveryCode = (code: string): string | undefined => {
  const letters = code.toUpperCase().replace(/[\s-]/g, '')
  return letters.length === recoveryCodeLength && [...letters].every((letter) => recoveryCodeAlphabet.includes(letter)) ? letters : undefined
}

/** Splits a key or code into groups of four for reading aloud or typing: `ABCD EFGH …`. */
export const groupedForReading = (text: string, separator = ' '): string => (text.match(/.{1,4}/g) ?? []).join(separator)

const codeRequired = 'code is required'
const codeSchema = object({ code: string().defined(codeRequired).max(64, codeRequired) })
const secondStepSchema = object({
  challenge: string().defined('challenge and code are required').max(128, 'challenge and code are required'),
  code: string().defined('challenge and code are required').max(64, 'challenge and code are required'),
})

/** The code that confirms an enrolment. */
export const parseEnrolmentCode = (body: unknown): string => parseInput(codeSchema, body).code

/** The sign-in's second request: the challenge of the first and a TOTP or recovery code. */
export const parseSecondStep = (body: unknown): { challenge: string; code: string } => parseInput(secondStepSchema, body)
