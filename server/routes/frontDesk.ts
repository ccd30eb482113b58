import { Router, type RequestHandler } from 'express'
import { DomainError } from '../../src/domain/errors.js'
import { parseCounter, parseFrontDeskDay, parseOutcome, parseReply, parseWalkInClosing, parseWalkInTopic } from '../../src/domain/frontDesk.js'
import { rateLimited } from '../http/rateLimit.js'
import { sendStoredFile } from '../http/storedFile.js'
import { requireStaff, staffOf } from '../http/staffAuth.js'
import { materialiseSlotsDaily } from '../services/booking.js'
import { callNext, cancelByAuthority, closeWalkIn, frontDeskDay, markRead, nowServing, registerWalkIn, replyToWritten, setOutcome, walkInsOfDay, writtenAttachment } from '../services/frontDesk.js'
import { audit } from '../services/staff.js'
import type { Store } from '../storage/database.js'
import type { DocumentStore } from '../storage/documentStore.js'

/** Public: a few waiting-room screens behind one address poll every 5 seconds; more is abuse. */
const queueLimit = { limit: 600, windowMs: 10 * 60 * 1000 }

/** The front desk's day: appointments, call-backs, written contacts and walk-ins (docs/staff.md). */
export function frontDeskRoutes(store: Store, documents: DocumentStore): Router {
  const router = Router()
  const frontDesk = requireStaff(store, ['frontdesk', 'admin'])
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  }

  // The waiting-room screen is public: numbers and counters only, nothing about a person.
  router.get('/queue', noStore, rateLimited(store, 'queue', queueLimit), async (_req, res) => {
    res.json(await nowServing(store))
  })

  router.use('/staff/today', frontDesk, noStore)
  router.use('/staff/bookings', frontDesk, noStore)
  router.use('/staff/walk-ins', frontDesk, noStore)

  router.get('/staff/today', async (req, res) => {
    const date = parseFrontDeskDay(req.query)
    await materialiseSlotsDaily(store)
    const day = await frontDeskDay(store, date)
    await audit(store.db, staffOf(req).id, 'dayViewed', day.date)
    res.json(day)
  })
  router.post('/staff/bookings/:id/outcome', async (req, res) => {
    const outcome = parseOutcome(req.body)
    const reference = await setOutcome(store, req.params.id, outcome)
    await audit(store.db, staffOf(req).id, `booking.${outcome}`, reference)
    res.status(204).end()
  })
  router.post('/staff/bookings/:id/read', async (req, res) => {
    await audit(store.db, staffOf(req).id, 'written.read', await markRead(store, req.params.id))
    res.status(204).end()
  })
  router.post('/staff/bookings/:id/reply', async (req, res) => {
    const reference = await replyToWritten(store, req.params.id, parseReply(req.body))
    await audit(store.db, staffOf(req).id, 'written.replied', reference)
    res.status(204).end()
  })
  router.post('/staff/bookings/:id/cancel', async (req, res) => {
    await audit(store.db, staffOf(req).id, 'booking.cancelledByAuthority', await cancelByAuthority(store, req.params.id))
    res.status(204).end()
  })
  router.get('/staff/bookings/:id/attachments/:attachmentId', async (req, res) => {
    const file = await writtenAttachment(store, req.params.id, req.params.attachmentId)
    await audit(store.db, staffOf(req).id, 'written.attachmentViewed', file.reference)
    await sendStoredFile(res, documents, file)
  })

  router.get('/staff/walk-ins', async (_req, res) => {
    res.json(await walkInsOfDay(store))
  })
  router.post('/staff/walk-ins', async (req, res) => {
    const walkIn = await registerWalkIn(store, parseWalkInTopic(req.body))
    await audit(store.db, staffOf(req).id, 'walkIn.registered', `#${walkIn.number}`)
    res.status(201).json(walkIn)
  })
  router.post('/staff/walk-ins/call-next', async (req, res) => {
    const walkIn = await callNext(store, parseCounter(req.body))
    if (!walkIn) throw new DomainError('NOBODY_WAITING', 'Nobody is waiting')
    await audit(store.db, staffOf(req).id, 'walkIn.called', `#${walkIn.number}`)
    res.json(walkIn)
  })
  router.post('/staff/walk-ins/:id/close', async (req, res) => {
    const status = parseWalkInClosing(req.body)
    const number = await closeWalkIn(store, req.params.id, status)
    await audit(store.db, staffOf(req).id, `walkIn.${status}`, `#${number}`)
    res.status(204).end()
  })
  return router
}
