//! The store's schema: embedded, versioned migrations, applied in one transaction when the store opens,
//! under an advisory lock so that processes opening the same database at once migrate it once.

use hoso_core::store::{StoreError, StoreErrorKind};
use sqlx::{PgConnection, Row};

use crate::error::from_sqlx;

/// The newest schema version this code knows.
pub const SCHEMA_VERSION: u32 = 3;

/// Each schema version and the SQL that makes it from the one before, oldest first.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_once_keys.sql")),
    (3, include_str!("../migrations/0003_window_counts.sql")),
];

/// The advisory lock (per database) held while the schema is checked and migrated.
const MIGRATION_LOCK: i64 = 0x686f_736f_0000_0002;

/// Brings the schema in the connection's `search_path` to [`SCHEMA_VERSION`]: creates it in an empty schema,
/// applies the missing migrations to an older store, and refuses a schema that holds other tables (not a
/// `hoso` store) or a store of a newer schema. Returns the version found before.
pub(crate) async fn migrate(conn: &mut PgConnection) -> Result<u32, StoreError> {
    let mut tx = sqlx::Connection::begin(&mut *conn)
        .await
        .map_err(|e| from_sqlx("opening the store", e))?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("locking the schema", e))?;
    let tables: Vec<String> = sqlx::query(
        "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema() \
         ORDER BY tablename",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(|e| from_sqlx("reading the store's tables", e))?
    .into_iter()
    .map(|r| r.try_get::<String, _>(0))
    .collect::<Result<_, _>>()
    .map_err(|e| from_sqlx("reading the store's tables", e))?;
    let found = if tables.iter().any(|t| t == "hoso_store") {
        let v: i32 = sqlx::query_scalar("SELECT schema_version FROM hoso_store WHERE singleton")
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
                "the schema holds {} table(s) ({}) but no hoso_store table",
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
                "the store has schema version {found}; this version of hoso-postgres knows up to \
                 {SCHEMA_VERSION}: upgrade hoso"
            ),
        ));
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        sqlx::raw_sql(*sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| from_sqlx(&format!("applying schema version {version}"), e))?;
        sqlx::query(
            "INSERT INTO hoso_store (singleton, schema_version, created_at_us) \
             VALUES (TRUE, $1, (extract(epoch FROM now()) * 1000000)::bigint) \
             ON CONFLICT (singleton) DO UPDATE SET schema_version = excluded.schema_version",
        )
        .bind(i32::try_from(*version).unwrap_or(i32::MAX))
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("recording the schema version", e))?;
    }
    tx.commit()
        .await
        .map_err(|e| from_sqlx("committing the schema", e))?;
    Ok(found)
}
