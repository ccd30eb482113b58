import type { Database } from 'better-sqlite3'
import { Router } from 'express'
import type { Schedule } from '../../src/domain/staff.js'
import { HttpError } from '../http/errors.js'
import { requireStaff, sessionIdOf, staffCookie, staffOf } from '../http/staffAuth.js'
import { materialiseSlots } from '../services/booking.js'
import { addressKey, RateLimited, takeFromRateLimit } from '../services/rateLimit.js'
import { addStaff, audit, deactivateStaff, generatePassword, listStaff, sessionLifetimeMs, signIn, signOut, staffRoles } from '../services/staff.js'

const signInLimit = { limit: 20, windowMs: 15 * 60 * 1000 }
const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/

function parseSchedules(body: unknown): Schedule[] {
  if (!Array.isArray(body) || body.length > 500) throw new HttpError(422, 'VALIDATION_FAILED', 'A list of schedules is required')
  return body.map((entry: Partial<Schedule>) => {
    const valid =
      (entry.channel === 'in-person' || entry.channel === 'phone') &&
      typeof entry.topic === 'string' &&
      Number.isInteger(entry.weekday) &&
      (entry.weekday ?? 0) >= 1 &&
      (entry.weekday ?? 0) <= 7 &&
      timePattern.test(entry.opens ?? '') &&
      timePattern.test(entry.closes ?? '') &&
      (entry.opens ?? '') < (entry.closes ?? '') &&
      Number.isInteger(entry.slotMinutes) &&
      (entry.slotMinutes ?? 0) >= 5 &&
      (entry.slotMinutes ?? 0) <= 240 &&
      typeof entry.places === 'string' &&
      entry.places.trim().length > 0
    if (!valid) throw new HttpError(422, 'VALIDATION_FAILED', 'Invalid schedule entry')
    return entry as Schedule
  })
}

/** Staff sign-in and the admin's opening schedules (docs/staff.md, docs/booking.md). */
export function staffRoutes(db: Database, settings: { assistedIdleMinutes: number }): Router {
  const router = Router()

  router.post('/staff/session', async (req, res) => {
    try {
      takeFromRateLimit(db, `signin:${addressKey(db, req.ip ?? 'unknown')}`, signInLimit)
    } catch (error) {
      if (error instanceof RateLimited) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      throw error
    }
    const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown }
    const { sessionId, member } = await signIn(db, username, password)
    const secure = req.secure ? '; Secure' : ''
    res.setHeader('Set-Cookie', `${staffCookie}=${sessionId}; HttpOnly; SameSite=Strict; Path=/api; Max-Age=${sessionLifetimeMs / 1000}${secure}`)
    res.setHeader('Cache-Control', 'no-store')
    res.json(member)
  })
  router.delete('/staff/session', requireStaff(db, staffRoles), (req, res) => {
    const sessionId = sessionIdOf(req)
    if (sessionId) signOut(db, sessionId)
    audit(db, staffOf(req).id, 'signOut')
    res.setHeader('Set-Cookie', `${staffCookie}=; HttpOnly; SameSite=Strict; Path=/api; Max-Age=0`)
    res.status(204).end()
  })
  router.get('/staff/me', requireStaff(db, staffRoles), (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ ...staffOf(req), assistedIdleMinutes: settings.assistedIdleMinutes })
  })

  const admin = requireStaff(db, ['admin'])
  router.get('/admin/schedules', admin, (_req, res) => {
    res.json(
      db
        .prepare('SELECT channel, topic, weekday, opens, closes, slot_minutes AS slotMinutes, places FROM opening_schedules ORDER BY channel, topic, weekday, opens')
        .all(),
    )
  })
  // Replaces the weekly schedules; free future slots are made again from them, booked ones stay.
  router.put('/admin/schedules', admin, (req, res) => {
    const schedules = parseSchedules(req.body)
    db.transaction(() => {
      db.prepare('DELETE FROM opening_schedules').run()
      const insert = db.prepare('INSERT INTO opening_schedules (channel, topic, weekday, opens, closes, slot_minutes, places) VALUES (?, ?, ?, ?, ?, ?, ?)')
      for (const entry of schedules) insert.run(entry.channel, entry.topic, entry.weekday, entry.opens, entry.closes, entry.slotMinutes, entry.places)
      db.prepare("DELETE FROM slots WHERE starts_at > ? AND id NOT IN (SELECT slot_id FROM bookings WHERE slot_id IS NOT NULL)").run(new Date().toISOString())
      materialiseSlots(db)
      audit(db, staffOf(req).id, 'schedulesReplaced', `${schedules.length} entries`)
    })()
    res.status(204).end()
  })
  router.post('/admin/closed-days', admin, (req, res) => {
    const { date, reason } = (req.body ?? {}) as { date?: unknown; reason?: unknown }
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new HttpError(422, 'VALIDATION_FAILED', 'date must be YYYY-MM-DD')
    db.prepare('INSERT OR REPLACE INTO closed_days (date, reason) VALUES (?, ?)').run(date, typeof reason === 'string' ? reason.slice(0, 200) : null)
    audit(db, staffOf(req).id, 'dayClosed', date)
    res.status(204).end()
  })
  router.get('/admin/staff', admin, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(listStaff(db))
  })
  // The password is made here and shown once; the admin passes it on, the server keeps only its hash.
  router.post('/admin/staff', admin, async (req, res) => {
    const { username, role } = (req.body ?? {}) as { username?: unknown; role?: unknown }
    if (typeof username !== 'string' || typeof role !== 'string') throw new HttpError(422, 'VALIDATION_FAILED', 'username and role are required')
    const password = generatePassword()
    const member = await addStaff(db, username, password, role as (typeof staffRoles)[number]).catch((error: unknown) => {
      // A name already taken (also by two admins at once): the unique index decides.
      if (error instanceof Error && /UNIQUE constraint failed: staff\.username/.test(error.message)) throw new HttpError(409, 'NAME_TAKEN', 'This name is taken')
      throw error
    })
    audit(db, staffOf(req).id, 'staff.created', `${member.username} (${member.role})`)
    res.setHeader('Cache-Control', 'no-store')
    res.status(201).json({ ...member, password })
  })
  router.post('/admin/staff/:id/deactivate', admin, (req, res) => {
    if (req.params.id === staffOf(req).id) throw new HttpError(422, 'VALIDATION_FAILED', 'You cannot deactivate your own account')
    const leaving = listStaff(db).find((member) => member.id === req.params.id)
    deactivateStaff(db, String(req.params.id))
    audit(db, staffOf(req).id, 'staff.deactivated', leaving?.username)
    res.status(204).end()
  })
  router.get('/admin/audit', admin, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(db.prepare('SELECT a.at, s.username, a.action, a.subject FROM audit_log a JOIN staff s ON s.id = a.staff_id ORDER BY a.id DESC LIMIT 500').all())
  })
  return router
}
