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

use AgencyState as A;
use PostalState as P;

const ALL_FORMS: &[PostalForm] = &PostalForm::ALL;
/// The post carries the dossier to the agency.
const SENT: &[PostalForm] = &[PostalForm::SendDossier, PostalForm::Both];
/// The dossier was filed in person or online; only the result goes by post.
const RESULT_ONLY: &[PostalForm] = &[PostalForm::ReceiveResult];
/// The result is collected at the desk.
const DESK_RESULT: &[PostalForm] = &[PostalForm::SendDossier];
/// The post carries the dossier there and the result back.
const BOTH: &[PostalForm] = &[PostalForm::Both];

/// States in which the agency still works on the dossier.
const OPEN_AT_AGENCY: &[AgencyState] = &[A::Accepted, A::Processing, A::SupplementRequested, A::AwaitingFinancialObligation];
/// States in which the applicant may still withdraw.
const WITHDRAWABLE: &[AgencyState] =
    &[A::Registered, A::Accepted, A::Processing, A::SupplementRequested, A::AwaitingFinancialObligation];

const fn row(
    event: EventType,
    forms: &'static [PostalForm],
    agency: LegRule<AgencyState>,
    postal: LegRule<PostalState>,
    rule: &'static str,
) -> Transition {
    Transition { event, forms, agency, postal, rule }
}

