//! The event-store port: how `hoso` keeps dossiers durably, whatever the database.
//!
//! A dossier is a stream of [`Event`](crate::Event)s keyed by its [`DossierCode`](crate::DossierCode). An
//! [`EventStore`] appends a dossier's new events with an [`ExpectedVersion`] **in one transaction with the
//! outbox messages they cause**, the custody records they carry and the dossier's [`DossierIndex`] row, so that
//! a crash at any point leaves either all of it or none. Everything that must happen because of an event
//! (file with an agency, sync the national portal, order a pickup, tell the citizen) is an
//! [outbox] message, dispatched at least once and made harmless to repeat by its key.
//!
//! Engines live in adapter crates (`hoso-sqlite`, the embedded default; `hoso-postgres`, for more than one
//! process or machine); [`MemoryStore`] keeps everything in memory for tests and examples. Every failure is a
//! [`StoreError`] with a normalised [`StoreErrorKind`]. Stored events carry a schema version and are read
//! through [`payload`], which upcasts older versions. Beside the dossiers, a store keeps once-only keys
//! ([`EventStore::remember_once`], [`OnceKeys`]): the replay guard of signed webhooks, shared by every process
//! over the store; and counts within windows ([`EventStore::count_within`], [`WindowCounts`]): the
//! citizens' lookup throttle, shared the same way. `docs/storage.md` describes the schema, what is atomic,
//! the gap-safety argument and how to operate the outbox.

mod error;
mod expiring;
mod memory;
mod once;
pub mod outbox;
pub mod payload;
mod port;
mod types;
mod window;

pub use error::{StoreError, StoreErrorKind};
pub use memory::MemoryStore;
pub use once::{MAX_ONCE_KEY_BYTES, OnceKeys, OnceKeysFull, check_once_key};
pub use outbox::{
    Claimed, Destination, DestinationKind, Lease, NewOutboxMessage, OutboxCounts, OutboxMessage,
    OutboxPolicy, OutboxStatus,
};
pub use port::EventStore;
pub use types::{
    AgencyFiling, Append, AppendOutcome, CommandId, CustodyEntry, DossierIndex, DossierQuery,
    EventPage, ExpectedVersion, RecordedEvent,
};
pub use window::{CountLimit, Counted, WindowCounts, uncount_keys, window_count_keys};
