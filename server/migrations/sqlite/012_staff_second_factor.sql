-- The staff second factor (docs/security.md): a TOTP secret per member, encrypted with a key kept
-- outside the database; pending until confirmed with a code. The last accepted time step refuses
-- replays. Recovery codes are stored as SHA-256 and deleted when used. Sign-in challenges bridge
-- the password step and the code step (single use, short-lived).
CREATE TABLE staff_second_factors (
  staff_id TEXT PRIMARY KEY REFERENCES staff (id),
  secret_encrypted TEXT NOT NULL,
  activated_at TEXT,
  last_used_step INTEGER,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE staff_recovery_codes (
  staff_id TEXT NOT NULL REFERENCES staff (id),
  code_hash TEXT NOT NULL,
  PRIMARY KEY (staff_id, code_hash)
) STRICT;

CREATE TABLE staff_sign_in_challenges (
  id_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff (id),
  expires_at INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
