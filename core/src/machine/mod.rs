//! The two-leg state machine: the transition table as data, [`apply`] to fold events and [`decide`] to
//! validate commands.
//!
//! Each row of the table says, for one event type and the postal forms it applies to, what the agency leg
//! and the postal leg must be in and where they move. The interlocks between the legs are rows too: the agency
//! cannot accept a paper dossier the post has not handed over (Decision 45/2016/QĐ-TTg Art 7), and taking the
//! result moves both legs at once (Art 9). `docs/state-machine.md` is generated from [`table`].

use std::fmt;

use jiff::Timestamp;

use crate::dossier::Dossier;
use crate::event::{Actor, Event, EventId, EventKind, EventType, Place};
use crate::procedure::PostalForm;
use crate::state::{AgencyState, PostalState};
use crate::time::vietnam_date;

/// What a row asks of one leg.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegRule<S: 'static> {
    /// The leg may be in any state and does not change.
    Any,
    /// The leg must be in one of these states and does not change.
    In(&'static [S]),
    /// The leg must be in one of `from` and moves to `to`.
    Moves {
        /// Allowed states before.
        from: &'static [S],
        /// State after.
        to: S,
    },
}

impl<S: Copy + PartialEq> LegRule<S> {
    /// The state after the event, if `state` satisfies the rule.
    pub fn next(&self, state: S) -> Option<S> {
        match self {
            LegRule::Any => Some(state),
            LegRule::In(states) => states.contains(&state).then_some(state),
            LegRule::Moves { from, to } => from.contains(&state).then_some(*to),
        }
    }
}

/// One row of the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The event type.
    pub event: EventType,
    /// The postal forms this row applies to.
    pub forms: &'static [PostalForm],
    /// What the agency leg must be in, and where it goes.
    pub agency: LegRule<AgencyState>,
    /// What the postal leg must be in, and where it goes.
    pub postal: LegRule<PostalState>,
    /// The rule this row encodes: legal reference or plain reason.
    pub rule: &'static str,
}

impl Transition {
    /// The states this row leads to from `agency` and `postal`, if it applies to them.
    pub fn next(
        &self,
        agency: AgencyState,
        postal: PostalState,
    ) -> Option<(AgencyState, PostalState)> {
        Some((self.agency.next(agency)?, self.postal.next(postal)?))
    }
}

mod table;
use AgencyState as A;
use PostalState as P;
pub use table::{rules, table};

/// The least number of failed delivery attempts before a result may go back to the agency
/// (Circular 17/2017/TT-BTTTT Art 5: at least 2 invitations).
pub const MIN_DELIVERY_ATTEMPTS: u8 = 2;

/// Why an event cannot be applied. The dossier is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransitionError {
    /// No row of the table allows this event in these states.
    #[error(
        "{event} is not allowed when the agency leg is {agency:?} and the postal leg is {postal:?} (postal form {form:?}): {rule}"
    )]
    NotAllowed {
        /// The event type.
        event: EventType,
        /// The agency leg's state.
        agency: AgencyState,
        /// The postal leg's state.
        postal: PostalState,
        /// The dossier's postal form.
        form: PostalForm,
        /// The rule of the nearest row (same event type and form), or why none applies.
        rule: &'static str,
    },
    /// The event is earlier than the dossier's last event.
    #[error("{event} at {at} is earlier than the last event at {last}")]
    OutOfOrder {
        /// The event type.
        event: EventType,
        /// Its time.
        at: Timestamp,
        /// The last event's time.
        last: Timestamp,
    },
    /// A dossier's first event must open it.
    #[error("the first event of a dossier must be `opened`, got {event}")]
    NotOpened {
        /// The event type.
        event: EventType,
    },
    /// No events at all.
    #[error("a dossier needs at least its opening event")]
    Empty,
    /// The appointment is before the day of the event that sets it.
    #[error("{event}: appointment {appointment} is before the event's date {date}")]
    AppointmentInPast {
        /// The event type.
        event: EventType,
        /// The appointment date.
        appointment: jiff::civil::Date,
        /// The event's date in Vietnam.
        date: jiff::civil::Date,
    },
    /// The one extension has been used (Decree 61/2018/NĐ-CP Art 19).
    #[error("the appointment may be extended only once (Decree 61/2018/NĐ-CP Art 19)")]
    AlreadyExtended,
    /// A complaint or rating the dossier's complaints refuse ([`crate::complaint`]).
    #[error(transparent)]
    Complaint(#[from] crate::complaint::ComplaintError),
    /// Too few failed attempts to return the result (Circular 17/2017/TT-BTTTT Art 5).
    #[error(
        "return to the agency needs at least {MIN_DELIVERY_ATTEMPTS} delivery attempts, {attempts} made (Circular 17/2017/TT-BTTTT Art 5)"
    )]
    TooFewDeliveryAttempts {
        /// Attempts made.
        attempts: u8,
    },
}

