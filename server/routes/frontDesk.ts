import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { Router, type RequestHandler, type Response } from 'express'
import { HttpError } from '../http/errors.js'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { materialiseSlotsDaily } from '../services/booking.js'
import { callNext, closeWalkIn, frontDeskDay, markRead, nowServing, registerWalkIn, replyToWritten, setOutcome, walkInsOfDay } from '../services/frontDesk.js'
import { audit } from '../services/staff.js'

/**
 * Sends a stored document or attachment to a signed-in member of staff: never cached, shown inline
 * and embeddable by the staff screens' own viewer (the rest of the site may not be framed at all).
 */
export function sendStoredFile(res: Response, documentsDir: string, file: { sha256: string; mimeType: string }): void {
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Type', file.mimeType)
  res.setHeader('Content-Disposition', 'inline')
  // A PDF is shown by the browser's own viewer, which a restrictive policy (object-src) would block.
  res.setHeader('Content-Security-Policy', file.mimeType === 'application/pdf' ? "frame-ancestors 'self'" : "default-src 'none'; frame-ancestors 'self'")
  res.setHeader('X-Frame-Options', 'SAMEORIGIN')
  res.sendFile(path.join(documentsDir, file.sha256))
}

/** The front desk's day: appointments, call-backs, written contacts and walk-ins (docs/staff.md). */
export function frontDeskRoutes(db: Database, documentsDir: string): Router {
  const router = Router()
  const frontDesk = requireStaff(db, ['frontdesk', 'admin'])
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  }

  // The waiting-room screen is public: numbers and counters only, nothing about a person.
  router.get('/queue', noStore, (_req, res) => {
    res.json(nowServing(db))
  })

  router.use('/staff/today', frontDesk, noStore)
  router.use('/staff/bookings', frontDesk, noStore)
  router.use('/staff/walk-ins', frontDesk, noStore)

  router.get('/staff/today', (req, res) => {
    materialiseSlotsDaily(db)
    const date = typeof req.query.date === 'string' ? req.query.date : undefined
    audit(db, staffOf(req).id, 'dayViewed', date)
    res.json(frontDeskDay(db, date))
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
    const file = db
      .prepare('SELECT a.sha256, a.mime_type AS mimeType, b.reference FROM booking_attachments a JOIN bookings b ON b.id = a.booking_id WHERE a.id = ? AND a.booking_id = ?')
      .get(req.params.attachmentId, req.params.id) as { sha256: string; mimeType: string; reference: string } | undefined
    if (!file) throw new HttpError(404, 'NOT_FOUND', 'No such attachment')
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
