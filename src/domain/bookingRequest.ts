import { lazy, object, string, type AnyObject, type Lazy, type Schema } from 'yup'
import { channelsForTopic, isBookingTopic, replyRoutes, type BookingRequest, type BookingTopic, type ReplyRoute } from './booking.js'
import { contactChannels } from './contact.js'
import { isEmailAddress, normaliseEmailAddress } from './email.js'
import { DomainError } from './errors.js'
import { fieldErrorsOf, hasNoNul } from './input.js'
import { isSupportedLocale } from './locales.js'

/**
 * The bodies an applicant sends to book, move and list (docs/booking.md), as yup schemas: the
 * server validates with them, and the device checks the same rules before it queues a booking
 * request offline, so a queued request is never refused for something the device could see.
 * Apart from booking.ts because yup must stay out of the home screen's download.
 * Messages are i18n keys under `validation.` (per field); `parse…` throws VALIDATION_FAILED.
 */

export const bookingMessageLength = { min: 5, max: 5000 }
export const postalAddressMinLength = 10

// Digits, spaces and the usual separators, optionally starting with + or a bracket: +49 30 123, (030) 123.
const phonePattern = /^\+?[\d(][\d\s()/-]{4,22}\d$/
// Slot ids are hashes made by the server; the pattern keeps anything else out of the database query.
const slotIdPattern = /^[A-Za-z0-9_-]{1,100}$/

const option = 'validation.option'
// Booking's own messages: they say what is missing, where "fill in this field" would not.
const chooseSlot = 'booking.errors.slot'
const writeMessage = 'booking.errors.message'
const completeAddress = 'booking.errors.postalAddress'

/** Text that must be there and can be stored; anything else (missing, a number, an object) gets `message`. */
const text = (message: string) => string().typeError(message).required(message).test('storable', message, hasNoNul)

const slotId = text(chooseSlot).matches(slotIdPattern, chooseSlot)

/** The fields a request needs depend on its channel and reply route; the others are ignored. */
function bookingShape(body: AnyObject): Record<string, Schema> {
  const shape: Record<string, Schema> = {
    channel: text(option).oneOf(contactChannels, option),
    topic: text(option).test('fitsChannel', option, (topic) => isBookingTopic(topic) && (channelsForTopic[topic] as readonly unknown[]).includes(body.channel)),
  }
  if (body.channel === 'written') {
    shape.message = text(writeMessage)
      .test('long enough', writeMessage, (message) => message.trim().length >= bookingMessageLength.min)
      .max(bookingMessageLength.max, 'validation.tooLong')
    shape.replyRoute = text(option).oneOf(replyRoutes, option)
    if (body.replyRoute === 'email') shape.email = text('validation.email').test('email', 'validation.email', isEmailAddress)
    if (body.replyRoute === 'post') {
      shape.postalAddress = text(completeAddress).test('long enough', completeAddress, (address) => address.trim().length >= postalAddressMinLength)
    }
  } else if (body.channel === 'in-person' || body.channel === 'phone') {
    shape.slotId = slotId
    if (body.channel === 'phone') shape.phone = text('validation.phone').test('phone', 'validation.phone', (phone) => phonePattern.test(phone.trim()))
  }
  return shape
}

const isObject = (value: unknown): value is AnyObject => typeof value === 'object' && value !== null && !Array.isArray(value)

/** `POST /api/bookings`. */
export const bookingRequestSchema = lazy((body: unknown) => object(bookingShape(isObject(body) ? body : {})))

/** `POST /api/bookings/:id/reschedule`. */
export const rescheduleRequestSchema = object({ slotId })

/** The server's message for the first field that fails, in the order the fields are checked. */
const problemOfField: Record<string, string> = {
  channel: 'This topic cannot be booked on this channel',
  topic: 'This topic cannot be booked on this channel',
  message: 'A message is required',
  replyRoute: 'Unknown reply route',
  email: 'An e-mail address is required',
  postalAddress: 'A postal address is required',
  slotId: 'A slot is required',
  phone: 'A valid phone number is required',
}

function refuseUnlessValid(schema: Schema | Lazy<AnyObject>, body: unknown): asserts body is AnyObject {
  const fieldErrors = fieldErrorsOf(schema, isObject(body) ? body : {})
  const first = Object.keys(problemOfField).find((field) => field in fieldErrors)
  if (first) throw new DomainError('VALIDATION_FAILED', problemOfField[first]!, { fieldErrors })
}

/** A valid booking request with only the fields its channel and reply route use (phone trimmed), or VALIDATION_FAILED. */
export function parseBookingRequest(body: unknown): BookingRequest {
  refuseUnlessValid(bookingRequestSchema, body)
  const topic = body.topic as BookingTopic
  const locale = isSupportedLocale(body.locale) ? { locale: body.locale } : {}
  switch (body.channel) {
    case 'written':
      return {
        ...locale,
        channel: 'written',
        topic,
        message: body.message as string,
        replyRoute: body.replyRoute as ReplyRoute,
        ...(body.replyRoute === 'email' ? { email: normaliseEmailAddress(body.email as string) } : {}),
        ...(body.replyRoute === 'post' ? { postalAddress: body.postalAddress as string } : {}),
      }
    case 'phone':
      return { ...locale, channel: 'phone', topic, slotId: body.slotId as string, phone: (body.phone as string).trim() }
    default:
      return { ...locale, channel: 'in-person', topic, slotId: body.slotId as string }
  }
}

export function parseRescheduleRequest(body: unknown): { slotId: string } {
  refuseUnlessValid(rescheduleRequestSchema, body)
  return { slotId: body.slotId as string }
}

export interface SlotQuery {
  channel: 'in-person' | 'phone'
  topic: BookingTopic
  /** Without: from now (the server's clock), and to the end of the booking window. */
  from?: Date
  to?: Date
}

const optionalDate = (value: unknown) => (value ? new Date(String(value)) : undefined)
const isInvalidDate = (date: Date | undefined) => date !== undefined && Number.isNaN(date.getTime())

/** `GET /api/slots?channel&topic&from&to`: BAD_REQUEST for dates that are none, VALIDATION_FAILED for a topic the channel does not offer. */
export function parseSlotQuery(query: Record<string, unknown>): SlotQuery {
  const from = optionalDate(query.from)
  const to = optionalDate(query.to)
  if (isInvalidDate(from) || isInvalidDate(to)) throw new DomainError('BAD_REQUEST', 'from and to must be dates')
  const { channel, topic } = query
  if (channel !== 'in-person' && channel !== 'phone') throw new DomainError('VALIDATION_FAILED', 'channel must be in-person or phone')
  if (!isBookingTopic(topic) || !channelsForTopic[topic].includes(channel)) throw new DomainError('VALIDATION_FAILED', 'Unknown topic for this channel')
  return { channel, topic, ...(from ? { from } : {}), ...(to ? { to } : {}) }
}
