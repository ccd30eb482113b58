-- E-mail through a transactional outbox (docs/architecture.md, "Outbound e-mail"). A message row is
-- written in the same transaction as the event that causes it; a worker on any instance claims due
-- rows with a lease, sends them and marks them. (event_key, kind) is unique, so a retried request or
-- a reminder step run twice never queues a message twice. Times the worker compares are
-- milliseconds; rows are never deleted, so failures stay visible to admins.
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  event_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  applicant_id TEXT REFERENCES applicants (id),
  subject_id TEXT,
  recipient TEXT NOT NULL,
  locale TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'refused')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (event_key, kind)
);

CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_subject ON mail_outbox (subject_id);

-- What the applicant chose in the app: an address for notices, the consent to them (withdrawn by the
-- app or by the link in each notice) and the language e-mails are written in.
CREATE TABLE applicant_contacts (
  applicant_id TEXT PRIMARY KEY REFERENCES applicants (id),
  email TEXT,
  notices_consent INTEGER NOT NULL DEFAULT 0 CHECK (notices_consent IN (0, 1)),
  locale TEXT NOT NULL DEFAULT 'de',
  updated_at TEXT NOT NULL
);

-- A document request's due date (YYYY-MM-DD in Berlin), set by the caseworker.
ALTER TABLE application_events ADD COLUMN due_date TEXT;
