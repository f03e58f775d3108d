//! What the PostgreSQL tests share: the server they run against, a fresh database per test, and the
//! damage the corrupt-row check needs.
//!
//! The server comes from `DATABASE_URL`, or else from the `PG*` variables (`PGHOST`, `PGPORT`, `PGUSER`,
//! `PGPASSWORD`, as `pg_virtualenv` exports them). Without either, the tests say so on stderr and check
//! nothing, except under `CI=true`, where a missing server fails them.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use hoso_core::DossierCode;
use hoso_core::store::EventStore;
use hoso_postgres::PgStore;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool};

/// The server's connection options, or `None` when none is configured (outside CI).
pub(crate) fn server() -> Option<PgConnectOptions> {
    static SERVER: OnceLock<Option<PgConnectOptions>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            let options = match std::env::var("DATABASE_URL") {
                Ok(url) => Some(
                    url.parse::<PgConnectOptions>()
                        .unwrap_or_else(|e| panic!("DATABASE_URL is not a PostgreSQL URL: {e}")),
                ),
                Err(_) if std::env::var_os("PGHOST").is_some() || std::env::var_os("PGPORT").is_some() => {
                    Some(PgConnectOptions::new())
                }
                Err(_) => None,
            };
            if options.is_none() {
                assert!(
                    !ci,
                    "CI=true but no PostgreSQL server is configured: set DATABASE_URL or PGHOST/PGPORT \
                     (`bash .ci/test` starts one)"
                );
                // Straight to stderr, past the test harness's capture, once per test binary.
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** hoso-postgres: NO POSTGRESQL SERVER (set DATABASE_URL or PGHOST/PGPORT, or run \
                     `bash .ci/test`): the PostgreSQL tests of this binary check NOTHING ***\n"
                );
            }
            options
        })
        .clone()
}

/// Whether there is a server to test against (the conformance macro's `available`).
pub(crate) fn server_is_up() -> bool {
    server().is_some()
}

/// A connection to the server's maintenance database, for creating and dropping test databases.
async fn admin() -> PgConnection {
    let options = server().expect("a server");
    let options =
        if std::env::var_os("DATABASE_URL").is_some() || std::env::var_os("PGDATABASE").is_some() {
            options
        } else {
            options.database("postgres")
        };
    PgConnection::connect_with(&options)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the PostgreSQL server: {e}"))
}

fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Creates an empty database of its own for one test and returns its connection options. Databases that
/// earlier runs left behind (more than an hour old) are dropped on the way.
pub(crate) async fn fresh_database() -> PgConnectOptions {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    let mut admin = admin().await;
    SWEPT
        .get_or_init(|| async {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT datname::text FROM pg_database WHERE datname LIKE 'hoso\\_t\\_%'",
            )
            .fetch_all(&mut admin)
            .await
            .expect("list test databases");
            let cutoff = unix_seconds().saturating_sub(3600);
            for name in names {
                let born = name.split('_').nth(2).and_then(|s| s.parse::<u64>().ok());
                if born.is_some_and(|b| b < cutoff)
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    let _ = sqlx::query(AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut admin)
                    .await;
                }
            }
        })
        .await;
    let name = format!(
        "hoso_t_{}_{}_{}",
        unix_seconds(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
    server().expect("a server").database(&name)
}

/// A pool on `options`.
pub(crate) async fn pool(options: PgConnectOptions) -> PgPool {
    PgPoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test database: {e}"))
}

/// The pools behind the stores [`fresh`] made, by the store's address, for [`damage`].
fn pools() -> &'static Mutex<HashMap<usize, PgPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, PgPool>>> = OnceLock::new();
    POOLS.get_or_init(Default::default)
}

fn address(store: &Arc<dyn EventStore>) -> usize {
    Arc::as_ptr(store) as *const () as usize
}

/// A fresh, empty store in a database of its own.
pub(crate) async fn fresh() -> Arc<dyn EventStore> {
    let store = PgStore::from_pool(pool(fresh_database().await).await)
        .await
        .unwrap_or_else(|e| panic!("cannot open the store: {e}"));
    let pool = store.pool().clone();
    let store: Arc<dyn EventStore> = Arc::new(store);
    pools()
        .lock()
        .expect("pools lock")
        .insert(address(&store), pool);
    store
}

/// Overwrites the payload of `dossier`'s first event with something that is not an event.
pub(crate) async fn damage(store: Arc<dyn EventStore>, dossier: DossierCode) {
    let pool = pools()
        .lock()
        .expect("pools lock")
        .get(&address(&store))
        .cloned()
        .expect("a store made by `fresh`");
    let done = sqlx::query(
        "UPDATE events SET payload = '{\"not\": \"an event\"' WHERE stream_id = $1 AND stream_version = 1",
    )
    .bind(dossier.as_str())
    .execute(&pool)
    .await
    .expect("damage the first event");
    assert_eq!(done.rows_affected(), 1);
}
