//! The record drafter: which event proves which record, with which parties, and the typed refusals.

mod custody_fixture;

use custody_fixture::*;
use hoso_core::Dossier;
use hoso_core::custody::*;
use hoso_core::event::{Actor, ActorRole, Event, EventType, Recipient as Received};

/// The fixture's dossier with its events up to and including the first of type `until`, and that event.
fn dossier_until(until: EventType) -> (Dossier, Event) {
    let events = life();
    let mut dossier = Dossier::open(events[0].clone()).unwrap();
    for event in &events[1..] {
        dossier.apply(event).unwrap();
        if event.kind.event_type() == until {
            return (dossier, event.clone());
        }
    }
    panic!("no {until} event in the fixture");
}

fn draft(until: EventType, parties: Parties) -> Result<Option<RecordDraft>, DraftError> {
    let f = Fixture::standard();
    let (dossier, event) = dossier_until(until);
    RecordDrafter::new(&dossier, &f.registry, &salt()).for_event(&event, &parties)
}

fn keys(ids: &[&str]) -> Vec<KeyId> {
    ids.iter().map(|s| key_id(s)).collect()
}

#[test]
fn each_handover_event_proves_its_record_with_the_taker_signing_first() {
    let giver = |k| Parties::new().giver(key_id(k));
    let taker = |k| Parties::new().taker(key_id(k));
    let cases = [
        (
            EventType::CollectedAndSealed,
            Parties::new(),
            "intake_slip",
            vec!["post-hk-an"],
        ),
        (
            EventType::DispatchedToAgency,
            giver("post-hk-an"),
            "postal_transfer",
            vec!["post-hub-cuong", "post-hk-an"],
        ),
        (
            EventType::HandedToAgency,
            taker("agency-desk-em"),
            "agency_handover",
            vec!["agency-desk-em", "post-courier-dung"],
        ),
        (
            EventType::ResultCollected,
            giver("agency-desk-em"),
            "result_return_slip",
            vec!["post-courier-dung", "agency-desk-em"],
        ),
        (
            EventType::DispatchedToRecipient,
            giver("post-courier-dung"),
            "postal_transfer",
            vec!["post-hub-cuong", "post-courier-dung"],
        ),
        (
            EventType::OutForDelivery,
            giver("post-hub-cuong"),
            "postal_transfer",
            vec!["post-hk-an", "post-hub-cuong"],
        ),
        (
            EventType::Delivered,
            taker("recipient-binh"),
            "delivery_receipt",
            vec!["recipient-binh", "post-hk-an"],
        ),
    ];
    for (event, parties, kind, signers) in cases {
        let d = draft(event, parties)
            .unwrap()
            .expect("a handover event proves a record");
        assert_eq!(d.entry.kind_name(), kind, "{event}");
        assert_eq!(d.signers, keys(&signers), "{event}");
        let (at, _) = dossier_until(event);
        assert_eq!(Some(d.recorded_at), at.last_event_at(), "{event}");
    }
}

#[test]
fn the_intake_slip_lists_the_dossiers_papers_under_the_events_seal_with_its_contract() {
    let d = draft(EventType::CollectedAndSealed, Parties::new())
        .unwrap()
        .unwrap();
    let (dossier, _) = dossier_until(EventType::CollectedAndSealed);
    let CustodyEntry::IntakeSlip { handover, contract } = &d.entry else {
        panic!("{:?}", d.entry);
    };
    assert_eq!(handover.items, Item::of_dossier(dossier.header()));
    assert_eq!(handover.seal.id, "HK-2026-000731");
    assert_eq!(handover.giver.role, PartyRole::Applicant);
    assert_eq!(handover.giver.name, "Trần Thị Bình");
    assert_eq!(contract.tracking_number.to_string(), "EA123456785VN");
    assert_eq!(contract.receiving_agency.as_str(), AGENCY);
    // The event's place is the post office's code: it names the place and is its postal code.
    assert_eq!(d.place.name, "11000");
    assert_eq!(
        d.place.postal_code.map(|c| c.to_string()),
        Some("11000".into())
    );
}

#[test]
fn events_that_pass_no_custody_prove_no_record() {
    for event in [
        EventType::Accepted,
        EventType::ProcessingStarted,
        EventType::ProcessingFinished,
    ] {
        assert_eq!(draft(event, Parties::new()), Ok(None), "{event}");
    }
}

#[test]
fn the_delivery_commits_to_the_applicants_card_and_is_signed_at_their_address() {
    let parties = Parties::new().taker(key_id("recipient-binh"));
    let d = draft(EventType::Delivered, parties).unwrap().unwrap();
    let CustodyEntry::DeliveryReceipt { recipient, .. } = &d.entry else {
        panic!("{:?}", d.entry);
    };
    assert_eq!(Received::from(recipient), Received::Applicant);
    assert!(
        recipient
            .id_document()
            .matches(&CARD.parse().unwrap(), &salt())
    );
    assert!(!format!("{d:?}").contains(CARD));
    assert_eq!(d.place.name, "Số 12 ngõ 5 Hàng Bạc, Hoàn Kiếm");
}

