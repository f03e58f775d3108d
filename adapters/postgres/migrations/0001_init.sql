-- hoso event store, schema version 1. Instants are BIGINT microseconds since the epoch (UTC).

-- Marks the schema as a hoso store and records its version (one row).
CREATE TABLE hoso_store (
    singleton      BOOLEAN PRIMARY KEY CHECK (singleton),
    schema_version INTEGER NOT NULL,
    created_at_us  BIGINT  NOT NULL
);

-- One row per dossier: its stream's version (the number of events in it).
CREATE TABLE streams (
    stream_id TEXT   PRIMARY KEY,
    version   BIGINT NOT NULL CHECK (version > 0)
);

-- Every event, in the global order. Positions are assigned under the append lock, so they are dense and
-- commit in order (docs/storage.md, "Gap safety").
CREATE TABLE events (
    global_position BIGINT  PRIMARY KEY CHECK (global_position > 0),
    stream_id       TEXT    NOT NULL,
    stream_version  BIGINT  NOT NULL CHECK (stream_version > 0),
    event_id        UUID    NOT NULL,
    event_type      TEXT    NOT NULL,
    schema_version  INTEGER NOT NULL,
    -- The event's JSON exactly as hoso-core's payload module wrote it (TEXT, not JSONB: bytes kept as written).
    payload         TEXT    NOT NULL,
    recorded_at_us  BIGINT  NOT NULL,
    UNIQUE (stream_id, stream_version),
    UNIQUE (stream_id, event_id)
);

-- Messages to other systems, written with the events that cause them.
CREATE TABLE outbox (
    id                 BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id          TEXT    NOT NULL,
    key                TEXT    NOT NULL UNIQUE,
    destination        TEXT    NOT NULL,
    destination_kind   TEXT    NOT NULL,
    payload            TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
    attempts           BIGINT  NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at_us BIGINT,
    lease_until_us     BIGINT,
    last_error         TEXT,
    created_at_us      BIGINT  NOT NULL
);
CREATE INDEX outbox_pending ON outbox (destination_kind, id) WHERE status = 'pending';
CREATE INDEX outbox_dead ON outbox (id) WHERE status = 'dead';

-- Signed custody records, as the canonical JSON text they were signed in.
CREATE TABLE custody (
    stream_id TEXT   NOT NULL,
    sequence  BIGINT NOT NULL CHECK (sequence > 0),
    record    TEXT   NOT NULL,
    PRIMARY KEY (stream_id, sequence)
);

-- Where each dossier stands, for the lookups; written with the events that change it.
CREATE TABLE dossier_index (
    stream_id        TEXT    PRIMARY KEY,
    version          BIGINT  NOT NULL,
    agency_state     TEXT    NOT NULL,
    agency_final     BOOLEAN NOT NULL,
    postal_state     TEXT    NOT NULL,
    tracking         TEXT    NOT NULL,
    agency           TEXT,
    agency_ref       TEXT,
    due              DATE,
    last_event_at_us BIGINT
);
CREATE INDEX dossier_index_state ON dossier_index (agency_state, stream_id);
CREATE INDEX dossier_index_open_due ON dossier_index (due, stream_id) WHERE NOT agency_final;

-- Postal items' tracking numbers (the last dossier indexed with a number keeps it).
CREATE TABLE tracking_numbers (
    tracking  TEXT PRIMARY KEY,
    stream_id TEXT NOT NULL
);

-- Agencies' references for the dossiers filed with them.
CREATE TABLE agency_refs (
    agency     TEXT NOT NULL,
    reference  TEXT NOT NULL,
    stream_id  TEXT NOT NULL,
    PRIMARY KEY (agency, reference)
);

-- Commands already carried out, with their outcome.
CREATE TABLE processed_commands (
    command_id    TEXT   PRIMARY KEY,
    stream_id     TEXT   NOT NULL,
    version       BIGINT NOT NULL,
    appended      BIGINT NOT NULL,
    last_position BIGINT
);

-- Consumers' positions in the global order.
CREATE TABLE checkpoints (
    consumer TEXT   PRIMARY KEY,
    position BIGINT NOT NULL CHECK (position >= 0)
);
