//! Bad files and faults: what is not a store, a newer store, a full disk, a restart.

use hoso_core::store::{Append, EventStore, ExpectedVersion, StoreErrorKind};
use hoso_sqlite::{SqliteOptions, SqliteStore};

mod common;

fn sample(n: u32) -> (hoso_core::DossierCode, Vec<hoso_core::Event>) {
    hoso_testkit::store_checks::sample_stream(n)
}

/// A new store at `path` holding the sample dossier 1.
async fn store_with_sample(
    path: &std::path::Path,
) -> (SqliteStore, hoso_core::DossierCode, Vec<hoso_core::Event>) {
    let store = SqliteStore::open(path).await.expect("create");
    hoso_testkit::store_checks::with_sample(store).await
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_not_a_store_and_is_left_alone() {
    let path = common::temp_dir().join("notes.db");
    let bytes = b"Danh sach ho so thang 3\nnot a database at all, but longer than one SQLite header of 100 bytes........";
    std::fs::write(&path, bytes).expect("write");
    let err = SqliteStore::open(&path).await.expect_err("not a store");
    assert_eq!(err.kind(), StoreErrorKind::NotAStore, "{err}");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        bytes,
        "the file is untouched"
    );
}

#[tokio::test]
async fn an_sqlite_database_of_something_else_is_not_a_store() {
    let path = common::temp_dir().join("other.db");
    let opts = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&opts)
        .await
        .expect("connect");
    sqlx::query("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
        .execute(&mut conn)
        .await
        .expect("create");
    sqlx::Connection::close(conn).await.expect("close");
    let err = SqliteStore::open(&path).await.expect_err("not a store");
    assert_eq!(err.kind(), StoreErrorKind::NotAStore, "{err}");
    assert!(err.to_string().contains("invoices"), "{err}");
}

#[tokio::test]
async fn a_store_of_a_newer_schema_is_refused_with_both_versions() {
    let path = common::temp_dir().join("hoso.db");
    let store = SqliteStore::open(&path).await.expect("create");
    store.close().await;
    common::execute(
        &path,
        "UPDATE hoso_store SET schema_version = CAST(?1 AS INTEGER)",
        "7",
    )
    .await;
    let err = SqliteStore::open(&path).await.expect_err("newer");
    assert_eq!(
        err.kind(),
        StoreErrorKind::NewerSchema {
            found: 7,
            known: hoso_sqlite::SCHEMA_VERSION
        },
        "{err}"
    );
}

#[tokio::test]
async fn a_store_of_schema_version_1_is_migrated_keeping_its_events() {
    let path = common::temp_dir().join("hoso.db");
    let (store, code, events) = store_with_sample(&path).await;
    store.close().await;
    // What a store written by a version of hoso-sqlite that knew only schema version 1 holds.
    common::execute_batch(
        &path,
        "DROP TABLE window_counts; DROP TABLE once_keys; UPDATE hoso_store SET schema_version = 1",
    )
    .await;
    let store = SqliteStore::open(&path).await.expect("migrate");
    assert_eq!(
        store.read_stream(&code, 0).await.expect("read").len(),
        events.len()
    );
    hoso_testkit::store_checks::later_tables_answer(&store).await;
    store.close().await;
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&opts)
        .await
        .expect("connect");
    let version: i64 = sqlx::query_scalar("SELECT schema_version FROM hoso_store")
        .fetch_one(&mut conn)
        .await
        .expect("version");
    assert_eq!(version, i64::from(hoso_sqlite::SCHEMA_VERSION));
}

#[tokio::test]
async fn everything_appended_is_there_after_reopening() {
    let path = common::temp_dir().join("hoso.db");
    let (code, events) = {
        let (_store, code, events) = store_with_sample(&path).await;
        // No close: the process could stop here; every acknowledged commit is already on disk.
        (code, events)
    };
    let store = SqliteStore::open(&path).await.expect("reopen");
    let read = store.read_stream(&code, 0).await.expect("read");
    assert_eq!(
        read.iter().map(|r| &r.event).collect::<Vec<_>>(),
        events.iter().collect::<Vec<_>>()
    );
    let url = format!("sqlite:{}", path.display());
    let again = SqliteStore::open_url(&url).await.expect("open by URL");
    assert_eq!(
        again.stream_version(&code).await.expect("v"),
        Some(events.len() as u64)
    );
}

#[tokio::test]
async fn a_full_disk_is_a_typed_error_and_nothing_is_half_written() {
    let path = common::temp_dir().join("hoso.db");
    let options = SqliteOptions {
        max_size: Some(256 * 1024),
        ..SqliteOptions::default()
    };
    let store = SqliteStore::open_with(&path, options).await.expect("open");
    let mut full = None;
    let mut written = 0u32;
    for n in 1..=2_000 {
        let (code, events) = sample(n);
        match store
            .append(Append::new(code, ExpectedVersion::NoStream, events))
            .await
        {
            Ok(_) => written += 1,
            Err(e) => {
                full = Some((n, e));
                break;
            }
        }
    }
    let (n, err) = full.expect("a 256 KiB store fills up");
    assert_eq!(err.kind(), StoreErrorKind::StorageFull, "{err}");
    assert_eq!(err.code(), Some("13"), "SQLite's SQLITE_FULL");
    assert!(written > 0);
    let (code, _) = sample(n);
    assert_eq!(
        store.stream_version(&code).await.expect("v"),
        None,
        "the refused append left nothing"
    );
    assert!(store.read_stream(&code, 0).await.expect("read").is_empty());
    let all = store
        .read_all(0, 100_000)
        .await
        .expect("the store still reads");
    assert_eq!(all.events.len(), written as usize * 14);
}

#[tokio::test]
async fn a_backup_is_a_store_with_the_same_events() {
    let dir = common::temp_dir();
    let (store, code, events) = store_with_sample(&dir.join("hoso.db")).await;
    store
        .backup_to(dir.join("backup.db"))
        .await
        .expect("backup");
    let copy = SqliteStore::open(dir.join("backup.db"))
        .await
        .expect("open the copy");
    assert_eq!(
        copy.read_stream(&code, 0).await.expect("read").len(),
        events.len()
    );
}
