//! An event store in memory: for tests, examples and the conformance suite's reference. Nothing survives the
//! process; use `hoso-sqlite` or `hoso-postgres` to keep anything.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use jiff::Timestamp;

use crate::adapter::AgencyRef;
use crate::event::EventId;
use crate::{AgencyCode, DossierCode, TrackingNumber};

use super::once::{OnceKeys, check_once_key};
use super::outbox::{
    Claimed, DestinationKind, Lease, OutboxCounts, OutboxMessage, OutboxPolicy, OutboxStatus,
};
use super::payload::encode_event;
use super::types::{
    Append, AppendOutcome, CommandId, CustodyEntry, DossierIndex, DossierQuery, EventPage,
    RecordedEvent,
};
use super::window::{CountLimit, Counted, WindowCounts};
use super::{EventStore, StoreError, StoreErrorKind};

/// An [`EventStore`] in memory, with the same contract as the durable engines (one lock serialises the
/// writers, so the global order is gap-safe).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use hoso_core::store::{Append, EventStore, ExpectedVersion, MemoryStore};
/// let store = MemoryStore::new();
/// let events = hoso_core::demo::lifecycle(1);
/// let code = hoso_core::Dossier::from_events(&events).unwrap().code().clone();
/// let outcome = store.append(Append::new(code.clone(), ExpectedVersion::NoStream, events.clone())).await.unwrap();
/// assert_eq!(outcome.version, events.len() as u64);
/// assert_eq!(store.read_stream(&code, 0).await.unwrap().len(), events.len());
/// # }
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    events: Vec<RecordedEvent>,
    streams: HashMap<DossierCode, Stream>,
    outbox: Vec<Slot>,
    outbox_keys: HashSet<String>,
    custody: HashMap<DossierCode, BTreeMap<u64, CustodyEntry>>,
    index: BTreeMap<DossierCode, DossierIndex>,
    tracking: HashMap<TrackingNumber, DossierCode>,
    references: HashMap<(AgencyCode, AgencyRef), DossierCode>,
    commands: HashMap<CommandId, AppendOutcome>,
    checkpoints: HashMap<String, u64>,
    once: OnceKeys,
    windows: WindowCounts,
}

impl Default for Inner {
    fn default() -> Self {
        Inner {
            events: Vec::new(),
            streams: HashMap::new(),
            outbox: Vec::new(),
            outbox_keys: HashSet::new(),
            custody: HashMap::new(),
            index: BTreeMap::new(),
            tracking: HashMap::new(),
            references: HashMap::new(),
            commands: HashMap::new(),
            checkpoints: HashMap::new(),
            // As unbounded as the rest of the store.
            once: OnceKeys::new(usize::MAX),
            windows: WindowCounts::default(),
        }
    }
}

#[derive(Debug, Default)]
struct Stream {
    /// Indices into `Inner::events`, in stream order.
    events: Vec<usize>,
    ids: HashSet<EventId>,
}

#[derive(Debug)]
struct Slot {
    message: OutboxMessage,
    lease_until: Option<Timestamp>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner>, StoreError> {
        self.inner.lock().map_err(|_| {
            StoreError::new(
                StoreErrorKind::Unavailable,
                "the in-memory store's lock is poisoned: a writer panicked",
            )
        })
    }
}

impl Inner {
    fn slot(&mut self, lease: &Lease) -> Result<&mut Slot, StoreError> {
        let slot = usize::try_from(lease.message)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.outbox.get_mut(i))
            .ok_or_else(|| {
                StoreError::new(
                    StoreErrorKind::NotFound,
                    format!("no outbox message {}", lease.message),
                )
            })?;
        if slot.message.status != OutboxStatus::Pending || slot.message.attempts != lease.token {
            return Err(lease_lost(lease));
        }
        Ok(slot)
    }
}

/// The error for a lease that no longer holds its message.
pub(crate) fn lease_lost(lease: &Lease) -> StoreError {
    StoreError::new(
        StoreErrorKind::LeaseLost,
        format!(
            "outbox message {} is no longer held by claim {}",
            lease.message, lease.token
        ),
    )
}

