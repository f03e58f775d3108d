//! Random command and event sequences against the state machine: nothing panics, a refused event or command
//! leaves the dossier as it was, an event applied twice changes nothing, a command decided applies, the
//! invariants hold after every step, and the history replays (and reads back from JSON) to the same dossier.
#![no_main]

use arbitrary::Arbitrary;
use hoso_core::complaint::ComplaintNumber;
use hoso_core::demo::{broken_invariant, event, opened_with_form, sample_kind};
use hoso_core::event::{DeliveryFailure, EventKind, EventType, Recipient};
use hoso_core::machine::{Command, decide};
use hoso_core::{Dossier, EventId, PostalForm, Vnd};
use jiff::ToSpan;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Life {
    form: u8,
    steps: Vec<Step>,
}

#[derive(Debug, Arbitrary)]
struct Step {
    event: u8,
    /// Minutes since the step before (negative: an event earlier than the last).
    gap: i8,
    how: How,
    /// Days from the sample's first day to a date the event carries (appointments, payment deadlines).
    days: i16,
    amount: u32,
    choice: u8,
}

#[derive(Debug, Arbitrary)]
enum How {
    /// Applied as an event.
    Event,
    /// Decided as a command, and its events applied.
    Command,
    /// An event already in the history, applied again.
    Again(u8),
}

fn kind(step: &Step) -> EventKind {
    let t = EventType::ALL[usize::from(step.event) % EventType::ALL.len()];
    let date = jiff::civil::date(2026, 3, 2)
        .checked_add(i64::from(step.days).days())
        .unwrap_or(jiff::civil::date(2099, 12, 31));
    match sample_kind(t) {
        EventKind::Accepted { .. } => EventKind::Accepted { appointment: date },
        EventKind::Extended { reason, .. } => EventKind::Extended {
            new_appointment: date,
            reason,
        },
        EventKind::FinancialObligationNotified { .. } => EventKind::FinancialObligationNotified {
            amount: Vnd(u64::from(step.amount)),
            due: (step.choice % 2 == 0).then_some(date),
        },
        EventKind::FinancialObligationPaid { .. } => EventKind::FinancialObligationPaid {
            amount: Vnd(u64::from(step.amount)),
        },
        EventKind::DeliveryAttempted { .. } => EventKind::DeliveryAttempted {
            reason: [
                DeliveryFailure::RecipientAbsent,
                DeliveryFailure::AddressNotFound,
                DeliveryFailure::Refused,
                DeliveryFailure::IdentityNotProven,
                DeliveryFailure::Other,
            ][usize::from(step.choice) % 5],
        },
        EventKind::Delivered { .. } if step.choice % 2 == 1 => EventKind::Delivered {
            recipient: Recipient::Applicant,
        },
        // Complaint numbers and due dates out of order as well as in.
        EventKind::ComplaintFiled { mut filing } => {
            filing.number = ComplaintNumber(u16::from(step.choice % 4));
            filing.resolution_due = date;
            EventKind::ComplaintFiled { filing }
        }
        EventKind::ComplaintInvestigating { .. } => EventKind::ComplaintInvestigating {
            complaint: ComplaintNumber(u16::from(step.choice % 4)),
        },
        EventKind::ComplaintResolved { outcome, .. } => EventKind::ComplaintResolved {
            complaint: ComplaintNumber(u16::from(step.choice % 4)),
            outcome,
        },
        other => other,
    }
}

fuzz_target!(|life: Life| {
    let form = PostalForm::ALL[usize::from(life.form) % PostalForm::ALL.len()];
    let Ok(mut d) = Dossier::open(opened_with_form(1, form)) else {
        panic!("the sample opening of {form:?} is refused");
    };
    let mut minutes = 0i64;
    for (n, step) in life.steps.iter().take(64).enumerate() {
        minutes += i64::from(step.gap);
        let id = 1_000 + n as u128;
        let before = d.clone();
        match step.how {
            How::Event => {
                if d.apply(&event(id, minutes, kind(step))).is_err() {
                    assert_eq!(d, before, "a refused event changed the dossier");
                }
            }
            How::Command => {
                let e = event(id, minutes, kind(step));
                let command = Command {
                    id: EventId::from_u128(id),
                    at: e.at,
                    actor: e.actor,
                    place: e.place,
                    action: e.kind,
                };
                match decide(&d, command) {
                    Ok(events) => {
                        for e in &events {
                            d.apply(e)
                                .unwrap_or_else(|err| panic!("decided, then refused: {err}"));
                        }
                    }
                    Err(_) => assert_eq!(d, before, "deciding changed the dossier"),
                }
            }
            How::Again(k) => {
                let again = d.history()[usize::from(k) % d.history().len()].clone();
                d.apply(&again)
                    .unwrap_or_else(|e| panic!("an event of the history, applied again: {e}"));
                assert_eq!(d, before, "an event applied twice changed the dossier");
            }
        }
        if let Some(broken) = broken_invariant(&d) {
            panic!("{broken}");
        }
    }
    let replayed = Dossier::from_events(d.history()).unwrap_or_else(|e| panic!("replay: {e}"));
    assert_eq!(replayed, d, "the history replays to another dossier");
    let json = serde_json::to_string(&d).unwrap_or_else(|e| panic!("to JSON: {e}"));
    let back: Dossier = serde_json::from_str(&json).unwrap_or_else(|e| panic!("from JSON: {e}"));
    assert_eq!(back, d, "the dossier reads back from JSON as another");
});
