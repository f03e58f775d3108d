//! What goes into an event store and what comes out: expected versions, appends, recorded events, the
//! dossier index the lookups read.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::adapter::AgencyRef;
use crate::event::Event;
use crate::state::{AgencyState, PostalState};
use crate::{AgencyCode, Dossier, DossierCode, TrackingNumber};

use super::outbox::NewOutboxMessage;
use super::payload::check_size;
use super::{StoreError, StoreErrorKind};

/// The version a dossier's stream must be at for an append to go through (optimistic concurrency).
///
/// A stream's version is the number of events in it: a new dossier's stream is at 0 (no stream) and its
/// opening event is version 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpectedVersion {
    /// The stream must not exist yet: the append opens the dossier.
    NoStream,
    /// The stream must hold exactly this many events.
    Exact(u64),
    /// Whatever the stream holds (an append that cannot conflict, such as an index update).
    Any,
}

impl ExpectedVersion {
    /// Whether a stream at `actual` (`None`: no stream) satisfies this expectation.
    ///
    /// ```
    /// use hoso_core::store::ExpectedVersion;
    /// assert!(ExpectedVersion::NoStream.matches(None));
    /// assert!(ExpectedVersion::Exact(3).matches(Some(3)));
    /// assert!(!ExpectedVersion::Exact(3).matches(Some(4)));
    /// assert!(ExpectedVersion::Any.matches(Some(7)));
    /// ```
    pub fn matches(self, actual: Option<u64>) -> bool {
        match self {
            ExpectedVersion::NoStream => actual.is_none_or(|v| v == 0),
            ExpectedVersion::Exact(n) => actual.unwrap_or(0) == n,
            ExpectedVersion::Any => true,
        }
    }

    /// The expectation for a stream loaded at `version` (0: no stream yet).
    pub fn after(version: u64) -> Self {
        if version == 0 {
            ExpectedVersion::NoStream
        } else {
            ExpectedVersion::Exact(version)
        }
    }
}

impl fmt::Display for ExpectedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpectedVersion::NoStream => f.write_str("no stream"),
            ExpectedVersion::Exact(n) => write!(f, "expected version {n}"),
            ExpectedVersion::Any => f.write_str("any version"),
        }
    }
}

/// The id of a command, chosen by whoever issues it: a command retried with the same id returns its first
/// result instead of acting twice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CommandId(pub String);

impl CommandId {
    /// A command id from text.
    pub fn new(id: impl Into<String>) -> Self {
        CommandId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CommandId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One signed custody record kept with its dossier, as the canonical JSON it was signed in. The store keeps
/// the bytes as given, so that a verifier reads exactly what was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEntry {
    /// Its place in the dossier's chain, from 1.
    pub sequence: u64,
    /// The record, as JSON text.
    pub record: String,
}

/// Where a dossier stands, as the lookups need it: written with the events that change it, in the same
/// transaction, so that a lookup never disagrees with the stream it indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierIndex {
    /// The dossier.
    pub dossier: DossierCode,
    /// Its stream's version after the append that wrote this row.
    pub version: u64,
    /// The agency leg's state.
    pub agency_state: AgencyState,
    /// The postal leg's state.
    pub postal_state: PostalState,
    /// The tracking numbers of its postal items (outbound, return).
    pub tracking: Vec<TrackingNumber>,
    /// The agency it is filed with and the agency's own reference for it, once the agency acknowledged it.
    pub filing: Option<AgencyFiling>,
    /// The date the agency leg is due: the appointment (after an extension, the new date).
    pub due: Option<Date>,
    /// When its last event happened.
    pub last_event_at: Option<Timestamp>,
}

impl DossierIndex {
    /// The index row of `dossier` at `version`, keeping the agency filing already known.
    ///
    /// ```
    /// use hoso_core::store::DossierIndex;
    /// use hoso_core::{Dossier, demo};
    /// let events = demo::lifecycle(1);
    /// let dossier = Dossier::from_events(&events).unwrap();
    /// let row = DossierIndex::of(&dossier, events.len() as u64, None);
    /// assert_eq!(row.tracking.len(), 2);
    /// assert_eq!(row.due, dossier.appointment());
    /// ```
    pub fn of(dossier: &Dossier, version: u64, filing: Option<AgencyFiling>) -> Self {
        let tracking = [dossier.outbound_tracking(), dossier.return_tracking()]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        DossierIndex {
            dossier: dossier.code().clone(),
            version,
            agency_state: dossier.agency_state(),
            postal_state: dossier.postal_state(),
            tracking,
            filing,
            due: dossier.appointment(),
            last_event_at: dossier.last_event_at(),
        }
    }

