//! The dossier (hồ sơ): what it is (its header) and where it stands (the fold of its events).

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::complaint::{Complaint, ComplaintLog, Feedback};
use crate::contact::{Address, PhoneNumber};
use crate::event::{Event, EventId, EventKind};
use crate::machine::{self, TransitionError};
use crate::procedure::{Channel, DocumentForm, PinnedProcedure, PostalForm, Procedure};
use crate::state::{AgencyState, PostalState};
use crate::{CitizenId, DossierCode, TrackingNumber, Vnd};

/// Who files the dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Applicant {
    /// A citizen.
    Citizen {
        /// Full name.
        name: String,
        /// Personal identification number (personal data: redacted in `Debug`).
        id: CitizenId,
        /// Phone number (personal data: redacted in `Debug`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<PhoneNumber>,
        /// Address.
        address: Address,
    },
    /// A business or other organisation.
    Organisation {
        /// Registered name.
        name: String,
        /// Tax or enterprise code.
        tax_code: String,
        /// The person acting for it.
        representative: String,
        /// Phone number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<PhoneNumber>,
        /// Address.
        address: Address,
    },
}

impl Applicant {
    /// The applicant's name.
    pub fn name(&self) -> &str {
        match self {
            Applicant::Citizen { name, .. } | Applicant::Organisation { name, .. } => name,
        }
    }
}

pub use crate::custody::Sha256Digest;

/// One paper (or file) of the dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DossierDocument {
    /// Its name, as on the procedure's document list.
    pub name: String,
    /// Original, copy or certified copy.
    pub form: DocumentForm,
    /// Number of pages.
    pub pages: u16,
    /// SHA-256 of the file, when digital.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<Sha256Digest>,
}

/// What a fee line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// The procedure's fee (lệ phí / phí), collected by the post where the agency allows it.
    ProcedureFee,
    /// The postal charge (cước).
    PostalCharge,
}

/// A fee collected with the dossier, against a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FeeLine {
    /// What it is for.
    pub kind: FeeKind,
    /// Amount in whole đồng.
    pub amount: Vnd,
    /// Receipt number, if issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
}

/// What a dossier is: fixed when it is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DossierHeader {
    /// The dossier code.
    pub code: DossierCode,
    /// The procedure version in force when the dossier was received, with its terms on the channel.
    pub procedure: PinnedProcedure,
    /// The applicant.
    pub applicant: Applicant,
    /// Which postal service form was chosen.
    pub postal_form: PostalForm,
    /// Where the result is to be delivered, when the post returns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<Address>,
    /// Whether and how the applicant asked to be told about the dossier (`None`: not asked, or declined;
    /// nothing is sent). See [`crate::notify`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<crate::notify::NotifyPreference>,
    /// The papers.
    pub documents: Vec<DossierDocument>,
    /// Fees collected.
    pub fees: Vec<FeeLine>,
}

/// Why a dossier header cannot be made for a procedure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// The procedure excludes the postal service, or this form of it (Decision 45/2016/QĐ-TTg Art 1).
    #[error(
        "procedure {code} does not allow the postal service form {form:?} (Decision 45/2016/QĐ-TTg Art 1)"
    )]
    PostalFormNotAllowed {
        /// The procedure code.
        code: String,
        /// The form asked for.
        form: PostalForm,
    },
    /// The procedure is not offered on the channel.
    #[error("procedure {code} is not offered on channel {channel:?}")]
    ChannelNotOffered {
        /// The procedure code.
        code: String,
        /// The channel.
        channel: Channel,
    },
    /// The procedure version is not in force on the receiving date.
    #[error("procedure {code} version from {effective_from} is not in force on {date}")]
    NotInForce {
        /// The procedure code.
        code: String,
        /// The version's first day.
        effective_from: Date,
        /// The receiving date.
        date: Date,
    },
}

