//! Durable appends per second on PostgreSQL, with their floor measured in the same run.
//!
//! - `single`: one event and one outbox message per transaction, through `PgStore::append`.
//! - `floor single`: the same bytes (the event's JSON, the message's JSON) as two bare sqlx INSERTs in one
//!   transaction each: what any append must at least cost on this server.
//! - `batch` / `floor batch`: a dossier's 10 events and one message per transaction, against one INSERT of the
//!   10 payloads and one of the message.
//!
//! Run against a server with fsync on (each commit waits for its WAL flush):
//!
//! ```text
//! HOSO_PG_SETTINGS="-c fsync=on -c synchronous_commit=on" bash .ci/with-postgres \
//!     cargo bench -p hoso-postgres --bench append
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use hoso_core::store::payload::encode_event;
use hoso_core::store::{Append, Destination, EventStore, ExpectedVersion, NewOutboxMessage};
use hoso_postgres::PgStore;
use hoso_testkit::store_checks::sample_stream;
use sqlx::PgPool;

const SINGLES: u32 = 400;
const BATCHES: u32 = 150;
const WARM_UP: u32 = 20;

fn message(n: u32) -> NewOutboxMessage {
    NewOutboxMessage::new(
        format!("bench-{n}"),
        Destination::Portal,
        serde_json::json!({ "dossier": n, "status": "received", "note": "Sở Tư pháp" }),
    )
}

struct Figures {
    name: &'static str,
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

fn figures(name: &'static str, mut latencies: Vec<Duration>, total: Duration) -> Figures {
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    Figures {
        name,
        per_second: latencies.len() as f64 / total.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

async fn store_appends(store: &PgStore, first: u32, count: u32, events: usize) -> Figures {
    let appends: Vec<Append> = (first..first + count)
        .map(|n| {
            let (code, all) = sample_stream(n);
            Append::new(code, ExpectedVersion::NoStream, all[..events].to_vec())
                .with_outbox([message(n)])
        })
        .collect();
    let mut latencies = Vec::with_capacity(appends.len());
    let start = Instant::now();
    for append in appends {
        let t = Instant::now();
        store.append(append).await.expect("append");
        latencies.push(t.elapsed());
    }
    let name = if events == 1 { "single" } else { "batch" };
    figures(name, latencies, start.elapsed())
}

async fn floor_inserts(pool: &PgPool, first: u32, count: u32, events: usize) -> Figures {
    let rows: Vec<(Vec<String>, String)> = (first..first + count)
        .map(|n| {
            let (_, all) = sample_stream(n);
            let payloads = all[..events]
                .iter()
                .map(|e| encode_event(e).expect("encode"))
                .collect();
            (payloads, message(n).payload.to_string())
        })
        .collect();
    let mut latencies = Vec::with_capacity(rows.len());
    let start = Instant::now();
    for (payloads, outbox) in rows {
        let t = Instant::now();
        let mut tx = pool.begin().await.expect("begin");
        if payloads.len() == 1 {
            sqlx::query("INSERT INTO floor_events (payload) VALUES ($1)")
                .bind(&payloads[0])
                .execute(&mut *tx)
                .await
                .expect("insert event");
        } else {
            sqlx::query("INSERT INTO floor_events (payload) SELECT * FROM UNNEST($1::text[])")
                .bind(&payloads)
                .execute(&mut *tx)
                .await
                .expect("insert events");
        }
        sqlx::query("INSERT INTO floor_outbox (payload) VALUES ($1)")
            .bind(&outbox)
            .execute(&mut *tx)
            .await
            .expect("insert message");
        tx.commit().await.expect("commit");
        latencies.push(t.elapsed());
    }
    let name = if events == 1 {
        "floor single"
    } else {
        "floor batch"
    };
    figures(name, latencies, start.elapsed())
}

fn print(store: &Figures, floor: &Figures) {
    for f in [floor, store] {
        println!(
            "{:<13} {:>9.0} appends/s   p50 {:>8.3} ms   p99 {:>8.3} ms",
            f.name,
            f.per_second,
            f.p50.as_secs_f64() * 1e3,
            f.p99.as_secs_f64() * 1e3
        );
    }
    println!(
        "{:<13} {:>9.2}x the floor's appends/s",
        store.name,
        store.per_second / floor.per_second
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, and then it only checks it runs.
    let quick = !std::env::args().any(|a| a == "--bench");
    if !common::server_is_up() {
        return;
    }
    hoso_testkit::block_on_threaded(async move {
        let options = common::fresh_database().await;
        let pool = common::pool(options).await;
        let store = PgStore::from_pool(pool.clone()).await.expect("open");
        sqlx::raw_sql(
            "CREATE TABLE floor_events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload TEXT NOT NULL); \
             CREATE TABLE floor_outbox (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload TEXT NOT NULL);",
        )
        .execute(&pool)
        .await
        .expect("floor tables");
        let fsync: String = sqlx::query_scalar("SHOW fsync")
            .fetch_one(&pool)
            .await
            .expect("fsync");
        let (singles, batches, warm) = if quick {
            (5, 5, 1)
        } else {
            (SINGLES, BATCHES, WARM_UP)
        };
        println!("PostgreSQL, fsync={fsync}, one connection at a time");
        // Warm both paths (connections, prepared statements, caches) before measuring.
        store_appends(&store, 1, warm, 1).await;
        floor_inserts(&pool, 1, warm, 1).await;
        // Interleave store and floor so that both see the same server state.
        let mut next = 1_000;
        let floor = floor_inserts(&pool, next, singles, 1).await;
        let single = store_appends(&store, next, singles, 1).await;
        next += singles;
        print(&single, &floor);
        let floor = floor_inserts(&pool, next, batches, 10).await;
        let batch = store_appends(&store, next, batches, 10).await;
        print(&batch, &floor);
    });
}
