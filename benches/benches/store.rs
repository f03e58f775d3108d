//! The SQLite event store (`hoso-sqlite`), each figure beside its floor measured in the same run:
//!
//! 1. Durable appends (`synchronous=FULL`, an fsync per commit) through `EventStore::append`, one event and
//!    one outbox message per transaction, beside bare sqlx INSERTs of the same bytes (the same event and
//!    outbox JSON, into the same tables, made by the store's own migration) in one `BEGIN IMMEDIATE`
//!    transaction each, on a file with the same pragmas. Then batched: a dossier's 10 events and its outbox
//!    message in one transaction, beside the same 11 bare INSERTs in one transaction. The store and its floor
//!    run in alternating rounds, so that the machine's noise falls on both; each append's latency is taken
//!    and p50/p99 printed.
//! 2. Loading 100,000 dossiers (1 M events) from the file into memory: `read_all` in pages, decode, fold into
//!    `Dossier`s. Floors: the same rows read with bare sqlx without decoding, and the decode + fold of the
//!    same JSON from memory without SQLite, so that the cost of each part shows. The file is built once per
//!    run under `target/store-bench/` (with `synchronous=NORMAL`, one dossier per append).
//! 3. Bytes on disk per dossier of 12 events, written as the service writes them (one append per event,
//!    with the index row; the agency submission in the outbox), after a checkpoint and `VACUUM`, beside the
//!    bytes of the events' JSON.
//!
//! Fixed runs print their figures rather than going through criterion: the latency percentiles need each
//! append timed, and criterion's repeated sampling of a 1 M-event load would take tens of minutes on a shared
//! machine.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hoso_benches::summary::Summary;
use hoso_benches::{Dossiers, dossier_lives, dossiers_with_capacity, fold, percentile};
use hoso_core::event::{Event, EventId};
use hoso_core::store::payload::{EVENT_SCHEMA_VERSION, decode_event, encode_event};
use hoso_core::store::{
    Append, Destination, DossierIndex, EventStore, ExpectedVersion, NewOutboxMessage,
};
use hoso_core::{Dossier, DossierCode};
use hoso_sqlite::{Durability, SqliteOptions, SqliteStore};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteSynchronous};

/// The store's own schema, so that the floor writes into the same tables with the same indexes.
const SCHEMA: &str = include_str!("../../adapters/sqlite/migrations/0001_init.sql");

/// Single appends: this many dossiers' first 10 events, interleaved by time (2,000 appends).
const APPEND_DOSSIERS: usize = 200;
/// Batched appends: this many dossiers of 10 events, one transaction each.
const BATCHES: usize = 200;
const PER_BATCH: usize = 10;
/// The store and its floor alternate in this many rounds.
const ROUNDS: usize = 4;

const LOAD_DOSSIERS: usize = 100_000;
const LOAD_PER_DOSSIER: usize = 10;
/// Events per `read_all` page.
const PAGE: usize = 10_000;
/// Passes of each load; the median is reported.
const LOAD_PASSES: usize = 3;

const SIZE_DOSSIERS: usize = 1_000;
const SIZE_PER_DOSSIER: usize = 12;

const INSERT_EVENT: &str = "INSERT INTO events (stream_id, version, event_id, event_type, schema_version, payload, recorded_at_us)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const INSERT_OUTBOX: &str = "INSERT INTO outbox (stream_id, key, destination, kind, payload, status, attempts, next_attempt_at_us, created_at_us)
     VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?7)";

