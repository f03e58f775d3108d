//! The verifier's rules, one behaviour per test.

mod custody_fixture;

use custody_fixture::*;
use hoso_core::custody::*;

fn verify(f: &Fixture, records: &[CustodyRecord]) -> Result<ChainSummary, BrokenLink> {
    verify_chain(&f.dossier(), records, &f.registry)
}

fn first_break(f: &Fixture) -> BrokenLink {
    verify(f, &f.build()).expect_err("the chain should be broken")
}

#[test]
fn chain_of_eight_handovers_with_late_proof_of_delivery_verifies() {
    let f = Fixture::standard();
    let records = f.build();
    let handovers = records
        .iter()
        .filter(|r| r.entry.handover().is_some())
        .count();
    assert_eq!(handovers, 8);
    assert!(matches!(
        records.last().unwrap().entry,
        CustodyEntry::ProofOfDelivery { .. }
    ));
    let summary = verify(&f, &records).unwrap();
    assert_eq!(summary.records, 9);
    assert_eq!(summary.head, Some(records[8].hash().unwrap()));
}

#[test]
fn late_proof_of_delivery_leaves_the_delivery_receipt_unchanged() {
    let f = Fixture::standard();
    let with_proof = f.build();
    let mut without = f.clone();
    without.steps.pop();
    let without = without.build();
    assert_eq!(&with_proof[..8], &without[..]);
    assert!(verify(&f, &without).is_ok());
    match &with_proof[8].entry {
        CustodyEntry::ProofOfDelivery { receipt_hash, .. } => {
            assert_eq!(*receipt_hash, without[7].hash().unwrap())
        }
        other => panic!("expected a proof, found {other:?}"),
    }
}

#[test]
fn proof_of_delivery_must_refer_to_an_earlier_delivery_receipt() {
    let mut f = Fixture::standard();
    if let CustodyEntry::ProofOfDelivery { receipt_hash, .. } = &mut f.steps[8].entry {
        *receipt_hash = Sha256Digest::of(b"some other record");
    }
    let link = first_break(&f);
    assert_eq!(link.position, 9);
    assert!(
        matches!(link.reason, BreakReason::ProofWithoutReceipt { .. }),
        "{link}"
    );
}

#[test]
fn reordering_records_is_detected() {
    let f = Fixture::standard();
    let mut records = f.build();
    records.swap(2, 3);
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(link.position, 3);
    assert_eq!(
        link.reason,
        BreakReason::SequenceGap {
            expected: 3,
            found: 4
        }
    );
}

#[test]
fn deleting_a_record_is_detected() {
    let f = Fixture::standard();
    for deleted in 0..9 {
        let mut records = f.build();
        records.remove(deleted);
        if deleted == 8 {
            // Dropping the last record leaves a shorter chain that is valid in itself: the truncation shows
            // only against a head known from elsewhere.
            let summary = verify(&f, &records).unwrap();
            assert_ne!(summary.head, Some(f.build()[8].hash().unwrap()));
            continue;
        }
        let link = verify(&f, &records).unwrap_err();
        assert_eq!(
            link.position,
            deleted + 1,
            "deleting record {deleted}: {link}"
        );
    }
}

#[test]
fn inserting_a_record_is_detected() {
    let f = Fixture::standard();
    let mut records = f.build();
    // A well-formed record, validly signed, copied in from another point of the chain.
    let copy = records[5].clone();
    records.insert(3, copy);
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(link.position, 4);
    assert_eq!(
        link.reason,
        BreakReason::SequenceGap {
            expected: 4,
            found: 6
        }
    );
}

#[test]
fn a_renumbered_inserted_record_breaks_the_hash_link() {
    let f = Fixture::standard();
    let mut records = f.build();
    let mut forged = records[2].clone();
    forged.sequence = 4;
    records.insert(3, forged);
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(link.position, 4);
    assert!(
        matches!(link.reason, BreakReason::WrongPreviousHash { .. }),
        "{link}"
    );
}

#[test]
fn key_used_after_its_revocation_is_rejected() {
    let mut f = Fixture::standard();
    // The hub worker's key is revoked on 20 January; he signs the transfer of 23 January (record 6).
    f.registry
        .revoke(&key_id("post-hub-cuong"), ts("2026-01-20T00:00:00Z"))
        .unwrap();
    let link = first_break(&f);
    assert_eq!(link.position, 6);
    assert_eq!(
        link.reason,
        BreakReason::KeyRevoked {
            key_id: key_id("post-hub-cuong"),
            revoked_at: ts("2026-01-20T00:00:00Z"),
            signed_at: ts("2026-01-23T10:00:00Z"),
        }
    );
}

