import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Booking, FreeSlot } from '@/domain/booking'
import { ConfigError, readConfig } from '../../server/config.js'
import { addStaffMember, bookAs, newApplicantToken, staffFetch, staffSessionCookie, startTestServer, type RunningServer } from './harness'

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer()
  await addStaffMember(server, 'admin.sec', 'correct horse battery', 'admin')
})
afterAll(() => server.stop())

const asApplicant = (token: string, method: string, path: string, body?: unknown) =>
  fetch(`${server.baseUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

const draftBody = { serviceId: 'naturalisation', answers: { surname: 'Yılmaz' } }

describe('TRUST_PROXY', () => {
  it('refuses true, saying why and what to set instead', () => {
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError)
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(/forge X-Forwarded-For.*TRUST_PROXY=1/s)
  })

  it('takes a hop count or a list of proxy addresses and subnets', () => {
    expect(readConfig({}).trustProxy).toBe(false)
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2)
    expect(readConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toBe('10.0.0.0/8,127.0.0.1,::1')
    expect(() => readConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(ConfigError)
    expect(() => readConfig({ TRUST_PROXY: 'yes' })).toThrow(ConfigError)
  })

  /** POST /api/applicants with the given X-Forwarded-For, as it arrives at the server. */
  const newApplicant = (baseUrl: string, forwardedFor: string) =>
    new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${baseUrl}/api/applicants`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor } }, (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      })
      request.on('error', reject).end()
    })

  it('with one trusted proxy, counts the address the proxy appended, not what the client forged', async () => {
    const behindProxy = await startTestServer({ trustProxy: 1, applicantLimit: { limit: 2, windowMs: 60_000 } })
    const statuses = []
    // The proxy appends the real client address to whatever X-Forwarded-For the client sent.
    for (let index = 0; index < 4; index += 1) statuses.push(await newApplicant(behindProxy.baseUrl, `198.51.100.${index}, 203.0.113.${index}, 192.0.2.7`))
    expect(statuses).toEqual([201, 201, 429, 429])
    await behindProxy.stop()
  })

  it('by default ignores X-Forwarded-For entirely', async () => {
    const direct = await startTestServer({ applicantLimit: { limit: 2, windowMs: 60_000 } })
    const statuses = []
    for (let index = 0; index < 3; index += 1) statuses.push(await newApplicant(direct.baseUrl, `198.51.100.${index}`))
    expect(statuses).toEqual([201, 201, 429])
    await direct.stop()
  })
})

describe('calendar files', () => {
  it('are not cached and carry no bare CR from a place an admin typed', async () => {
    const admin = await staffSessionCookie(server.baseUrl, 'admin.sec', 'correct horse battery')
    const schedules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ channel: 'in-person', topic: 'general', weekday, opens: '08:00', closes: '09:00', slotMinutes: 30, places: 'Schalter\r1' }))
    expect((await staffFetch(server.baseUrl, admin, 'PUT', '/admin/schedules', schedules)).status).toBe(204)
    const [slot] = (await (await fetch(`${server.baseUrl}/api/slots?channel=in-person&topic=general`)).json()) as FreeSlot[]
    const token = await newApplicantToken(server.baseUrl)
    const booking = await bookAs(server.baseUrl, token, { channel: 'in-person', topic: 'general', slotId: slot!.id })
    const response = await asApplicant(token, 'GET', `/bookings/${booking.bookingId}/calendar.ics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const text = await response.text()
    expect(text).not.toMatch(/\r(?!\n)/)
    expect(text.split('\r\n')).toContain('LOCATION:Schalter 1')
  })
})

describe('answers naming a person, a booking or a case', () => {
  it('are never cached', async () => {
    const token = await newApplicantToken(server.baseUrl)
    const draftId = crypto.randomUUID()
    const written = (await (
      await asApplicant(token, 'POST', '/bookings', { channel: 'written', topic: 'general', message: 'Eine Frage', replyRoute: 'app' })
    ).json()) as Booking
    const admin = await staffSessionCookie(server.baseUrl, 'admin.sec', 'correct horse battery')
    const applicantCalls: [string, string, unknown?][] = [
      ['PUT', `/drafts/${draftId}`, draftBody],
      ['GET', '/drafts'],
      ['GET', `/drafts/${draftId}`],
      ['GET', '/applications'],
      ['GET', '/applications/A-UNKNOWN'],
      ['GET', '/bookings'],
      ['POST', '/bookings', { channel: 'written', topic: 'general', message: 'Noch eine', replyRoute: 'app' }],
      ['GET', `/bookings/${written.bookingId}/calendar.ics`],
      ['POST', `/bookings/${written.bookingId}/cancel`, {}],
      ['POST', `/bookings/${written.bookingId}/reschedule`, { slotId: 'no-such-slot' }],
      ['GET', `/documents/${crypto.randomUUID()}`],
    ]
    for (const [method, path, body] of applicantCalls) {
      const response = await asApplicant(token, method, path, body)
      expect({ method, path, cacheControl: response.headers.get('cache-control') }).toEqual({ method, path, cacheControl: 'no-store' })
    }
    const staffCalls: [string, string, unknown?][] = [
      ['POST', '/staff/cases/search', { query: 'Yılmaz' }],
      ['GET', '/staff/cases/A-UNKNOWN'],
      ['GET', '/staff/today'],
      ['GET', '/staff/walk-ins'],
      ['GET', '/admin/staff'],
      ['GET', '/admin/audit'],
    ]
    for (const [method, path, body] of staffCalls) {
      const response = await staffFetch(server.baseUrl, admin, method, path, body)
      expect({ method, path, cacheControl: response.headers.get('cache-control') }).toEqual({ method, path, cacheControl: 'no-store' })
    }
  })
})

describe('ids', () => {
  const badIds = ['..%2F..%2Fabh.sqlite', encodeURIComponent("' OR '1'='1"), 'x'.repeat(10_000), 'short']

  it('of drafts: a malformed one is refused on PUT and unknown on GET and DELETE', async () => {
    const token = await newApplicantToken(server.baseUrl)
    for (const id of badIds) {
      const put = await asApplicant(token, 'PUT', `/drafts/${id}`, draftBody)
      expect({ id: id.slice(0, 20), status: put.status }).toEqual({ id: id.slice(0, 20), status: 422 })
      expect(await put.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
      const read = await asApplicant(token, 'GET', `/drafts/${id}`)
      expect(read.status).toBe(404)
      expect(await read.json()).toMatchObject({ code: 'NOT_FOUND' })
      // As for an unknown id: deleting what is not there is fine (sync retries deletes).
      expect((await asApplicant(token, 'DELETE', `/drafts/${id}`)).status).toBe(204)
    }
    expect(await (await asApplicant(token, 'GET', '/drafts')).json()).toEqual([])
  })

  it('of bookings: a malformed one is unknown', async () => {
    const token = await newApplicantToken(server.baseUrl)
    for (const id of badIds) {
      for (const [method, path] of [['GET', `/bookings/${id}/calendar.ics`], ['POST', `/bookings/${id}/cancel`]] as const) {
        const response = await asApplicant(token, method, path, method === 'POST' ? {} : undefined)
        expect({ path: path.slice(0, 30), status: response.status }).toEqual({ path: path.slice(0, 30), status: 404 })
      }
    }
  })
})
