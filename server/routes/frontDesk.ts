import type { Database } from 'better-sqlite3'
import { Router, type RequestHandler } from 'express'
import { HttpError } from '../http/errors.js'
import { sendStoredFile } from '../http/storedFile.js'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { materialiseSlotsDaily } from '../services/booking.js'
import { callNext, closeWalkIn, frontDeskDay, writtenAttachment, markRead, nowServing, registerWalkIn, replyToWritten, setOutcome, walkInsOfDay } from '../services/frontDesk.js'
import { addressKey, RateLimited, takeFromRateLimit } from '../services/rateLimit.js'
import { audit } from '../services/staff.js'

/** Public: a few waiting-room screens behind one address poll every 5 seconds; more is abuse. */
const queueLimit = { limit: 600, windowMs: 10 * 60 * 1000 }

/** The front desk's day: appointments, call-backs, written contacts and walk-ins (docs/staff.md). */
export function frontDeskRoutes(db: Database, documentsDir: string): Router {
  const router = Router()
  const frontDesk = requireStaff(db, ['frontdesk', 'admin'])
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  }

  // The waiting-room screen is public: numbers and counters only, nothing about a person.
  router.get('/queue', noStore, (req, res) => {
    try {
      takeFromRateLimit(db, `queue:${addressKey(db, req.ip ?? 'unknown')}`, queueLimit)
    } catch (error) {
      if (error instanceof RateLimited) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      throw error
    }
    res.json(nowServing(db))
  })

  router.use('/staff/today', frontDesk, noStore)
  router.use('/staff/bookings', frontDesk, noStore)
  router.use('/staff/walk-ins', frontDesk, noStore)

  router.get('/staff/today', (req, res) => {
    materialiseSlotsDaily(db)
    const day = frontDeskDay(db, typeof req.query.date === 'string' ? req.query.date : undefined)
    audit(db, staffOf(req).id, 'dayViewed', day.date)
    res.json(day)
  })
  router.post('/staff/bookings/:id/outcome', (req, res) => {
    const outcome = (req.body as { outcome?: unknown } | undefined)?.outcome
    const reference = setOutcome(db, req.params.id, outcome)
    audit(db, staffOf(req).id, `booking.${String(outcome)}`, reference)
    res.status(204).end()
  })
  router.post('/staff/bookings/:id/read', (req, res) => {
    audit(db, staffOf(req).id, 'written.read', markRead(db, req.params.id))
    res.status(204).end()
  })
  router.post('/staff/bookings/:id/reply', (req, res) => {
    const reference = replyToWritten(db, req.params.id, (req.body as { reply?: unknown } | undefined)?.reply)
    audit(db, staffOf(req).id, 'written.replied', reference)
    res.status(204).end()
  })
  router.get('/staff/bookings/:id/attachments/:attachmentId', (req, res) => {
    const file = writtenAttachment(db, req.params.id, req.params.attachmentId)
    audit(db, staffOf(req).id, 'written.attachmentViewed', file.reference)
    sendStoredFile(res, documentsDir, file)
  })

  router.get('/staff/walk-ins', (_req, res) => {
    res.json(walkInsOfDay(db))
  })
  router.post('/staff/walk-ins', (req, res) => {
    const walkIn = registerWalkIn(db, (req.body as { topic?: unknown } | undefined)?.topic)
    audit(db, staffOf(req).id, 'walkIn.registered', `#${walkIn.number}`)
    res.status(201).json(walkIn)
  })
  router.post('/staff/walk-ins/call-next', (req, res) => {
    const walkIn = callNext(db, (req.body as { counter?: unknown } | undefined)?.counter)
    if (!walkIn) throw new HttpError(404, 'NOBODY_WAITING', 'Nobody is waiting')
    audit(db, staffOf(req).id, 'walkIn.called', `#${walkIn.number}`)
    res.json(walkIn)
  })
  router.post('/staff/walk-ins/:id/close', (req, res) => {
    const status = (req.body as { status?: unknown } | undefined)?.status
    const number = closeWalkIn(db, Number(req.params.id), status)
    audit(db, staffOf(req).id, `walkIn.${String(status)}`, `#${number}`)
    res.status(204).end()
  })
  return router
}