#[test]
fn key_revoked_after_the_signing_time_still_verifies_earlier_records() {
    let mut f = Fixture::standard();
    f.registry
        .revoke(&key_id("post-hub-cuong"), ts("2026-02-01T00:00:00Z"))
        .unwrap();
    assert!(verify(&f, &f.build()).is_ok());
}

#[test]
fn key_not_yet_valid_is_rejected() {
    let mut f = Fixture::standard();
    let mut registry = KeyRegistry::new();
    for entry in f.registry.entries() {
        let mut entry = entry.clone();
        if entry.key_id.as_str() == "agency-desk-em" {
            entry.valid_from = ts("2026-02-01T00:00:00Z");
        }
        registry.insert(entry).unwrap();
    }
    f.registry = registry;
    let link = first_break(&f);
    assert_eq!(link.position, 4);
    assert!(
        matches!(link.reason, BreakReason::KeyNotYetValid { .. }),
        "{link}"
    );
}

#[test]
fn expired_key_is_rejected() {
    let mut f = Fixture::standard();
    let entries: Vec<KeyEntry> = f
        .registry
        .entries()
        .map(|e| {
            let mut e = e.clone();
            if e.key_id.as_str() == "post-hk-an" {
                e.valid_until = Some(ts("2026-01-20T00:00:00Z"));
            }
            e
        })
        .collect();
    f.registry = KeyRegistry::from_entries(entries).unwrap();
    let link = first_break(&f);
    assert_eq!(link.position, 7);
    assert!(
        matches!(link.reason, BreakReason::KeyExpired { .. }),
        "{link}"
    );
}

#[test]
fn unknown_key_is_rejected() {
    let mut f = Fixture::standard();
    f.registry = KeyRegistry::from_entries(
        f.registry
            .entries()
            .filter(|e| e.key_id.as_str() != "post-courier-dung")
            .cloned(),
    )
    .unwrap();
    let link = first_break(&f);
    assert_eq!(link.position, 3);
    assert_eq!(
        link.reason,
        BreakReason::UnknownKey {
            key_id: key_id("post-courier-dung")
        }
    );
}

#[test]
fn signature_by_another_key_than_the_registered_one_is_a_bad_signature() {
    let mut f = Fixture::standard();
    f.keys
        .insert("post-hub-cuong".into(), SigningKey::from_bytes(&[99; 32]));
    let link = first_break(&f);
    assert_eq!(link.position, 2);
    assert_eq!(
        link.reason,
        BreakReason::BadSignature {
            key_id: key_id("post-hub-cuong")
        }
    );
}

#[test]
fn changed_content_after_signing_is_a_bad_signature() {
    let f = Fixture::standard();
    let mut records = f.build();
    records[4].place.name.push('.');
    // The changed record's own signatures fail before anything else is looked at in it.
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(link.position, 5);
    assert!(
        matches!(link.reason, BreakReason::BadSignature { .. }),
        "{link}"
    );
}

#[test]
fn record_not_signed_by_the_party_taking_custody_is_rejected() {
    let mut f = Fixture::standard();
    f.steps[3].signers = vec!["post-courier-dung".into()];
    let link = first_break(&f);
    assert_eq!(link.position, 4);
    assert_eq!(
        link.reason,
        BreakReason::MissingSignature {
            key_id: key_id("agency-desk-em")
        }
    );
}

#[test]
fn signature_by_a_third_party_is_rejected() {
    let mut f = Fixture::standard();
    f.steps[1].signers.push("agency-desk-em".into());
    let link = first_break(&f);
    assert_eq!(link.position, 2);
    assert_eq!(
        link.reason,
        BreakReason::UnexpectedSigner {
            key_id: key_id("agency-desk-em")
        }
    );
}

#[test]
fn key_registered_to_someone_else_is_rejected() {
    let mut f = Fixture::standard();
    f.handover_mut(1).taker.name = "Lê Văn Khác".into();
    let link = first_break(&f);
    assert_eq!(link.position, 2);
    assert_eq!(
        link.reason,
        BreakReason::KeyHolderMismatch {
            key_id: key_id("post-hub-cuong")
        }
    );
}

#[test]
fn time_going_backwards_is_rejected() {
    let mut f = Fixture::standard();
    f.steps[2].at = ts("2026-01-15T09:00:00Z");
    let link = first_break(&f);
    assert_eq!(link.position, 3);
    assert!(
        matches!(link.reason, BreakReason::TimeWentBackwards { .. }),
        "{link}"
    );
}

