-- Case search and the front desk at scale (docs/operations.md): the names of an application as
-- folded words (filled by the data step of this migration, then on every submission), indexes on
-- the filters staff use, and a walk-in counter per day that several instances can share.
-- COLLATE "C": prefix ranges (word >= 'yil' AND word < 'yil\uffff') compare by code point.
CREATE TABLE application_name_words (
  reference TEXT NOT NULL REFERENCES applications (reference),
  word TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (word, reference)
);

-- By application: does it also have a word beginning so (the second word of a search)?
CREATE INDEX application_name_words_reference ON application_name_words (reference, word);
-- The case list is ordered by (submitted_at, reference) newest first: each filter's index ends in
-- that order, so a page is read from the index without sorting.
CREATE INDEX applications_newest ON applications (submitted_at, reference);
CREATE INDEX applications_status_newest ON applications (status, submitted_at, reference);
CREATE INDEX applications_service_newest ON applications (service_id, submitted_at, reference);
CREATE INDEX applications_status_service_newest ON applications (status, service_id, submitted_at, reference);
CREATE INDEX slots_starts_at ON slots (starts_at);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX booking_attachments_sha256 ON booking_attachments (sha256);

CREATE TABLE walk_in_counters (
  day TEXT PRIMARY KEY,
  last_number INTEGER NOT NULL
);

INSERT INTO walk_in_counters (day, last_number) SELECT day, MAX(number) FROM walk_ins GROUP BY day;
