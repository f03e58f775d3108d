//! The attacks on the chain of custody, each refused with its reason: evidence rebuilt with fresh keys, a
//! fabricated delivery appended, a result return signed by the postal worker alone, the carrier taking the
//! delivery as the recipient, a back-dated record of a revoked key, a record after the snapshot, a
//! truncated file.

mod custody_fixture;

use custody_fixture::*;
use hoso_core::custody::*;

fn broken(err: EvidenceError) -> (usize, BreakReason) {
    match err {
        EvidenceError::Broken(link) => (link.position, link.reason),
        other => panic!("expected a broken link, got {other}"),
    }
}

fn verify(f: &Fixture) -> Result<VerifiedEvidence, EvidenceError> {
    check(&f.evidence().to_bytes().unwrap())
}

fn step_of(f: &Fixture, kind: &str) -> usize {
    f.steps
        .iter()
        .position(|s| s.entry.kind_name() == kind)
        .unwrap()
}

#[test]
fn the_fixture_is_valid_to_begin_with() {
    assert_eq!(verify(&Fixture::standard()).unwrap().chain.records, 9);
}

#[test]
fn a_fabricated_result_and_delivery_appended_to_a_refused_dossier_is_refused() {
    // The agency refused the dossier: its evidence ends at the handover at the agency.
    let mut refused = Fixture::standard();
    refused.steps.truncate(4);
    let genuine = refused.evidence();
    check(&genuine.to_bytes().unwrap()).unwrap();

    // The forger appends a result return, a delivery and a proof, linked to the genuine chain and signed
    // with keys of their own under the genuine key ids.
    let forger = Fixture::with_key_seeds(50);
    let mut chain = ChainBuilder::from_records(refused.dossier(), genuine.records.clone()).unwrap();
    let mut last_receipt = None;
    for step in &Fixture::standard().steps[4..] {
        let mut entry = step.entry.clone();
        if let CustodyEntry::ProofOfDelivery { receipt_hash, .. } = &mut entry {
            *receipt_hash = last_receipt.unwrap();
        }
        let ids: Vec<KeyId> = step.signers.iter().map(|s| key_id(s)).collect();
        let signers: Vec<(&KeyId, &SigningKey)> = ids
            .iter()
            .zip(&step.signers)
            .map(|(id, s)| (id, &forger.keys[s]))
            .collect();
        let is_receipt = matches!(entry, CustodyEntry::DeliveryReceipt { .. });
        let hash = chain
            .append(step.at, step.place.clone(), entry, &signers)
            .unwrap();
        if is_receipt {
            last_receipt = Some(hash);
        }
    }
    let mut forged = genuine.clone();
    forged.records = chain.into_records();
    assert_eq!(forged.records.len(), 9);
    let (position, reason) = broken(check(&forged.to_bytes().unwrap()).unwrap_err());
    assert_eq!(position, 5);
    assert_eq!(reason, BreakReason::NotReceived);

    // Editing the attestation to cover the new records breaks the authority's signature.
    forged.registry.chain.records = 9;
    forged.registry.chain.received_at = Fixture::standard().received();
    forged.registry.chain.head = Some(forged.records[8].hash().unwrap());
    assert_eq!(
        check(&forged.to_bytes().unwrap()),
        Err(EvidenceError::Registry(
            RegistryError::BadAuthoritySignature(key_id(Fixture::AUTHORITY_KEY_ID))
        ))
    );
}

#[test]
fn a_result_return_slip_signed_by_the_postal_worker_alone_is_refused() {
    let mut f = Fixture::standard();
    let i = step_of(&f, "result_return_slip");
    f.steps[i].signers = vec!["post-courier-dung".into()];
    let (position, reason) = broken(verify(&f).unwrap_err());
    assert_eq!(position, i + 1);
    assert_eq!(
        reason,
        BreakReason::MissingCountersignature {
            key_id: key_id("agency-desk-em")
        }
    );
}

#[test]
fn a_handover_at_the_agency_without_the_postal_workers_signature_is_refused() {
    let mut f = Fixture::standard();
    let i = step_of(&f, "agency_handover");
    f.steps[i].signers = vec!["agency-desk-em".into()];
    let (position, reason) = broken(verify(&f).unwrap_err());
    assert_eq!(position, i + 1);
    assert_eq!(
        reason,
        BreakReason::MissingCountersignature {
            key_id: key_id("post-courier-dung")
        }
    );
}