    /// Whether the agency leg is still open and its due date is before `day`.
    pub fn is_overdue_on(&self, day: Date) -> bool {
        !self.agency_state.is_final() && self.due.is_some_and(|due| due < day)
    }
}

/// The agency a dossier is filed with, and its reference there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgencyFiling {
    /// The agency.
    pub agency: AgencyCode,
    /// The agency's reference for the dossier.
    pub reference: AgencyRef,
}

/// A query over the dossier index: the overdue list, the dossiers in a state.
///
/// ```
/// use hoso_core::store::DossierQuery;
/// let overdue = DossierQuery::overdue_on(jiff::civil::date(2026, 3, 20)).limit(50);
/// assert_eq!(overdue.limit, 50);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DossierQuery {
    /// Only dossiers whose agency leg is in this state.
    pub agency_state: Option<AgencyState>,
    /// Only dossiers still open (agency leg not final) due strictly before this day.
    pub overdue_on: Option<Date>,
    /// Only dossiers after this code (for paging; results come in code order).
    pub after: Option<DossierCode>,
    /// At most this many.
    pub limit: usize,
}

impl DossierQuery {
    /// Every dossier, in code order, 100 at a time.
    pub fn all() -> Self {
        DossierQuery {
            agency_state: None,
            overdue_on: None,
            after: None,
            limit: 100,
        }
    }

    /// The dossiers still open and due before `day`.
    pub fn overdue_on(day: Date) -> Self {
        DossierQuery {
            overdue_on: Some(day),
            ..Self::all()
        }
    }

    /// The dossiers whose agency leg is in `state`.
    pub fn in_state(state: AgencyState) -> Self {
        DossierQuery {
            agency_state: Some(state),
            ..Self::all()
        }
    }

    /// Pages after `code`.
    pub fn after(mut self, code: DossierCode) -> Self {
        self.after = Some(code);
        self
    }

    /// At most `limit` rows.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Whether `row` answers the query (ignoring paging and the limit).
    pub fn matches(&self, row: &DossierIndex) -> bool {
        self.agency_state.is_none_or(|s| row.agency_state == s)
            && self.overdue_on.is_none_or(|day| row.is_overdue_on(day))
    }
}

/// One dossier's new events, and everything they cause, written in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Append {
    /// The dossier (the stream).
    pub dossier: DossierCode,
    /// The version its stream must be at.
    pub expected: ExpectedVersion,
    /// The new events, in order. An event whose id is already in the stream is skipped, as when applied to a
    /// dossier; an append whose events are all already there is a no-op that succeeds.
    pub events: Vec<Event>,
    /// Messages to other systems these events cause; a message whose key is already in the outbox is skipped.
    pub outbox: Vec<NewOutboxMessage>,
    /// Custody records these events carry.
    pub custody: Vec<CustodyEntry>,
    /// The dossier's index row after the append.
    pub index: Option<DossierIndex>,
    /// The command that caused the append: if it was recorded before, the store does nothing and returns
    /// that first outcome.
    pub command: Option<CommandId>,
}

impl Append {
    /// An append of `events` to `dossier`'s stream, expected at `expected`.
    pub fn new(dossier: DossierCode, expected: ExpectedVersion, events: Vec<Event>) -> Self {
        Append {
            dossier,
            expected,
            events,
            outbox: Vec::new(),
            custody: Vec::new(),
            index: None,
            command: None,
        }
    }

    /// Adds outbox messages.
    pub fn with_outbox(mut self, messages: impl IntoIterator<Item = NewOutboxMessage>) -> Self {
        self.outbox.extend(messages);
        self
    }

    /// Adds custody records.
    pub fn with_custody(mut self, records: impl IntoIterator<Item = CustodyEntry>) -> Self {
        self.custody.extend(records);
        self
    }

    /// Sets the index row.
    pub fn with_index(mut self, index: DossierIndex) -> Self {
        self.index = Some(index);
        self
    }

