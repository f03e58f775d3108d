//! The two-leg state machine's rules one at a time (filing at the handover, the clock restarting, a single
//! extension, two delivery attempts before a return, appointments not in the past), idempotency and
//! ordering, every table row reachable, and properties over random event sequences.

mod state_machine_fixture;

use hoso_core::demo::{broken_invariant, event, opened_with_form, sample_kind};
use hoso_core::event::{EventId, EventKind, EventType as T};
use hoso_core::machine::{self, Command, LegRule, TransitionError, table};
use hoso_core::state::AgencyState as A;
use hoso_core::{Dossier, PostalForm};
use proptest::prelude::*;
use state_machine_fixture::{POSTED, posted, run};

#[test]
fn handover_sets_the_filing_time_decision_45_2016_art_7() {
    let d = run(PostalForm::Both, &POSTED).unwrap();
    let handover = d.history().last().unwrap();
    assert_eq!(handover.kind.event_type(), T::HandedToAgency);
    assert_eq!(d.filed_at(), Some(handover.at));
    // Before the handover there is no filing time, however long the post has held the dossier.
    let d = run(
        PostalForm::Both,
        &[T::CollectedAndSealed, T::DispatchedToAgency],
    )
    .unwrap();
    assert_eq!(d.filed_at(), None);
}

#[test]
fn supplement_received_restarts_processing_clock_decree_61_2018_art_19() {
    let d = run(
        PostalForm::Both,
        &posted(&[T::Accepted, T::SupplementRequested, T::SupplementReceived]),
    )
    .unwrap();
    let received = d.history().last().unwrap();
    assert_eq!(d.clock_started_at(), Some(received.at));
    assert!(d.clock_started_at() > d.filed_at());
}

#[test]
fn extension_is_allowed_once_decree_61_2018_art_19() {
    let err = run(
        PostalForm::Both,
        &posted(&[T::Accepted, T::ProcessingStarted, T::Extended, T::Extended]),
    )
    .unwrap_err();
    assert_eq!(err.1, TransitionError::AlreadyExtended);
    let d = run(
        PostalForm::Both,
        &posted(&[T::Accepted, T::ProcessingStarted, T::Extended]),
    )
    .unwrap();
    assert!(d.is_extended());
}

#[test]
fn return_to_agency_needs_two_delivery_attempts_circular_17_2017_art_5() {
    let one = [
        T::Accepted,
        T::ProcessingStarted,
        T::ProcessingFinished,
        T::ResultCollected,
        T::OutForDelivery,
        T::DeliveryAttempted,
        T::ReturnedToAgency,
    ];
    let err = run(PostalForm::ReceiveResult, &one).unwrap_err();
    assert_eq!(
        err.1,
        TransitionError::TooFewDeliveryAttempts { attempts: 1 }
    );
}

#[test]
fn accepted_appointment_cannot_be_in_the_past() {
    let mut d = run(PostalForm::Both, &POSTED).unwrap();
    let past = event(
        50,
        100,
        EventKind::Accepted {
            appointment: jiff::civil::date(2020, 1, 1),
        },
    );
    assert!(matches!(
        d.apply(&past),
        Err(TransitionError::AppointmentInPast { .. })
    ));
    assert_eq!(d.agency_state(), A::Registered);
}

#[test]
fn duplicate_event_id_is_a_no_op() {
    let mut d = run(PostalForm::Both, &posted(&[T::Accepted])).unwrap();
    let before = d.clone();
    let again = d.history()[2].clone();
    d.apply(&again).unwrap();
    assert_eq!(d, before);
    // Same id, different content: still the first one wins (the id is the idempotency key).
    let mut other = d.history()[4].clone();
    other.kind = EventKind::Refused { reason: "x".into() };
    d.apply(&other).unwrap();
    assert_eq!(d, before);
}

