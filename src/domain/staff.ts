import type { EmailReply } from './mail.js'
import type { ApplicationStatus, StatusEvent } from './applicationStatus.js'
import type { BookingOutcome, BookingTopic, ReplyRoute } from './booking.js'
import type { ServiceId } from './catalogue.js'
import type { Locale } from './locales.js'
import type { Answers } from './applications/types.js'

/** The staff API's shapes (docs/staff.md), shared by the server and the staff screens. */
export const staffRoles = ['frontdesk', 'caseworker', 'admin'] as const
export type StaffRole = (typeof staffRoles)[number]

export interface StaffMember {
  id: string
  username: string
  role: StaffRole
}

export { outcomesByChannel, type BookingOutcome } from './booking.js'

export interface DayAppointment {
  bookingId: string
  reference: string
  channel: 'in-person' | 'phone'
  topic: BookingTopic
  startsAt: string
  place: string
  /** Phone call-backs: the number to call. */
  phone?: string
  outcome?: BookingOutcome
}

export interface WrittenContact {
  bookingId: string
  reference: string
  topic: BookingTopic
  message: string
  replyRoute: ReplyRoute
  email?: string
  postalAddress?: string
  dueDate: string
  createdAt: string
  readAt?: string
  attachments: { id: string; mimeType: string; size: number }[]
}

/** `GET /api/staff/today`. */
export interface FrontDeskDay {
  date: string
  appointments: DayAppointment[]
  written: WrittenContact[]
  /** Written contacts answered by e-mail in the week up to the day, with where each e-mail stands. */
  emailReplies: EmailReply[]
}

export const walkInStatuses = ['waiting', 'called', 'done', 'left'] as const
export type WalkInStatus = (typeof walkInStatuses)[number]

/** A visitor without a booking: only a number and a topic, never a name. */
export interface WalkIn {
  id: number
  number: number
  topic: BookingTopic
  status: WalkInStatus
  counter?: string
  createdAt: string
  calledAt?: string
}

/** `GET /api/queue`: what the waiting-room screen shows; public, so numbers only. */
export interface NowServing {
  serving: { number: number; counter: string; calledAt: string }[]
  waiting: number
}

/** Waiting numbers are shown with three digits. */
export const formatWaitingNumber = (number: number) => String(number).padStart(3, '0')

export interface CaseSummary {
  reference: string
  serviceId: ServiceId
  status: ApplicationStatus
  submittedAt: string
  surname: string
  givenNames?: string
}

export interface CaseFilters {
  serviceId?: ServiceId
  status?: ApplicationStatus
  /** YYYY-MM-DD, submission day in Berlin, inclusive. */
  from?: string
  to?: string
  reference?: string
  name?: string
  page?: number
}

/** `POST /api/staff/cases/search`. */
export interface CasePage {
  items: CaseSummary[]
  /** Matches counted up to a limit (counting every one of 100,000 is too slow): with `totalCapped`, there are more. */
  total: number
  totalCapped: boolean
  page: number
  pageSize: number
}

export interface CaseDocument {
  id: string
  slot: string
  page: number
  mimeType: string
  size: number
}

/** `GET /api/staff/cases/:reference`. */
export interface CaseDetail {
  reference: string
  serviceId: ServiceId
  status: ApplicationStatus
  submittedAt: string
  answers: Answers
  timeline: StatusEvent[]
  documents: CaseDocument[]
  /** The applicant's language in the app, once their device has sent it. */
  language?: Locale
}

export interface StaffAccount extends StaffMember {
  createdAt: string
  disabled: boolean
}

/** `GET /api/admin/sign-in-failures`: failed sign-ins of the last day, never an address or a typed password. */
export interface SignInFailures {
  accounts: {
    staffId: string
    username: string
    failures: number
    lastFailedAt: string
    /** From how many different client addresses. */
    addresses: number
  }[]
  /** Attempts on names without an account, only as a total: a typed name may be anything. */
  unknownNames: { failures: number }
}

/** One line of `GET /api/admin/audit`: who did what, when, to which case; never personal data. */
export interface AuditEntry {
  at: string
  username: string
  action: string
  subject: string | null
}

/** A weekly opening or call-back schedule (`GET/PUT /api/admin/schedules`). */
export interface Schedule {
  channel: 'in-person' | 'phone'
  topic: string
  weekday: number
  opens: string
  closes: string
  slotMinutes: number
  places: string
}

/** A day without appointments or call-backs (`POST /api/admin/closed-days`). */
export interface ClosedDay {
  date: string
  reason: string | null
}