#[async_trait::async_trait]
impl EventStore for MemoryStore {
    async fn append(&self, append: Append) -> Result<AppendOutcome, StoreError> {
        append.check()?;
        // Encode before taking the lock: what cannot be stored is refused with nothing written.
        for e in &append.events {
            encode_event(e)?;
        }
        let mut g = self.lock()?;
        let inner = &mut *g;
        if let Some(cmd) = &append.command
            && let Some(first) = inner.commands.get(cmd)
        {
            return Ok(AppendOutcome {
                repeated_command: true,
                ..*first
            });
        }
        let stream = inner.streams.get(&append.dossier);
        let current = stream.map(|s| s.events.len() as u64);
        let mut seen = HashSet::new();
        let fresh: Vec<_> = append
            .events
            .iter()
            .filter(|e| !stream.is_some_and(|s| s.ids.contains(&e.id)) && seen.insert(e.id))
            .collect();
        let fresh: Vec<_> = fresh.into_iter().cloned().collect();
        if let Some(noop) = append.admit(current, fresh.len())? {
            return Ok(noop);
        }
        let now = Timestamp::now();
        let stream = inner.streams.entry(append.dossier.clone()).or_default();
        let mut last_position = None;
        let appended = fresh.len() as u64;
        for event in fresh {
            let position = inner.events.len() as u64 + 1;
            stream.ids.insert(event.id);
            stream.events.push(inner.events.len());
            inner.events.push(RecordedEvent {
                position,
                dossier: append.dossier.clone(),
                version: stream.events.len() as u64,
                recorded_at: now,
                event,
            });
            last_position = Some(position);
        }
        let version = stream.events.len() as u64;
        for m in append.outbox {
            if !inner.outbox_keys.insert(m.key.clone()) {
                continue;
            }
            let id = inner.outbox.len() as u64 + 1;
            inner.outbox.push(Slot {
                message: OutboxMessage {
                    id,
                    dossier: append.dossier.clone(),
                    key: m.key,
                    destination: m.destination,
                    payload: m.payload,
                    status: OutboxStatus::Pending,
                    attempts: 0,
                    next_attempt_at: m.not_before,
                    last_error: None,
                    created_at: now,
                },
                lease_until: None,
            });
        }
        let chain = inner.custody.entry(append.dossier.clone()).or_default();
        for c in append.custody {
            chain.entry(c.sequence).or_insert(c);
        }
        if let Some(index) = append.index {
            for t in &index.tracking {
                inner.tracking.insert(t.clone(), append.dossier.clone());
            }
            if let Some(f) = &index.filing {
                inner.references.insert(
                    (f.agency.clone(), f.reference.clone()),
                    append.dossier.clone(),
                );
            }
            inner.index.insert(append.dossier.clone(), index);
        }
        let outcome = AppendOutcome {
            version,
            appended,
            last_position,
            repeated_command: false,
        };
        if let Some(cmd) = append.command {
            inner.commands.insert(cmd, outcome);
        }
        Ok(outcome)
    }

    async fn read_stream(
        &self,
        dossier: &DossierCode,
        after_version: u64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let g = self.lock()?;
        let Some(stream) = g.streams.get(dossier) else {
            return Ok(Vec::new());
        };
        let skip = usize::try_from(after_version).unwrap_or(usize::MAX);
        Ok(stream
            .events
            .iter()
            .skip(skip)
            .filter_map(|&i| g.events.get(i).cloned())
            .collect())
    }

    async fn read_all(&self, after: u64, limit: usize) -> Result<EventPage, StoreError> {
        let g = self.lock()?;
        let skip = usize::try_from(after).unwrap_or(usize::MAX);
        let events: Vec<_> = g.events.iter().skip(skip).take(limit).cloned().collect();
        let next = events.last().map_or(after, |e| e.position);
        Ok(EventPage { events, next })
    }

    async fn stream_version(&self, dossier: &DossierCode) -> Result<Option<u64>, StoreError> {
        Ok(self
            .lock()?
            .streams
            .get(dossier)
            .map(|s| s.events.len() as u64))
    }

    async fn command_outcome(
        &self,
        command: &CommandId,
    ) -> Result<Option<AppendOutcome>, StoreError> {
        Ok(self.lock()?.commands.get(command).copied())
    }

    async fn read_custody(&self, dossier: &DossierCode) -> Result<Vec<CustodyEntry>, StoreError> {
        Ok(self
            .lock()?
            .custody
            .get(dossier)
            .map(|c| c.values().cloned().collect())
            .unwrap_or_default())
    }

    async fn index(&self, dossier: &DossierCode) -> Result<Option<DossierIndex>, StoreError> {
        Ok(self.lock()?.index.get(dossier).cloned())
    }

    async fn find_by_tracking(
        &self,
        tracking: &TrackingNumber,
    ) -> Result<Option<DossierCode>, StoreError> {
        Ok(self.lock()?.tracking.get(tracking).cloned())
    }

    async fn find_by_agency_ref(
        &self,
        agency: &AgencyCode,
        reference: &AgencyRef,
    ) -> Result<Option<DossierCode>, StoreError> {
        Ok(self
            .lock()?
            .references
            .get(&(agency.clone(), reference.clone()))
            .cloned())
    }

    async fn query(&self, query: &DossierQuery) -> Result<Vec<DossierIndex>, StoreError> {
        let g = self.lock()?;
        let rows = g.index.values().filter(|row| {
            query
                .after
                .as_ref()
                .is_none_or(|after| &row.dossier > after)
                && query.matches(row)
        });
        Ok(rows.take(query.limit).cloned().collect())
    }