#[test]
fn record_of_another_dossier_is_rejected() {
    let f = Fixture::standard();
    let mut other = Fixture::standard();
    other.dossier = OTHER_DOSSIER.into();
    let mut records = f.build();
    records[3] = other.build()[3].clone();
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(link.position, 4);
    assert!(
        matches!(link.reason, BreakReason::WrongDossier { .. }),
        "{link}"
    );
}

#[test]
fn damaged_seal_without_a_note_is_invalid() {
    let mut f = Fixture::standard();
    f.handover_mut(3).seal.condition = SealCondition::Damaged { note: None };
    let link = first_break(&f);
    assert_eq!(link.position, 4);
    assert_eq!(
        link.reason,
        BreakReason::BrokenSealWithoutNote {
            seal_id: "HK-2026-000731".into()
        }
    );

    f.handover_mut(3).seal.condition = SealCondition::Damaged {
        note: Some("   ".into()),
    };
    assert!(matches!(
        first_break(&f).reason,
        BreakReason::BrokenSealWithoutNote { .. }
    ));
}

#[test]
fn damaged_seal_with_a_note_is_valid() {
    let mut f = Fixture::standard();
    f.handover_mut(3).seal.condition = SealCondition::Damaged {
        note: Some("Niêm phong rách một góc; đã kiểm đếm đủ 4 thành phần trước hai bên".into()),
    };
    assert!(verify(&f, &f.build()).is_ok());
}

#[test]
fn items_changed_without_a_reason_are_invalid() {
    type Change = fn(&mut Vec<Item>);
    let cases: Vec<(&str, Change)> = vec![
        ("count differs", |items| items[0].count = 2),
        ("item missing", |items| {
            items.pop();
        }),
        ("item added", |items| {
            items.push(Item {
                name: "Tờ khai".into(),
                form: PaperForm::Copy,
                count: 1,
                sha256: None,
            })
        }),
        ("original became copy", |items| {
            items[1].form = PaperForm::Copy
        }),
        ("digest differs", |items| {
            items[3].sha256 = Some(Sha256Digest::of(b"another file"))
        }),
    ];
    for (case, change) in cases {
        let mut f = Fixture::standard();
        change(&mut f.handover_mut(2).items);
        let link = first_break(&f);
        assert_eq!(link.position, 3, "{case}");
        assert_eq!(
            link.reason,
            BreakReason::ItemsChangedWithoutReason {
                previous_sequence: 2
            },
            "{case}"
        );
    }
}

#[test]
fn items_changed_with_a_reason_are_valid() {
    let mut f = Fixture::standard();
    let h = f.handover_mut(2);
    h.items.pop();
    h.change_reason =
        Some("Tệp ảnh được gửi thẳng lên hệ thống một cửa, không kèm theo bì hồ sơ".into());
    // The next handover compares with this one, so it must list the same three items.
    let items = f.handover_mut(2).items.clone();
    f.handover_mut(3).items = items;
    assert!(verify(&f, &f.build()).is_ok());
}

#[test]
fn items_listed_in_another_order_are_the_same_items() {
    let mut f = Fixture::standard();
    f.handover_mut(2).items.reverse();
    assert!(verify(&f, &f.build()).is_ok());
}

#[test]
fn result_return_slip_starts_a_new_list_of_items() {
    // The result papers differ from the dossier's, without any reason: that is the point of the slip.
    let f = Fixture::standard();
    assert_ne!(
        f.steps[3].entry.handover().unwrap().items,
        f.steps[4].entry.handover().unwrap().items
    );
    assert!(verify(&f, &f.build()).is_ok());
}

#[test]
fn seal_changed_without_a_reason_is_invalid() {
    let mut f = Fixture::standard();
    f.handover_mut(6).seal.id = "HK-2026-009999".into();
    let link = first_break(&f);
    assert_eq!(link.position, 7);
    assert!(
        matches!(link.reason, BreakReason::SealChangedWithoutReason { .. }),
        "{link}"
    );
}

#[test]
fn chain_must_start_with_an_intake_or_result_return_slip() {
    let f = Fixture::standard();
    let mut partial = f.clone();
    partial.steps.remove(0);
    let link = first_break(&partial);
    assert_eq!(link.position, 1);
    assert_eq!(
        link.reason,
        BreakReason::WrongFirstRecord {
            kind: "postal_transfer"
        }
    );

    // Result-only service: the chain starts at the result return slip.
    let mut result_only = f.clone();
    result_only.steps.drain(0..4);
    assert!(verify(&result_only, &result_only.build()).is_ok());
}

