import type { Request, RequestHandler } from 'express'
import { DomainError } from '../../src/domain/errors.js'
import { applicantForToken } from '../services/applicants.js'
import type { Store } from '../storage/database.js'

interface Caller {
  applicantId: string
  token: string
}

const callers = new WeakMap<Request, Caller>()
const unauthorized = () => new DomainError('UNAUTHORIZED', 'A valid applicant token is required')

async function callerOf(store: Store, header: string | null | undefined): Promise<Caller> {
  const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header ?? '')?.[1]
  const found = token ? await applicantForToken(store, token) : undefined
  if (!token || !found) throw unauthorized()
  // A device signed out by the applicant or by staff learns so, and stops syncing (sync protocol step 6).
  if (found.revoked) throw new DomainError('DEVICE_SIGNED_OUT', 'This device was signed out')
  return { applicantId: found.applicantId, token }
}

/** The applicant of an `Authorization: Bearer <token>` header, or UNAUTHORIZED / DEVICE_SIGNED_OUT (also used by the tus hooks). */
export async function applicantOfAuthorization(store: Store, header: string | null | undefined): Promise<string> {
  return (await callerOf(store, header)).applicantId
}

/** Requires `Authorization: Bearer <token>` of an applicant; 401 otherwise. */
export function requireApplicant(store: Store): RequestHandler {
  return async (req, _res, next) => {
    try {
      callers.set(req, await callerOf(store, req.get('authorization')))
      next()
    } catch (error) {
      next(error)
    }
  }
}

/** The applicant that requireApplicant found for this request. */
export function applicantOf(req: Request): string {
  return callerOfRequest(req).applicantId
}

/** The bearer token this request came with (the device that keeps its sign-in). */
export function tokenOf(req: Request): string {
  return callerOfRequest(req).token
}

function callerOfRequest(req: Request): Caller {
  const caller = callers.get(req)
  if (!caller) throw unauthorized()
  return caller
}
