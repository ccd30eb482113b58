-- Opening schedules per channel and topic (weekly templates), closed days, the slots made from
-- them for the booking window, and bookings. Double booking is impossible by the unique index on
-- active bookings of a slot; one active booking per applicant and topic likewise.
CREATE TABLE opening_schedules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL CHECK (channel IN ('in-person', 'phone')),
  topic TEXT NOT NULL,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens TEXT NOT NULL,
  closes TEXT NOT NULL,
  slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
  places TEXT NOT NULL
) STRICT;

CREATE TABLE closed_days (
  date TEXT PRIMARY KEY,
  reason TEXT
) STRICT;

CREATE TABLE slots (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  topic TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  place TEXT NOT NULL,
  UNIQUE (channel, topic, starts_at, place)
) STRICT;

CREATE INDEX slots_lookup ON slots (channel, topic, starts_at);

CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  channel TEXT NOT NULL,
  topic TEXT NOT NULL,
  slot_id TEXT REFERENCES slots (id),
  status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
  phone TEXT,
  message TEXT,
  reply_route TEXT,
  email TEXT,
  postal_address TEXT,
  due_date TEXT,
  created_at TEXT NOT NULL,
  cancelled_at TEXT
) STRICT;

CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (slot_id) WHERE status = 'active' AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX bookings_one_per_topic ON bookings (applicant_id, topic) WHERE status = 'active';

-- Fixed-window counters for rate limits, in the database so several server instances share them.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
) STRICT;

-- The sample schedule a fresh installation starts with (docs/booking.md): counters Monday to
-- Thursday mornings and Thursday afternoon, phone call-backs Monday to Friday.
INSERT INTO opening_schedules (channel, topic, weekday, opens, closes, slot_minutes, places) VALUES
  ('in-person', 'advice', 1, '08:00', '12:00', 30, 'Schalter 1'),
  ('in-person', 'advice', 3, '08:00', '12:00', 30, 'Schalter 1'),
  ('in-person', 'submission', 1, '08:00', '12:00', 30, 'Schalter 2'),
  ('in-person', 'submission', 2, '08:00', '12:00', 30, 'Schalter 2'),
  ('in-person', 'submission', 4, '14:00', '18:00', 30, 'Schalter 2'),
  ('in-person', 'biometrics', 2, '08:00', '12:00', 20, 'Schalter 3'),
  ('in-person', 'biometrics', 4, '08:00', '12:00', 20, 'Schalter 3'),
  ('in-person', 'collection', 3, '08:00', '12:00', 15, 'Schalter 4'),
  ('in-person', 'general', 4, '14:00', '18:00', 30, 'Schalter 1'),
  ('phone', 'advice', 1, '13:00', '15:00', 20, 'Telefon'),
  ('phone', 'advice', 2, '13:00', '15:00', 20, 'Telefon'),
  ('phone', 'advice', 5, '09:00', '12:00', 20, 'Telefon'),
  ('phone', 'general', 3, '13:00', '15:00', 20, 'Telefon'),
  ('phone', 'general', 5, '09:00', '12:00', 20, 'Telefon');
