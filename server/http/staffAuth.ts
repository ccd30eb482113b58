import type { Request, RequestHandler, Response } from 'express'
import { DomainError } from '../../src/domain/errors.js'
import type { StaffMember, StaffRole } from '../../src/domain/staff.js'
import { mustEnrolFirst } from '../services/secondFactor.js'
import { memberForSession, sessionLifetimeMs } from '../services/staff.js'
import type { Store } from '../storage/database.js'

export const staffCookie = 'abh_staff'
const members = new WeakMap<Request, StaffMember>()
const signInRequired = () => new DomainError('UNAUTHORIZED', 'Please sign in')

export function sessionIdOf(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === staffCookie) return value.join('=')
  }
  return undefined
}

/** Hands the new session's cookie to the browser (httpOnly, SameSite=Strict, only for /api). */
export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  const secure = req.secure ? '; Secure' : ''
  res.setHeader('Set-Cookie', `${staffCookie}=${sessionId}; HttpOnly; SameSite=Strict; Path=/api; Max-Age=${sessionLifetimeMs / 1000}${secure}`)
}

/**
 * Staff endpoints: a valid session cookie with one of the roles, and for anything that changes
 * state an Origin header of this very site (the cookie is SameSite=Strict as well). A caseworker
 * or admin without an active second factor reaches only the endpoints marked `beforeSecondFactor`
 * (enrolment, who am I, sign-out): anything else is 403 SECOND_FACTOR_REQUIRED.
 */
export function requireStaff(store: Store, roles: readonly StaffRole[], { beforeSecondFactor = false } = {}): RequestHandler {
  return async (req, _res, next) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const origin = req.get('origin')
        if (!origin || origin !== `${req.protocol}://${req.get('host')}`) throw new DomainError('FORBIDDEN', 'Cross-site request refused')
      }
      const member = await staffOfSession(store, req)
      if (!member) throw signInRequired()
      if (!roles.includes(member.role)) throw new DomainError('FORBIDDEN', 'Not allowed for this role')
      if (!beforeSecondFactor && (await mustEnrolFirst(store, member))) throw new DomainError('SECOND_FACTOR_REQUIRED', 'Set up the second factor first')
      members.set(req, member)
      next()
    } catch (error) {
      next(error)
    }
  }
}

/** The member of this request's session, or undefined without a valid one: for "who is signed in?", which is no refusal. */
export async function staffOfSession(store: Store, req: Request): Promise<StaffMember | undefined> {
  const sessionId = sessionIdOf(req)
  return sessionId ? memberForSession(store, sessionId) : undefined
}

/** The member of staff that requireStaff found for this request. */
export function staffOf(req: Request): StaffMember {
  const member = members.get(req)
  if (!member) throw signInRequired()
  return member
}
