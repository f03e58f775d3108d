//! The samples say what the README says they say (that the encoder writes them byte for byte, and that the
//! committed schemas are the generated ones, the kit checks in `conformance.rs`).

use std::path::PathBuf;

use hoso_core::adapter::{AgencySide, Decoded, Notice, ProcessingUpdate};
use hoso_judicial::{JudicialCodec, Version};

fn path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn codec(version: Version) -> JudicialCodec {
    JudicialCodec::new("000.00.12.H01".parse().unwrap(), version)
}

fn decode(relative: &str) -> Decoded {
    let bytes = std::fs::read(path(relative)).unwrap();
    codec(Version::V2).decode_any(&bytes).unwrap()
}

#[test]
fn samples_decode_to_what_they_say() {
    let Decoded::Receipt(receipt) = decode("samples/v1/receipt.json") else {
        panic!()
    };
    assert_eq!(receipt.reference.as_str(), "LLTP-HN-2025-004217");
    assert_eq!(receipt.idempotency_key, "BCCI-1-0001");
    assert_eq!(receipt.received_at, "2025-02-10T02:16:05Z".parse().unwrap());
    let Decoded::Notice(accepted) = decode("samples/v1/accepted.json") else {
        panic!()
    };
    assert_eq!(accepted.officer.as_deref(), Some("Lê Văn Hùng"));
    let Notice::Accepted {
        appointment,
        received_at,
    } = accepted.notice
    else {
        panic!()
    };
    assert_eq!(appointment, jiff::civil::date(2025, 2, 21));
    assert_eq!(received_at, Some("2025-02-11T01:20:00Z".parse().unwrap()));
    let Decoded::Notice(late) = decode("samples/v1/processing-extended.json") else {
        panic!()
    };
    let Notice::Processing { update, .. } = late.notice else {
        panic!()
    };
    let new_appointment = jiff::civil::date(2025, 2, 26);
    assert_eq!(update, ProcessingUpdate::Extended { new_appointment });
    let Decoded::Notice(refused) = decode("samples/v1/refused.json") else {
        panic!()
    };
    let Notice::Refused {
        reason_code,
        legal_basis,
        ..
    } = refused.notice
    else {
        panic!()
    };
    assert_eq!(reason_code.as_deref(), Some("TQ-01"));
    assert!(legal_basis.is_some_and(|b| b.starts_with("Luật Lý lịch tư pháp")));
    let Decoded::Notice(posted) = decode("samples/v1/resultPosted.json") else {
        panic!()
    };
    let Notice::ResultHandedToPost {
        tracking, items, ..
    } = posted.notice
    else {
        panic!()
    };
    assert_eq!((tracking.to_string().as_str(), items), ("EA123456785VN", 1));
}
