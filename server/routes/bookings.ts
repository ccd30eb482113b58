import { Router } from 'express'
import { parseBookingRequest, parseRescheduleRequest, parseSlotQuery } from '../../src/domain/bookingRequest.js'
import { applicantOf, requireApplicant } from '../http/auth.js'
import { sendPreparedJson } from '../http/preparedJson.js'
import { rateLimited } from '../http/rateLimit.js'
import { book, bookingCalendar, cancelBooking, freeSlotListJson, listBookings, materialiseSlotsDaily, rescheduleBooking } from '../services/booking.js'
import { parseIdempotencyKey } from '../services/idempotency.js'
import type { RateLimit } from '../services/rateLimit.js'
import type { Store } from '../storage/database.js'

export interface BookingLimits {
  /** Booking changes per applicant (docs/booking.md). */
  perApplicant: RateLimit
}

export const defaultBookingLimits: BookingLimits = { perApplicant: { limit: 20, windowMs: 10 * 60 * 1000 } }

/**
 * `GET /api/slots`, the busiest public endpoint: its lists come from the booking service's
 * 5-second cache as bytes prepared once (app.ts mounts this before the compression middleware).
 */
export function slotRoutes(store: Store): Router {
  const router = Router()
  router.get('/api/slots', async (req, res) => {
    await materialiseSlotsDaily(store)
    const query = parseSlotQuery(req.query)
    res.setHeader('Cache-Control', 'public, max-age=60')
    await sendPreparedJson(req, res, freeSlotListJson(store, query))
  })
  return router
}

/** Bookings (docs/booking.md). Only POST changes anything: mail scanners follow GET links. */
export function bookingRoutes(store: Store, limits: BookingLimits = defaultBookingLimits, publicUrl?: string): Router {
  const router = Router()
  // Counted per applicant, so requireApplicant (mounted on /bookings) runs first.
  const limited = rateLimited(store, 'booking', limits.perApplicant, (req) => applicantOf(req))

  // Every answer names an applicant's appointment, the calendar file included.
  router.use('/bookings', requireApplicant(store), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  })
  router.get('/bookings', async (req, res) => {
    res.json(await listBookings(store, applicantOf(req)))
  })
  router.post('/bookings', limited, async (req, res) => {
    const key = parseIdempotencyKey(req.get('idempotency-key'))
    const reply = await book(store, applicantOf(req), key, parseBookingRequest(req.body))
    res.status(reply.status).json(reply.body)
  })
  router.post('/bookings/:id/cancel', limited, async (req, res) => {
    res.json(await cancelBooking(store, applicantOf(req), String(req.params.id)))
  })
  router.post('/bookings/:id/reschedule', limited, async (req, res) => {
    res.json(await rescheduleBooking(store, applicantOf(req), String(req.params.id), parseRescheduleRequest(req.body)))
  })
  router.get('/bookings/:id/calendar.ics', async (req, res) => {
    const appUrl = publicUrl ?? `${req.protocol}://${req.get('host')}`
    const { reference, calendar } = await bookingCalendar(store, applicantOf(req), String(req.params.id), appUrl)
    // The app asks for JSON: its one HTTP client reads JSON bodies only, and it offers the file itself.
    if (req.accepts(['text/calendar', 'application/json']) === 'application/json') {
      res.json({ reference, calendar })
      return
    }
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8')
    res.setHeader('Content-Disposition', `attachment; filename="termin-${reference}.ics"`)
    res.send(calendar)
  })
  return router
}
