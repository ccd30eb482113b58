/**
 * Stable machine codes for every error the API answers with. The server sends
 * `{ code, message }`; the page shows the text under `errors.<code>` in the chosen language.
 */
export const errorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'REVISION_MISMATCH',
  'ALREADY_SUBMITTED',
  'DOCUMENTS_MISSING',
  'IDEMPOTENCY_KEY_REUSED',
  'SLOT_TAKEN',
  'NAME_TAKEN',
  'NOBODY_WAITING',
  'STATUS_NOT_ALLOWED',
  'BOOKING_LIMIT',
  'BOOKING_NOT_CHANGEABLE',
  'CONTACT_CLOSED',
  'RATE_LIMITED',
  'SECOND_FACTOR_REQUIRED',
  'SECOND_FACTOR_CODE_WRONG',
  'SECOND_FACTOR_CODE_USED',
  'SECOND_FACTOR_CHALLENGE_EXPIRED',
  'SECOND_FACTOR_ACTIVE',
  'SECOND_FACTOR_NOT_STARTED',
  'PAYLOAD_TOO_LARGE',
  'TUS_VERSION_REQUIRED',
  'UPLOAD_HEADERS_INVALID',
  'UPLOAD_HEADERS_MISSING',
  'UPLOAD_OFFSET_MISMATCH',
  'UPLOAD_EXPIRED',
  'UPLOAD_EXTENSION_UNSUPPORTED',
  'CHECKSUM_MISMATCH',
  'IMAGE_TOO_LARGE',
  'PASSWORD_WRONG',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_CONTAINS_NAME',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_TOO_WEAK',
  'INVALID_JSON',
  'BODY_TOO_COMPLEX',
  'DEVICE_SIGNED_OUT',
  'UNSUPPORTED_MEDIA_TYPE',
  'DATABASE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const

export type ErrorCode = (typeof errorCodes)[number]

export interface ApiErrorBody {
  code: ErrorCode
  message: string
}

export function errorMessageKey(code: ErrorCode): string {
  return `errors.${code}`
}

/**
 * A refusal with a stable code, thrown by the services (and the domain's parsers) on both sides.
 * `details` travel in the answer beside code and message (missing documents, alternatives …).
 * Only the server's routes know which HTTP status a code has (server/http/errors.ts).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}
