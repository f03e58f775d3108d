//! What the conformance suite cannot see: the schema on open (reopened, newer, foreign), a racing writer
//! that bypassed the append lock, and LISTEN/NOTIFY waking a consumer of another connection.

mod common;

use std::time::Duration;

use hoso_core::store::{
    Append, Destination, DestinationKind, EventStore, ExpectedVersion, NewOutboxMessage,
    StoreErrorKind,
};
use hoso_postgres::{PgStore, SCHEMA_VERSION, Wake};
use hoso_testkit::store_checks::sample_stream;

/// A generous bound for a notification to arrive: only a lost one runs out of it.
const WAIT: Duration = Duration::from_secs(30);

fn run(test: impl std::future::Future<Output = ()>) {
    if common::server_is_up() {
        hoso_testkit::block_on_threaded(test);
    }
}

/// A new store on `options` holding the sample dossier.
async fn store_with_sample(
    options: sqlx::postgres::PgConnectOptions,
) -> (PgStore, hoso_core::DossierCode, Vec<hoso_core::Event>) {
    let store = PgStore::from_pool(common::pool(options).await)
        .await
        .expect("create");
    hoso_testkit::store_checks::with_sample(store).await
}

/// The store on `options` opened again (and so migrated to this code's schema, if it was older): it holds
/// `events` in the stream `code`, and its schema version is this code's.
async fn reopened_with(
    options: sqlx::postgres::PgConnectOptions,
    code: &hoso_core::DossierCode,
    events: &[hoso_core::Event],
) -> PgStore {
    let again = PgStore::from_pool(common::pool(options).await)
        .await
        .expect("reopen");
    assert_eq!(
        again.read_stream(code, 0).await.expect("read").len(),
        events.len()
    );
    assert_eq!(schema_version(&again).await, i64::from(SCHEMA_VERSION));
    again
}

/// The schema version the store's `hoso_store` row records.
async fn schema_version(store: &PgStore) -> i64 {
    let version: i32 = sqlx::query_scalar("SELECT schema_version FROM hoso_store")
        .fetch_one(store.pool())
        .await
        .expect("schema version");
    i64::from(version)
}

#[test]
fn reopening_a_store_keeps_its_data_and_schema() {
    run(async {
        let options = common::fresh_database().await;
        let (_store, code, events) = store_with_sample(options.clone()).await;
        reopened_with(options, &code, &events).await;
    });
}

#[test]
fn a_store_of_schema_version_1_is_migrated_keeping_its_events() {
    run(async {
        let options = common::fresh_database().await;
        let (store, code, events) = store_with_sample(options.clone()).await;
        // What a store written by a version of hoso-postgres that knew only schema version 1 holds.
        sqlx::raw_sql("DROP TABLE window_counts; DROP TABLE once_keys; UPDATE hoso_store SET schema_version = 1")
            .execute(store.pool())
            .await
            .expect("make it a version 1 store");
        let again = reopened_with(options, &code, &events).await;
        hoso_testkit::store_checks::later_tables_answer(&again).await;
    });
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    run(async {
        let options = common::fresh_database().await;
        let store = PgStore::from_pool(common::pool(options.clone()).await)
            .await
            .expect("create");
        sqlx::query("UPDATE hoso_store SET schema_version = 99")
            .execute(store.pool())
            .await
            .expect("pretend a newer hoso wrote it");
        let err = PgStore::from_pool(common::pool(options).await)
            .await
            .expect_err("a newer schema");
        assert_eq!(
            err.kind(),
            StoreErrorKind::NewerSchema {
                found: 99,
                known: SCHEMA_VERSION
            },
            "{err}"
        );
        assert_eq!(schema_version(&store).await, 99, "left untouched");
    });
}

#[test]
fn a_database_of_other_tables_is_not_a_store() {
    run(async {
        let options = common::fresh_database().await;
        let pool = common::pool(options).await;
        sqlx::query("CREATE TABLE invoices (id BIGINT PRIMARY KEY, total NUMERIC)")
            .execute(&pool)
            .await
            .expect("someone else's table");
        let err = PgStore::from_pool(pool.clone())
            .await
            .expect_err("not a store");
        assert_eq!(err.kind(), StoreErrorKind::NotAStore, "{err}");
        assert!(err.message().contains("invoices"), "{err}");
        let tables: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
        )
        .fetch_one(&pool)
        .await
        .expect("count tables");
        assert_eq!(tables, 1, "nothing was created beside it");
    });
}