/// The row that allows `event` on `dossier`, and the states it leads to.
fn check(d: &Dossier, event: &Event) -> Result<(AgencyState, PostalState), TransitionError> {
    let kind = event.kind.event_type();
    if let Some(last) = d.last_event_at()
        && event.at < last
    {
        return Err(TransitionError::OutOfOrder {
            event: kind,
            at: event.at,
            last,
        });
    }
    let form = d.header.postal_form;
    let mut nearest = None;
    for t in rules(kind).iter().filter(|t| t.forms.contains(&form)) {
        nearest.get_or_insert(t.rule);
        // `opened` moves from no state, so it never matches here: it only starts a dossier (Dossier::open).
        if let Some(next) = t.next(d.agency, d.postal) {
            return Ok(next);
        }
    }
    Err(TransitionError::NotAllowed {
        event: kind,
        agency: d.agency,
        postal: d.postal,
        form,
        rule: nearest.unwrap_or("no transition for this postal form"),
    })
}

/// Whether the dossier's postal form and the states of its two legs allow an event of type `event` now: a
/// row of [`rules`] matches. The event's data and the dossier's counters may still refuse it (a date out of
/// order, the one extension used, a second rating).
///
/// ```
/// use hoso_core::{Dossier, event::EventType, machine};
/// let events = hoso_core::demo::lifecycle(1);
/// let registered = Dossier::from_events(&events[..1])?;
/// assert!(!machine::allows(&registered, EventType::FeedbackGiven));
/// let delivered = Dossier::from_events(&events[..14])?;
/// assert!(machine::allows(&delivered, EventType::FeedbackGiven));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn allows(d: &Dossier, event: EventType) -> bool {
    rules(event)
        .iter()
        .any(|t| t.forms.contains(&d.header.postal_form) && t.next(d.agency, d.postal).is_some())
}

/// Checks the rules that hang on the event's data and the dossier's counters, not only on states.
fn check_data(d: &Dossier, event: &Event) -> Result<(), TransitionError> {
    let not_before_event_day = |event_type, appointment: jiff::civil::Date| {
        let date = vietnam_date(event.at);
        if appointment < date {
            Err(TransitionError::AppointmentInPast {
                event: event_type,
                appointment,
                date,
            })
        } else {
            Ok(())
        }
    };
    match &event.kind {
        EventKind::Accepted { appointment } => {
            not_before_event_day(EventType::Accepted, *appointment)
        }
        EventKind::Extended { .. } if d.extended => Err(TransitionError::AlreadyExtended),
        EventKind::Extended {
            new_appointment, ..
        } => not_before_event_day(EventType::Extended, *new_appointment),
        EventKind::ReturnedToAgency if d.delivery_attempts < MIN_DELIVERY_ATTEMPTS => {
            Err(TransitionError::TooFewDeliveryAttempts {
                attempts: d.delivery_attempts,
            })
        }
        EventKind::ComplaintFiled { .. }
        | EventKind::ComplaintInvestigating { .. }
        | EventKind::ComplaintResolved { .. }
        | EventKind::FeedbackGiven { .. } => Ok(d.complaints.check(event)?),
        _ => Ok(()),
    }
}

/// Applies `event` to `dossier`. A duplicate event id is a no-op; a refused event leaves the dossier unchanged.
pub fn apply(d: &mut Dossier, event: &Event) -> Result<(), TransitionError> {
    if transition(d, event)? {
        d.history.push(event.clone());
    }
    Ok(())
}

