import type { Generated } from 'kysely'

/**
 * The tables as the migrations (server/migrations/{sqlite,postgres}) leave them, for Kysely's
 * typed queries. Both engines store the same values: text for timestamps (ISO 8601, UTC) and JSON,
 * integers for counters and millisecond times (BIGINT on PostgreSQL, read back as numbers).
 */
export interface Schema {
  schema_migrations: { version: number; name: string; applied_at: string }
  app_meta: { key: string; value: string }
  authority_profile: { id: number; profile: string; updated_at: string; updated_by: string }
  applicants: { id: string; recovery_hash: string; created_at: string }
  applicant_tokens: { token_hash: string; applicant_id: string; created_at: string; revoked_at: string | null }
  drafts: { id: string; applicant_id: string; service_id: string; answers: string; revision: number; updated_at: string }
  documents: {
    id: string
    applicant_id: string
    draft_id: string
    slot: string
    page: number
    sha256: string
    mime_type: string
    size: number
    created_at: string
  }
  reference_counters: { year: number; last_number: number }
  applications: {
    reference: string
    applicant_id: string
    draft_id: string
    service_id: string
    answers: string
    status: string
    submitted_at: string
  }
  application_events: {
    id: Generated<number>
    reference: string
    status: string
    note: string | null
    requested_documents: string | null
    at: string
    due_date: Generated<string | null>
  }
  application_name_words: { reference: string; word: string }
  idempotency_keys: { applicant_id: string; key: string; request_hash: string; status: number; response: string; created_at: string }
  opening_schedules: {
    id: Generated<number>
    channel: string
    topic: string
    weekday: number
    opens: string
    closes: string
    slot_minutes: number
    places: string
  }
  closed_days: { date: string; reason: string | null }
  slots: { id: string; channel: string; topic: string; starts_at: string; ends_at: string; place: string }
  bookings: {
    id: string
    reference: string
    applicant_id: string
    channel: string
    topic: string
    slot_id: string | null
    status: string
    phone: string | null
    message: string | null
    reply_route: string | null
    email: string | null
    postal_address: string | null
    due_date: string | null
    created_at: string
    cancelled_at: string | null
    outcome: string | null
    outcome_at: string | null
    read_at: string | null
    reply: string | null
    replied_at: string | null
  }
  booking_attachments: {
    id: string
    applicant_id: string
    booking_id: string
    sha256: string
    mime_type: string
    size: number
    created_at: string
  }
  rate_limits: { key: string; window_start: number; count: number }
  staff: {
    id: string
    username: string
    password_hash: string
    role: string
    /** Unused since migration 011 (sign_in_failures); kept for instances of older versions during a rolling deploy. */
    failed_attempts: Generated<number>
    locked_until: number | null
    created_at: string
    disabled_at: string | null
  }
  sign_in_failures: { name_key: string; address_key: string; failures: number; last_failed_at: number }
  sign_in_address_failures: { address_key: string; theoretical_arrival_at: number }
  staff_sessions: { id_hash: string; staff_id: string; expires_at: number; created_at: string }
  audit_log: { id: Generated<number>; staff_id: string; action: string; subject: string | null; at: string }
  staff_second_factors: { staff_id: string; secret_encrypted: string; activated_at: string | null; last_used_step: number | null; created_at: string }
  staff_recovery_codes: { staff_id: string; code_hash: string }
  staff_sign_in_challenges: { id_hash: string; staff_id: string; expires_at: number; created_at: string }
  walk_ins: {
    id: Generated<number>
    day: string
    number: number
    topic: string
    status: string
    counter: string | null
    created_at: string
    called_at: string | null
  }
  walk_in_counters: { day: string; last_number: number }
  mail_outbox: {
    id: string
    event_key: string
    kind: string
    applicant_id: string | null
    subject_id: string | null
    recipient: string
    locale: string
    payload: string
    status: string
    attempts: Generated<number>
    next_attempt_at: number
    lease_owner: string | null
    lease_until: number | null
    last_error: string | null
    created_at: string
    sent_at: string | null
  }
  applicant_contacts: { applicant_id: string; email: string | null; notices_consent: number; locale: string; updated_at: string }
}
