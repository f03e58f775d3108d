//! One error type for every event store, with a normalised kind (as [`crate::adapter::AdapterError`] does for
//! agencies, and sqlx's `DatabaseError::kind()` for drivers).

use std::fmt;

use super::ExpectedVersion;

/// What went wrong, normalised across storage engines so that callers can match on it.
///
/// The engine's own code (an SQLite extended result code, a PostgreSQL SQLSTATE) is kept beside it in
/// [`StoreError::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// The dossier's stream is not at the version the append expected: another writer got there first.
    /// Reload, decide again, retry.
    Conflict {
        /// What the append expected.
        expected: ExpectedVersion,
        /// The stream's version when the append was refused; `None` when the stream does not exist.
        actual: Option<u64>,
    },
    /// The engine is unreachable, locked or restarting; the same call may succeed later.
    Unavailable,
    /// A stored row cannot be read back (bad JSON, an impossible value, a broken invariant): the store's
    /// data is damaged or was written by something else.
    Corrupt,
    /// The value is larger than the store accepts.
    TooLarge,
    /// The disk or the database is full; nothing was written.
    StorageFull,
    /// The file or database is not a `hoso` store.
    NotAStore,
    /// The store was written by a newer version of `hoso` (its schema is newer than this code knows).
    NewerSchema {
        /// The store's schema version.
        found: u32,
        /// The newest this code knows.
        known: u32,
    },
    /// The outbox message is not held under this lease any more (it expired and another consumer claimed it,
    /// or the message is done).
    LeaseLost,
    /// The request itself is invalid (an empty append, a dossier code that does not match its events).
    Invalid,
    /// The thing asked for does not exist.
    NotFound,
    /// Anything else the engine reported.
    Other,
}

impl StoreErrorKind {
    /// Whether trying the same call again later can help.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Unavailable)
    }

    /// A short name for messages and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Conflict { .. } => "conflict",
            Self::Unavailable => "unavailable",
            Self::Corrupt => "corrupt",
            Self::TooLarge => "too large",
            Self::StorageFull => "storage full",
            Self::NotAStore => "not a hoso store",
            Self::NewerSchema { .. } => "newer schema",
            Self::LeaseLost => "lease lost",
            Self::Invalid => "invalid request",
            Self::NotFound => "not found",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for StoreErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure of an [`EventStore`](super::EventStore) call.
///
/// Messages never carry personal data: stores report dossier codes, positions and versions, never payloads.
///
/// ```
/// use hoso_core::store::{ExpectedVersion, StoreError, StoreErrorKind};
/// let e = StoreError::conflict(ExpectedVersion::Exact(3), Some(4));
/// assert!(matches!(e.kind(), StoreErrorKind::Conflict { actual: Some(4), .. }));
/// assert!(e.to_string().contains("expected version 3"));
/// ```
#[derive(Debug)]
pub struct StoreError {
    kind: StoreErrorKind,
    message: String,
    code: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl StoreError {
    /// An error of `kind` with a message.
    pub fn new(kind: StoreErrorKind, message: impl Into<String>) -> Self {
        StoreError {
            kind,
            message: message.into(),
            code: None,
            source: None,
        }
    }

    /// A refused append: the stream was at `actual`, not at `expected`.
    pub fn conflict(expected: ExpectedVersion, actual: Option<u64>) -> Self {
        let found = match actual {
            Some(v) => format!("the stream is at version {v}"),
            None => "the stream does not exist".to_owned(),
        };
        Self::new(
            StoreErrorKind::Conflict { expected, actual },
            format!("expected {expected}, but {found}"),
        )
    }

    /// A stored value that cannot be read back.
    pub fn corrupt(message: impl Into<String>) -> Self {
        Self::new(StoreErrorKind::Corrupt, message)
    }

    /// Keeps the engine's own error code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Keeps the underlying error.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The normalised kind.
    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }

    /// Whether the same call may succeed later.
    pub fn is_retryable(&self) -> bool {
        self.kind.is_retryable()
    }

    /// The engine's own code (SQLite extended result code, PostgreSQL SQLSTATE), when it gave one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The message, without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store: {}: {}", self.kind, self.message)?;
        if let Some(code) = &self.code {
            write!(f, " (code {code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
