import { ERRORS, Server } from '@tus/server'
import { DomainError, type ErrorCode } from '../../src/domain/errors.js'
import { toDomainError } from './errors.js'

type TusErrorName = keyof typeof ERRORS

/**
 * The code each refusal of tus's ERRORS table answers with; each code's status (statusOfCode)
 * is the one tus gives it, since tus clients read only the status. A tus upgrade that adds an
 * entry fails to compile here.
 */
export const codeOfTusError: Record<TusErrorName, ErrorCode> = {
  MISSING_OFFSET: 'UPLOAD_HEADERS_MISSING',
  INVALID_CONTENT_TYPE: 'UPLOAD_HEADERS_MISSING',
  INVALID_LENGTH: 'UPLOAD_HEADERS_INVALID',
  INVALID_METADATA: 'UPLOAD_HEADERS_INVALID',
  FILE_NOT_FOUND: 'NOT_FOUND',
  INVALID_OFFSET: 'UPLOAD_OFFSET_MISMATCH',
  FILE_NO_LONGER_EXISTS: 'UPLOAD_EXPIRED',
  ERR_SIZE_EXCEEDED: 'PAYLOAD_TOO_LARGE',
  ERR_MAX_SIZE_EXCEEDED: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_CONCATENATION_EXTENSION: 'UPLOAD_EXTENSION_UNSUPPORTED',
  UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION: 'UPLOAD_EXTENSION_UNSUPPORTED',
  UNSUPPORTED_EXPIRATION_EXTENSION: 'UPLOAD_EXTENSION_UNSUPPORTED',
  // A request cut short because a newer one for the same upload took its lock, and the
  // termination of a finished upload (refused only under an option we do not set).
  ABORTED: 'BAD_REQUEST',
  INVALID_TERMINATION: 'BAD_REQUEST',
  ERR_LOCK_TIMEOUT: 'INTERNAL_ERROR',
  FILE_WRITE_ERROR: 'INTERNAL_ERROR',
  UNKNOWN_ERROR: 'INTERNAL_ERROR',
}

/**
 * The checks tus makes before any handler, which it answers through `Server.write` without
 * `onResponseError`: each has a status of its own.
 */
export const codeOfTusCheck: Record<number, ErrorCode> = {
  // No Tus-Resumable header.
  412: 'TUS_VERSION_REQUIRED',
  // A tus header with an invalid value (Upload-Length, Upload-Offset, Upload-Metadata, the
  // Content-Type of a PATCH, a Tus-Resumable other than 1.0.0 …); tus names them in its text.
  400: 'UPLOAD_HEADERS_INVALID',
  // A method tus has no handler for.
  404: 'NOT_FOUND',
}

// Matched by text, not identity: tus copies some entries (its stream limiter's size error).
const tusRefusalsByBody = new Map<string, { code: ErrorCode; message: string }>(
  Object.entries(ERRORS).map(([name, entry]) => [entry.body, { code: codeOfTusError[name as TusErrorName], message: entry.body.trim() }]),
)

/** A refusal from tus's ERRORS table or from our hooks as a domain error; anything else as it is. */
export function domainErrorOfTus(error: unknown): unknown {
  const tus = tusRefusalsByBody.get((error as { body?: unknown } | null)?.body as string)
  if (tus) return new DomainError(tus.code, tus.message)
  return toDomainError(error) ?? error
}

/**
 * tus whose refusals reach our error handler, so they carry `{ code, message }` like any other
 * answer of the API (tus's own are text): errors of its handlers and of our hooks through
 * `onResponseError`, the checks it makes before its handlers through `write`, which it calls
 * only for refusals. `handle` then rejects with the domain error, for the route to pass on.
 */
export class TusServerWithOurRefusals extends Server {
  constructor(options: Omit<ConstructorParameters<typeof Server>[0], 'onResponseError'>) {
    super({
      ...options,
      onResponseError: (_req, error) => {
        throw domainErrorOfTus(error)
      },
    })
  }

  override write(...[context, headers, status, body]: Parameters<Server['write']>): ReturnType<Server['write']> {
    const code = codeOfTusCheck[status]
    // A check a later tus adds, with a status of its own, keeps tus's answer until it is mapped.
    if (!code) return super.write(context, headers, status, body)
    return Promise.reject(new DomainError(code, (body ?? '').trim()))
  }
}