#[test]
fn a_row_written_past_the_lock_is_a_conflict_not_a_silent_drop() {
    run(async {
        let store = PgStore::from_pool(common::pool(common::fresh_database().await).await)
            .await
            .expect("create");
        let (code, events) = sample_stream(1);
        store
            .append(Append::new(
                code.clone(),
                ExpectedVersion::NoStream,
                events[..2].to_vec(),
            ))
            .await
            .expect("open");
        // A writer that does not take the append lock (an old or foreign program) puts version 3 in first.
        sqlx::query(
            "INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, \
                                 schema_version, payload, recorded_at_us) \
             SELECT 1000, stream_id, 3, gen_random_uuid(), event_type, schema_version, payload, recorded_at_us \
             FROM events WHERE stream_id = $1 AND stream_version = 2",
        )
        .bind(code.as_str())
        .execute(store.pool())
        .await
        .expect("a write past the lock");
        let err = store
            .append(Append::new(
                code.clone(),
                ExpectedVersion::Exact(2),
                events[2..3].to_vec(),
            ))
            .await
            .expect_err("the version is taken");
        assert_eq!(
            err.kind(),
            StoreErrorKind::Conflict {
                expected: ExpectedVersion::Exact(2),
                actual: Some(3)
            },
            "{err}"
        );
        assert_eq!(err.code(), Some("23505"));
        let written: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events WHERE stream_id = $1 AND event_id = $2::uuid",
        )
        .bind(code.as_str())
        .bind(events[2].id.to_string())
        .fetch_one(store.pool())
        .await
        .expect("count");
        assert_eq!(written, 0, "the refused event is not written");
    });
}

#[test]
fn listeners_wake_on_committed_events_and_outbox_messages_only() {
    run(async {
        let options = common::fresh_database().await;
        let writer = PgStore::from_pool(common::pool(options.clone()).await)
            .await
            .expect("writer");
        // The listener's store has a pool of its own, as another process would.
        let reader = PgStore::from_pool(common::pool(options).await)
            .await
            .expect("reader");
        let mut listener = reader.listen().await.expect("listen");
        let (code, events) = sample_stream(1);
        let outcome = writer
            .append(
                Append::new(
                    code.clone(),
                    ExpectedVersion::NoStream,
                    events[..3].to_vec(),
                )
                .with_outbox([NewOutboxMessage::new(
                    "file-1",
                    Destination::Postal,
                    serde_json::json!({ "order": 1 }),
                )]),
            )
            .await
            .expect("append");
        let mut woke = Vec::new();
        for _ in 0..2 {
            woke.push(
                tokio::time::timeout(WAIT, listener.next())
                    .await
                    .expect("woken in time")
                    .expect("a wake"),
            );
        }
        assert!(woke.contains(&Wake::Events {
            last_position: outcome.last_position.expect("written")
        }));
        assert!(woke.contains(&Wake::Outbox(DestinationKind::Postal)));
        // A refused append notifies nobody: the next wake is the append after it.
        writer
            .append(Append::new(
                code.clone(),
                ExpectedVersion::Exact(1),
                events[3..4].to_vec(),
            ))
            .await
            .expect_err("stale version");
        let next = writer
            .append(Append::new(
                code.clone(),
                ExpectedVersion::Exact(3),
                events[3..4].to_vec(),
            ))
            .await
            .expect("append");
        let wake = tokio::time::timeout(WAIT, listener.next())
            .await
            .expect("woken in time")
            .expect("a wake");
        assert_eq!(
            wake,
            Wake::Events {
                last_position: next.last_position.expect("written")
            }
        );
        // Nothing is delivered before the append commits: an open transaction's notification waits.
        let mut tx = writer.pool().begin().await.expect("begin");
        sqlx::query("SELECT pg_notify('hoso_events', '999')")
            .execute(&mut *tx)
            .await
            .expect("notify");
        assert!(
            tokio::time::timeout(Duration::from_millis(300), listener.next())
                .await
                .is_err(),
            "no wake before commit"
        );
        tx.rollback().await.expect("rollback");
        writer
            .append(Append::new(
                code,
                ExpectedVersion::Exact(4),
                events[4..5].to_vec(),
            ))
            .await
            .expect("append");
        let wake = tokio::time::timeout(WAIT, listener.next())
            .await
            .expect("woken in time")
            .expect("a wake");
        assert_eq!(
            wake,
            Wake::Events { last_position: 5 },
            "the rolled-back notification never arrives"
        );
    });
}
