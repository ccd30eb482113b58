import type { Database } from 'better-sqlite3'
import { Router, type RequestHandler } from 'express'
import { applicantOf, requireApplicant } from '../http/auth.js'
import { HttpError } from '../http/errors.js'
import { bookingCalendar, book, bookingWindowDays, cancelBooking, freeSlots, listBookings, materialiseSlotsDaily, rescheduleBooking, SlotTaken } from '../services/booking.js'
import { RateLimited, takeFromRateLimit, type RateLimit } from '../services/rateLimit.js'

export interface BookingLimits {
  /** Booking changes per applicant (docs/booking.md). */
  perApplicant: RateLimit
}

export const defaultBookingLimits: BookingLimits = { perApplicant: { limit: 20, windowMs: 10 * 60 * 1000 } }

/** Slots and bookings (docs/booking.md). Only POST changes anything: mail scanners follow GET links. */
export function bookingRoutes(db: Database, limits: BookingLimits = defaultBookingLimits): Router {
  const router = Router()
  const limited: RequestHandler = (req, res, next) => {
    try {
      takeFromRateLimit(db, `booking:${applicantOf(req)}`, limits.perApplicant)
      next()
    } catch (error) {
      if (error instanceof RateLimited) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      next(error)
    }
  }
  const sendTaken = (error: unknown, res: Parameters<RequestHandler>[1]) => {
    if (!(error instanceof SlotTaken)) throw error
    res.status(409).json({ code: error.code, message: error.message, alternatives: error.alternatives })
  }

  router.get('/slots', (req, res) => {
    materialiseSlotsDaily(db)
    const from = req.query.from ? new Date(String(req.query.from)) : new Date()
    const to = req.query.to ? new Date(String(req.query.to)) : new Date(from.getTime() + bookingWindowDays * 86_400_000)
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new HttpError(400, 'BAD_REQUEST', 'from and to must be dates')
    res.setHeader('Cache-Control', 'public, max-age=60')
    res.json(freeSlots(db, String(req.query.channel ?? ''), String(req.query.topic ?? ''), from, to))
  })

  router.use('/bookings', requireApplicant(db))
  router.get('/bookings', (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(listBookings(db, applicantOf(req)))
  })
  router.post('/bookings', limited, (req, res) => {
    try {
      res.status(201).json(book(db, applicantOf(req), req.get('idempotency-key') ?? '', req.body))
    } catch (error) {
      sendTaken(error, res)
    }
  })
  router.post('/bookings/:id/cancel', limited, (req, res) => {
    res.json(cancelBooking(db, applicantOf(req), String(req.params.id)))
  })
  router.post('/bookings/:id/reschedule', limited, (req, res) => {
    try {
      res.json(rescheduleBooking(db, applicantOf(req), String(req.params.id), req.body))
    } catch (error) {
      sendTaken(error, res)
    }
  })
  router.get('/bookings/:id/calendar.ics', (req, res) => {
    const { reference, calendar } = bookingCalendar(db, applicantOf(req), req.params.id)
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8')
    res.setHeader('Content-Disposition', `attachment; filename="termin-${reference}.ics"`)
    res.send(calendar)
  })
  return router
}
