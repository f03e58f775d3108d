//! The store's schema: embedded, versioned migrations, applied in one write transaction when the store opens.

use hoso_core::store::{StoreError, StoreErrorKind};
use sqlx::{Row, SqliteConnection};

use crate::error::from_sqlx;

/// The newest schema version this code knows.
pub const SCHEMA_VERSION: u32 = 3;

/// Each schema version and the SQL that makes it from the one before, oldest first.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_once_keys.sql")),
    (3, include_str!("../migrations/0003_window_counts.sql")),
];

/// Brings the store's schema to [`SCHEMA_VERSION`]: creates it in an empty file, applies the missing
/// migrations to an older store, and refuses a file that holds other tables (not a `hoso` store) or a store
/// of a newer schema. Returns the version found before.
pub(crate) async fn migrate(conn: &mut SqliteConnection, now_us: i64) -> Result<u32, StoreError> {
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE")
        .await
        .map_err(|e| from_sqlx("opening the store", e))?;
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(|e| from_sqlx("reading the store's tables", e))?
    .into_iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    let found = if tables.iter().any(|t| t == "hoso_store") {
        let v: i64 =
            sqlx::query_scalar("SELECT schema_version FROM hoso_store WHERE singleton = 1")
                .fetch_optional(&mut *tx)
                .await
                .map_err(|e| from_sqlx("reading the schema version", e))?
                .ok_or_else(|| StoreError::corrupt("the store's hoso_store table has no row"))?;
        u32::try_from(v).map_err(|_| StoreError::corrupt(format!("schema version {v}")))?
    } else if tables.is_empty() {
        0
    } else {
        return Err(StoreError::new(
            StoreErrorKind::NotAStore,
            format!(
                "the database holds {} table(s) ({}) but no hoso_store table",
                tables.len(),
                tables
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    if found > SCHEMA_VERSION {
        return Err(StoreError::new(
            StoreErrorKind::NewerSchema {
                found,
                known: SCHEMA_VERSION,
            },
            format!(
                "the store has schema version {found}; this version of hoso-sqlite knows up to {SCHEMA_VERSION}: upgrade hoso"
            ),
        ));
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        sqlx::raw_sql(*sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| from_sqlx(&format!("applying schema version {version}"), e))?;
        sqlx::query(
            "INSERT INTO hoso_store (singleton, schema_version, created_at_us) VALUES (1, ?1, ?2)
             ON CONFLICT (singleton) DO UPDATE SET schema_version = excluded.schema_version",
        )
        .bind(i64::from(*version))
        .bind(now_us)
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("recording the schema version", e))?;
    }
    tx.commit()
        .await
        .map_err(|e| from_sqlx("committing the schema", e))?;
    Ok(found)
}