/// [`apply`] for an owned event, which is moved into the history instead of cloned: the fast path for
/// replaying events read from storage.
pub fn apply_owned(d: &mut Dossier, event: Event) -> Result<(), TransitionError> {
    if transition(d, &event)? {
        d.history.push(event);
    }
    Ok(())
}

/// Checks `event` and updates the dossier's states and derived data; true if the caller must record it,
/// false for a duplicate.
fn transition(d: &mut Dossier, event: &Event) -> Result<bool, TransitionError> {
    if d.has_event(event.id) {
        return Ok(false);
    }
    let (agency, postal) = check(d, event)?;
    check_data(d, event)?;
    d.agency = agency;
    d.postal = postal;
    // The effect of each event on the dossier's derived data. No catch-all arm: a new event kind must say here
    // what it changes, even if nothing.
    match &event.kind {
        EventKind::Opened { .. } => {}
        EventKind::Accepted { appointment } => d.appointment = Some(*appointment),
        EventKind::Refused { .. } => {}
        EventKind::ProcessingStarted => {}
        EventKind::SupplementRequested { .. } => {}
        // Decree 61/2018/NĐ-CP Art 19: the time limit counts again from the day the supplement arrives.
        EventKind::SupplementReceived => d.clock_started_at = Some(event.at),
        EventKind::FinancialObligationNotified { amount, .. } => d.outstanding = Some(*amount),
        EventKind::FinancialObligationPaid { .. } => d.outstanding = None,
        EventKind::Extended {
            new_appointment, ..
        } => {
            d.appointment = Some(*new_appointment);
            d.extended = true;
        }
        EventKind::Stopped { .. } => {}
        EventKind::Withdrawn { .. } => {}
        EventKind::ProcessingFinished => {}
        EventKind::ResultReturnedAtDesk => {}
        EventKind::PickupRequested => {}
        EventKind::CollectedAndSealed { tracking, .. } => {
            d.outbound_tracking = Some(tracking.clone())
        }
        EventKind::DispatchedToAgency => {}
        // Decision 45/2016/QĐ-TTg Art 7: the filing time is the signing of the handover record.
        EventKind::HandedToAgency => {
            d.filed_at = Some(event.at);
            d.clock_started_at = Some(event.at);
        }
        EventKind::ResultCollected { tracking, .. } => d.return_tracking = Some(tracking.clone()),
        EventKind::DispatchedToRecipient => {}
        EventKind::OutForDelivery => {}
        EventKind::DeliveryAttempted { .. } => {
            d.delivery_attempts = d.delivery_attempts.saturating_add(1)
        }
        EventKind::CollectionNotified => {}
        EventKind::Delivered { .. } => {}
        EventKind::ReturnedToAgency => {}
        EventKind::LostOrDamaged { .. } => {}
        EventKind::ComplaintFiled { .. }
        | EventKind::ComplaintInvestigating { .. }
        | EventKind::ComplaintResolved { .. }
        | EventKind::FeedbackGiven { .. } => d.complaints.record(event),
    }
    Ok(true)
}

/// A request to record something on a dossier: the event it would become, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The id the event will carry (the caller's idempotency key).
    pub id: EventId,
    /// When it happens.
    pub at: Timestamp,
    /// Who does it.
    pub actor: Actor,
    /// Where.
    pub place: Option<Place>,
    /// What.
    pub action: EventKind,
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    /// The event it would produce is not a legal transition.
    #[error(transparent)]
    Transition(#[from] TransitionError),
}

/// Validates a command against a dossier and returns the events to record: none for a command whose id was
/// already recorded (idempotent retry), else the one event. The dossier is not changed; [`apply`] the events.
pub fn decide(d: &Dossier, command: Command) -> Result<Vec<Event>, DomainError> {
    if d.has_event(command.id) {
        return Ok(Vec::new());
    }
    let event = Event {
        id: command.id,
        at: command.at,
        actor: command.actor,
        place: command.place,
        kind: command.action,
    };
    check(d, &event)?;
    check_data(d, &event)?;
    Ok(vec![event])
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:?}): {}", self.event, self.forms, self.rule)
    }
}

mod diagram;
pub use diagram::state_machine_markdown;
