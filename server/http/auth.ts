import type { Request, RequestHandler } from 'express'
import { DomainError } from '../../src/domain/errors.js'
import { applicantForToken } from '../services/applicants.js'
import type { Store } from '../storage/database.js'

const applicants = new WeakMap<Request, string>()
const unauthorized = () => new DomainError('UNAUTHORIZED', 'A valid applicant token is required')

/** The applicant of an `Authorization: Bearer <token>` header, or UNAUTHORIZED (also used by the tus hooks). */
export async function applicantOfAuthorization(store: Store, header: string | null | undefined): Promise<string> {
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header ?? '')
  const applicantId = match?.[1] ? await applicantForToken(store, match[1]) : undefined
  if (!applicantId) throw unauthorized()
  return applicantId
}

/** Requires `Authorization: Bearer <token>` of an applicant; 401 otherwise. */
export function requireApplicant(store: Store): RequestHandler {
  return async (req, _res, next) => {
    try {
      applicants.set(req, await applicantOfAuthorization(store, req.get('authorization')))
      next()
    } catch (error) {
      next(error)
    }
  }
}

/** The applicant that requireApplicant found for this request. */
export function applicantOf(req: Request): string {
  const applicantId = applicants.get(req)
  if (!applicantId) throw unauthorized()
  return applicantId
}