#[test]
fn delivery_to_an_authorised_person_needs_who_received_and_names_them() {
    let (dossier, mut event) = dossier_until(EventType::Delivered);
    event.kind = hoso_core::event::EventKind::Delivered {
        recipient: Received::AuthorisedPerson,
    };
    let f = Fixture::standard();
    let salt = salt();
    let drafter = RecordDrafter::new(&dossier, &f.registry, &salt);
    let parties = Parties::new().taker(key_id("recipient-binh"));
    assert_eq!(
        drafter.for_event(&event, &parties),
        Err(DraftError::NoReceiver {
            recipient: Received::AuthorisedPerson
        })
    );
    let number: DocumentNumber = "B1234567".parse().unwrap();
    let receiver = Receiver {
        name: "Trần Thị Bình".into(),
        document: IdDocumentKind::Passport,
        number: number.clone(),
        authorisation: Some("GUQ-2026-17".into()),
    };
    let d = drafter
        .for_event(&event, &parties.receiver(receiver))
        .unwrap()
        .unwrap();
    let CustodyEntry::DeliveryReceipt { recipient, .. } = &d.entry else {
        panic!("{:?}", d.entry);
    };
    let Recipient::AuthorisedPerson {
        authorisation_reference,
        on_behalf_of,
        id_document,
        ..
    } = recipient
    else {
        panic!("{recipient:?}");
    };
    assert_eq!(authorisation_reference, "GUQ-2026-17");
    assert_eq!(on_behalf_of, "Trần Thị Bình");
    assert!(id_document.matches(&number, &salt));
}

#[test]
fn a_handover_at_the_agency_without_the_officer_is_a_missing_party() {
    assert_eq!(
        draft(EventType::HandedToAgency, Parties::new()),
        Err(DraftError::MissingParty {
            party: "taker",
            role: PartyRole::AgencyOfficer,
            event: EventType::HandedToAgency,
        })
    );
}

#[test]
fn parties_that_would_not_verify_are_refused_with_the_verifiers_reason() {
    let courier_as_officer = Parties::new().taker(key_id("post-hub-cuong"));
    assert!(matches!(
        draft(EventType::HandedToAgency, courier_as_officer),
        Err(DraftError::Parties(BreakReason::WrongPartyRole {
            party: "taker",
            ..
        }))
    ));
    let carrier_as_recipient = Parties::new().taker(key_id("post-hk-an"));
    assert!(matches!(
        draft(EventType::Delivered, carrier_as_recipient),
        Err(DraftError::Parties(BreakReason::WrongPartyRole { .. }))
    ));
}

#[test]
fn an_unregistered_key_or_actor_is_a_typed_error() {
    let stranger = Parties::new().taker(key_id("desk-nobody"));
    assert_eq!(
        draft(EventType::HandedToAgency, stranger),
        Err(DraftError::UnknownKey {
            party: "taker",
            key_id: key_id("desk-nobody")
        })
    );
    // An agency's system reports the result collected: it holds no custody, so the courier must be named.
    let (dossier, mut event) = dossier_until(EventType::ResultCollected);
    event.actor = Actor::new(ActorRole::AgencySystem, AGENCY);
    let f = Fixture::standard();
    let salt = salt();
    let drafter = RecordDrafter::new(&dossier, &f.registry, &salt);
    let officer = Parties::new().giver(key_id("agency-desk-em"));
    assert!(matches!(
        drafter.for_event(&event, &officer),
        Err(DraftError::MissingParty {
            party: "taker",
            role: PartyRole::PostalWorker,
            ..
        })
    ));
    let named = officer.taker(key_id("post-courier-dung"));
    assert!(drafter.for_event(&event, &named).unwrap().is_some());
}

#[test]
fn a_handover_of_a_package_nobody_sealed_has_no_seal() {
    let (_, handed) = dossier_until(EventType::HandedToAgency);
    let opened_only = Dossier::open(life()[0].clone()).unwrap();
    let f = Fixture::standard();
    let salt = salt();
    let drafter = RecordDrafter::new(&opened_only, &f.registry, &salt);
    let officer = Parties::new().taker(key_id("agency-desk-em"));
    assert_eq!(
        drafter.for_event(&handed, &officer),
        Err(DraftError::NoSeal { leg: "dossier" })
    );
}

#[test]
fn a_result_without_items_is_refused() {
    let (dossier, event) = dossier_until(EventType::ResultCollected);
    let f = Fixture::standard();
    let salt = salt();
    let drafter = RecordDrafter::new(&dossier, &f.registry, &salt).with_result_items(Vec::new());
    let officer = Parties::new().giver(key_id("agency-desk-em"));
    assert_eq!(
        drafter.for_event(&event, &officer),
        Err(DraftError::NoResultItems)
    );
}

#[test]
fn a_transfer_event_without_a_place_asks_for_one() {
    let (dossier, mut event) = dossier_until(EventType::DispatchedToAgency);
    event.place = None;
    let f = Fixture::standard();
    let salt = salt();
    let drafter = RecordDrafter::new(&dossier, &f.registry, &salt);
    let giver = Parties::new().giver(key_id("post-hk-an"));
    assert_eq!(
        drafter.for_event(&event, &giver),
        Err(DraftError::NoPlace {
            event: EventType::DispatchedToAgency
        })
    );
}

#[test]
fn signing_without_a_signers_key_is_a_typed_error() {
    let d = draft(EventType::CollectedAndSealed, Parties::new())
        .unwrap()
        .unwrap();
    let mut chain = ChainBuilder::new(DOSSIER.parse().unwrap());
    assert_eq!(
        d.sign_into(&mut chain, |_| None),
        Err(DraftError::NoSigningKey(key_id("post-hk-an")))
    );
    assert!(chain.records().is_empty());
}