impl DossierHeader {
    /// A header for a dossier of `procedure` received on `date`, checking that the version is in force and
    /// that the procedure allows the postal form (Decision 45/2016/QĐ-TTg Art 1: procedures that require the
    /// applicant in person are excluded from the postal service).
    ///
    /// A dossier whose dossier is sent by post is received on the postal channel; one whose result only is
    /// returned by post keeps the channel it was filed on.
    pub fn for_procedure(
        code: DossierCode,
        procedure: &Procedure,
        channel: Channel,
        postal_form: PostalForm,
        date: Date,
        applicant: Applicant,
    ) -> Result<Self, HeaderError> {
        let pcode = || procedure.code.to_string();
        if !procedure.in_force_on(date) {
            return Err(HeaderError::NotInForce {
                code: pcode(),
                effective_from: procedure.effective_from,
                date,
            });
        }
        if !procedure.postal.allows(postal_form) {
            return Err(HeaderError::PostalFormNotAllowed {
                code: pcode(),
                form: postal_form,
            });
        }
        let pinned = procedure
            .pin(channel)
            .ok_or_else(|| HeaderError::ChannelNotOffered {
                code: pcode(),
                channel,
            })?;
        Ok(DossierHeader {
            code,
            procedure: pinned,
            applicant,
            postal_form,
            delivery_address: None,
            notifications: None,
            documents: Vec::new(),
            fees: Vec::new(),
        })
    }
}

/// A dossier: its header and the fold of its events over both legs.
///
/// Build one with [`Dossier::open`] or [`Dossier::from_events`], then [`Dossier::apply`] events. Replaying the
/// same events always gives an identical dossier. It serialises as its header, the states of both legs and
/// its events; deserialising replays the events and refuses a snapshot whose stated states disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "DossierSnapshot", into = "DossierSnapshot")]
#[schemars(with = "DossierSnapshot")]
pub struct Dossier {
    pub(crate) header: Arc<DossierHeader>,
    pub(crate) agency: AgencyState,
    pub(crate) postal: PostalState,
    pub(crate) filed_at: Option<Timestamp>,
    pub(crate) clock_started_at: Option<Timestamp>,
    pub(crate) appointment: Option<Date>,
    pub(crate) extended: bool,
    pub(crate) delivery_attempts: u8,
    pub(crate) outstanding: Option<Vnd>,
    pub(crate) outbound_tracking: Option<TrackingNumber>,
    pub(crate) return_tracking: Option<TrackingNumber>,
    pub(crate) complaints: ComplaintLog,
    pub(crate) history: Vec<Event>,
}

impl Dossier {
    /// Opens a dossier from its first event, which must be [`EventKind::Opened`].
    pub fn open(event: Event) -> Result<Self, TransitionError> {
        let EventKind::Opened { header } = &event.kind else {
            return Err(TransitionError::NotOpened {
                event: event.kind.event_type(),
            });
        };
        let mut d = Dossier {
            header: Arc::clone(header),
            agency: AgencyState::Registered,
            postal: PostalState::NotStarted,
            filed_at: None,
            clock_started_at: None,
            appointment: None,
            extended: false,
            delivery_attempts: 0,
            outstanding: None,
            outbound_tracking: None,
            return_tracking: None,
            complaints: ComplaintLog::default(),
            // Most dossiers see 10 to 16 events: one allocation for the history.
            history: Vec::with_capacity(16),
        };
        // A dossier not sent by post is filed when it is opened (at the desk or online).
        if !d.header.postal_form.sends_dossier() {
            d.filed_at = Some(event.at);
            d.clock_started_at = Some(event.at);
        }
        d.history.push(event);
        Ok(d)
    }

