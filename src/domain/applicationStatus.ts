import type { ServiceId } from './catalogue.js'

/** Where a submitted application stands, in the order it usually goes. */
export const applicationStatuses = ['submitted', 'received', 'inReview', 'documentsRequested', 'decided', 'closed'] as const

export type ApplicationStatus = (typeof applicationStatuses)[number]

/**
 * Where a caseworker may move an application from each status. Documents may be asked for again
 * while a request is open; a closed case stays closed.
 */
export const nextStatuses: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  submitted: ['received', 'inReview', 'documentsRequested', 'decided'],
  received: ['inReview', 'documentsRequested', 'decided'],
  inReview: ['documentsRequested', 'decided'],
  documentsRequested: ['inReview', 'documentsRequested', 'decided'],
  decided: ['closed'],
  closed: [],
}

/** `POST /api/applications` body (sync protocol step 8). */
export interface SubmissionRequest {
  draftId: string
  /** The server revision of the draft the applicant reviewed: the server refuses another one. */
  revision: number
  /**
   * Required documents the applicant hands in later. The server keeps those the domain allows
   * (`openDocuments`) as an open document request; any other missing one is DOCUMENTS_MISSING.
   */
  deferredDocuments?: string[]
}

/** `POST /api/applications` → 201, and the same again for a retry with the same Idempotency-Key. */
export interface SubmissionResponse {
  reference: string
  status: ApplicationStatus
  submittedAt: string
}

export interface StatusEvent {
  status: ApplicationStatus
  at: string
  /** The authority's note, in plain language. */
  note?: string
  /** Checklist item ids, when documents are requested. */
  requestedDocuments?: string[]
  /** Document requests: the date (YYYY-MM-DD) the caseworker asked for them by. */
  dueDate?: string
}

/** `GET /api/applications` and `GET /api/applications/:reference`. */
export interface ApplicationStatusView {
  reference: string
  draftId: string
  serviceId: ServiceId
  status: ApplicationStatus
  submittedAt: string
  timeline: StatusEvent[]
}

/** ABH-2026-000123: unique per authority and year. */
export function formatReference(year: number, number: number): string {
  return `ABH-${year}-${String(number).padStart(6, '0')}`
}