/// The rows for one event type. The match has no catch-all arm: a new event type does not compile until its
/// transitions are written here.
pub fn rules(event: EventType) -> &'static [Transition] {
    use EventType as E;
    use LegRule::{Any, In, Moves};
    match event {
        E::Opened => &[row(E::Opened, ALL_FORMS, Moves { from: &[], to: A::Registered }, Moves { from: &[], to: P::NotStarted }, "a dossier starts registered, the post holding nothing")],
        E::Accepted => &[
            row(E::Accepted, SENT, Moves { from: &[A::Registered], to: A::Accepted }, In(&[P::HandedToAgency]), "the agency accepts a posted dossier only after the handover record is signed (Decision 45/2016/QĐ-TTg Art 7)"),
            row(E::Accepted, RESULT_ONLY, Moves { from: &[A::Registered], to: A::Accepted }, In(&[P::NotStarted]), "receipt and appointment (Circular 01/2018/TT-VPCP form 01)"),
        ],
        E::Refused => &[
            row(E::Refused, SENT, Moves { from: &[A::Registered], to: A::Refused }, In(&[P::HandedToAgency]), "the agency refuses a posted dossier only after receiving it (Decision 45/2016/QĐ-TTg Art 7)"),
            row(E::Refused, RESULT_ONLY, Moves { from: &[A::Registered], to: A::Refused }, In(&[P::NotStarted]), "refusal (Circular 01/2018/TT-VPCP form 03)"),
        ],
        E::ProcessingStarted => &[row(E::ProcessingStarted, ALL_FORMS, Moves { from: &[A::Accepted], to: A::Processing }, Any, "an accepted dossier goes to processing")],
        E::SupplementRequested => &[row(E::SupplementRequested, ALL_FORMS, Moves { from: &[A::Accepted, A::Processing], to: A::SupplementRequested }, Any, "supplement request (Circular 01/2018/TT-VPCP form 02; Decree 61/2018/NĐ-CP Art 19)")],
        E::SupplementReceived => &[row(E::SupplementReceived, ALL_FORMS, Moves { from: &[A::SupplementRequested], to: A::Processing }, Any, "the processing clock restarts from zero when the supplement arrives (Decree 61/2018/NĐ-CP Art 19)")],
        E::FinancialObligationNotified => &[row(E::FinancialObligationNotified, ALL_FORMS, Moves { from: &[A::Processing], to: A::AwaitingFinancialObligation }, Any, "processing waits for financial obligations (portal status 6)")],
        E::FinancialObligationPaid => &[row(E::FinancialObligationPaid, ALL_FORMS, Moves { from: &[A::AwaitingFinancialObligation], to: A::Processing }, Any, "processing resumes once the obligation is paid")],
        E::Extended => &[row(E::Extended, ALL_FORMS, Moves { from: &[A::Processing], to: A::Processing }, Any, "apology and new date, once (Decree 61/2018/NĐ-CP Art 19; Circular 01/2018/TT-VPCP form 04)")],
        E::Stopped => &[row(E::Stopped, ALL_FORMS, Moves { from: OPEN_AT_AGENCY, to: A::Stopped }, Any, "the agency stops processing (portal status 8)")],
        E::Withdrawn => &[row(E::Withdrawn, ALL_FORMS, Moves { from: WITHDRAWABLE, to: A::Withdrawn }, Any, "the applicant withdraws before a result (portal status 7)")],
        E::ProcessingFinished => &[row(E::ProcessingFinished, ALL_FORMS, Moves { from: &[A::Processing], to: A::Done }, Any, "processing finished (portal status 9)")],
        E::ResultReturnedAtDesk => &[row(E::ResultReturnedAtDesk, DESK_RESULT, Moves { from: &[A::Done], to: A::ResultReturned }, Any, "the result is collected at the desk when the post does not return it")],
        E::PickupRequested => &[row(E::PickupRequested, SENT, In(&[A::Registered]), Moves { from: &[P::NotStarted], to: P::PickupRequested }, "pickup at the applicant's address (Decision 45/2016/QĐ-TTg Art 6)")],
        E::CollectedAndSealed => &[row(E::CollectedAndSealed, SENT, In(&[A::Registered]), Moves { from: &[P::NotStarted, P::PickupRequested], to: P::CollectedAndSealed }, "checked, signed and sealed in front of the applicant (Decision 45/2016/QĐ-TTg Art 6)")],
        E::DispatchedToAgency => &[row(E::DispatchedToAgency, SENT, Any, Moves { from: &[P::CollectedAndSealed], to: P::InTransitToAgency }, "carriage to the agency (Circular 17/2017/TT-BTTTT Art 7)")],
        E::HandedToAgency => &[row(E::HandedToAgency, SENT, In(&[A::Registered]), Moves { from: &[P::CollectedAndSealed, P::InTransitToAgency], to: P::HandedToAgency }, "the handover record's signing is the legal filing time (Decision 45/2016/QĐ-TTg Art 7)")],
        E::ResultCollected => &[
            row(E::ResultCollected, BOTH, Moves { from: &[A::Done], to: A::ResultReturned }, Moves { from: &[P::HandedToAgency], to: P::ResultCollected }, "the result is counted and sealed in front of the agency (Decision 45/2016/QĐ-TTg Art 9)"),
            row(E::ResultCollected, RESULT_ONLY, Moves { from: &[A::Done], to: A::ResultReturned }, Moves { from: &[P::NotStarted], to: P::ResultCollected }, "the result is counted and sealed in front of the agency (Decision 45/2016/QĐ-TTg Art 9)"),
        ],
        E::DispatchedToRecipient => &[row(E::DispatchedToRecipient, ALL_FORMS, Any, Moves { from: &[P::ResultCollected], to: P::InTransitToRecipient }, "carriage of the result")],
        E::OutForDelivery => &[row(E::OutForDelivery, ALL_FORMS, Any, Moves { from: &[P::ResultCollected, P::InTransitToRecipient, P::DeliveryAttempted], to: P::OutForDelivery }, "delivery round (again after a failed attempt)")],
        E::DeliveryAttempted => &[row(E::DeliveryAttempted, ALL_FORMS, Any, Moves { from: &[P::OutForDelivery], to: P::DeliveryAttempted }, "failed attempt: an invitation is left (Circular 17/2017/TT-BTTTT Art 5)")],
        E::Delivered => &[row(E::Delivered, ALL_FORMS, Any, Moves { from: &[P::OutForDelivery], to: P::Delivered }, "delivered against ID document and signature (Decision 45/2016/QĐ-TTg Art 10)")],
        E::ReturnedToAgency => &[row(E::ReturnedToAgency, ALL_FORMS, Any, Moves { from: &[P::DeliveryAttempted], to: P::ReturnedToAgency }, "returned after at least 2 invitations (Circular 17/2017/TT-BTTTT Art 5)")],
        E::LostOrDamaged => &[row(E::LostOrDamaged, ALL_FORMS, Any, Moves { from: &[P::CollectedAndSealed, P::InTransitToAgency, P::ResultCollected, P::InTransitToRecipient, P::OutForDelivery, P::DeliveryAttempted], to: P::LostOrDamaged }, "loss or damage in the post's custody (Decision 45/2016/QĐ-TTg Art 14)")],
    }
}

/// The whole transition table, in [`EventType::ALL`] order.
pub fn table() -> Vec<Transition> {
    EventType::ALL.iter().flat_map(|e| rules(*e).iter().copied()).collect()
}

/// The least number of failed delivery attempts before a result may go back to the agency
/// (Circular 17/2017/TT-BTTTT Art 5: at least 2 invitations).
pub const MIN_DELIVERY_ATTEMPTS: u8 = 2;