    /// Folds a sequence of events into a dossier. The first must open it.
    pub fn from_events<'a>(
        events: impl IntoIterator<Item = &'a Event>,
    ) -> Result<Self, TransitionError> {
        let mut events = events.into_iter();
        let first = events.next().ok_or(TransitionError::Empty)?;
        let mut d = Dossier::open(first.clone())?;
        for e in events {
            d.apply(e)?;
        }
        Ok(d)
    }

    /// Applies one event: a duplicate id changes nothing; an illegal transition is refused and changes nothing.
    pub fn apply(&mut self, event: &Event) -> Result<(), TransitionError> {
        machine::apply(self, event)
    }

    /// Applies an owned event, moving it into the history (no clone): the fast path for replays from storage.
    pub fn apply_owned(&mut self, event: Event) -> Result<(), TransitionError> {
        machine::apply_owned(self, event)
    }

    /// The header.
    pub fn header(&self) -> &DossierHeader {
        &self.header
    }

    /// The dossier code.
    pub fn code(&self) -> &DossierCode {
        &self.header.code
    }

    /// The agency leg's state.
    pub fn agency_state(&self) -> AgencyState {
        self.agency
    }

    /// The postal leg's state.
    pub fn postal_state(&self) -> PostalState {
        self.postal
    }

    /// The national portal's status code (1–10), from the agency leg.
    pub fn portal_status(&self) -> u8 {
        self.agency.portal_code()
    }

    /// The legal filing time: the signing of the handover record for a dossier sent by post
    /// (Decision 45/2016/QĐ-TTg Art 7), else the time it was opened.
    pub fn filed_at(&self) -> Option<Timestamp> {
        self.filed_at
    }

    /// When the processing clock last started: the filing time, or the arrival of the last supplement
    /// (the clock restarts from zero: Decree 61/2018/NĐ-CP Art 19).
    pub fn clock_started_at(&self) -> Option<Timestamp> {
        self.clock_started_at
    }

    /// The current appointment date (after an extension, the new date).
    pub fn appointment(&self) -> Option<Date> {
        self.appointment
    }

    /// Whether the one allowed extension has been used.
    pub fn is_extended(&self) -> bool {
        self.extended
    }

    /// Failed delivery attempts so far.
    pub fn delivery_attempts(&self) -> u8 {
        self.delivery_attempts
    }

    /// The unpaid financial obligation, if any.
    pub fn outstanding_obligation(&self) -> Option<Vnd> {
        self.outstanding
    }

    /// The tracking number of the item that carried the dossier to the agency.
    pub fn outbound_tracking(&self) -> Option<&TrackingNumber> {
        self.outbound_tracking.as_ref()
    }

    /// The tracking number of the item that carries the result back.
    pub fn return_tracking(&self) -> Option<&TrackingNumber> {
        self.return_tracking.as_ref()
    }

    /// The complaints about the post's service of the dossier, first filed first ([`crate::complaint`]).
    pub fn complaints(&self) -> &[Complaint] {
        self.complaints.complaints()
    }

    /// The dossier's complaints and rating, as one fold.
    pub fn complaint_log(&self) -> &ComplaintLog {
        &self.complaints
    }

    /// The rating of the service, once given, and when.
    pub fn feedback(&self) -> Option<(&Feedback, Timestamp)> {
        self.complaints.feedback()
    }

    /// Every event applied, in order.
    pub fn history(&self) -> &[Event] {
        &self.history
    }

    /// Whether an event with this id has been applied.
    pub fn has_event(&self, id: EventId) -> bool {
        self.history.iter().any(|e| e.id == id)
    }

    /// The time of the last event.
    pub fn last_event_at(&self) -> Option<Timestamp> {
        self.history.last().map(|e| e.at)
    }
}

/// The stored form of a [`Dossier`]: its states, for readers, and its events, the truth.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DossierSnapshot {
    /// The dossier code (also in the first event).
    pub code: DossierCode,
    /// The agency leg's state.
    pub agency_state: AgencyState,
    /// The postal leg's state.
    pub postal_state: PostalState,
    /// The national portal's status code.
    pub portal_status: u8,
    /// All events, the first opening the dossier.
    pub events: Vec<Event>,
}

/// A stored dossier that does not replay to what it states.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// An event does not apply.
    #[error("events[{index}]: {source}")]
    Replay {
        /// Index of the event.
        index: usize,
        /// Why it does not apply.
        source: TransitionError,
    },
    /// The stated code or states differ from the replayed ones.
    #[error("stored dossier states {stated} but its events replay to {replayed}")]
    Mismatch {
        /// What the snapshot says.
        stated: String,
        /// What its events give.
        replayed: String,
    },
}

impl TryFrom<DossierSnapshot> for Dossier {
    type Error = SnapshotError;
    fn try_from(s: DossierSnapshot) -> Result<Self, SnapshotError> {
        let mut events = s.events.into_iter().enumerate();
        let (_, first) = events.next().ok_or(SnapshotError::Replay {
            index: 0,
            source: TransitionError::Empty,
        })?;
        let mut d =
            Dossier::open(first).map_err(|source| SnapshotError::Replay { index: 0, source })?;
        for (index, e) in events {
            d.apply(&e)
                .map_err(|source| SnapshotError::Replay { index, source })?;
        }
        let stated = (s.code, s.agency_state, s.postal_state, s.portal_status);
        let replayed = (d.code().clone(), d.agency, d.postal, d.portal_status());
        if stated != replayed {
            return Err(SnapshotError::Mismatch {
                stated: format!("{stated:?}"),
                replayed: format!("{replayed:?}"),
            });
        }
        Ok(d)
    }
}

impl From<Dossier> for DossierSnapshot {
    fn from(d: Dossier) -> Self {
        DossierSnapshot {
            code: d.header.code.clone(),
            agency_state: d.agency,
            postal_state: d.postal,
            portal_status: d.portal_status(),
            events: d.history,
        }
    }
}
