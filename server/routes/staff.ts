import { Router } from 'express'
import { staffRoles, type StaffMember } from '../../src/domain/staff.js'
import { parseClosedDay, parseNewStaffAccount, parsePasswordChange, parseSchedules } from '../../src/domain/staffSchemas.js'
import { clientAddress, rateLimited } from '../http/rateLimit.js'
import { requireStaff, sessionIdOf, setSessionCookie, staffCookie, staffOf, staffOfSession } from '../http/staffAuth.js'
import type { RateLimit } from '../services/rateLimit.js'
import { secondFactorStatus } from '../services/secondFactor.js'
import type { SignInThrottle } from '../services/signInThrottle.js'
import {
  changePassword,
  closeDay,
  createStaffAccount,
  deactivateStaff,
  latestAudit,
  listStaff,
  openingSchedules,
  recentSignInFailures,
  replaceOpeningSchedules,
  signIn,
  signOut,
  unlockStaff,
} from '../services/staff.js'
import type { Store } from '../storage/database.js'

// A flood guard on the requests themselves; wrong passwords are throttled by the service (signInThrottle.ts).
const signInLimit: RateLimit = { limit: 60, windowMs: 15 * 60 * 1000 }

/** Staff sign-in, their own password, and the admin's accounts, opening schedules and audit log (docs/staff.md, docs/booking.md). */
export function staffRoutes(store: Store, settings: { assistedIdleMinutes: number; signInThrottle?: SignInThrottle }): Router {
  const router = Router()
  const throttle = settings.signInThrottle

  router.post('/staff/session', rateLimited(store, 'signin', signInLimit), async (req, res) => {
    const outcome = await signIn(store, req.body, clientAddress(req), throttle)
    res.setHeader('Cache-Control', 'no-store')
    // A member with a second factor gets no session yet: 202 with the challenge for the code step.
    if ('challenge' in outcome) {
      res.status(202).json(outcome)
      return
    }
    setSessionCookie(req, res, outcome.sessionId)
    res.json(outcome.member)
  })
  const signedIn = requireStaff(store, staffRoles, { beforeSecondFactor: true })
  router.delete('/staff/session', signedIn, async (req, res) => {
    const sessionId = sessionIdOf(req)
    if (sessionId) await signOut(store, staffOf(req).id, sessionId)
    res.setHeader('Set-Cookie', `${staffCookie}=; HttpOnly; SameSite=Strict; Path=/api; Max-Age=0`)
    res.status(204).end()
  })
  const sessionOf = async (member: StaffMember) => ({ ...member, assistedIdleMinutes: settings.assistedIdleMinutes, secondFactor: await secondFactorStatus(store, member) })
  router.get('/staff/me', signedIn, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await sessionOf(staffOf(req)))
  })
  // The sign-in screen asks this first: "nobody" is an answer, not a 401 the browser logs on every visit.
  router.get('/staff/session', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    const member = await staffOfSession(store, req)
    res.json({ member: member ? await sessionOf(member) : null })
  })

  router.post('/staff/password', requireStaff(store, staffRoles), async (req, res) => {
    await changePassword(store, staffOf(req), sessionIdOf(req) ?? '', parsePasswordChange(req.body), clientAddress(req), throttle)
    res.status(204).end()
  })

  const admin = requireStaff(store, ['admin'])
  router.get('/admin/schedules', admin, async (_req, res) => {
    res.json(await openingSchedules(store))
  })
  router.put('/admin/schedules', admin, async (req, res) => {
    await replaceOpeningSchedules(store, staffOf(req).id, parseSchedules(req.body))
    res.status(204).end()
  })
  router.post('/admin/closed-days', admin, async (req, res) => {
    await closeDay(store, staffOf(req).id, parseClosedDay(req.body))
    res.status(204).end()
  })
  router.get('/admin/staff', admin, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await listStaff(store))
  })
  router.post('/admin/staff', admin, async (req, res) => {
    const created = await createStaffAccount(store, staffOf(req).id, parseNewStaffAccount(req.body))
    res.setHeader('Cache-Control', 'no-store')
    res.status(201).json(created)
  })
  router.post('/admin/staff/:id/deactivate', admin, async (req, res) => {
    await deactivateStaff(store, staffOf(req).id, String(req.params.id))
    res.status(204).end()
  })
  router.get('/admin/sign-in-failures', admin, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await recentSignInFailures(store, throttle))
  })
  router.post('/admin/staff/:id/unlock', admin, async (req, res) => {
    await unlockStaff(store, staffOf(req).id, String(req.params.id))
    res.status(204).end()
  })
  router.get('/admin/audit', admin, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await latestAudit(store))
  })
  return router
}