/// Why an event cannot be applied. The dossier is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransitionError {
    /// No row of the table allows this event in these states.
    #[error("{event} is not allowed when the agency leg is {agency:?} and the postal leg is {postal:?} (postal form {form:?}): {rule}")]
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
    /// Too few failed attempts to return the result (Circular 17/2017/TT-BTTTT Art 5).
    #[error("return to the agency needs at least {MIN_DELIVERY_ATTEMPTS} delivery attempts, {attempts} made (Circular 17/2017/TT-BTTTT Art 5)")]
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
        return Err(TransitionError::OutOfOrder { event: kind, at: event.at, last });
    }
    let form = d.header.postal_form;
    let mut nearest = None;
    for t in rules(kind).iter().filter(|t| t.forms.contains(&form)) {
        nearest.get_or_insert(t.rule);
        // `opened` moves from no state, so it never matches here: it only starts a dossier (Dossier::open).
        if let (Some(a), Some(p)) = (t.agency.next(d.agency), t.postal.next(d.postal)) {
            return Ok((a, p));
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

/// Checks the rules that hang on the event's data and the dossier's counters, not only on states.
fn check_data(d: &Dossier, event: &Event) -> Result<(), TransitionError> {
    let day = vietnam_date(event.at);
    match &event.kind {
        EventKind::Accepted { appointment } if *appointment < day => Err(TransitionError::AppointmentInPast {
            event: EventType::Accepted,
            appointment: *appointment,
            date: day,
        }),
        EventKind::Extended { .. } if d.extended => Err(TransitionError::AlreadyExtended),
        EventKind::Extended { new_appointment, .. } if *new_appointment < day => Err(TransitionError::AppointmentInPast {
            event: EventType::Extended,
            appointment: *new_appointment,
            date: day,
        }),
        EventKind::ReturnedToAgency if d.delivery_attempts < MIN_DELIVERY_ATTEMPTS => {
            Err(TransitionError::TooFewDeliveryAttempts { attempts: d.delivery_attempts })
        }
        _ => Ok(()),
    }
}

/// Applies `event` to `dossier`. A duplicate event id is a no-op; a refused event leaves the dossier unchanged.
pub fn apply(d: &mut Dossier, event: &Event) -> Result<(), TransitionError> {
    if d.has_event(event.id) {
        return Ok(());
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
        EventKind::Extended { new_appointment, .. } => {
            d.appointment = Some(*new_appointment);
            d.extended = true;
        }
        EventKind::Stopped { .. } => {}
        EventKind::Withdrawn { .. } => {}
        EventKind::ProcessingFinished => {}
        EventKind::ResultReturnedAtDesk => {}
        EventKind::PickupRequested => {}
        EventKind::CollectedAndSealed { tracking, .. } => d.outbound_tracking = Some(tracking.clone()),
        EventKind::DispatchedToAgency => {}
        // Decision 45/2016/QĐ-TTg Art 7: the filing time is the signing of the handover record.
        EventKind::HandedToAgency => {
            d.filed_at = Some(event.at);
            d.clock_started_at = Some(event.at);
        }
        EventKind::ResultCollected { tracking, .. } => d.return_tracking = Some(tracking.clone()),
        EventKind::DispatchedToRecipient => {}
        EventKind::OutForDelivery => {}
        EventKind::DeliveryAttempted { .. } => d.delivery_attempts = d.delivery_attempts.saturating_add(1),
        EventKind::Delivered { .. } => {}
        EventKind::ReturnedToAgency => {}
        EventKind::LostOrDamaged { .. } => {}
    }
    d.history.push(event.clone());
    Ok(())
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
    let event = Event { id: command.id, at: command.at, actor: command.actor, place: command.place, kind: command.action };
    check(d, &event)?;
    check_data(d, &event)?;
    Ok(vec![event])
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:?}): {}", self.event, self.forms, self.rule)
    }
}

