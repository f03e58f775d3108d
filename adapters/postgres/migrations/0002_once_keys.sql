-- Schema version 2: once-only keys (the replay guard of signed webhooks), kept until they expire.
CREATE TABLE once_keys (
    key      TEXT   PRIMARY KEY,
    until_us BIGINT NOT NULL
);

CREATE INDEX once_keys_by_expiry ON once_keys (until_us);