    async fn claim(
        &self,
        kind: DestinationKind,
        now: Timestamp,
        policy: &OutboxPolicy,
    ) -> Result<Vec<Claimed>, StoreError> {
        let until = now
            .checked_add(policy.lease)
            .map_err(|e| StoreError::new(StoreErrorKind::Invalid, format!("lease: {e}")))?;
        let mut g = self.lock()?;
        let mut claimed = Vec::new();
        for slot in g.outbox.iter_mut() {
            if claimed.len() >= policy.batch {
                break;
            }
            let m = &mut slot.message;
            let free = slot.lease_until.is_none_or(|u| u <= now);
            if m.status != OutboxStatus::Pending
                || m.destination.kind() != kind
                || m.next_attempt_at.is_some_and(|at| at > now)
                || !free
            {
                continue;
            }
            if m.attempts >= policy.max_attempts {
                m.status = OutboxStatus::Dead;
                slot.lease_until = None;
                continue;
            }
            m.attempts += 1;
            slot.lease_until = Some(until);
            claimed.push(Claimed {
                message: m.clone(),
                lease: Lease {
                    message: m.id,
                    token: m.attempts,
                    until,
                },
            });
        }
        Ok(claimed)
    }

    async fn complete(&self, lease: &Lease, _now: Timestamp) -> Result<(), StoreError> {
        let mut g = self.lock()?;
        let slot = g.slot(lease)?;
        slot.message.status = OutboxStatus::Done;
        slot.lease_until = None;
        Ok(())
    }

    async fn retry_at(
        &self,
        lease: &Lease,
        at: Timestamp,
        error: &str,
        policy: &OutboxPolicy,
    ) -> Result<(), StoreError> {
        let mut g = self.lock()?;
        let slot = g.slot(lease)?;
        slot.message.last_error = Some(error.to_owned());
        slot.lease_until = None;
        if slot.message.attempts >= policy.max_attempts {
            slot.message.status = OutboxStatus::Dead;
        } else {
            slot.message.next_attempt_at = Some(at);
        }
        Ok(())
    }

    async fn dead_letter(&self, lease: &Lease, error: &str) -> Result<(), StoreError> {
        let mut g = self.lock()?;
        let slot = g.slot(lease)?;
        slot.message.last_error = Some(error.to_owned());
        slot.message.status = OutboxStatus::Dead;
        slot.lease_until = None;
        Ok(())
    }

    async fn dead_letters(&self, limit: usize) -> Result<Vec<OutboxMessage>, StoreError> {
        let g = self.lock()?;
        Ok(g.outbox
            .iter()
            .filter(|s| s.message.status == OutboxStatus::Dead)
            .take(limit)
            .map(|s| s.message.clone())
            .collect())
    }

    async fn revive(&self, message: u64, now: Timestamp) -> Result<(), StoreError> {
        let mut g = self.lock()?;
        let slot = usize::try_from(message)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| g.outbox.get_mut(i))
            .filter(|s| s.message.status == OutboxStatus::Dead)
            .ok_or_else(|| {
                StoreError::new(
                    StoreErrorKind::NotFound,
                    format!("no dead letter {message}"),
                )
            })?;
        slot.message.status = OutboxStatus::Pending;
        slot.message.attempts = 0;
        slot.message.next_attempt_at = Some(now);
        slot.lease_until = None;
        Ok(())
    }

    async fn outbox_message(&self, message: u64) -> Result<Option<OutboxMessage>, StoreError> {
        let g = self.lock()?;
        Ok(usize::try_from(message)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| g.outbox.get(i))
            .map(|s| s.message.clone()))
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let g = self.lock()?;
        let mut counts = OutboxCounts::default();
        for s in &g.outbox {
            match s.message.status {
                OutboxStatus::Pending => counts.pending += 1,
                OutboxStatus::Done => counts.done += 1,
                OutboxStatus::Dead => counts.dead += 1,
            }
        }
        Ok(counts)
    }

    async fn checkpoint(&self, consumer: &str) -> Result<u64, StoreError> {
        Ok(self.lock()?.checkpoints.get(consumer).copied().unwrap_or(0))
    }

    async fn save_checkpoint(&self, consumer: &str, position: u64) -> Result<(), StoreError> {
        self.lock()?
            .checkpoints
            .insert(consumer.to_owned(), position);
        Ok(())
    }

    async fn remember_once(
        &self,
        key: &str,
        until: Timestamp,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        check_once_key(key)?;
        self.lock()?
            .once
            .remember(key, until, now)
            .map_err(|full| StoreError::new(StoreErrorKind::Unavailable, full.to_string()))
    }

    async fn count_within(
        &self,
        counts: &[CountLimit<'_>],
        until: Timestamp,
        now: Timestamp,
    ) -> Result<Counted, StoreError> {
        self.lock()?.windows.count(counts, until, now)
    }

    async fn uncount(&self, keys: &[&str], now: Timestamp) -> Result<(), StoreError> {
        self.lock()?.windows.uncount(keys, now)
    }
}
