//! Trust anchors: evidence is checked against the authority keys the relying party pinned, never against the
//! key a file carries; the anchor file's format and its committed schema and sample.
//!
//! `HOSO_BLESS=1 cargo test -p hoso-core --test custody_anchors` rewrites the committed schema and sample.

mod custody_fixture;

use custody_fixture::*;
use hoso_core::custody::*;

/// What a forger without any of the genuine private keys builds: the same dossier, names and key ids, every
/// key generated afresh, and the result delivered to someone else.
fn forgery() -> (Fixture, SigningKey) {
    let mut f = Fixture::with_key_seeds(50);
    let mao_key = SigningKey::from_bytes(&[77; 32]);
    f.registry
        .insert(KeyEntry::new(
            key_id("citizen-mao"),
            KeyHolder {
                name: "Đỗ Văn Mạo".into(),
                role: PartyRole::Recipient,
                organisation: None,
            },
            &mao_key.verifying_key(),
            ts("2025-07-01T00:00:00Z"),
        ))
        .unwrap();
    f.keys.insert("citizen-mao".into(), mao_key);
    let mao = Party {
        role: PartyRole::Recipient,
        name: "Đỗ Văn Mạo".into(),
        organisation: None,
        key_id: Some(key_id("citizen-mao")),
    };
    let delivery = f
        .steps
        .iter()
        .position(|s| matches!(s.entry, CustodyEntry::DeliveryReceipt { .. }))
        .unwrap();
    if let CustodyEntry::DeliveryReceipt {
        handover,
        recipient,
    } = &mut f.steps[delivery].entry
    {
        handover.taker = mao;
        *recipient = Recipient::Addressee {
            name: "Đỗ Văn Mạo".into(),
            id_document: IdDocument::commit(
                IdDocumentKind::CitizenIdCard,
                &"079085001234".parse().unwrap(),
                &salt(),
            )
            .unwrap(),
        };
    }
    f.steps[delivery].signers[0] = "citizen-mao".into();
    (f, SigningKey::from_bytes(&[150; 32]))
}

#[test]
fn evidence_rebuilt_with_fresh_keys_is_untrusted() {
    let (forged, forged_authority) = forgery();
    let bytes = forged
        .evidence_signed_by(&forged_authority)
        .to_bytes()
        .unwrap();
    assert_eq!(
        check(&bytes).unwrap_err(),
        EvidenceError::Untrusted(Untrusted::KeyMismatch {
            key_id: key_id(Fixture::AUTHORITY_KEY_ID)
        })
    );
    // The forgery is consistent in itself: only the pinned key tells it apart. Under anchors that pin the
    // forger's key it verifies, which is exactly why the file's own key is never trusted.
    let forger_anchors = TrustAnchors::new([TrustAnchor::new(
        key_id(Fixture::AUTHORITY_KEY_ID),
        Fixture::AUTHORITY,
        &forged_authority.verifying_key(),
        ts("2026-01-01T00:00:00Z"),
    )])
    .unwrap();
    verify_evidence(&bytes, &forger_anchors).unwrap();
}

#[test]
fn an_authority_that_is_not_pinned_is_untrusted() {
    let f = Fixture::standard();
    let records = f.build();
    let snapshot = SignedRegistry::issue_for_chain(
        &f.registry,
        &f.dossier(),
        &records,
        &f.received(),
        AuthoritySigner {
            name: "Bưu điện ABC",
            key_id: &key_id("abc-registry"),
            key: &Fixture::authority_key(),
        },
        Fixture::issued_at(),
    )
    .unwrap();
    let bytes = EvidenceFile::new(f.dossier(), snapshot, records)
        .to_bytes()
        .unwrap();
    let err = check(&bytes).unwrap_err();
    assert_eq!(
        err,
        EvidenceError::Untrusted(Untrusted::NotPinned {
            key_id: key_id("abc-registry"),
            name: "Bưu điện ABC".into()
        })
    );
    assert!(err.to_string().contains("abc-registry"), "{err}");
}

#[test]
fn a_snapshot_issued_outside_the_anchor_validity_is_untrusted() {
    let bytes = Fixture::standard().evidence().to_bytes().unwrap();
    let mut anchor = Fixture::anchors().anchors().next().unwrap().clone();
    anchor.valid_from = ts("2026-02-01T00:00:00Z");
    anchor.valid_until = None;
    let late_anchor = TrustAnchors::new([anchor.clone()]).unwrap();
    assert!(matches!(
        verify_evidence(&bytes, &late_anchor),
        Err(EvidenceError::Untrusted(Untrusted::OutsideValidity { .. }))
    ));
    anchor.valid_from = ts("2025-01-01T00:00:00Z");
    anchor.valid_until = Some(ts("2026-01-27T00:00:00Z"));
    let expired_anchor = TrustAnchors::new([anchor]).unwrap();
    assert!(matches!(
        verify_evidence(&bytes, &expired_anchor),
        Err(EvidenceError::Untrusted(Untrusted::OutsideValidity { .. }))
    ));
}

