-- Front desk and back office (docs/staff.md): what became of a booking, answers to written
-- contacts (the applicant's app shows them), walk-ins with a waiting number per day, and
-- deactivated staff accounts.
ALTER TABLE bookings ADD COLUMN outcome TEXT CHECK (outcome IN ('checkedIn', 'noShow', 'done', 'notReached'));
ALTER TABLE bookings ADD COLUMN outcome_at TEXT;
ALTER TABLE bookings ADD COLUMN read_at TEXT;
ALTER TABLE bookings ADD COLUMN reply TEXT;
ALTER TABLE bookings ADD COLUMN replied_at TEXT;

CREATE TABLE walk_ins (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  day TEXT NOT NULL,
  number INTEGER NOT NULL,
  topic TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'done', 'left')),
  counter TEXT,
  created_at TEXT NOT NULL,
  called_at TEXT,
  UNIQUE (day, number)
) STRICT;

ALTER TABLE staff ADD COLUMN disabled_at TEXT;

CREATE INDEX applications_submitted ON applications (submitted_at);
