import type { Database } from 'better-sqlite3'
import type { Request, RequestHandler } from 'express'
import { memberForSession, type StaffMember, type StaffRole } from '../services/staff.js'
import { HttpError } from './errors.js'

export const staffCookie = 'abh_staff'
const members = new WeakMap<Request, StaffMember>()

export function sessionIdOf(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === staffCookie) return value.join('=')
  }
  return undefined
}

/**
 * Staff endpoints: a valid session cookie with one of the roles, and for anything that changes
 * state an Origin header of this very site (the cookie is SameSite=Strict as well).
 */
export function requireStaff(db: Database, roles: readonly StaffRole[]): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const origin = req.get('origin')
      if (!origin || origin !== `${req.protocol}://${req.get('host')}`) {
        next(new HttpError(403, 'FORBIDDEN', 'Cross-site request refused'))
        return
      }
    }
    const sessionId = sessionIdOf(req)
    const member = sessionId ? memberForSession(db, sessionId) : undefined
    if (!member) return next(new HttpError(401, 'UNAUTHORIZED', 'Please sign in'))
    if (!roles.includes(member.role)) return next(new HttpError(403, 'FORBIDDEN', 'Not allowed for this role'))
    members.set(req, member)
    next()
  }
}

export function staffOf(req: Request): StaffMember {
  const member = members.get(req)
  if (!member) throw new HttpError(401, 'UNAUTHORIZED', 'Please sign in')
  return member
}
