import type { Database } from 'better-sqlite3'
import type { Request, RequestHandler } from 'express'
import { applicantForToken } from '../services/applicants.js'
import { HttpError } from './errors.js'

const applicants = new WeakMap<Request, string>()

/** Requires `Authorization: Bearer <token>` of an applicant; 401 otherwise. */
export function requireApplicant(db: Database): RequestHandler {
  return (req, _res, next) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(req.get('authorization') ?? '')
    const applicantId = match?.[1] ? applicantForToken(db, match[1]) : undefined
    if (!applicantId) {
      next(new HttpError(401, 'UNAUTHORIZED', 'A valid applicant token is required'))
      return
    }
    applicants.set(req, applicantId)
    next()
  }
}

/** The applicant that requireApplicant found for this request. */
export function applicantOf(req: Request): string {
  const applicantId = applicants.get(req)
  if (!applicantId) throw new HttpError(401, 'UNAUTHORIZED', 'A valid applicant token is required')
  return applicantId
}