fn bench_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    let dir = target.join("store-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh file: the database and its WAL and shared-memory files removed.
fn fresh(name: &str) -> PathBuf {
    let path = bench_dir().join(name);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    path
}

async fn open_store(path: &Path, durability: Durability) -> SqliteStore {
    SqliteStore::open_with(
        path,
        SqliteOptions {
            durability,
            ..SqliteOptions::default()
        },
    )
    .await
    .unwrap()
}

/// The floor's connection: the store's pragmas (WAL, `synchronous=FULL`, 4 KiB pages, foreign keys) and its
/// schema, nothing else.
async fn open_floor(path: &Path) -> SqliteConnection {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .page_size(4096);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    sqlx::raw_sql(SCHEMA).execute(&mut conn).await.unwrap();
    conn
}

/// The outbox message an event causes in these runs: a status sync to the national portal.
fn portal_sync(code: &DossierCode, event: &Event) -> NewOutboxMessage {
    NewOutboxMessage::new(
        format!("portal:{}", event.id),
        Destination::Portal,
        serde_json::json!({
            "dossier": code.as_str(),
            "event": event.id.to_string(),
            "type": event.kind.event_type().name(),
            "at": event.at.to_string(),
        }),
    )
}

/// An event as the floor inserts it: the bytes the store would write.
struct RawEvent {
    stream: String,
    version: i64,
    id: String,
    event_type: &'static str,
    payload: String,
}

/// An outbox message as the floor inserts it.
struct RawOutbox {
    stream: String,
    key: String,
    destination: String,
    kind: &'static str,
    payload: String,
}

fn raw_event(code: &DossierCode, version: u64, event: &Event) -> RawEvent {
    RawEvent {
        stream: code.as_str().to_owned(),
        version: version as i64,
        id: event.id.to_string(),
        event_type: event.kind.event_type().name(),
        payload: encode_event(event).unwrap(),
    }
}

fn raw_outbox(code: &DossierCode, m: &NewOutboxMessage) -> RawOutbox {
    RawOutbox {
        stream: code.as_str().to_owned(),
        key: m.key.clone(),
        destination: m.destination.to_string(),
        kind: m.destination.kind().as_str(),
        payload: m.payload.to_string(),
    }
}

/// The floor's transaction: the rows inserted, nothing read, nothing checked.
async fn bare_insert(conn: &mut SqliteConnection, events: &[RawEvent], outbox: &RawOutbox) {
    let now = jiff::Timestamp::now().as_microsecond();
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.unwrap();
    for e in events {
        sqlx::query(INSERT_EVENT)
            .bind(&e.stream)
            .bind(e.version)
            .bind(&e.id)
            .bind(e.event_type)
            .bind(i64::from(EVENT_SCHEMA_VERSION))
            .bind(&e.payload)
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    sqlx::query(INSERT_OUTBOX)
        .bind(&outbox.stream)
        .bind(&outbox.key)
        .bind(&outbox.destination)
        .bind(outbox.kind)
        .bind(&outbox.payload)
        .bind(None::<i64>)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Latencies and wall time of one side of a comparison, over all its rounds.
#[derive(Default)]
struct Side {
    wall: Duration,
    latencies: Vec<Duration>,
    items: usize,
}

impl Side {
    fn per_second(&self) -> f64 {
        self.items as f64 / self.wall.as_secs_f64()
    }

    fn line(&mut self, name: &str, unit: &str) -> String {
        self.latencies.sort_unstable();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        format!(
            "{name}: {} transactions, {:.0} {unit}/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            self.latencies.len(),
            self.per_second(),
            ms(percentile(&self.latencies, 0.50)),
            ms(percentile(&self.latencies, 0.99)),
            ms(*self.latencies.last().unwrap()),
        )
    }
}

/// One append per event, one event and its portal sync per transaction, against the floor.
async fn single_appends() -> Summary {
    let stream: Vec<_> = hoso_benches::interleaved_stream(APPEND_DOSSIERS, 10);
    // What the store is asked, and what the floor inserts: the same events, versions and messages.
    let mut versions = std::collections::HashMap::new();
    let mut work = Vec::with_capacity(stream.len());
    for (code, event) in stream {
        let version = versions.entry(code.clone()).or_insert(0u64);
        let expected = ExpectedVersion::after(*version);
        *version += 1;
        let message = portal_sync(&code, &event);
        let raw = (
            [raw_event(&code, *version, &event)],
            raw_outbox(&code, &message),
        );
        let append = Append::new(code, expected, vec![event]).with_outbox([message]);
        work.push((append, raw));
    }
    let store = open_store(&fresh("append-store.db"), Durability::Full).await;
    let mut floor = open_floor(&fresh("append-floor.db")).await;
    let (mut s, mut f) = (Side::default(), Side::default());
    let chunk = work.len().div_ceil(ROUNDS);
    for round in work.chunks(chunk) {
        let started = Instant::now();
        for (append, _) in round {
            let append = append.clone();
            let t = Instant::now();
            store.append(append).await.unwrap();
            s.latencies.push(t.elapsed());
        }
        s.wall += started.elapsed();
        s.items += round.len();
        let started = Instant::now();
        for (_, (events, outbox)) in round {
            let t = Instant::now();
            bare_insert(&mut floor, events, outbox).await;
            f.latencies.push(t.elapsed());
        }
        f.wall += started.elapsed();
        f.items += round.len();
    }
    println!(
        "{}",
        s.line(
            "append 1 event + 1 outbox, fsync on, EventStore::append",
            "appends"
        )
    );
    println!(
        "{}",
        f.line(
            "append 1 event + 1 outbox, fsync on, bare sqlx floor",
            "appends"
        )
    );
    println!(
        "append ratio (store / floor): {:.2}x (goal >= 0.8x)",
        s.per_second() / f.per_second()
    );
    store.close().await;
    // Issue 11: at least 0.8× the floor.
    Summary::new("store_append", s.per_second(), "appends/s")
        .floor(f.per_second())
        .goal_ratio(0.8)
}

/// A dossier's 10 events and one outbox message in one transaction, against the floor.
async fn batched_appends() -> Summary {
    let mut work = Vec::with_capacity(BATCHES);
    // Dossiers of their own, after those of the single appends.
    for (code, events) in dossier_lives(APPEND_DOSSIERS + BATCHES, PER_BATCH).skip(APPEND_DOSSIERS)
    {
        let message = portal_sync(&code, &events[0]);
        let raw_events: Vec<RawEvent> = events
            .iter()
            .zip(1..)
            .map(|(e, v)| raw_event(&code, v, e))
            .collect();
        let raw = (raw_events, raw_outbox(&code, &message));
        let append = Append::new(code, ExpectedVersion::NoStream, events).with_outbox([message]);
        work.push((append, raw));
    }
    let store = open_store(&fresh("batch-store.db"), Durability::Full).await;
    let mut floor = open_floor(&fresh("batch-floor.db")).await;
    let (mut s, mut f) = (Side::default(), Side::default());
    let chunk = work.len().div_ceil(ROUNDS);
    for round in work.chunks(chunk) {
        let started = Instant::now();
        for (append, _) in round {
            let append = append.clone();
            let t = Instant::now();
            store.append(append).await.unwrap();
            s.latencies.push(t.elapsed());
        }
        s.wall += started.elapsed();
        s.items += round.len() * PER_BATCH;
        let started = Instant::now();
        for (_, (events, outbox)) in round {
            let t = Instant::now();
            bare_insert(&mut floor, events, outbox).await;
            f.latencies.push(t.elapsed());
        }
        f.wall += started.elapsed();
        f.items += round.len() * PER_BATCH;
    }
    println!(
        "{}",
        s.line(
            "batch of 10 events + 1 outbox, fsync on, EventStore::append",
            "events"
        )
    );
    println!(
        "{}",
        f.line(
            "batch of 10 events + 1 outbox, fsync on, bare sqlx floor",
            "events"
        )
    );
    println!(
        "batched ratio (store / floor): {:.2}x (goal >= 0.8x)",
        s.per_second() / f.per_second()
    );
    store.close().await;
    Summary::new("store_append_batched", s.per_second(), "events/s")
        .floor(f.per_second())
        .goal_ratio(0.8)
}

/// Builds the load's file: 100,000 dossiers of 10 events, one append per dossier, `synchronous=NORMAL`.
async fn build_load_file() -> PathBuf {
    let path = fresh("load.db");
    let store = open_store(&path, Durability::Normal).await;
    let started = Instant::now();
    for (code, events) in dossier_lives(LOAD_DOSSIERS, LOAD_PER_DOSSIER) {
        store
            .append(Append::new(code, ExpectedVersion::NoStream, events))
            .await
            .unwrap();
    }
    println!(
        "built the load file: {LOAD_DOSSIERS} dossiers, {} events in {:.1} s (synchronous=NORMAL, one append per dossier)",
        LOAD_DOSSIERS * LOAD_PER_DOSSIER,
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    path
}

/// The store's path: `read_all` in pages, each event decoded by the store, folded.
async fn load_through_store(store: &SqliteStore) -> (usize, Dossiers) {
    let mut map = dossiers_with_capacity(LOAD_DOSSIERS);
    let (mut after, mut n) = (0, 0);
    loop {
        let page = store.read_all(after, PAGE).await.unwrap();
        if page.events.is_empty() {
            break;
        }
        after = page.next;
        n += page.events.len();
        for r in page.events {
            fold(&mut map, r.dossier, r.event);
        }
    }
    (n, map)
}

async fn read_connection(path: &Path) -> SqliteConnection {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    SqliteConnection::connect_with(&options).await.unwrap()
}

/// Floor: the same rows, in the same pages, into `(stream_id, payload)` strings, nothing decoded.
async fn bare_read(conn: &mut SqliteConnection) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(LOAD_DOSSIERS * LOAD_PER_DOSSIER);
    let mut after = 0i64;
    loop {
        let page: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT position, stream_id, payload FROM events WHERE position > ?1 ORDER BY position LIMIT ?2",
        )
        .bind(after)
        .bind(PAGE as i64)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let Some(last) = page.last() else { break };
        after = last.0;
        out.extend(page.into_iter().map(|(_, s, p)| (s, p)));
    }
    out
}

/// Floor: decode and fold the same JSON from memory (stream id, event id, payload), no SQLite.
fn decode_and_fold(rows: &[(String, String, String)]) -> Dossiers {
    let mut map = dossiers_with_capacity(LOAD_DOSSIERS);
    for (stream, id, payload) in rows {
        let code: DossierCode = stream.parse().unwrap();
        let id: EventId = id.parse().unwrap();
        let event = decode_event(EVENT_SCHEMA_VERSION, payload, id).unwrap();
        fold(&mut map, code, event);
    }
    map
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

async fn load() -> Summary {
    let path = build_load_file().await;
    let events = LOAD_DOSSIERS * LOAD_PER_DOSSIER;
    let store = open_store(&path, Durability::Full).await;
    let mut conn = read_connection(&path).await;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT stream_id, event_id, payload FROM events ORDER BY position")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(rows.len(), events);
    let (mut full, mut read, mut decode) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..LOAD_PASSES {
        let t = Instant::now();
        let (n, map) = load_through_store(&store).await;
        full.push(t.elapsed());
        assert_eq!((n, map.len()), (events, LOAD_DOSSIERS));
        drop(map);

        let t = Instant::now();
        let raw = bare_read(&mut conn).await;
        read.push(t.elapsed());
        assert_eq!(raw.len(), events);
        drop(raw);

        let t = Instant::now();
        let map = decode_and_fold(&rows);
        decode.push(t.elapsed());
        assert_eq!(map.len(), LOAD_DOSSIERS);
        let sample: &Dossier = map.values().next().unwrap();
        assert_eq!(sample.history().len(), LOAD_PER_DOSSIER);
    }
    let rate = |d: Duration| events as f64 / d.as_secs_f64() / 1e6;
    let (full, read, decode) = (median(full), median(read), median(decode));
    println!(
        "load {LOAD_DOSSIERS} dossiers / {events} events, read_all pages of {PAGE} + decode + fold: {:.2} s = {:.2} M events/s (goal >= 1 M/s)",
        full.as_secs_f64(),
        rate(full)
    );
    println!(
        "  floor, bare sqlx read of the same rows into (String, String): {:.2} s = {:.2} M rows/s",
        read.as_secs_f64(),
        rate(read)
    );
    println!(
        "  floor, decode + fold of the same JSON from memory: {:.2} s = {:.2} M events/s",
        decode.as_secs_f64(),
        rate(decode)
    );
    println!(
        "  store / (bare read + in-memory decode and fold): {:.2}x",
        (read + decode).as_secs_f64() / full.as_secs_f64()
    );
    store.close().await;
    // Issue 11: at least 1 M events per second. The floor is the two floors' parts one after the other.
    Summary::new("store_load", events as f64 / full.as_secs_f64(), "events/s")
        .floor(events as f64 / (read + decode).as_secs_f64())
        .goal_value(1e6)
}

/// The file's bytes on disk.
fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().len()
}

async fn bytes_per_dossier() -> Summary {
    let path = fresh("size.db");
    let store = open_store(&path, Durability::Normal).await;
    let mut json_bytes = 0usize;
    for (code, events) in dossier_lives(SIZE_DOSSIERS, SIZE_PER_DOSSIER) {
        let mut dossier: Option<Dossier> = None;
        for (version, event) in (0u64..).zip(events) {
            json_bytes += encode_event(&event).unwrap().len();
            let d = match dossier.as_mut() {
                None => dossier.insert(Dossier::open(event.clone()).unwrap()),
                Some(d) => {
                    d.apply(&event).unwrap();
                    d
                }
            };
            let index = DossierIndex::of(d, version + 1, None);
            let mut append = Append::new(
                code.clone(),
                ExpectedVersion::after(version),
                vec![event.clone()],
            )
            .with_index(index);
            if matches!(event.kind, hoso_core::event::EventKind::DispatchedToAgency) {
                append = append.with_outbox([NewOutboxMessage::new(
                    format!("submit:{code}"),
                    Destination::Agency("000.00.01.H56".parse().unwrap()),
                    serde_json::to_value(d.header()).unwrap(),
                )]);
            }
            store.append(append).await.unwrap();
        }
    }
    store.close().await;
    let options = SqliteConnectOptions::new().filename(&path);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let size = file_size(&path);
    println!(
        "bytes on disk per dossier of {SIZE_PER_DOSSIER} events: {} ({} bytes for {SIZE_DOSSIERS} dossiers after checkpoint + VACUUM; events, index rows, one outbox message each); the events' JSON alone: {} bytes per dossier ({:.2}x)",
        size / SIZE_DOSSIERS as u64,
        size,
        json_bytes / SIZE_DOSSIERS,
        size as f64 / json_bytes as f64
    );
    // No goal was set; the floor is the events' JSON alone.
    Summary::new(
        "store_bytes_per_dossier",
        size as f64 / SIZE_DOSSIERS as f64,
        "bytes",
    )
    .floor(json_bytes as f64 / SIZE_DOSSIERS as f64)
    .lower_is_better()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let summaries = runtime.block_on(async {
        [
            single_appends().await,
            batched_appends().await,
            bytes_per_dossier().await,
            load().await,
        ]
    });
    for summary in summaries {
        summary.print();
    }
}
