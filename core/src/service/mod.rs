//! The application layer over the ports: load a dossier from the store, decide, apply, append with the
//! expected version, retry on conflict; the outbox dispatcher that files with the agencies; and the postal
//! leg: the orders the postal rule writes with the events that call for them (`postal_orders`), the
//! dispatcher that places them and the poller that applies the carrier's tracking feed.
//!
//! No database code lives here: the service holds an `Arc<dyn EventStore>`, so it runs the same over
//! [`MemoryStore`](crate::store::MemoryStore), SQLite or PostgreSQL.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use std::sync::Arc;
//! use hoso_core::service::{Changes, DossierService};
//! use hoso_core::store::{CommandId, MemoryStore};
//!
//! let service = DossierService::new(Arc::new(MemoryStore::new()));
//! let events = hoso_core::demo::lifecycle(1);
//! let opened = service.open(CommandId::new("open-1"), events[0].clone(), Changes::default()).await.unwrap();
//! assert_eq!(opened.version, 1);
//! // The same command again returns its first outcome and writes nothing.
//! let again = service.open(CommandId::new("open-1"), events[0].clone(), Changes::default()).await.unwrap();
//! assert!(again.repeated_command);
//! let code = hoso_core::Dossier::open(events[0].clone()).unwrap().code().clone();
//! let rest = Changes::events(events[1..].to_vec());
//! service.update(&code, Some(CommandId::new("rest-1")), |_| Ok(rest.clone())).await.unwrap();
//! let loaded = service.load(&code).await.unwrap().unwrap();
//! assert_eq!(loaded.version, events.len() as u64);
//! # }
//! ```

mod agency;
mod carrier;
mod complaint;
mod dispatch;
mod notify;
pub mod portal;
mod postal;

use std::sync::Arc;

use crate::event::Event;
use crate::machine::{Command, DomainError, TransitionError};
use crate::store::{
    AgencyFiling, Append, AppendOutcome, CommandId, CustodyEntry, DossierIndex, EventStore,
    ExpectedVersion, NewOutboxMessage, StoreError, StoreErrorKind,
};
use crate::{Dossier, DossierCode};

pub use carrier::{
    AgencyDesks, Effects, PostalDispatcher, ReportOutcome, TrackingPoller, TrackingReport,
    order_for,
};
pub use complaint::{ComplaintRequest, FiledComplaint};
pub use dispatch::{
    AgencyDispatcher, Attempt, DispatchReport, OutboxConsumer, Retries, RetryBackoff,
    SUBMISSION_DESTINATION, Settler,
};
pub use notify::{
    CITIZEN_DESTINATION, NotifyDispatcher, NotifyReport, citizen_notices, contact_of,
};
pub use postal::{PostalOrderRequest, postal_orders};

/// Why a service call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// The store failed (after the retries a conflict allows).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The state machine refused the change; nothing was written.
    #[error("dossier {dossier}: {source}")]
    Transition {
        /// The dossier.
        dossier: DossierCode,
        /// Why.
        source: TransitionError,
    },
    /// A stored stream does not fold into a dossier: the store holds something the state machine refuses.
    #[error("dossier {dossier}: its stored events do not replay: {source}")]
    Replay {
        /// The dossier.
        dossier: DossierCode,
        /// Why.
        source: TransitionError,
    },
    /// No such dossier.
    #[error("no dossier {0}")]
    NotFound(DossierCode),
    /// The opening event does not open a dossier.
    #[error("the first event of a dossier must be `opened`")]
    NotAnOpening,
    /// An agency sent a message about a dossier that is not filed with it; nothing was written.
    #[error("dossier {dossier} is not filed with agency {agency}")]
    NotFiledWith {
        /// The dossier.
        dossier: DossierCode,
        /// The agency that sent the message.
        agency: crate::AgencyCode,
    },
    /// The postal carrier failed (reading its feed).
    #[error(transparent)]
    Carrier(Box<crate::carrier::CarrierError>),
}

impl From<(DossierCode, DomainError)> for ServiceError {
    fn from((dossier, e): (DossierCode, DomainError)) -> Self {
        match e {
            DomainError::Transition(source) => ServiceError::Transition { dossier, source },
        }
    }
}

/// A dossier as loaded from the store: the fold of its stream, the stream's version, its index row.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The dossier.
    pub dossier: Dossier,
    /// Its stream's version (the number of its events).
    pub version: u64,
    /// The agency filing recorded so far.
    pub filing: Option<AgencyFiling>,
}

/// What a decision changes: new events and what they cause. Applied to the loaded dossier first, so an
/// illegal event is refused before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// New events (duplicates of recorded ones are skipped).
    pub events: Vec<Event>,
    /// Outbox messages they cause.
    pub outbox: Vec<NewOutboxMessage>,
    /// Custody records they carry.
    pub custody: Vec<CustodyEntry>,
    /// A new agency filing (the agency's reference, once it acknowledged the dossier).
    pub filing: Option<AgencyFiling>,
}

