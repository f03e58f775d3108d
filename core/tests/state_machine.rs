//! The two-leg state machine as a specification, by worked paths: legal sequences reach their states and
//! illegal ones are refused with the rule they break (one rule at a time, idempotency, ordering, the
//! table's coverage and random sequences are in `state_machine_rules.rs`).

mod state_machine_fixture;

use hoso_core::PostalForm;
use hoso_core::event::EventType as T;
use hoso_core::machine::TransitionError;
use hoso_core::state::{AgencyState as A, PostalState as P};
use state_machine_fixture::{posted, result_ready, run};

#[test]
fn legal_paths_reach_their_states() {
    use PostalForm::*;
    type Case = (&'static str, PostalForm, Vec<T>, A, P, u8);
    let cases: Vec<Case> = vec![
        (
            "opened at the counter",
            Both,
            vec![],
            A::Registered,
            P::NotStarted,
            1,
        ),
        (
            "pickup requested",
            SendDossier,
            vec![T::PickupRequested],
            A::Registered,
            P::PickupRequested,
            1,
        ),
        (
            "collected at the address",
            SendDossier,
            vec![T::PickupRequested, T::CollectedAndSealed],
            A::Registered,
            P::CollectedAndSealed,
            1,
        ),
        (
            "handed over straight from the counter",
            Both,
            vec![T::CollectedAndSealed, T::HandedToAgency],
            A::Registered,
            P::HandedToAgency,
            1,
        ),
        (
            "in transit",
            Both,
            vec![T::CollectedAndSealed, T::DispatchedToAgency],
            A::Registered,
            P::InTransitToAgency,
            1,
        ),
        (
            "accepted after handover",
            Both,
            posted(&[T::Accepted]),
            A::Accepted,
            P::HandedToAgency,
            2,
        ),
        (
            "refused after handover",
            SendDossier,
            posted(&[T::Refused]),
            A::Refused,
            P::HandedToAgency,
            3,
        ),
        (
            "processing",
            Both,
            posted(&[T::Accepted, T::ProcessingStarted]),
            A::Processing,
            P::HandedToAgency,
            4,
        ),
        (
            "supplement requested at acceptance",
            Both,
            posted(&[T::Accepted, T::SupplementRequested]),
            A::SupplementRequested,
            P::HandedToAgency,
            5,
        ),
        (
            "supplement requested in processing",
            Both,
            posted(&[T::Accepted, T::ProcessingStarted, T::SupplementRequested]),
            A::SupplementRequested,
            P::HandedToAgency,
            5,
        ),
        (
            "supplement received resumes processing",
            Both,
            posted(&[T::Accepted, T::SupplementRequested, T::SupplementReceived]),
            A::Processing,
            P::HandedToAgency,
            4,
        ),
        (
            "awaiting financial obligation",
            Both,
            posted(&[
                T::Accepted,
                T::ProcessingStarted,
                T::FinancialObligationNotified,
            ]),
            A::AwaitingFinancialObligation,
            P::HandedToAgency,
            6,
        ),
        (
            "obligation paid",
            Both,
            posted(&[
                T::Accepted,
                T::ProcessingStarted,
                T::FinancialObligationNotified,
                T::FinancialObligationPaid,
            ]),
            A::Processing,
            P::HandedToAgency,
            4,
        ),
        (
            "withdrawn before handover",
            Both,
            vec![T::CollectedAndSealed, T::Withdrawn],
            A::Withdrawn,
            P::CollectedAndSealed,
            7,
        ),
        (
            "withdrawn in processing",
            Both,
            posted(&[T::Accepted, T::ProcessingStarted, T::Withdrawn]),
            A::Withdrawn,
            P::HandedToAgency,
            7,
        ),
        (
            "stopped",
            Both,
            posted(&[T::Accepted, T::ProcessingStarted, T::Stopped]),
            A::Stopped,
            P::HandedToAgency,
            8,
        ),
        (
            "extended once",
            Both,
            posted(&[T::Accepted, T::ProcessingStarted, T::Extended]),
            A::Processing,
            P::HandedToAgency,
            4,
        ),
        (
            "done",
            Both,
            posted(&[T::Accepted, T::ProcessingStarted, T::ProcessingFinished]),
            A::Done,
            P::HandedToAgency,
            9,
        ),
        (
            "result collected by the post",
            Both,
            posted(&[
                T::Accepted,
                T::ProcessingStarted,
                T::ProcessingFinished,
                T::ResultCollected,
            ]),
            A::ResultReturned,
            P::ResultCollected,
            10,
        ),
        (
            "result returned at the desk",
            SendDossier,
            posted(&[
                T::Accepted,
                T::ProcessingStarted,
                T::ProcessingFinished,
                T::ResultReturnedAtDesk,
            ]),
            A::ResultReturned,
            P::HandedToAgency,
            10,
        ),
        (
            "result-only service: accepted at the desk",
            ReceiveResult,
            vec![T::Accepted],
            A::Accepted,
            P::NotStarted,
            2,
        ),
        (
            "result-only service: result collected",
            ReceiveResult,
            result_ready(&[]),
            A::ResultReturned,
            P::ResultCollected,
            10,
        ),
        (
            "delivered first time",
            ReceiveResult,
            result_ready(&[T::DispatchedToRecipient, T::OutForDelivery, T::Delivered]),
            A::ResultReturned,
            P::Delivered,
            10,
        ),
        (
            "delivered after one failed attempt",
            ReceiveResult,
            result_ready(&[
                T::OutForDelivery,
                T::DeliveryAttempted,
                T::OutForDelivery,
                T::Delivered,
            ]),
            A::ResultReturned,
            P::Delivered,
            10,
        ),
        (
            "returned after two failed attempts",
            ReceiveResult,
            result_ready(&[
                T::OutForDelivery,
                T::DeliveryAttempted,
                T::OutForDelivery,
                T::DeliveryAttempted,
                T::ReturnedToAgency,
            ]),
            A::ResultReturned,
            P::ReturnedToAgency,
            10,
        ),
        (
            "collected at the post office after the notice (Circular 17/2017 Art 7(2)(c))",
            ReceiveResult,
            result_ready(&[
                T::DispatchedToRecipient,
                T::CollectionNotified,
                T::Delivered,
            ]),
            A::ResultReturned,
            P::Delivered,
            10,
        ),
        (
            "lost in transit to the agency",
            Both,
            vec![
                T::CollectedAndSealed,
                T::DispatchedToAgency,
                T::LostOrDamaged,
            ],
            A::Registered,
            P::LostOrDamaged,
            1,
        ),
        (
            "damaged on delivery",
            ReceiveResult,
            result_ready(&[T::OutForDelivery, T::LostOrDamaged]),
            A::ResultReturned,
            P::LostOrDamaged,
            10,
        ),
    ];
    for (name, form, types, agency, postal, code) in cases {
        let d = run(form, &types)
            .unwrap_or_else(|(i, e)| panic!("{name}: step {i} ({:?}) refused: {e}", types[i]));
        assert_eq!(
            (d.agency_state(), d.postal_state(), d.portal_status()),
            (agency, postal, code),
            "{name}"
        );
    }
}

#[test]
fn illegal_transitions_are_refused_with_the_rule() {
    use PostalForm::*;
    let cases: Vec<(&str, PostalForm, Vec<T>, &str)> = vec![
        (
            "agency cannot accept a posted dossier before handover (Decision 45/2016 Art 7)",
            Both,
            vec![T::CollectedAndSealed, T::Accepted],
            "Art 7",
        ),
        (
            "agency cannot refuse a posted dossier it has not received",
            SendDossier,
            vec![T::CollectedAndSealed, T::DispatchedToAgency, T::Refused],
            "Art 7",
        ),
        (
            "no processing before acceptance",
            Both,
            posted(&[T::ProcessingStarted]),
            "accepted",
        ),
        (
            "no result before processing",
            Both,
            posted(&[T::Accepted, T::ProcessingFinished]),
            "processing",
        ),
        (
            "post cannot collect a result that is not ready",
            Both,
            posted(&[T::Accepted, T::ProcessingStarted, T::ResultCollected]),
            "Art 9",
        ),
        (
            "no desk return when the post returns the result",
            Both,
            posted(&[
                T::Accepted,
                T::ProcessingStarted,
                T::ProcessingFinished,
                T::ResultReturnedAtDesk,
            ]),
            "no transition",
        ),
        (
            "no postal intake for a result-only service",
            ReceiveResult,
            vec![T::CollectedAndSealed],
            "no transition",
        ),
        (
            "no handover without intake",
            Both,
            vec![T::HandedToAgency],
            "Art 7",
        ),
        (
            "no delivery before the result is collected",
            Both,
            posted(&[T::OutForDelivery]),
            "delivery",
        ),
        (
            "no delivery attempt without a round",
            ReceiveResult,
            result_ready(&[T::DeliveryAttempted]),
            "invitation",
        ),
        (
            "no withdrawal after the result",
            Both,
            posted(&[
                T::Accepted,
                T::ProcessingStarted,
                T::ProcessingFinished,
                T::Withdrawn,
            ]),
            "withdraws",
        ),
        (
            "no payment without a notice",
            Both,
            posted(&[
                T::Accepted,
                T::ProcessingStarted,
                T::FinancialObligationPaid,
            ]),
            "resumes",
        ),
        (
            "nothing after a refusal",
            SendDossier,
            posted(&[T::Refused, T::ProcessingStarted]),
            "accepted",
        ),
        (
            "a dossier is opened only once",
            Both,
            vec![T::Opened],
            "starts registered",
        ),
        (
            "no notice to collect once the result is out for delivery",
            ReceiveResult,
            result_ready(&[T::OutForDelivery, T::CollectionNotified]),
            "Art 7(2)(c)",
        ),
        (
            "lost is not possible before the post holds anything",
            Both,
            vec![T::LostOrDamaged],
            "Art 14",
        ),
    ];
    for (name, form, types, rule_fragment) in cases {
        match run(form, &types) {
            Ok(d) => panic!(
                "{name}: accepted, ended in {:?}/{:?}",
                d.agency_state(),
                d.postal_state()
            ),
            Err((i, err)) => {
                assert_eq!(
                    i,
                    types.len() - 1,
                    "{name}: refused early at step {i}: {err}"
                );
                assert!(
                    matches!(err, TransitionError::NotAllowed { .. }),
                    "{name}: {err}"
                );
                assert!(err.to_string().contains(rule_fragment), "{name}: {err}");
            }
        }
    }
}
