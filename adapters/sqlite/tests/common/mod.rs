//! Helpers of the SQLite tests: a directory per test, raw SQL behind the store's back.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// A new, empty directory for one test (never shared between tests running in parallel).
pub(crate) fn temp_dir() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hoso-sqlite-test-{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        jiff::Timestamp::now().as_nanosecond()
    ));
    std::fs::create_dir_all(&dir).expect("create the test directory");
    dir
}

/// The store's path, from its `Debug` form (`path: "…"`).
pub(crate) fn path_in_debug(debug: &str) -> PathBuf {
    let start = debug
        .find("path: \"")
        .expect("the store's Debug names its path")
        + 7;
    let end = debug[start..].find('"').expect("closing quote") + start;
    PathBuf::from(&debug[start..end])
}

/// Runs one statement with one text parameter on the database at `path`, through a connection of its own.
pub(crate) async fn execute(path: &std::path::Path, sql: &'static str, param: &str) {
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    let mut conn = sqlx::SqliteConnection::connect_with(&opts)
        .await
        .expect("connect");
    sqlx::query(sql)
        .bind(param)
        .execute(&mut conn)
        .await
        .expect("raw statement");
    conn.close().await.expect("close");
}
