//! The event-store port: what the service layer needs of a storage engine.

use jiff::Timestamp;

use crate::adapter::AgencyRef;
use crate::{AgencyCode, DossierCode, TrackingNumber};

use super::StoreError;
use super::outbox::{Claimed, DestinationKind, Lease, OutboxCounts, OutboxMessage, OutboxPolicy};
use super::types::{
    Append, AppendOutcome, CommandId, CustodyEntry, DossierIndex, DossierQuery, EventPage,
    RecordedEvent,
};
use super::window::{CountLimit, Counted};

/// A durable store of dossiers' events, with the outbox, custody records, index and checkpoints that live
/// beside them. Object-safe: a service holds `Arc<dyn EventStore>`.
///
/// The contract, which the conformance suite in `hoso-testkit` checks for every engine:
/// - [`append`](Self::append) is atomic: its events, outbox messages, custody records, index row and command
///   record are all written, or none is. A wrong expected version is
///   [`StoreErrorKind::Conflict`](super::StoreErrorKind::Conflict), never a silent drop: of N racing appends
///   with the same expected version exactly one succeeds.
/// - An event whose id is already in its stream is skipped; an append whose events are all there already
///   succeeds without writing (a retried append is harmless).
/// - The global order is gap-safe: once [`read_all`](Self::read_all) has returned position p, no event is
///   ever committed at a position ≤ p.
/// - Outbox messages are delivered at least once: a claim whose lease expires makes the message claimable
///   again.
#[async_trait::async_trait]
pub trait EventStore: Send + Sync + std::fmt::Debug {
    /// Appends a dossier's new events, with what they cause, in one transaction.
    async fn append(&self, append: Append) -> Result<AppendOutcome, StoreError>;

    /// The dossier's events with a stream version greater than `after_version` (0: all of them), in order.
    async fn read_stream(
        &self,
        dossier: &DossierCode,
        after_version: u64,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// At most `limit` events of every dossier with a global position greater than `after`, in order.
    async fn read_all(&self, after: u64, limit: usize) -> Result<EventPage, StoreError>;

    /// The dossier's stream version (`None`: no such dossier).
    async fn stream_version(&self, dossier: &DossierCode) -> Result<Option<u64>, StoreError>;

    /// The outcome a command had, if it was recorded.
    async fn command_outcome(
        &self,
        command: &CommandId,
    ) -> Result<Option<AppendOutcome>, StoreError>;

    /// The dossier's custody records, in chain order.
    async fn read_custody(&self, dossier: &DossierCode) -> Result<Vec<CustodyEntry>, StoreError>;

    // ----- lookups -----

    /// The dossier's index row.
    async fn index(&self, dossier: &DossierCode) -> Result<Option<DossierIndex>, StoreError>;

    /// The dossier a postal item belongs to.
    async fn find_by_tracking(
        &self,
        tracking: &TrackingNumber,
    ) -> Result<Option<DossierCode>, StoreError>;

    /// The dossier an agency knows by `reference`.
    async fn find_by_agency_ref(
        &self,
        agency: &AgencyCode,
        reference: &AgencyRef,
    ) -> Result<Option<DossierCode>, StoreError>;

    /// The index rows that answer `query`, in dossier-code order.
    async fn query(&self, query: &DossierQuery) -> Result<Vec<DossierIndex>, StoreError>;

    // ----- outbox -----

    /// Claims up to `policy.batch` pending messages of `kind` that are due at `now` and not held by a live
    /// lease, each under a new lease of `policy.lease`. A message already claimed `policy.max_attempts` times
    /// becomes a dead letter instead.
    async fn claim(
        &self,
        kind: DestinationKind,
        now: Timestamp,
        policy: &OutboxPolicy,
    ) -> Result<Vec<Claimed>, StoreError>;

    /// Marks a claimed message done. [`LeaseLost`](super::StoreErrorKind::LeaseLost) if the message was claimed
    /// again since, or is no longer pending.
    async fn complete(&self, lease: &Lease, now: Timestamp) -> Result<(), StoreError>;

    /// Gives a claimed message back after a failed attempt, to be tried again at `at`, keeping `error`; a
    /// message that has had `policy.max_attempts` attempts becomes a dead letter instead.
    async fn retry_at(
        &self,
        lease: &Lease,
        at: Timestamp,
        error: &str,
        policy: &OutboxPolicy,
    ) -> Result<(), StoreError>;

    /// Makes a claimed message a dead letter at once (an error that no retry can mend).
    async fn dead_letter(&self, lease: &Lease, error: &str) -> Result<(), StoreError>;

    /// Dead letters, oldest first, for an operator.
    async fn dead_letters(&self, limit: usize) -> Result<Vec<OutboxMessage>, StoreError>;

    /// Puts a dead letter back in the queue with its attempts reset, to be sent at `now`.
    async fn revive(&self, message: u64, now: Timestamp) -> Result<(), StoreError>;

    /// One outbox message.
    async fn outbox_message(&self, message: u64) -> Result<Option<OutboxMessage>, StoreError>;

    /// How many messages are in each status.
    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError>;

    // ----- consumers' checkpoints -----

    /// The last global position `consumer` saved (0 if none).
    async fn checkpoint(&self, consumer: &str) -> Result<u64, StoreError>;

    /// Saves `consumer`'s position.
    async fn save_checkpoint(&self, consumer: &str, position: u64) -> Result<(), StoreError>;

    // ----- once-only keys -----

    /// Records `key` until `until` and answers `Ok(true)`, or answers `Ok(false)` when the key is already
    /// recorded and not expired at `now` (a key is expired from its `until` on, and may then be recorded
    /// again). What a replay guard needs: the gateway records a signed webhook's delivery id and signature
    /// here, so that every process over the store, and the next one after a restart, refuses a request one
    /// of them accepted.
    ///
    /// Atomic: of racing calls with one unexpired key, across processes, exactly one gets `Ok(true)`. A key
    /// is checked by [`check_once_key`](super::check_once_key) first (`Invalid`). Expired keys are purged as
    /// calls go, so the keys held stay about those of the last `until` window.
    async fn remember_once(
        &self,
        key: &str,
        until: Timestamp,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    // ----- counts within a window -----

    /// Raises each of `counts` by one within its window, **all or none**: when a count is at its limit
    /// none is raised and the answer is [`Counted::Over`](super::Counted::Over) with the end of the windows
    /// that refused. A key's window starts when it is first counted (or first counted after its window
    /// ended, from its end on) and lasts until that call's `until`. What a throttle needs: the citizens'
    /// lookup counts each try per client and per dossier code here before it reads the dossier, so that
    /// every process over the store counts the same tries, and a restart forgets none.
    ///
    /// Atomic: racing calls over one key, across processes, never raise it past its limit. The keys are
    /// checked and ordered by [`window_count_keys`](super::window_count_keys) first (`Invalid`). Ended
    /// windows are purged as calls go, so the windows held stay about those of the last window's length.
    async fn count_within(
        &self,
        counts: &[CountLimit<'_>],
        until: Timestamp,
        now: Timestamp,
    ) -> Result<Counted, StoreError>;

    /// Takes one back from each of `keys`' live windows (what a lookup that matched gives back); a key
    /// without a live window, or at zero, is left alone.
    async fn uncount(&self, keys: &[&str], now: Timestamp) -> Result<(), StoreError>;
}
