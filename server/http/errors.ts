import type { ErrorRequestHandler, RequestHandler } from 'express'
import { DomainError, type ApiErrorBody, type ErrorCode } from '../../src/domain/errors.js'
import { isDatabaseUnavailable } from '../storage/database.js'

/** The one place that knows which HTTP status each domain code answers with. */
export const statusOfCode: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UPLOAD_HEADERS_INVALID: 400,
  INVALID_JSON: 400,
  BODY_TOO_COMPLEX: 400,
  UNAUTHORIZED: 401,
  SECOND_FACTOR_CHALLENGE_EXPIRED: 401,
  DEVICE_SIGNED_OUT: 401,
  FORBIDDEN: 403,
  UPLOAD_HEADERS_MISSING: 403,
  SECOND_FACTOR_REQUIRED: 403,
  NOT_FOUND: 404,
  NOBODY_WAITING: 404,
  ALREADY_SUBMITTED: 409,
  SLOT_TAKEN: 409,
  NAME_TAKEN: 409,
  STATUS_NOT_ALLOWED: 409,
  BOOKING_LIMIT: 409,
  BOOKING_NOT_CHANGEABLE: 409,
  CONTACT_CLOSED: 409,
  SECOND_FACTOR_CODE_USED: 409,
  SECOND_FACTOR_ACTIVE: 409,
  SECOND_FACTOR_NOT_STARTED: 409,
  UPLOAD_OFFSET_MISMATCH: 409,
  UPLOAD_EXPIRED: 410,
  REVISION_MISMATCH: 412,
  TUS_VERSION_REQUIRED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  DOCUMENTS_MISSING: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  CHECKSUM_MISMATCH: 422,
  IMAGE_TOO_LARGE: 422,
  PASSWORD_WRONG: 422,
  PASSWORD_TOO_SHORT: 422,
  PASSWORD_CONTAINS_NAME: 422,
  PASSWORD_TOO_COMMON: 422,
  PASSWORD_TOO_WEAK: 422,
  SECOND_FACTOR_CODE_WRONG: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  UPLOAD_EXTENSION_UNSUPPORTED: 501,
  DATABASE_UNAVAILABLE: 503,
}

/** Unknown /api paths answer JSON, never the app shell. */
export const apiNotFound: RequestHandler = (_req, _res, next) => {
  next(new DomainError('NOT_FOUND', 'No such API endpoint'))
}

interface BodyParserError {
  type?: string
  status?: number
}

/** Errors of Express, its body parsers and the database driver, read as domain errors. */
export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error
  const type = (error as BodyParserError | null)?.type
  if (type === 'entity.too.large') return new DomainError('PAYLOAD_TOO_LARGE', 'Request body is too large')
  if (type === 'entity.parse.failed') return new DomainError('INVALID_JSON', 'Request body is not valid JSON')
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding')
  if (isDatabaseUnavailable(error)) return new DomainError('DATABASE_UNAVAILABLE', 'The database is not available')
  // Errors Express or its parsers raise for a bad request (a malformed URL, say) carry a 4xx status.
  const status = (error as BodyParserError | null)?.status
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return status === 404 ? new DomainError('NOT_FOUND', 'Not found') : new DomainError('BAD_REQUEST', 'Bad request')
  }
  return undefined
}

/** The status and body an error is answered with: `{ code, message, …details }`, never a stack trace. */
export function errorReply(error: DomainError): { status: number; body: ApiErrorBody & Record<string, unknown> } {
  return { status: statusOfCode[error.code], body: { ...error.details, code: error.code, message: error.message } }
}

/**
 * Mounted last. Unexpected errors are logged by name and stack frames only: messages may carry
 * personal data from a request.
 */
export function createErrorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error)
      return
    }
    const known = toDomainError(error)
    if (!known) log(describeUnexpectedError(error, req.method))
    const { status, body } = errorReply(known ?? new DomainError('INTERNAL_ERROR', 'Internal server error'))
    const retryAfter = known?.details?.retryAfterSeconds
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter))
    if (status === 503) res.setHeader('Retry-After', '5')
    res.status(status).json(body)
  }
}

function describeUnexpectedError(error: unknown, method: string): string {
  if (!(error instanceof Error)) return `unexpected error (${typeof error}) during ${method}`
  const frames = (error.stack ?? '').split('\n').slice(1).join('\n')
  return `unexpected ${error.name} during ${method}\n${frames}`
}
