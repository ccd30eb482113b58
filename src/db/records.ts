import type { Answers } from '@/domain/applications/types'
import type { ReceivedDocument } from '@/domain/applicationStatus'
import type { Booking, BookingRequest, FreeSlot } from '@/domain/booking'
import type { ServiceId } from '@/domain/catalogue'

export interface FieldConflict {
  field: string
  local: Answers[string]
  remote: Answers[string]
}

/** Where a draft stands. `submitting`: the submission is queued in the outbox. */
export type DraftState = 'editing' | 'submitting' | 'submitted'

export interface DraftRecord {
  /** A UUID made on the device. */
  id: string
  serviceId: ServiceId
  answers: Answers
  /** The step the applicant was last on (a step id or "review"), to continue exactly there. */
  currentStep: string
  /** Counts every local save. */
  localRevision: number
  /** The server's revision this draft was last based on; null until the first sync. */
  baseRevision: number | null
  /** The server's answers at baseRevision: the common ancestor for a field-by-field merge. */
  baseAnswers?: Answers
  /** Fields changed here and on another device to different values: the applicant chooses. */
  conflicts?: FieldConflict[]
  createdAt: string
  updatedAt: string
  state: DraftState
  /** Once submitted: the authority's reference and when it was received. */
  reference?: string
  submittedAt?: string
  /** Why the server refused the last submission (the draft is editable again). */
  submissionProblem?: string
  /**
   * Required documents the applicant hands in later (checklist item ids), sent with the
   * submission. Kept on this device only: it is a choice made while submitting from here.
   */
  deferredDocuments?: string[]
  /**
   * Once submitted: the pages the authority holds, as its status answer lists them. A device that
   * took the application over with a recovery code has no photos of it, and shows these instead.
   */
  receivedDocuments?: ReceivedDocument[]
}

/**
 * Whose a page is: a draft's checklist item, or an attachment of a written contact, first of the
 * request made offline, then (once the server confirms it) of the booking it became.
 */
export type DocumentOwner = { kind: 'draft' } | { kind: 'bookingRequest'; requestId: string } | { kind: 'booking'; bookingId: string }

/** One captured page of a document. */
export interface DocumentRecord {
  id: string
  /** The draft, or for an attachment the request or booking id: groups the pages and their outbox rows. */
  draftId: string
  owner: DocumentOwner
  /** The checklist item this page belongs to. */
  slot: string
  /** Page order inside the slot. */
  page: number
  /** Bytes as ArrayBuffer plus type: Safari corrupts or refuses Blobs in IndexedDB. */
  bytes: ArrayBuffer
  mimeType: string
  sha256: string
  width: number | null
  height: number | null
  qualityFlags: string[]
  /** How many pages the file holds: a PDF may hold several (null: not countable); missing on pages stored before it was counted, which count as one. */
  pageCount?: number | null
  createdAt: string
}

/** What a pending mutation means; the sync engine turns it into requests. */
export type OutboxKind = 'saveDraft' | 'deleteDraft' | 'uploadDocument' | 'deleteDocument' | 'submitApplication' | 'requestBooking' | 'saveContactPreferences' | 'saveLanguage'

export interface OutboxRecord {
  /** Auto-increment: the order mutations were made in. */
  seq?: number
  kind: OutboxKind
  /** The draft (or document) the mutation is about. */
  entityId: string
  /** The draft it belongs to: a row waits while an earlier row of the same draft is stuck. */
  draftId: string
  /** Made with the row and reused on every retry, so the server can answer a retry with the first answer. */
  idempotencyKey: string
  /** For saveDraft: the local revision the row stands for (raised when a newer save joins the row). */
  draftRevision?: number
  createdAt: string
  attempts: number
  /** Not before this time (ISO): the backoff after a failed attempt. */
  nextAttemptAt?: string
  /** What the wait is for: a network wait ends early as soon as any request is answered again. */
  waitingFor?: 'network' | 'server'
  /** Set when a retry cannot help (a 4xx, a conflict): the row waits for the applicant, data kept. */
  blockedReason?: string
  /** uploadDocument: the tus upload URL, so a reload or a new attempt resumes instead of starting again. */
  uploadUrl?: string
  /** saveDraft: what unacknowledged attempts sent (the last few), to recognise our own write in a 412 after a lost answer. */
  unacknowledged?: { answers: Answers; baseRevision: number | null }[]
}

/** Cached server data for offline browsing (catalogue, free slots), with its age. */
export interface CacheRecord {
  key: string
  value: unknown
  fetchedAt: string
}

export interface SettingRecord {
  key: string
  value: unknown
}

/** A booking asked for while offline (or whose answer was lost): confirmed by the outbox later. */
export interface BookingRequestRecord {
  id: string
  request: BookingRequest
  /** queued: waits for the server; confirmed: booked; slotTaken: choose an alternative; refused: see reason. */
  state: 'queued' | 'confirmed' | 'slotTaken' | 'refused'
  booking?: Booking
  alternatives?: FreeSlot[]
  reason?: string
  createdAt: string
}