#[test]
fn signer_without_a_key_is_rejected() {
    let mut f = Fixture::standard();
    f.handover_mut(1).taker.key_id = None;
    let link = first_break(&f);
    assert!(
        matches!(link.reason, BreakReason::SignerWithoutKey { .. }),
        "{link}"
    );
}

#[test]
fn id_document_number_is_neither_in_debug_nor_in_the_record() {
    let f = Fixture::standard();
    let records = f.build();
    let CustodyEntry::DeliveryReceipt { recipient, .. } = &records[7].entry else {
        panic!("record 8 is the delivery")
    };
    let debug = format!("{recipient:?}");
    assert!(!debug.contains(CARD), "{debug}");
    assert!(debug.contains("\"567\""), "{debug}");
    let number: DocumentNumber = CARD.parse().unwrap();
    assert_eq!(format!("{number:?}"), "DocumentNumber(*********567)");
    let json = serde_json::to_string(&records[7]).unwrap();
    assert!(!json.contains(CARD), "{json}");
}

#[test]
fn countersignature_by_the_giver_is_verified() {
    let f = Fixture::standard();
    let mut records = f.build();
    // Record 4 carries the courier's countersignature; spoil it.
    let sig = records[3]
        .signatures
        .iter_mut()
        .find(|s| s.key_id.as_str() == "post-courier-dung")
        .unwrap();
    sig.signature.0[10] ^= 1;
    let link = verify(&f, &records).unwrap_err();
    assert_eq!(
        link.reason,
        BreakReason::BadSignature {
            key_id: key_id("post-courier-dung")
        }
    );
}

#[test]
fn citizen_id_card_shown_at_delivery_must_have_a_valid_number() {
    // The whole number is checked when the record is made, and never repeated in the error.
    let err = IdDocument::commit(
        IdDocumentKind::CitizenIdCard,
        &"B1234567".parse().unwrap(),
        &salt(),
    )
    .unwrap_err();
    assert!(
        matches!(err, IdDocumentError::InvalidCitizenId { .. }),
        "{err}"
    );
    assert!(!err.to_string().contains("B1234567"), "{err}");
    // The same number is a plausible passport number.
    let passport = IdDocument::commit(
        IdDocumentKind::Passport,
        &"B1234567".parse().unwrap(),
        &salt(),
    )
    .unwrap();
    assert_eq!(passport.last_digits.as_str(), "567");

    // A record claiming a citizen ID card whose last characters are not digits breaks the chain.
    let mut f = Fixture::standard();
    if let CustodyEntry::DeliveryReceipt {
        recipient: Recipient::Addressee { id_document, .. },
        ..
    } = &mut f.steps[7].entry
    {
        *id_document = IdDocument {
            kind: IdDocumentKind::CitizenIdCard,
            ..passport.clone()
        };
        id_document.last_digits = serde_json::from_str("\"5A7\"").unwrap();
    }
    let link = first_break(&f);
    assert_eq!(link.position, 8);
    assert!(
        matches!(link.reason, BreakReason::InvalidCitizenIdCard { .. }),
        "{link}"
    );
    // As a passport it is fine.
    if let CustodyEntry::DeliveryReceipt {
        recipient: Recipient::Addressee { id_document, .. },
        ..
    } = &mut f.steps[7].entry
    {
        id_document.kind = IdDocumentKind::Passport;
    }
    assert!(verify_chain(&f.dossier(), &f.build(), &f.registry).is_ok());
}

#[test]
fn the_records_carry_no_whole_id_number_and_the_card_and_salt_show_it_matches() {
    let f = Fixture::standard();
    let bytes = f.evidence().to_bytes().unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        !text.contains(CARD),
        "the whole citizen ID number is in the evidence"
    );
    assert!(text.contains("\"last_digits\":\"567\""));
    let receipt = f
        .build()
        .into_iter()
        .find_map(|r| match r.entry {
            CustodyEntry::DeliveryReceipt { recipient, .. } => Some(recipient),
            _ => None,
        })
        .unwrap();
    let shown = receipt.id_document();
    assert!(shown.matches(&CARD.parse().unwrap(), &salt()));
    assert!(!shown.matches(&"001190004568".parse().unwrap(), &salt()));
    assert!(!shown.matches(&CARD.parse().unwrap(), &DossierSalt::from_bytes([43; 32])));
    // The salt does not show in Debug output.
    assert_eq!(format!("{:?}", salt()), "DossierSalt(..)");
}