#[test]
fn the_carrier_cannot_take_the_delivery_as_the_recipient() {
    let i = step_of(&Fixture::standard(), "delivery_receipt");
    let carrier = || party("post-hk-an");

    // 1. The carrier names himself the taker, in the recipient's role, while the receipt names Bình.
    let mut f = Fixture::standard();
    f.handover_mut(i).taker = Party {
        role: PartyRole::Recipient,
        ..carrier()
    };
    f.steps[i].signers = vec!["post-hk-an".into()];
    assert_eq!(
        broken(verify(&f).unwrap_err()),
        (i + 1, BreakReason::TakerNotRecipient)
    );

    // 2. He also writes his own name as the recipient: his key is a postal worker's, not a recipient's.
    if let CustodyEntry::DeliveryReceipt { recipient, .. } = &mut f.steps[i].entry
        && let Recipient::Addressee { name, .. } = recipient
    {
        *name = carrier().name;
    }
    assert_eq!(
        broken(verify(&f).unwrap_err()),
        (
            i + 1,
            BreakReason::KeyRoleMismatch {
                key_id: key_id("post-hk-an"),
                registered: PartyRole::PostalWorker,
                signing_as: PartyRole::Recipient,
            }
        )
    );

    // 3. Or he takes it as a postal worker: a delivery is taken by a recipient.
    let mut f = Fixture::standard();
    f.handover_mut(i).taker = carrier();
    f.steps[i].signers = vec!["post-hk-an".into()];
    assert!(matches!(
        broken(verify(&f).unwrap_err()),
        (
            p,
            BreakReason::WrongPartyRole {
                party: "taker",
                expected: PartyRole::Recipient,
                found: PartyRole::PostalWorker,
                ..
            }
        ) if p == i + 1
    ));
}

#[test]
fn an_officer_of_another_agency_cannot_sign_the_handover() {
    let mut f = Fixture::standard();
    let i = step_of(&f, "agency_handover");
    f.handover_mut(i).taker.organisation = Some("000.00.02.H26".into());
    assert!(matches!(
        broken(verify(&f).unwrap_err()),
        (p, BreakReason::OfficerOfAnotherAgency { .. }) if p == i + 1
    ));
}

/// The hub worker's key is revoked at 10:30 on 23 January; the record of the result's transfer to the hub
/// states 10:00.
fn revoked_hub_key(received_at: &str) -> Fixture {
    let mut f = Fixture::standard();
    f.registry
        .revoke(&key_id("post-hub-cuong"), ts("2026-01-23T10:30:00Z"))
        .unwrap();
    let i = 5;
    assert_eq!(f.steps[i].at, ts("2026-01-23T10:00:00Z"));
    assert_eq!(f.steps[i].signers, vec!["post-hub-cuong".to_string()]);
    f.steps[i].received_at = ts(received_at);
    f
}

#[test]
fn a_back_dated_record_of_a_revoked_key_is_refused() {
    // It reached the authority at 11:00, after the revocation: whatever it states, it may have been
    // signed after the key was revoked.
    let err = verify(&revoked_hub_key("2026-01-23T11:00:00Z")).unwrap_err();
    assert_eq!(
        broken(err),
        (
            6,
            BreakReason::KeyRevoked {
                key_id: key_id("post-hub-cuong"),
                revoked_at: ts("2026-01-23T10:30:00Z"),
                signed_at: ts("2026-01-23T11:00:00Z"),
            }
        )
    );
    // Received at 10:05, before the revocation, the same record is valid.
    verify(&revoked_hub_key("2026-01-23T10:05:00Z")).unwrap();
}

#[test]
fn a_record_dated_after_its_receipt_is_refused() {
    let mut f = Fixture::standard();
    f.steps[5].received_at = ts("2026-01-23T09:00:00Z");
    assert!(matches!(
        broken(verify(&f).unwrap_err()),
        (6, BreakReason::DatedAfterReceipt { .. })
    ));
}

#[test]
fn a_record_dated_after_the_snapshot_is_refused() {
    let mut f = Fixture::standard();
    let last = f.steps.len() - 1;
    f.steps[last].at = ts("2029-06-01T00:00:00Z");
    f.steps[last].received_at = ts("2029-06-01T00:05:00Z");
    assert_eq!(
        broken(verify(&f).unwrap_err()),
        (
            last + 1,
            BreakReason::RecordAfterSnapshot {
                recorded_at: ts("2029-06-01T00:05:00Z"),
                issued_at: Fixture::issued_at(),
            }
        )
    );
}

#[test]
fn a_file_cut_short_is_refused() {
    let mut evidence = Fixture::standard().evidence();
    evidence.records.truncate(4);
    let err = check(&evidence.to_bytes().unwrap()).unwrap_err();
    assert!(
        matches!(&err, EvidenceError::ChainNotAttested { attested, found }
            if attested.contains("9 records") && found.contains("4 records")),
        "{err}"
    );
}
