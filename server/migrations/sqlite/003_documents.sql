-- Pages of an applicant's documents. The bytes live content-addressed under DATA_DIR/documents/<sha256>.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  draft_id TEXT NOT NULL REFERENCES drafts (id),
  slot TEXT NOT NULL,
  page INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE INDEX documents_draft ON documents (draft_id);