/// The state machine as a Markdown page with two Mermaid diagrams (agency leg, postal leg) and the full table,
/// generated from [`table`]: the source of `docs/state-machine.md`.
pub fn state_machine_markdown() -> String {
    let mut out = String::new();
    out.push_str("# The dossier state machine\n\n");
    out.push_str("<!-- Generated from `hoso_core::machine::table()` by `state_machine_markdown()`; a test fails when\n");
    out.push_str("     this file differs. Regenerate with `HOSO_BLESS=1 cargo test -p hoso-core --test generated`. -->\n\n");
    out.push_str("A dossier has two legs that run side by side: the agency leg (where it stands with the agency, with\n");
    out.push_str("the national portal's status code) and the postal leg (where the paper is). An edge label names the\n");
    out.push_str("event; `[...]` is what the other leg must be in (an interlock); `{...}` the postal forms the edge applies\n");
    out.push_str("to when not all.\n\n");
    out.push_str("## Agency leg\n\n```mermaid\nstateDiagram-v2\n");
    let forms_note = |t: &Transition| {
        if t.forms.len() == PostalForm::ALL.len() {
            String::new()
        } else {
            let names: Vec<&str> = t.forms.iter().map(|f| form_name(*f)).collect();
            format!(" {{{}}}", names.join(", "))
        }
    };
    for t in table() {
        if let LegRule::Moves { from, to } = t.agency {
            let guard = match t.postal {
                LegRule::In(states) => format!(" [{}]", states.iter().map(|s| postal_name(*s)).collect::<Vec<_>>().join(" | ")),
                LegRule::Any | LegRule::Moves { .. } => String::new(),
            };
            let label = format!("{}{}{}", t.event, guard, forms_note(&t));
            if from.is_empty() {
                out.push_str(&format!("    [*] --> {} : {}\n", agency_name(to), label));
            }
            for f in from {
                out.push_str(&format!("    {} --> {} : {}\n", agency_name(*f), agency_name(to), label));
            }
        }
    }
    for s in AgencyState::ALL {
        out.push_str(&format!("    {} : {} ({}) — {}\n", agency_name(s), s.label().en, s.portal_code(), s.label().vi));
    }
    out.push_str("```\n\n## Postal leg\n\n```mermaid\nstateDiagram-v2\n");
    for t in table() {
        if let LegRule::Moves { from, to } = t.postal {
            let guard = match t.agency {
                LegRule::In(states) => format!(" [{}]", states.iter().map(|s| agency_name(*s)).collect::<Vec<_>>().join(" | ")),
                LegRule::Moves { from, to } if !from.is_empty() => format!(" [agency {} → {}]", from.iter().map(|s| agency_name(*s)).collect::<Vec<_>>().join(" | "), agency_name(to)),
                LegRule::Any | LegRule::Moves { .. } => String::new(),
            };
            let label = format!("{}{}{}", t.event, guard, forms_note(&t));
            if from.is_empty() {
                out.push_str(&format!("    [*] --> {} : {}\n", postal_name(to), label));
            }
            for f in from {
                out.push_str(&format!("    {} --> {} : {}\n", postal_name(*f), postal_name(to), label));
            }
        }
    }
    for s in PostalState::ALL {
        out.push_str(&format!("    {} : {} — {}\n", postal_name(s), s.label().en, s.label().vi));
    }
    out.push_str("```\n\n## The table\n\n| event | postal forms | agency leg | postal leg | rule |\n|---|---|---|---|---|\n");
    for t in table() {
        let forms: Vec<&str> = t.forms.iter().map(|f| form_name(*f)).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            t.event,
            forms.join(", "),
            leg_text(&t.agency, agency_name),
            leg_text(&t.postal, postal_name),
            t.rule
        ));
    }
    out.push_str("\nBesides the table, `apply` refuses: an event earlier than the dossier's last event; an appointment\n");
    out.push_str("before the day it is set; a second extension (Decree 61/2018/NĐ-CP Art 19); a return to the agency\n");
    out.push_str("before 2 delivery attempts (Circular 17/2017/TT-BTTTT Art 5). A duplicate event id is a no-op.\n");
    out
}

fn leg_text<S: Copy>(rule: &LegRule<S>, name: fn(S) -> &'static str) -> String {
    let list = |states: &[S]| states.iter().map(|s| name(*s)).collect::<Vec<_>>().join(", ");
    match rule {
        LegRule::Any => "any".to_string(),
        LegRule::In(states) => format!("in {}", list(states)),
        LegRule::Moves { from, to } if from.is_empty() => format!("starts at {}", name(*to)),
        LegRule::Moves { from, to } => format!("{} → {}", list(from), name(*to)),
    }
}

fn form_name(f: PostalForm) -> &'static str {
    match f {
        PostalForm::SendDossier => "send_dossier",
        PostalForm::ReceiveResult => "receive_result",
        PostalForm::Both => "both",
    }
}

fn agency_name(s: AgencyState) -> &'static str {
    match s {
        A::Registered => "registered",
        A::Accepted => "accepted",
        A::Refused => "refused",
        A::Processing => "processing",
        A::SupplementRequested => "supplement_requested",
        A::AwaitingFinancialObligation => "awaiting_financial_obligation",
        A::Withdrawn => "withdrawn",
        A::Stopped => "stopped",
        A::Done => "done",
        A::ResultReturned => "result_returned",
    }
}

fn postal_name(s: PostalState) -> &'static str {
    match s {
        P::NotStarted => "not_started",
        P::PickupRequested => "pickup_requested",
        P::CollectedAndSealed => "collected_and_sealed",
        P::InTransitToAgency => "in_transit_to_agency",
        P::HandedToAgency => "handed_to_agency",
        P::ResultCollected => "result_collected",
        P::InTransitToRecipient => "in_transit_to_recipient",
        P::OutForDelivery => "out_for_delivery",
        P::DeliveryAttempted => "delivery_attempted",
        P::Delivered => "delivered",
        P::ReturnedToAgency => "returned_to_agency",
        P::LostOrDamaged => "lost_or_damaged",
    }
}