#[test]
fn no_anchors_trust_nothing() {
    let bytes = Fixture::standard().evidence().to_bytes().unwrap();
    let none = TrustAnchors::new([]).unwrap();
    assert!(matches!(
        verify_evidence(&bytes, &none),
        Err(EvidenceError::Untrusted(Untrusted::NotPinned { .. }))
    ));
}

#[test]
fn anchor_file_round_trips() {
    let anchors = Fixture::anchors();
    let text = anchors.to_json();
    assert_eq!(TrustAnchors::from_json(text.as_bytes()).unwrap(), anchors);
}

fn anchor_json(entries: &str) -> String {
    format!(r#"{{"schema_version":1,"anchors":[{entries}]}}"#)
}

const GOOD_KEY: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

#[test]
fn bad_anchor_files_are_refused_with_what_is_wrong() {
    let one = |id: &str, key: &str, until: &str| {
        format!(
            r#"{{"key_id":"{id}","name":"X","public_key":"{key}","valid_from":"2026-01-01T00:00:00Z"{until}}}"#
        )
    };
    let twice = anchor_json(&format!(
        "{},{}",
        one("a", GOOD_KEY, ""),
        one("a", GOOD_KEY, "")
    ));
    assert_eq!(
        TrustAnchors::from_json(twice.as_bytes()),
        Err(AnchorsError::DuplicateKeyId(key_id("a")))
    );
    // The identity point: a small-order key that would accept forged signatures.
    let weak = format!("01{}", "00".repeat(31));
    assert_eq!(
        TrustAnchors::from_json(anchor_json(&one("a", &weak, "")).as_bytes()),
        Err(AnchorsError::InvalidPublicKey(key_id("a")))
    );
    let backwards = one("a", GOOD_KEY, r#","valid_until":"2025-01-01T00:00:00Z""#);
    assert_eq!(
        TrustAnchors::from_json(anchor_json(&backwards).as_bytes()),
        Err(AnchorsError::EmptyValidity(key_id("a")))
    );
    let unknown = anchor_json(&one("a", GOOD_KEY, r#","comment":"x""#));
    assert!(matches!(
        TrustAnchors::from_json(unknown.as_bytes()),
        Err(AnchorsError::Malformed { line: 1, .. })
    ));
    let version = r#"{"schema_version":9,"anchors":[]}"#;
    assert_eq!(
        TrustAnchors::from_json(version.as_bytes()),
        Err(AnchorsError::UnsupportedSchemaVersion { found: 9 })
    );
    assert!(matches!(
        TrustAnchors::from_json(b"not json"),
        Err(AnchorsError::Malformed { .. })
    ));
}

#[test]
fn committed_anchor_schema_and_sample_are_the_generated_ones() {
    let schema = serde_json::to_string_pretty(&anchors_schema()).unwrap() + "\n";
    assert_committed("anchors.schema.json", &schema);
    assert_committed("anchors.sample.json", &Fixture::anchors().to_json());
    // The committed sample evidence verifies under the committed sample anchors.
    let anchors =
        TrustAnchors::from_json(&std::fs::read(docs_path("anchors.sample.json")).unwrap()).unwrap();
    verify_evidence(
        &std::fs::read(docs_path("evidence.sample.json")).unwrap(),
        &anchors,
    )
    .unwrap();
}

#[test]
fn sample_anchors_validate_against_the_committed_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(docs_path("anchors.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let sample: serde_json::Value = serde_json::from_str(&Fixture::anchors().to_json()).unwrap();
    assert!(validator.is_valid(&sample));
    let mut bad = sample;
    bad["anchors"][0]["public_key"] = serde_json::json!("ABC");
    assert!(!validator.is_valid(&bad));
}

/// A NUL character (`\u0000`) in a string is refused where it is: no store or XML document holds one.
#[test]
fn a_nul_character_in_an_anchor_is_malformed_at_its_place() {
    let anchor = format!(
        r#"{{"key_id":"a","name":"X\u0000","public_key":"{GOOD_KEY}","valid_from":"2026-01-01T00:00:00Z"}}"#
    );
    let text = anchor_json(&anchor);
    let column = text.find(r"\u0000").unwrap() + 1;
    match TrustAnchors::from_json(text.as_bytes()) {
        Err(AnchorsError::Malformed {
            line: 1,
            column: c,
            message,
        }) => {
            assert_eq!(c, column);
            assert!(
                message.contains("NUL") && message.contains("$.anchors[0].name"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    // An escaped backslash before `u0000` is not a NUL.
    let backslash = anchor_json(&anchor.replace(r"\u0000", r"\\u0000"));
    assert!(TrustAnchors::from_json(backslash.as_bytes()).is_ok());
}
