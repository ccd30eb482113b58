-- Submitted applications with a reference unique per authority and year, and their status timeline.
CREATE TABLE reference_counters (
  year INTEGER PRIMARY KEY,
  last_number INTEGER NOT NULL
) STRICT;

CREATE TABLE applications (
  reference TEXT PRIMARY KEY,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  draft_id TEXT NOT NULL UNIQUE REFERENCES drafts (id),
  service_id TEXT NOT NULL,
  answers TEXT NOT NULL,
  status TEXT NOT NULL,
  submitted_at TEXT NOT NULL
) STRICT;

CREATE INDEX applications_applicant ON applications (applicant_id);

CREATE TABLE application_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT NOT NULL REFERENCES applications (reference),
  status TEXT NOT NULL,
  note TEXT,
  requested_documents TEXT,
  at TEXT NOT NULL
) STRICT;

CREATE INDEX application_events_reference ON application_events (reference);

-- A retried request with the same key gets the first answer; kept at least 24 hours.
CREATE TABLE idempotency_keys (
  applicant_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (applicant_id, key)
) STRICT;
