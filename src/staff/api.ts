import type { AuthorityProfile } from '@/domain/authority'
import type { BookingOutcome, BookingTopic } from '@/domain/booking'
import type { ApplicationStatus } from '@/domain/applicationStatus'
import type { MailOverview } from '@/domain/mail'
import type { PasswordChange } from '@/domain/staffSchemas'
import type { SecondFactorEnrolment, SecondFactorStatus, SignInChallenge } from '@/domain/secondFactor'
import type { AuditEntry, CaseDetail, CaseFilters, CasePage, FrontDeskDay, NowServing, Schedule, SignInFailures, StaffAccount, StaffMember, WalkIn } from '@/domain/staff'
import type { WalkInClosing } from '@/domain/frontDesk'
import { httpRequest, NetworkError, type HttpMethod } from '@/http/client'

/** The staff API (docs/staff.md): same-origin requests through the app's HTTP client, carrying the httpOnly session cookie. */
export class StaffApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** What the server sent beside code and message (the fields of a VALIDATION_FAILED, say). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(code)
    this.name = 'StaffApiError'
  }

  /** The form field a refusal concerns, where the server names one (`currentPassword` …). */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined
  }
}

let onUnauthorized: (() => void) | undefined

/** Who to tell when the server no longer knows the session (expired, signed out elsewhere, deactivated). */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler
}

/** Calls the staff API; answers other than 2xx become a StaffApiError with the server's stable code. */
export async function staffRequest<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
  let response
  try {
    response = await httpRequest<T>({ method, path, body })
  } catch (error) {
    if (error instanceof NetworkError) throw new StaffApiError(0, 'NETWORK')
    throw error
  }
  if (!response.ok) {
    const answer = (response.body ?? {}) as { code?: string } & Record<string, unknown>
    if (response.status === 401 && path !== sessionPath) onUnauthorized?.()
    throw new StaffApiError(response.status, answer.code ?? `HTTP_${response.status}`, answer)
  }
  return response.body
}

/** The message key of a failure, for an alert on the staff screens. */
export function staffErrorKey(error: unknown): string {
  // The applicants' text for 401 speaks of their device; staff get their own.
  if (error instanceof StaffApiError && error.status === 401) return 'staff.errors.unauthorized'
  if (error instanceof StaffApiError) return error.code === 'NETWORK' ? 'staff.errors.network' : `errors.${error.code}`
  return 'errors.INTERNAL_ERROR'
}

const segment = encodeURIComponent
const sessionPath = '/api/staff/session'

// Sign-in and the own account.

/** `GET /api/staff/me` with what the screens need beside the member. */
export interface StaffSession extends StaffMember {
  /** Minutes without a touch after which an assisted session is wiped (server setting). */
  assistedIdleMinutes: number
  secondFactor: SecondFactorStatus
}

/** Who is signed in on this browser, or null: asked without a 401, so the sign-in page logs nothing. */
export const currentStaffSession = async () => (await staffRequest<{ member: StaffSession | null }>('GET', sessionPath)).member
export const signInWithPassword = (username: string, password: string) => staffRequest<StaffMember | SignInChallenge>('POST', sessionPath, { username, password })
export const signInWithSecondFactor = (challenge: string, code: string) => staffRequest<StaffMember>('POST', `${sessionPath}/second-factor`, { challenge, code })
export const endStaffSession = () => staffRequest<void>('DELETE', sessionPath)
export const changeOwnPassword = (change: PasswordChange) => staffRequest<void>('POST', '/api/staff/password', change)
export const startSecondFactorEnrolment = () => staffRequest<SecondFactorEnrolment>('POST', '/api/staff/second-factor/enrolment')
export const activateSecondFactor = (code: string) => staffRequest<{ recoveryCodes: string[] }>('POST', '/api/staff/second-factor/activation', { code })

// The front desk.