impl Changes {
    /// Changes made of events only.
    pub fn events(events: Vec<Event>) -> Self {
        Changes {
            events,
            ..Changes::default()
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

    /// Records the agency's filing.
    pub fn with_filing(mut self, filing: AgencyFiling) -> Self {
        self.filing = Some(filing);
        self
    }

    fn is_empty(&self) -> bool {
        self.events.is_empty()
            && self.outbox.is_empty()
            && self.custody.is_empty()
            && self.filing.is_none()
    }
}

/// How many times a change is decided again after losing a race with another writer.
pub const CONFLICT_RETRIES: u32 = 16;

/// Loads, decides, applies and appends dossiers over an [`EventStore`].
#[derive(Debug, Clone)]
pub struct DossierService {
    store: Arc<dyn EventStore>,
}

impl DossierService {
    /// A service over `store`.
    pub fn new(store: Arc<dyn EventStore>) -> Self {
        DossierService { store }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn EventStore> {
        &self.store
    }

    /// Loads a dossier by replaying its stream (`None`: no such dossier).
    pub async fn load(&self, code: &DossierCode) -> Result<Option<Loaded>, ServiceError> {
        let recorded = self.store.read_stream(code, 0).await?;
        let mut events = recorded.into_iter();
        let Some(first) = events.next() else {
            return Ok(None);
        };
        let replay = |source| ServiceError::Replay {
            dossier: code.clone(),
            source,
        };
        let mut dossier = Dossier::open(first.event).map_err(replay)?;
        let mut version = first.version;
        for r in events {
            version = r.version;
            dossier.apply_owned(r.event).map_err(replay)?;
        }
        let filing = self.store.index(code).await?.and_then(|i| i.filing);
        Ok(Some(Loaded {
            dossier,
            version,
            filing,
        }))
    }

    /// Opens a dossier with its `opened` event and what it causes. Idempotent by `command`: a repeated
    /// command returns its first outcome. Opening a dossier that exists is a conflict.
    pub async fn open(
        &self,
        command: CommandId,
        opened: Event,
        changes: Changes,
    ) -> Result<AppendOutcome, ServiceError> {
        if let Some(first) = self.store.command_outcome(&command).await? {
            return Ok(AppendOutcome {
                repeated_command: true,
                ..first
            });
        }
        let mut dossier = Dossier::open(opened.clone()).map_err(|_| ServiceError::NotAnOpening)?;
        let code = dossier.code().clone();
        for e in &changes.events {
            dossier
                .apply(e)
                .map_err(|source| ServiceError::Transition {
                    dossier: code.clone(),
                    source,
                })?;
        }
        let version = dossier.history().len() as u64;
        let mut events = vec![opened];
        events.extend(changes.events);
        let mut outbox = changes.outbox;
        outbox.extend(postal_orders(&dossier, &events)?);
        outbox.extend(citizen_notices(&dossier, &events)?);
        outbox.extend(portal::portal_sync(&dossier, version));
        let append = Append::new(code, ExpectedVersion::NoStream, events)
            .with_outbox(outbox)
            .with_custody(changes.custody)
            .with_index(DossierIndex::of(&dossier, version, changes.filing))
            .for_command(command);
        Ok(self.store.append(append).await?)
    }

    /// Decides and records a change to an existing dossier: loads it, asks `decide` for the changes, applies
    /// them (an illegal event is refused with nothing written), appends them at the loaded version, and on a
    /// conflict reloads and decides again (up to [`CONFLICT_RETRIES`] times). With a `command` id, a repeated
    /// command returns its first outcome without deciding again.
    pub async fn update<F>(
        &self,
        code: &DossierCode,
        command: Option<CommandId>,
        mut decide: F,
    ) -> Result<AppendOutcome, ServiceError>
    where
        F: FnMut(&Loaded) -> Result<Changes, ServiceError> + Send,
    {
        let mut attempt = 0;
        loop {
            if let Some(cmd) = &command
                && let Some(first) = self.store.command_outcome(cmd).await?
            {
                return Ok(AppendOutcome {
                    repeated_command: true,
                    ..first
                });
            }
            let loaded = self
                .load(code)
                .await?
                .ok_or_else(|| ServiceError::NotFound(code.clone()))?;
            let changes = decide(&loaded)?;
            if changes.is_empty() && command.is_none() {
                return Ok(AppendOutcome {
                    version: loaded.version,
                    appended: 0,
                    last_position: None,
                    repeated_command: false,
                });
            }
            let mut dossier = loaded.dossier;
            for e in &changes.events {
                dossier
                    .apply(e)
                    .map_err(|source| ServiceError::Transition {
                        dossier: code.clone(),
                        source,
                    })?;
            }
            let version = dossier.history().len() as u64;
            let portal = portal::portal_sync(&dossier, version.saturating_sub(loaded.version));
            let filing = changes.filing.or(loaded.filing);
            let mut outbox = changes.outbox;
            outbox.extend(postal_orders(&dossier, &changes.events)?);
            outbox.extend(citizen_notices(&dossier, &changes.events)?);
            outbox.extend(portal);
            let mut append = Append::new(
                code.clone(),
                ExpectedVersion::after(loaded.version),
                changes.events,
            )
            .with_outbox(outbox)
            .with_custody(changes.custody)
            .with_index(DossierIndex::of(&dossier, version, filing));
            if let Some(cmd) = &command {
                append = append.for_command(cmd.clone());
            }
            match self.store.append(append).await {
                Err(e)
                    if matches!(e.kind(), StoreErrorKind::Conflict { .. })
                        && attempt < CONFLICT_RETRIES =>
                {
                    attempt += 1;
                    tracing::debug!(dossier = %code, attempt, "append lost a race; deciding again");
                }
                other => return Ok(other?),
            }
        }
    }

    /// Validates a state-machine [`Command`] against the dossier and records the event it becomes, with what
    /// `effects` says it causes. The command's event id makes it idempotent: a command already recorded is a
    /// no-op.
    pub async fn execute(
        &self,
        code: &DossierCode,
        command: Command,
        effects: impl Fn(&Dossier, &[Event]) -> Changes + Send + Sync,
    ) -> Result<AppendOutcome, ServiceError> {
        self.update(code, None, |loaded| {
            let events = crate::machine::decide(&loaded.dossier, command.clone())
                .map_err(|e| ServiceError::from((code.clone(), e)))?;
            let mut changes = effects(&loaded.dossier, &events);
            changes.events.splice(0..0, events);
            Ok(changes)
        })
        .await
    }
}
