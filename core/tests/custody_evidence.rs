//! The evidence file: round trip, tamper detection, its committed JSON Schema and sample.
//!
//! `HOSO_BLESS=1 cargo test -p hoso-core --test custody_evidence` rewrites the committed schema and sample.

mod custody_fixture;

use custody_fixture::*;
use hoso_core::custody::*;
use proptest::prelude::*;
use std::sync::OnceLock;

fn evidence_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| Fixture::standard().evidence().to_bytes().unwrap())
}

#[test]
fn exported_evidence_verifies_on_its_own() {
    let verified = check(evidence_bytes()).unwrap();
    assert_eq!(verified.chain.records, 9);
    assert_eq!(verified.dossier_code, Fixture::standard().dossier());
    assert_eq!(
        verified.authority_key,
        Fixture::authority_key()
            .verifying_key()
            .to_bytes()
            .map(|b| format!("{b:02x}"))
            .concat()
    );
}

#[test]
fn evidence_file_is_its_canonical_form_and_a_newline() {
    let bytes = evidence_bytes();
    assert_eq!(bytes.last(), Some(&b'\n'));
    assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), 1);
    let parsed = EvidenceFile::from_bytes(bytes).unwrap();
    assert_eq!(parsed.to_bytes().unwrap(), bytes);
}

#[test]
fn pretty_printed_evidence_is_refused_as_not_canonical() {
    let value: serde_json::Value = serde_json::from_slice(evidence_bytes()).unwrap();
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    assert_eq!(
        check(&pretty),
        Err(EvidenceError::NotCanonical { offset: 1 })
    );
}

#[test]
fn uppercase_hex_is_refused() {
    let text = std::str::from_utf8(evidence_bytes()).unwrap();
    let sig_start = text.find("\"signature\":\"").unwrap() + 13;
    let mut bytes = evidence_bytes().to_vec();
    let pos = (sig_start..sig_start + 128)
        .find(|&i| bytes[i].is_ascii_lowercase())
        .unwrap();
    bytes[pos] = bytes[pos].to_ascii_uppercase();
    assert!(matches!(
        check(&bytes),
        Err(EvidenceError::Malformed { .. })
    ));
}

#[test]
fn truncated_or_empty_file_is_malformed() {
    let bytes = evidence_bytes();
    assert!(matches!(
        check(&bytes[..bytes.len() / 2]),
        Err(EvidenceError::Malformed { .. })
    ));
    assert!(matches!(
        check(b""),
        Err(EvidenceError::Malformed {
            line: 1,
            column: 0,
            ..
        })
    ));
}

#[test]
fn dropped_revocation_in_the_registry_snapshot_breaks_the_authority_signature() {
    let mut f = Fixture::standard();
    f.registry
        .revoke(&key_id("post-hub-cuong"), ts("2026-01-20T00:00:00Z"))
        .unwrap();
    let mut evidence = f.evidence();
    assert!(matches!(
        evidence.verify(&Fixture::anchors()),
        Err(EvidenceError::Broken(BrokenLink {
            reason: BreakReason::KeyRevoked { .. },
            ..
        }))
    ));
    // Someone edits the revocation out of the snapshot.
    for entry in &mut evidence.registry.keys {
        entry.revoked_at = None;
    }
    let bytes = evidence.to_bytes().unwrap();
    assert_eq!(
        check(&bytes),
        Err(EvidenceError::Registry(
            RegistryError::BadAuthoritySignature(key_id("vnpost-registry-2026"))
        ))
    );
}

#[test]
fn evidence_of_another_dossier_code_is_a_broken_link() {
    let mut evidence = Fixture::standard().evidence();
    evidence.dossier_code = OTHER_DOSSIER.parse().unwrap();
    let err = check(&evidence.to_bytes().unwrap()).unwrap_err();
    assert!(
        matches!(
            err,
            EvidenceError::Broken(BrokenLink {
                position: 1,
                reason: BreakReason::WrongDossier { .. },
                ..
            })
        ),
        "{err}"
    );
}

#[test]
fn evidence_without_records_is_refused() {
    let mut evidence = Fixture::standard().evidence();
    evidence.records.clear();
    assert_eq!(
        evidence.verify(&Fixture::anchors()),
        Err(EvidenceError::NoRecords)
    );
}

