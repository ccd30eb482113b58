import type { ContactChannel } from './contact.js'
import type { Locale } from './locales.js'

/** What a contact is about. Each service in the catalogue says which topics fit it. */
export const bookingTopics = ['advice', 'submission', 'biometrics', 'collection', 'general'] as const
export type BookingTopic = (typeof bookingTopics)[number]

/** Channels a topic can be booked on: fingerprints and collecting a card need a visit. */
export const channelsForTopic: Readonly<Record<BookingTopic, readonly ContactChannel[]>> = {
  advice: ['in-person', 'phone', 'written'],
  submission: ['in-person', 'written'],
  biometrics: ['in-person'],
  collection: ['in-person'],
  general: ['in-person', 'phone', 'written'],
}

/** How a written contact is answered. */
export const replyRoutes = ['app', 'email', 'post'] as const
export type ReplyRoute = (typeof replyRoutes)[number]

/** "Meine Termine" in the app: calendar files and e-mails link back to it. */
export const appointmentsPath = '/appointments'

/** Working days within which a written contact is answered. */
export const writtenAnswerWorkingDays = 5

export interface FreeSlot {
  id: string
  channel: 'in-person' | 'phone'
  topic: BookingTopic
  startsAt: string
  endsAt: string
  /** Counter or line, e.g. "Schalter 2"; shown as is. */
  place: string
}

/** What became of an appointment (in person) or a call-back (phone), as the front desk records it. */
export const outcomesByChannel = {
  'in-person': ['checkedIn', 'noShow', 'done'],
  phone: ['done', 'notReached'],
} as const satisfies Record<'in-person' | 'phone', readonly string[]>
export type BookingOutcome = (typeof outcomesByChannel)[keyof typeof outcomesByChannel][number]

/** `POST /api/bookings` body. `locale`: the language the app is in, which the server keeps for the applicant's e-mails. */
export type BookingRequest = (
  | { channel: 'in-person'; topic: BookingTopic; slotId: string }
  | { channel: 'phone'; topic: BookingTopic; slotId: string; phone: string }
  | { channel: 'written'; topic: BookingTopic; message: string; replyRoute: ReplyRoute; email?: string; postalAddress?: string }
) & { locale?: Locale }

export interface Booking {
  bookingId: string
  reference: string
  channel: ContactChannel
  topic: BookingTopic
  status: 'active' | 'cancelled'
  startsAt?: string
  endsAt?: string
  place?: string
  /** Written contacts: answered by this date. */
  dueDate?: string
  createdAt: string
  /** Written contacts: the authority's answer, once given. */
  reply?: string
  repliedAt?: string
  outcome?: BookingOutcome
}

/** Done, missed, not reached or answered: nothing left to move or cancel, and the topic is free to book again. */
export const isConcluded = (booking: Pick<Booking, 'outcome' | 'reply'>) =>
  booking.reply !== undefined || (booking.outcome !== undefined && booking.outcome !== 'checkedIn')

export function isBookingTopic(value: unknown): value is BookingTopic {
  return typeof value === 'string' && (bookingTopics as readonly string[]).includes(value)
}

/**
 * What to bring to an appointment, as checklist item ids (texts under `checklist.<id>`): for handing
 * in an application, the service's own required documents where the service is known.
 */
export function whatToBring(topic: BookingTopic, serviceChecklist: readonly string[] = []): string[] {
  switch (topic) {
    case 'biometrics':
      return ['passport', 'biometricPhoto', 'currentResidenceDocument']
    case 'collection':
      return ['passport', 'currentResidenceDocument']
    case 'submission':
      return serviceChecklist.length > 0 ? [...serviceChecklist] : ['passport']
    default:
      return ['passport']
  }
}
