//! SQLite's errors, normalised into [`StoreError`] kinds, keeping SQLite's extended result code.

use hoso_core::store::{StoreError, StoreErrorKind};

/// The store error for a failed SQLite call while doing `what`.
///
/// SQLite's primary result codes (the low byte of the extended code): 5 `SQLITE_BUSY` and 6 `SQLITE_LOCKED`
/// are retryable; 13 `SQLITE_FULL` is a full disk; 11 `SQLITE_CORRUPT` a damaged file; 26 `SQLITE_NOTADB` a
/// file that is not a database; 18 `SQLITE_TOOBIG` a value over SQLite's limit; 10 `SQLITE_IOERR` and 14
/// `SQLITE_CANTOPEN` the disk or the file's directory failing.
pub(crate) fn from_sqlx(what: &str, e: sqlx::Error) -> StoreError {
    let (kind, code) = match &e {
        sqlx::Error::Database(db) => {
            let code = db.code().map(|c| c.into_owned());
            let primary = code
                .as_deref()
                .and_then(|c| c.parse::<i64>().ok())
                .map(|c| c & 0xff);
            let kind = match primary {
                Some(5 | 6) => StoreErrorKind::Unavailable,
                Some(13) => StoreErrorKind::StorageFull,
                Some(11) => StoreErrorKind::Corrupt,
                Some(26) => StoreErrorKind::NotAStore,
                Some(18) => StoreErrorKind::TooLarge,
                Some(10 | 14) => StoreErrorKind::Unavailable,
                _ => StoreErrorKind::Other,
            };
            (kind, code)
        }
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => {
            (StoreErrorKind::StorageFull, None)
        }
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            (StoreErrorKind::Unavailable, None)
        }
        sqlx::Error::WorkerCrashed => (StoreErrorKind::Unavailable, None),
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
            (StoreErrorKind::Corrupt, None)
        }
        _ => (StoreErrorKind::Other, None),
    };
    let message = match &e {
        // SQLite's own messages name the constraint or the problem, never a bound value.
        sqlx::Error::Database(db) => format!("{what}: {}", db.message()),
        other => format!("{what}: {other}"),
    };
    let mut err = StoreError::new(kind, message);
    if let Some(code) = code {
        err = err.with_code(code);
    }
    err.with_source(e)
}

/// A stored value that does not read back as what it should be.
pub(crate) fn corrupt(
    table: &str,
    key: impl std::fmt::Display,
    why: impl std::fmt::Display,
) -> StoreError {
    StoreError::corrupt(format!("{table} row {key}: {why}"))
}
