-- Facts about this installation, written once at first start.
CREATE TABLE app_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

INSERT INTO app_meta (key, value) VALUES ('installed_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
