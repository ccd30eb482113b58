import { mixed, object, string } from 'yup'
import { isValidIsoDate } from './applications/validation.js'
import { bookingTopics, outcomesByChannel, type BookingOutcome, type BookingTopic } from './booking.js'
import { hasNoNul, isAbsent, parseInput } from './input.js'

/** What the front desk sends (docs/staff.md); the staff screens and the server check it alike. */
export const replyMaxLength = 4000
export const counterMaxLength = 40

const bookingOutcomes = [...new Set(Object.values(outcomesByChannel).flat())] as BookingOutcome[]
export const walkInClosings = ['done', 'left'] as const
export type WalkInClosing = (typeof walkInClosings)[number]

/** `GET /api/staff/today?date=YYYY-MM-DD`; without a date, today. */
export const frontDeskDayQuerySchema = object({
  date: mixed<string>().test('date', 'date must be YYYY-MM-DD', (value) => isAbsent(value) || (typeof value === 'string' && isValidIsoDate(value))),
})

/** `POST /api/staff/bookings/:id/outcome`; whether it fits the booking's channel needs the booking. */
export const outcomeRequestSchema = object({
  outcome: mixed<BookingOutcome>().oneOf(bookingOutcomes, 'Unknown outcome').required('An outcome is required'),
})

const nonBlankText = (maxLength: number, message: string) =>
  string()
    .typeError(message)
    .required(message)
    .max(maxLength, message)
    .test('nonBlank', message, (value) => typeof value === 'string' && value.trim().length > 0 && hasNoNul(value))

/** `POST /api/staff/bookings/:id/reply`. */
export const replyRequestSchema = object({ reply: nonBlankText(replyMaxLength, `A reply of 1 to ${replyMaxLength} characters is required`) })

/** `POST /api/staff/walk-ins`. */
export const walkInRequestSchema = object({ topic: mixed<BookingTopic>().oneOf(bookingTopics, 'Unknown topic').required('A topic is required') })

/** `POST /api/staff/walk-ins/call-next`: the counter the visitor is called to. */
export const callNextRequestSchema = object({ counter: nonBlankText(counterMaxLength, 'A counter is required') })

/** `POST /api/staff/walk-ins/:id/close`: seen, or gone without being seen. */
export const walkInCloseRequestSchema = object({
  status: mixed<WalkInClosing>().oneOf(walkInClosings, 'status must be done or left').required('status must be done or left'),
})

export const parseFrontDeskDay = (query: unknown): string | undefined => parseInput(frontDeskDayQuerySchema, query).date || undefined
export const parseOutcome = (body: unknown): BookingOutcome => parseInput(outcomeRequestSchema, body).outcome
export const parseReply = (body: unknown): string => parseInput(replyRequestSchema, body).reply.trim()
export const parseWalkInTopic = (body: unknown): BookingTopic => parseInput(walkInRequestSchema, body).topic
export const parseCounter = (body: unknown): string => parseInput(callNextRequestSchema, body).counter.trim()
export const parseWalkInClosing = (body: unknown): WalkInClosing => parseInput(walkInCloseRequestSchema, body).status