    /// Records the command that caused it.
    pub fn for_command(mut self, command: CommandId) -> Self {
        self.command = Some(command);
        self
    }

    /// Checks what the append asks before anything is written, the same for every engine: something to
    /// write, an index row of this dossier, payloads within [`MAX_PAYLOAD_BYTES`](super::payload::MAX_PAYLOAD_BYTES).
    pub fn check(&self) -> Result<(), StoreError> {
        if self.is_empty() && self.command.is_none() {
            return Err(StoreError::new(
                StoreErrorKind::Invalid,
                format!("an append to {} with nothing to write", self.dossier),
            ));
        }
        if let Some(index) = &self.index
            && index.dossier != self.dossier
        {
            return Err(StoreError::new(
                StoreErrorKind::Invalid,
                format!(
                    "the index row of {} is appended to the stream of {}",
                    index.dossier, self.dossier
                ),
            ));
        }
        for m in &self.outbox {
            check_size("outbox payload", &m.payload.to_string())?;
        }
        for c in &self.custody {
            check_size("custody record", &c.record)?;
        }
        Ok(())
    }

    /// The rule every engine applies once it knows, under its writer lock, the stream's version `current`
    /// (`None`: no stream) and how many of the append's events are new (`fresh`): `Ok(Some(outcome))` when
    /// the append must succeed without writing (every event is already in the stream: a retried append),
    /// `Ok(None)` when it is to be written, a [`Conflict`](StoreErrorKind::Conflict) when the stream is not at
    /// the expected version, and `NotFound` for a write without events to a dossier that does not exist.
    ///
    /// ```
    /// use hoso_core::store::{Append, ExpectedVersion, StoreErrorKind};
    /// let events = hoso_core::demo::lifecycle(1);
    /// let code = hoso_core::Dossier::open(events[0].clone()).unwrap().code().clone();
    /// let retry = Append::new(code.clone(), ExpectedVersion::NoStream, events[..2].to_vec());
    /// assert_eq!(retry.admit(Some(2), 0).unwrap().map(|o| o.version), Some(2));
    /// let stale = Append::new(code, ExpectedVersion::Exact(1), events[2..3].to_vec());
    /// assert!(matches!(stale.admit(Some(2), 1).unwrap_err().kind(), StoreErrorKind::Conflict { .. }));
    /// ```
    pub fn admit(
        &self,
        current: Option<u64>,
        fresh: usize,
    ) -> Result<Option<AppendOutcome>, StoreError> {
        if !self.events.is_empty() && fresh == 0 {
            return Ok(Some(AppendOutcome {
                version: current.unwrap_or(0),
                appended: 0,
                last_position: None,
                repeated_command: false,
            }));
        }
        if !self.expected.matches(current) {
            return Err(StoreError::conflict(self.expected, current));
        }
        if current.is_none() && fresh == 0 {
            return Err(StoreError::new(
                StoreErrorKind::NotFound,
                format!("no dossier {} to write to", self.dossier),
            ));
        }
        Ok(None)
    }

    /// Whether the append writes nothing at all.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
            && self.outbox.is_empty()
            && self.custody.is_empty()
            && self.index.is_none()
    }
}

/// What an append did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppendOutcome {
    /// The stream's version after the append.
    pub version: u64,
    /// How many events were written (duplicates skipped).
    pub appended: u64,
    /// The global position of the last event written, if any was.
    pub last_position: Option<u64>,
    /// True when the append's command had been recorded before and this is its first outcome again.
    pub repeated_command: bool,
}

/// An event as stored: its place in the dossier's stream and in the store's global order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    /// Its position in the global order, from 1. Gap-safe: a reader that has read up to position p never later
    /// finds a committed event at a position ≤ p.
    pub position: u64,
    /// The dossier.
    pub dossier: DossierCode,
    /// Its version in the dossier's stream, from 1.
    pub version: u64,
    /// When the store recorded it.
    pub recorded_at: Timestamp,
    /// The event.
    pub event: Event,
}

/// One page of the global order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPage {
    /// The events, in position order.
    pub events: Vec<RecordedEvent>,
    /// The position to read from next (the last position of this page, or the position asked for when the
    /// page is empty).
    pub next: u64,
}
