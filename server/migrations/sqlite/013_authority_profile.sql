-- The authority's profile (src/domain/authority.ts): one row, the profile as JSON text, validated
-- with the domain schema on every write and read. Slots keep naming counters as text; the profile
-- says which place a counter belongs to, so existing slots and bookings need no change.
CREATE TABLE authority_profile (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  profile TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL REFERENCES staff (id)
) STRICT;
