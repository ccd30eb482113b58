import type { BookingRequest, BookingTopic, ReplyRoute } from '@/domain/booking'
import { bookingRequestSchema } from '@/domain/bookingRequest'
import type { ContactChannel } from '@/domain/contact'
import { fieldErrorsOf, type FieldErrors } from '@/domain/input'
import type { Locale } from '@/domain/locales'

/** What the booking form holds, as typed; the channel decides which fields count. */
export interface BookingFields {
  topic: BookingTopic | ''
  slotId: string
  phone: string
  message: string
  replyRoute: ReplyRoute
  email: string
  postalAddress: string
}

export const emptyBookingFields = (topic: BookingTopic | '' = ''): BookingFields => ({ topic, slotId: '', phone: '', message: '', replyRoute: 'app', email: '', postalAddress: '' })

/** The request the form stands for, also when incomplete: the schema, not the form, says what is missing. */
export function bookingRequestOf(channel: ContactChannel, fields: BookingFields, locale: Locale): BookingRequest {
  const topic = fields.topic as BookingTopic
  switch (channel) {
    case 'written':
      return {
        channel,
        locale,
        topic,
        message: fields.message,
        replyRoute: fields.replyRoute,
        ...(fields.replyRoute === 'email' ? { email: fields.email } : {}),
        ...(fields.replyRoute === 'post' ? { postalAddress: fields.postalAddress } : {}),
      }
    case 'phone':
      return { channel, locale, topic, slotId: fields.slotId, phone: fields.phone }
    default:
      return { channel, locale, topic, slotId: fields.slotId }
  }
}

/** Every field the server would refuse, with its message key: the same schema `POST /api/bookings` checks with. */
export function bookingFieldErrors(request: BookingRequest): FieldErrors {
  return fieldErrorsOf(bookingRequestSchema, request)
}

/** The order the form shows its fields in, for the error summary. */
export const bookingFieldOrder = ['topic', 'slotId', 'phone', 'message', 'replyRoute', 'email', 'postalAddress'] as const
export type BookingFieldName = (typeof bookingFieldOrder)[number]

