-- Applicants are known by random capability tokens (stored hashed) and a recovery code.
CREATE TABLE applicants (
  id TEXT PRIMARY KEY,
  recovery_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE applicant_tokens (
  token_hash TEXT PRIMARY KEY,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE INDEX applicant_tokens_applicant ON applicant_tokens (applicant_id);

-- Drafts as the applicant's devices last sent them; revision grows by one with every accepted write.
CREATE TABLE drafts (
  id TEXT PRIMARY KEY,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  service_id TEXT NOT NULL,
  answers TEXT NOT NULL,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  updated_at TEXT NOT NULL
);

CREATE INDEX drafts_applicant ON drafts (applicant_id);
