import { Router } from 'express'
import { staffRoles } from '../../src/domain/staff.js'
import { byAddress, rateLimited, type RateLimitSubject } from '../http/rateLimit.js'
import { requireStaff, setSessionCookie, staffOf } from '../http/staffAuth.js'
import type { RateLimit } from '../services/rateLimit.js'
import {
  challengeOwner,
  confirmEnrolment,
  membersWithSecondFactor,
  resetSecondFactor,
  secondFactorStatus,
  startEnrolment,
  type SecretBox,
} from '../services/secondFactor.js'
import { signInWithSecondFactor } from '../services/staff.js'
import type { Store } from '../storage/database.js'

/**
 * Codes per member and 15 minutes, right or wrong: 10 guesses at 3 accepted codes in a million,
 * and only after the right password (docs/security.md).
 */
const codeLimit: RateLimit = { limit: 10, windowMs: 15 * 60 * 1000 }

/** The code step counts per member the challenge belongs to; an unknown challenge counts per address. */
const byChallengeOwner: RateLimitSubject = async (req, store) => {
  const owner = await challengeOwner(store, (req.body as { challenge?: unknown } | undefined)?.challenge)
  return owner === undefined ? `address:${await byAddress(req, store)}` : `member:${owner}`
}
const bySignedInMember: RateLimitSubject = (req) => staffOf(req).id

/** The staff second factor (docs/staff.md): enrolment, the sign-in's code step, an admin's reset. */
export function secondFactorRoutes(store: Store, box: SecretBox): Router {
  const router = Router()
  const enrolling = requireStaff(store, staffRoles, { beforeSecondFactor: true })

  router.post('/staff/session/second-factor', rateLimited(store, 'signin-code', codeLimit, byChallengeOwner), async (req, res) => {
    const { sessionId, member } = await signInWithSecondFactor(store, box, req.body)
    res.setHeader('Cache-Control', 'no-store')
    setSessionCookie(req, res, sessionId)
    res.json(member)
  })
  router.get('/staff/second-factor', enrolling, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await secondFactorStatus(store, staffOf(req)))
  })
  router.post('/staff/second-factor/enrolment', enrolling, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.status(201).json(await startEnrolment(store, box, staffOf(req)))
  })
  router.post('/staff/second-factor/activation', enrolling, rateLimited(store, 'enrolment-code', codeLimit, bySignedInMember), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await confirmEnrolment(store, box, staffOf(req), req.body))
  })
  const admin = requireStaff(store, ['admin'])
  router.get('/admin/second-factors', admin, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await membersWithSecondFactor(store))
  })
  router.delete('/admin/staff/:id/second-factor', admin, async (req, res) => {
    await resetSecondFactor(store, staffOf(req).id, String(req.params.id))
    res.status(204).end()
  })
  return router
}
