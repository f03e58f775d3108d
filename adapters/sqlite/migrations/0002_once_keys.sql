-- Schema version 2: once-only keys (the replay guard of signed webhooks), kept until they expire.
CREATE TABLE once_keys (
    key      TEXT PRIMARY KEY,
    until_us INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX once_keys_by_expiry ON once_keys (until_us);
