//! Helpers of the SQLite tests: a directory per test, raw SQL behind the store's back.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// A new, empty directory for one test (never shared between tests running in parallel), under
/// `$TMPDIR/hoso-sqlite-tests/<pid>/`.
///
/// A store outlives the test function that opened it (the conformance suite holds it as `Arc<dyn
/// EventStore>`), so the directory is not removed when the test ends; instead the first call of each test
/// process removes the directories of processes that are no longer running, so that runs do not pile up
/// databases in the temporary directory.
pub(crate) fn temp_dir() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    static SWEPT: Once = Once::new();
    let root = std::env::temp_dir().join("hoso-sqlite-tests");
    SWEPT.call_once(|| sweep(&root));
    let dir = root
        .join(std::process::id().to_string())
        .join(N.fetch_add(1, Ordering::SeqCst).to_string());
    std::fs::create_dir_all(&dir).expect("create the test directory");
    dir
}

/// Removes the directories under `root` of test processes that have ended. Where the system does not say
/// which processes run (no `/proc`), nothing is removed.
fn sweep(root: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
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

/// Runs statements without parameters on the database at `path`, through a connection of its own.
pub(crate) async fn execute_batch(path: &std::path::Path, sql: &'static str) {
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    let mut conn = sqlx::SqliteConnection::connect_with(&opts)
        .await
        .expect("connect");
    sqlx::raw_sql(sql)
        .execute(&mut conn)
        .await
        .expect("raw statements");
    conn.close().await.expect("close");
}