export const frontDeskDay = (date: string) => staffRequest<FrontDeskDay>('GET', `/api/staff/today?date=${segment(date)}`)
export const setBookingOutcome = (bookingId: string, outcome: BookingOutcome) => staffRequest<void>('POST', `/api/staff/bookings/${segment(bookingId)}/outcome`, { outcome })
export const markWrittenRead = (bookingId: string) => staffRequest<void>('POST', `/api/staff/bookings/${segment(bookingId)}/read`)
export const replyInWriting = (bookingId: string, reply: string) => staffRequest<void>('POST', `/api/staff/bookings/${segment(bookingId)}/reply`, { reply })
export const cancelBooking = (bookingId: string) => staffRequest<void>('POST', `/api/staff/bookings/${segment(bookingId)}/cancel`)
/** Where a browser opens an attachment of a written contact (a link, not a request of ours). */
export const writtenAttachmentUrl = (bookingId: string, attachmentId: string) => `/api/staff/bookings/${segment(bookingId)}/attachments/${segment(attachmentId)}`
export const walkInsToday = () => staffRequest<WalkIn[]>('GET', '/api/staff/walk-ins')
export const registerWalkIn = (topic: BookingTopic) => staffRequest<WalkIn>('POST', '/api/staff/walk-ins', { topic })
/** The next waiting number to this counter; NOBODY_WAITING when nobody waits. */
export const callNextWalkIn = (counter: string) => staffRequest<WalkIn>('POST', '/api/staff/walk-ins/call-next', { counter })
export const closeWalkIn = (id: number, status: WalkInClosing) => staffRequest<void>('POST', `/api/staff/walk-ins/${id}/close`, { status })
export const revokeApplicantDevices = (reference: string) => staffRequest<{ recoveryCode: string }>('POST', '/api/staff/applicants/revoke-devices', { reference })

/** `GET /api/queue`: public (the waiting-room display has no session); a failure is a StaffApiError like any other. */
export const nowServing = () => staffRequest<NowServing>('GET', '/api/queue')

// Cases.

export const searchCases = (filters: CaseFilters) => staffRequest<CasePage>('POST', '/api/staff/cases/search', filters)
const casePath = (reference: string) => `/api/staff/cases/${segment(reference)}`
export const caseDetail = (reference: string) => staffRequest<CaseDetail>('GET', casePath(reference))
export const changeCaseStatus = (reference: string, status: ApplicationStatus, note: string) => staffRequest<void>('POST', `${casePath(reference)}/status`, { status, note })
export const requestCaseDocuments = (reference: string, request: { documents: string[]; note: string; dueDate: string }) =>
  staffRequest<void>('POST', `${casePath(reference)}/document-requests`, request)
/** Links the browser follows itself (a download, an image, a PDF viewer). */
export const caseExportUrl = (reference: string) => `${casePath(reference)}/export`
export const caseDocumentUrl = (reference: string, documentId: string) => `${casePath(reference)}/documents/${segment(documentId)}`

// Administration.

export const staffAccounts = () => staffRequest<StaffAccount[]>('GET', '/api/admin/staff')
export const recentSignInFailures = () => staffRequest<SignInFailures>('GET', '/api/admin/sign-in-failures')
export const latestAudit = () => staffRequest<AuditEntry[]>('GET', '/api/admin/audit')
/** Ids of the accounts with an active second factor. */
export const accountsWithSecondFactor = () => staffRequest<string[]>('GET', '/api/admin/second-factors')
export const openingSchedules = () => staffRequest<Schedule[]>('GET', '/api/admin/schedules')
export const saveOpeningSchedules = (schedules: Schedule[]) => staffRequest<void>('PUT', '/api/admin/schedules', schedules)
export const addClosedDay = (date: string, reason: string) => staffRequest<void>('POST', '/api/admin/closed-days', { date, reason })
export const createStaffAccount = (username: string, role: StaffMember['role']) => staffRequest<StaffMember & { password: string }>('POST', '/api/admin/staff', { username, role })
export const deactivateStaffAccount = (staffId: string) => staffRequest<void>('POST', `/api/admin/staff/${segment(staffId)}/deactivate`)
export const unlockStaffAccount = (staffId: string) => staffRequest<void>('POST', `/api/admin/staff/${segment(staffId)}/unlock`)
export const removeSecondFactor = (staffId: string) => staffRequest<void>('DELETE', `/api/admin/staff/${segment(staffId)}/second-factor`)
export const mailOverview = () => staffRequest<MailOverview>('GET', '/api/admin/mail')
export const retryMail = (messageId: string) => staffRequest<void>('POST', `/api/admin/mail/${segment(messageId)}/retry`)
export const storedAuthorityProfile = () => staffRequest<{ profile: unknown }>('GET', '/api/staff/authority')
/** The server checks the profile with the domain schema (src/domain/authoritySchema.ts). */
export const saveAuthorityProfile = (profile: unknown) => staffRequest<{ profile: AuthorityProfile }>('PUT', '/api/staff/authority', profile)
