-- Failed staff sign-ins, throttled per (name, client address) and per address (docs/security.md),
-- replacing the hard lock per account: staff.failed_attempts and staff.locked_until are no longer
-- read or written (kept, so an instance of the previous version still running during a rolling
-- deploy does not fail). Names and addresses are HMACs with the installation's address secret:
-- a name typed at sign-in may be anything, even a password.
CREATE TABLE sign_in_failures (
  name_key TEXT NOT NULL,
  address_key TEXT NOT NULL,
  -- Failures since the last success, unlock, or a day without failures.
  failures INTEGER NOT NULL,
  -- Milliseconds since the epoch.
  last_failed_at INTEGER NOT NULL,
  PRIMARY KEY (name_key, address_key)
) STRICT;

-- The admin's list and the hourly clean-up select by age.
CREATE INDEX sign_in_failures_last_failed_at ON sign_in_failures (last_failed_at);

-- All names from one address: a generic cell rate (a burst, then one failure per interval),
-- kept as the theoretical arrival time in milliseconds since the epoch.
CREATE TABLE sign_in_address_failures (
  address_key TEXT PRIMARY KEY,
  theoretical_arrival_at INTEGER NOT NULL
) STRICT;
