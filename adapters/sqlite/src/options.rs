//! How a store is opened: durability of commits, lock waits, readers, size limit.

use std::str::FromStr;
use std::time::Duration;

use hoso_core::store::{StoreError, StoreErrorKind};

/// How the file is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Durability {
    /// `synchronous=FULL` (the default): every commit is on disk when the append returns. Nothing
    /// acknowledged is lost on a power cut.
    Full,
    /// `synchronous=NORMAL`: in WAL mode, commits are fsynced at checkpoints only. A crash of the process
    /// loses nothing, but a power cut or an operating-system crash can lose the last commits (never corrupt
    /// the file); an acknowledged filing could then be forgotten. Faster; for stores that can be rebuilt.
    Normal,
}

/// How to open a store.
#[derive(Debug, Clone)]
pub struct SqliteOptions {
    /// Durability of commits.
    pub durability: Durability,
    /// How long a writer waits for another process's write lock before reporting `Unavailable`.
    pub busy_timeout: Duration,
    /// How many connections serve reads at once (writes always go through one connection).
    pub readers: u32,
    /// The most the file may grow to, in bytes (SQLite's `max_page_count`, in pages of 4 KiB); a write that
    /// would pass it is refused as [`StorageFull`](StoreErrorKind::StorageFull) with nothing written, as
    /// when the disk fills up. `None`: as large as the disk allows.
    pub max_size: Option<u64>,
}

impl Default for SqliteOptions {
    /// Full durability, a 5 s busy timeout, 4 readers, no size limit.
    fn default() -> Self {
        SqliteOptions {
            durability: Durability::Full,
            busy_timeout: Duration::from_secs(5),
            readers: 4,
            max_size: None,
        }
    }
}

impl FromStr for Durability {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, StoreError> {
        match s {
            "full" => Ok(Durability::Full),
            "normal" => Ok(Durability::Normal),
            other => Err(StoreError::new(
                StoreErrorKind::Invalid,
                format!("durability {other:?} is not `full` or `normal`"),
            )),
        }
    }
}
