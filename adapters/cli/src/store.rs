//! The event store a command works on, named by URL: `sqlite:PATH` (the embedded engine) or
//! `postgres://…` (a server).

use std::sync::Arc;

use hoso_core::store::EventStore;

/// Why a store could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenStoreError {
    /// A URL of neither engine.
    #[error("unsupported store {0:?}: use sqlite:PATH or postgres://…")]
    Unsupported(String),
    /// A SQLite file that does not exist, where an existing store was asked for.
    #[error("no store at {0}")]
    Missing(String),
    /// The engine refused.
    #[error(transparent)]
    Store(#[from] hoso_core::store::StoreError),
}

/// Opens the store at `url`.
///
/// ```
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// let dir = tempfile::tempdir()?;
/// let url = format!("sqlite:{}", dir.path().join("hoso.db").display());
/// let store = hoso_cli::store::open(&url).await?;
/// assert_eq!(store.read_all(0, 10).await?.events.len(), 0);
/// assert!(hoso_cli::store::open("mysql://x").await.is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`OpenStoreError`]: another scheme, or the engine's error (a file that cannot be created, a server that
/// does not answer, a schema of another version).
pub async fn open(url: &str) -> Result<Arc<dyn EventStore>, OpenStoreError> {
    if url.starts_with("sqlite:") {
        return Ok(Arc::new(hoso_sqlite::SqliteStore::open_url(url).await?));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Arc::new(hoso_postgres::PgStore::connect(url).await?));
    }
    Err(OpenStoreError::Unsupported(url.to_owned()))
}

/// Opens the store at `url`, which must exist already (a command that only reads must not create an empty
/// SQLite file where a path was mistyped).
///
/// # Errors
/// As [`open`], and [`OpenStoreError::Missing`] for a SQLite file that does not exist.
pub async fn open_existing(url: &str) -> Result<Arc<dyn EventStore>, OpenStoreError> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        let path = path.split('?').next().unwrap_or_default();
        if !std::path::Path::new(path).is_file() {
            return Err(OpenStoreError::Missing(path.to_owned()));
        }
    }
    open(url).await
}
