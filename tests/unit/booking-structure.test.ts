import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const src = path.resolve(import.meta.dirname, '../../src')
const sources = (readdirSync(src, { recursive: true }) as string[])
  .filter((file) => /\.(ts|vue)$/.test(file))
  .map((file) => ({ file: file.split(path.sep).join('/'), text: readFileSync(path.join(src, file), 'utf8') }))

describe('booking code', () => {
  it("sends POST /api/bookings from one place, the outbox's and the form's alike", () => {
    const senders = sources.filter(({ text }) => /method: 'POST', path: '\/api\/bookings'/.test(text)).map(({ file }) => file)
    expect(senders).toEqual(['sync/requestBooking.ts'])
  })

  it("calls no fetch of its own: everything goes through the app's transport", () => {
    const booking = sources.filter(({ file }) => /^(booking\/|stores\/booking|views\/(Booking|MyAppointments)View|components\/booking\/)/.test(file))
    expect(booking.length).toBeGreaterThan(4)
    expect(booking.filter(({ text }) => /\bfetch\(/.test(text)).map(({ file }) => file)).toEqual([])
  })
})
