//! PostgreSQL's failures as [`StoreError`]s: the SQLSTATE normalised to a [`StoreErrorKind`] and kept as the
//! error's code. Messages say what the store was doing and carry the server's one-line message, never a
//! value: PostgreSQL puts offending values in the error's detail, which is not kept.

use hoso_core::store::{StoreError, StoreErrorKind};

/// The kind a SQLSTATE stands for.
///
/// ```
/// use hoso_core::store::StoreErrorKind;
/// use hoso_postgres::kind_of_sqlstate;
/// assert_eq!(kind_of_sqlstate("40001"), StoreErrorKind::Unavailable);
/// assert_eq!(kind_of_sqlstate("53100"), StoreErrorKind::StorageFull);
/// assert_eq!(kind_of_sqlstate("54000"), StoreErrorKind::TooLarge);
/// assert_eq!(kind_of_sqlstate("42601"), StoreErrorKind::Other);
/// ```
pub fn kind_of_sqlstate(code: &str) -> StoreErrorKind {
    match code {
        // serialization_failure, deadlock_detected: the transaction was rolled back; run it again.
        "40001" | "40P01" => StoreErrorKind::Unavailable,
        // disk_full
        "53100" => StoreErrorKind::StorageFull,
        // out_of_memory, too_many_connections, configuration_limit_exceeded: the server is overloaded.
        "53200" | "53300" | "53400" => StoreErrorKind::Unavailable,
        // program_limit_exceeded and its subclasses (a value or statement too large for the server)
        c if c.starts_with("54") => StoreErrorKind::TooLarge,
        // admin_shutdown, crash_shutdown, cannot_connect_now, database_dropped (a restart or a failover),
        // idle_session_timeout.
        "57P01" | "57P02" | "57P03" | "57P05" => StoreErrorKind::Unavailable,
        // read_only_sql_transaction: connected to a standby (during a failover).
        "25006" => StoreErrorKind::Unavailable,
        // lock_not_available, query_canceled (statement_timeout, lock_timeout): try again later.
        "55P03" | "57014" => StoreErrorKind::Unavailable,
        // connection_exception and its subclasses
        c if c.starts_with("08") => StoreErrorKind::Unavailable,
        // invalid_text_representation, character_not_in_repertoire, untranslatable_character: a stored value
        // the server cannot read back as its column's type.
        "22P02" | "22021" | "22P05" => StoreErrorKind::Corrupt,
        // undefined_table, undefined_column: the schema is not a hoso store's (or was altered).
        "42P01" | "42703" => StoreErrorKind::NotAStore,
        _ => StoreErrorKind::Other,
    }
}

/// A sqlx error met while `doing` something, as a [`StoreError`].
pub(crate) fn from_sqlx(doing: &str, e: sqlx::Error) -> StoreError {
    use sqlx::Error as E;
    let (kind, message, code) = match &e {
        E::Database(db) => {
            let code = db.code().map(|c| c.into_owned());
            let kind = code
                .as_deref()
                .map_or(StoreErrorKind::Other, kind_of_sqlstate);
            (kind, format!("{doing}: {}", db.message()), code)
        }
        E::Io(io) => (
            StoreErrorKind::Unavailable,
            format!("{doing}: the connection to PostgreSQL failed: {io}"),
            None,
        ),
        E::PoolTimedOut => (
            StoreErrorKind::Unavailable,
            format!("{doing}: no connection to PostgreSQL became free in time"),
            None,
        ),
        E::Protocol(_) | E::Tls(_) | E::WorkerCrashed => (
            StoreErrorKind::Unavailable,
            format!("{doing}: the connection to PostgreSQL broke: {e}"),
            None,
        ),
        E::PoolClosed => (
            StoreErrorKind::Other,
            format!("{doing}: the store's connection pool is closed"),
            None,
        ),
        E::ColumnDecode { .. } | E::Decode(_) | E::ColumnNotFound(_) | E::RowNotFound => (
            StoreErrorKind::Corrupt,
            format!("{doing}: a row does not have the shape of a hoso store's: {e}"),
            None,
        ),
        E::Configuration(_) | E::InvalidArgument(_) => {
            (StoreErrorKind::Invalid, format!("{doing}: {e}"), None)
        }
        _ => (StoreErrorKind::Other, format!("{doing}: {e}"), None),
    };
    let err = StoreError::new(kind, message);
    match code {
        // The server's error is not kept as the source: its Debug form carries the detail, where PostgreSQL
        // quotes the offending values.
        Some(c) => err.with_code(c),
        None => err.with_source(e),
    }
}

/// A stored value that does not read back: `Corrupt`, naming the table and the row's key.
pub(crate) fn corrupt(
    table: &str,
    key: &dyn std::fmt::Display,
    what: impl std::fmt::Display,
) -> StoreError {
    StoreError::corrupt(format!("{table} row {key}: {what}"))
}

/// Whether a sqlx error is a unique violation (SQLSTATE 23505).
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("23505"))
}
