import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { ApiErrorBody, ErrorCode } from '../../src/domain/errors.js'

/** An error with an HTTP status and a stable code; services throw it, the handler answers it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

/** Unknown /api paths answer JSON, never the app shell. */
export const apiNotFound: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, 'NOT_FOUND', 'No such API endpoint'))
}

interface BodyParserError {
  type?: string
  status?: number
}

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error
  const type = (error as BodyParserError | null)?.type
  if (type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large')
  if (type === 'entity.parse.failed') return new HttpError(400, 'INVALID_JSON', 'Request body is not valid JSON')
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding')
  }
  // Errors Express or its parsers raise for a bad request (a malformed URL, say) carry a 4xx status.
  const status = (error as BodyParserError | null)?.status
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return status === 404 ? new HttpError(404, 'NOT_FOUND', 'Not found') : new HttpError(400, 'BAD_REQUEST', 'Bad request')
  }
  return undefined
}

/**
 * Mounted last. Answers `{ code, message }` and never a stack trace. Unexpected errors are logged
 * by name and stack frames only: messages may carry personal data from a request.
 */
export function createErrorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error)
      return
    }
    const known = toHttpError(error)
    if (!known) log(describeUnexpectedError(error, req.method))
    const status = known?.status ?? 500
    const body: ApiErrorBody = {
      code: known?.code ?? 'INTERNAL_ERROR',
      message: known?.message ?? 'Internal server error',
    }
    const details = (known as { details?: Record<string, unknown> } | undefined)?.details
    res.status(status).json(details ? { ...body, ...details } : body)
  }
}

function describeUnexpectedError(error: unknown, method: string): string {
  if (!(error instanceof Error)) return `unexpected error (${typeof error}) during ${method}`
  const frames = (error.stack ?? '').split('\n').slice(1).join('\n')
  return `unexpected ${error.name} during ${method}\n${frames}`
}
