import { defineStore } from 'pinia'
import { getDatabase } from '@/db/database'
import type { Booking, BookingRequest, BookingTopic, FreeSlot } from '@/domain/booking'
import type { FieldErrors } from '@/domain/input'
import { ensureCredentials, loadCredentials, signedOutCode, SyncRefused } from '@/sync/credentials'
import { sendBooking } from '@/sync/requestBooking'
import { fetchTransport, type TransportResponse } from '@/sync/transport'

export class BookingFailed extends Error {
  constructor(
    readonly code: string,
    readonly alternatives: FreeSlot[] = [],
    /** VALIDATION_FAILED: the server's message key per field, as the form's own check gives them. */
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(code)
    this.name = 'BookingFailed'
  }
}

function failure(response: TransportResponse): BookingFailed {
  const body = (response.body ?? {}) as { code?: string; alternatives?: FreeSlot[]; fieldErrors?: FieldErrors }
  return new BookingFailed(body.code ?? `HTTP_${response.status}`, body.alternatives ?? [], body.fieldErrors ?? {})
}

/** Slots and bookings. Booking needs the server (a slot must really be free); slots are cached for offline browsing. */
export const useBookingStore = defineStore('booking', () => {
  const transport = fetchTransport(15_000)

  async function token(): Promise<string> {
    try {
      return (await ensureCredentials(getDatabase(), transport)).token
    } catch (error) {
      // A signed-out device books nothing until it is linked again; it is told, not queued.
      if (error instanceof SyncRefused && error.code === signedOutCode) throw new BookingFailed(signedOutCode)
      throw error
    }
  }

  /** Free slots, fresh when the server answers, else the last ones seen with their age. */
  async function loadSlots(channel: 'in-person' | 'phone', topic: BookingTopic): Promise<{ slots: FreeSlot[]; fetchedAt: string; fresh: boolean }> {
    const key = `slots:${channel}:${topic}`
    const db = getDatabase()
    try {
      const response = await transport({ method: 'GET', path: `/api/slots?channel=${channel}&topic=${topic}` })
      if (response.status !== 200) throw failure(response)
      const fetchedAt = new Date().toISOString()
      await db.cache.put({ key, value: response.body, fetchedAt })
      return { slots: response.body as FreeSlot[], fetchedAt, fresh: true }
    } catch (error) {
      const cached = await db.cache.get(key)
      if (!cached) throw error
      const upcoming = (cached.value as FreeSlot[]).filter((slot) => Date.parse(slot.startsAt) > Date.now())
      return { slots: upcoming, fetchedAt: cached.fetchedAt, fresh: false }
    }
  }

  /** Books once: the same key is used again when the answer was lost. */
  async function book(request: BookingRequest, idempotencyKey: string): Promise<Booking> {
    const response = await sendBooking(transport, await token(), request, idempotencyKey)
    if (response.status !== 201) throw failure(response)
    return response.body as Booking
  }

  async function list(): Promise<Booking[]> {
    // A device that never sent anything has booked nothing: looking must not register it (a fresh
    // device stays free to take over applications with a recovery code).
    const credentials = await loadCredentials(getDatabase())
    if (!credentials) return []
    if (credentials.signedOut) throw new BookingFailed(signedOutCode)
    const response = await transport({ method: 'GET', path: '/api/bookings', token: credentials.token })
    if (response.status !== 200) throw failure(response)
    return response.body as Booking[]
  }

  async function change(id: string, action: 'cancel' | 'reschedule', body: object = {}): Promise<Booking> {
    const response = await transport({ method: 'POST', path: `/api/bookings/${encodeURIComponent(id)}/${action}`, token: await token(), body })
    if (response.status !== 200) throw failure(response)
    return response.body as Booking
  }

  /** The .ics file as a blob URL the page can offer for download (the request needs the token, so no plain link). */
  async function calendarUrl(id: string): Promise<string> {
    const response = await transport({ method: 'GET', path: `/api/bookings/${encodeURIComponent(id)}/calendar.ics`, token: await token(), headers: { accept: 'application/json' } })
    if (response.status !== 200) throw failure(response)
    const { calendar } = response.body as { calendar: string }
    return URL.createObjectURL(new Blob([calendar], { type: 'text/calendar' }))
  }

  return { loadSlots, book, list, cancel: (id: string) => change(id, 'cancel'), reschedule: (id: string, slotId: string) => change(id, 'reschedule', { slotId }), calendarUrl }
})