#[test]
fn event_earlier_than_the_last_is_refused() {
    let mut d = run(PostalForm::Both, &POSTED).unwrap();
    let early = event(60, 0, sample_kind(T::Accepted));
    let err = d.apply(&early).unwrap_err();
    assert!(
        matches!(
            err,
            TransitionError::OutOfOrder {
                event: T::Accepted,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(d.agency_state(), A::Registered);
}

#[test]
fn first_event_must_open_the_dossier() {
    let e = event(1, 0, EventKind::HandedToAgency);
    assert_eq!(
        Dossier::open(e).unwrap_err(),
        TransitionError::NotOpened {
            event: T::HandedToAgency
        }
    );
    assert_eq!(
        Dossier::from_events(&[]).unwrap_err(),
        TransitionError::Empty
    );
}

#[test]
fn decide_returns_the_event_or_nothing_for_a_retry() {
    let d = run(PostalForm::Both, &POSTED).unwrap();
    let accept = |id| Command {
        id,
        at: d.last_event_at().unwrap(),
        actor: hoso_core::event::Actor::new(hoso_core::event::ActorRole::OneStopOfficer, "MC-1"),
        place: None,
        action: sample_kind(T::Accepted),
    };
    let events = machine::decide(&d, accept(EventId::from_u128(77))).unwrap();
    assert_eq!(events.len(), 1);
    let retry = machine::decide(&d, accept(d.history()[1].id)).unwrap();
    assert!(retry.is_empty());
    let refused = Command {
        action: sample_kind(T::Delivered),
        ..accept(EventId::from_u128(78))
    };
    assert!(machine::decide(&d, refused).is_err());
}

/// Every row of the table can fire from some reachable dossier: no dead rows.
#[test]
fn every_table_row_is_reachable() {
    let mut frontier: Vec<Dossier> = PostalForm::ALL
        .iter()
        .map(|f| Dossier::open(opened_with_form(1, *f)).unwrap())
        .collect();
    let mut fired = std::collections::HashSet::new();
    let mut seen = std::collections::HashSet::new();
    let mut id = 10_000u128;
    while let Some(d) = frontier.pop() {
        let key = (
            d.header().postal_form,
            d.agency_state(),
            d.postal_state(),
            d.delivery_attempts().min(2),
            d.is_extended(),
            // The complaints' own states (crate::complaint), which rows of both legs leave alone.
            d.complaints().iter().map(|c| c.state).collect::<Vec<_>>(),
            d.feedback().is_some(),
        );
        if !seen.insert(key) {
            continue;
        }
        for t in T::ALL {
            let mut next = d.clone();
            id += 1;
            let minutes = next.history().len() as i64 * 10;
            if next.apply(&event(id, minutes, sample_kind(t))).is_ok() {
                let row = machine::rules(t).iter().position(|r| {
                    r.forms.contains(&d.header().postal_form)
                        && r.agency.next(d.agency_state()).is_some()
                        && r.postal.next(d.postal_state()).is_some()
                });
                fired.insert((t, row));
                frontier.push(next);
            }
        }
    }
    for t in T::ALL {
        for (i, r) in machine::rules(t).iter().enumerate() {
            let initial = matches!(r.agency, LegRule::Moves { from, .. } if from.is_empty());
            assert!(
                initial || fired.contains(&(t, Some(i))),
                "row never fires: {r}"
            );
        }
    }
    assert!(table().len() >= T::ALL.len());
}

fn any_type() -> impl Strategy<Value = T> {
    proptest::sample::select(T::ALL.to_vec())
}

fn any_form() -> impl Strategy<Value = PostalForm> {
    proptest::sample::select(PostalForm::ALL.to_vec())
}

fn invariants(d: &Dossier) {
    if let Some(broken) = broken_invariant(d) {
        panic!("{broken}: {:?}", d.history());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_event_sequences_keep_invariants_and_replay_identically(
        form in any_form(),
        steps in proptest::collection::vec((any_type(), 0i64..3, any::<bool>()), 0..40),
    ) {
        let mut d = Dossier::open(opened_with_form(1, form)).unwrap();
        let mut minutes = 0;
        for (n, (t, gap, duplicate)) in steps.into_iter().enumerate() {
            minutes += gap;
            let before = d.clone();
            let e = if duplicate && d.history().len() > 1 {
                d.history()[n % d.history().len()].clone()
            } else {
                event(1_000 + n as u128, minutes, sample_kind(t))
            };
            match d.apply(&e) {
                Ok(()) => {}
                Err(_) => prop_assert_eq!(&d, &before, "a refused event changed the dossier"),
            }
            if duplicate {
                // Applying an already-applied event again changes nothing.
                let snapshot = d.clone();
                let again = d.history().last().unwrap().clone();
                d.apply(&again).unwrap();
                prop_assert_eq!(&d, &snapshot);
            }
            invariants(&d);
        }
        let replayed = Dossier::from_events(d.history()).unwrap();
        prop_assert_eq!(&replayed, &d);
        // And through its stored JSON form.
        let json = serde_json::to_string(&d).unwrap();
        let back: Dossier = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &d);
    }
}
