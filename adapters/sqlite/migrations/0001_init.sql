-- hoso store schema, version 1. Applied once, in one transaction, by hoso-sqlite's migration runner.
CREATE TABLE hoso_store (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    schema_version INTEGER NOT NULL,
    created_at_us INTEGER NOT NULL
) STRICT;

-- One row per dossier: its stream's version (the number of its events).
CREATE TABLE streams (
    stream_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Every event, in the global order: `position` is the rowid, assigned under the single writer lock.
CREATE TABLE events (
    position INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    recorded_at_us INTEGER NOT NULL,
    UNIQUE (stream_id, version),
    UNIQUE (stream_id, event_id)
) STRICT;

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    destination TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_us INTEGER,
    lease_until_us INTEGER,
    last_error TEXT,
    created_at_us INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_pending ON outbox (kind, id) WHERE status = 'pending';
CREATE INDEX outbox_dead ON outbox (id) WHERE status = 'dead';

CREATE TABLE custody (
    stream_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (stream_id, sequence)
) STRICT, WITHOUT ROWID;

CREATE TABLE dossier_index (
    stream_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    agency_state TEXT NOT NULL,
    postal_state TEXT NOT NULL,
    is_final INTEGER NOT NULL,
    tracking TEXT NOT NULL,
    agency TEXT,
    agency_ref TEXT,
    due TEXT,
    last_event_at_us INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX dossier_index_due ON dossier_index (due) WHERE is_final = 0;
CREATE INDEX dossier_index_state ON dossier_index (agency_state);
CREATE INDEX dossier_index_ref ON dossier_index (agency, agency_ref);

CREATE TABLE tracking (
    tracking TEXT PRIMARY KEY,
    stream_id TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE commands (
    command_id TEXT PRIMARY KEY,
    stream_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    appended INTEGER NOT NULL,
    last_position INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE checkpoints (
    consumer TEXT PRIMARY KEY,
    position INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