#[test]
fn unknown_member_is_refused() {
    let text = std::str::from_utf8(evidence_bytes()).unwrap();
    let edited = text.replacen(
        "{\"dossier_code\"",
        "{\"comment\":\"x\",\"dossier_code\"",
        1,
    );
    assert_ne!(edited, text);
    assert!(matches!(
        check(edited.as_bytes()),
        Err(EvidenceError::Malformed { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any single changed byte anywhere in an exported file is detected: as malformed or non-canonical
    /// text, a bad registry signature, or a broken link.
    #[test]
    fn any_single_changed_byte_is_detected(position in any::<prop::sample::Index>(), delta in 1u8..=255) {
        let mut bytes = evidence_bytes().to_vec();
        let i = position.index(bytes.len());
        bytes[i] = bytes[i].wrapping_add(delta);
        prop_assert!(check(&bytes).is_err(), "byte {} changed to {:#04x} went undetected", i, bytes[i]);
    }
}

#[test]
fn committed_schema_is_the_generated_one() {
    let generated = serde_json::to_string_pretty(&evidence_schema()).unwrap() + "\n";
    assert_committed("evidence.schema.json", &generated);
}

#[test]
fn committed_sample_is_the_fixture_and_verifies() {
    let sample = std::str::from_utf8(evidence_bytes()).unwrap();
    assert_committed("evidence.sample.json", sample);
    let committed = std::fs::read(docs_path("evidence.sample.json")).unwrap();
    check(&committed).unwrap();
}

#[test]
fn sample_evidence_validates_against_the_committed_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(docs_path("evidence.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let sample: serde_json::Value = serde_json::from_slice(evidence_bytes()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sample)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // And the schema is not vacuous: a record without signatures, or a float count, is refused.
    let mut bad = sample.clone();
    bad["records"][0]
        .as_object_mut()
        .unwrap()
        .remove("signatures");
    assert!(!validator.is_valid(&bad));
    let mut bad = sample;
    bad["records"][0]["entry"]["handover"]["items"][0]["count"] = serde_json::json!(1.5);
    assert!(!validator.is_valid(&bad));
}

#[test]
fn deleting_the_last_record_of_an_evidence_file_is_detected() {
    // The late proof of delivery is the last record: dropping it leaves a chain valid in itself, but not
    // the one the authority attested.
    let mut evidence = Fixture::standard().evidence();
    evidence.records.pop();
    let err = check(&evidence.to_bytes().unwrap()).unwrap_err();
    assert!(
        matches!(err, EvidenceError::ChainNotAttested { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("9 records"), "{err}");
}

#[test]
fn a_file_without_the_chain_attestation_is_invalid_not_a_note() {
    // An honest authority's snapshot from which the attestation was left out (as format version 1
    // allowed), re-signed by the genuine authority: still refused, by the format itself.
    let mut value: serde_json::Value =
        serde_json::from_slice(&Fixture::standard().evidence().to_bytes().unwrap()).unwrap();
    value["registry"].as_object_mut().unwrap().remove("chain");
    value["records"].as_array_mut().unwrap().pop();
    let registry = value["registry"].clone();
    let mut unsigned = registry.clone();
    unsigned.as_object_mut().unwrap().remove("signature");
    let signature = {
        use ed25519_dalek::Signer as _;
        let message = canonical::to_canonical_bytes(&unsigned).unwrap();
        SignatureBytes(Fixture::authority_key().sign(&message).to_bytes())
    };
    value["registry"]["signature"] = serde_json::json!(signature.to_string());
    let mut bytes = canonical::to_canonical_bytes(&value).unwrap();
    bytes.push(b'\n');
    let err = check(&bytes).unwrap_err();
    assert!(
        matches!(&err, EvidenceError::Malformed { message, .. } if message.contains("chain")),
        "{err}"
    );
    // The same file declaring the old format version is refused as such.
    value["schema_version"] = serde_json::json!(1);
    let mut bytes = canonical::to_canonical_bytes(&value).unwrap();
    bytes.push(b'\n');
    assert_eq!(
        check(&bytes),
        Err(EvidenceError::UnsupportedSchemaVersion { found: 1 })
    );
}

/// A NUL character (`\u0000`) in a string is refused where it is, before the canonical form is compared: no
/// store or XML document holds one.
#[test]
fn a_nul_character_in_a_string_is_malformed_at_its_place() {
    let text = std::str::from_utf8(evidence_bytes()).unwrap();
    let at = text.find("\"signature\":\"").unwrap() + 13;
    let bytes = [&text[..at], r"\u0000", &text[at..]].concat();
    match EvidenceFile::from_bytes(bytes.as_bytes()) {
        Err(EvidenceError::Malformed {
            line: 1,
            column,
            message,
        }) => {
            assert_eq!(column, text[..at].chars().count() + 1);
            assert!(
                message.contains("NUL") && message.contains(".signature"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}
