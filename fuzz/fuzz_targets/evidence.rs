//! Evidence verification: any bytes are refused with a typed error (a malformed one with its line and
//! column) or verify against the sample's trust anchors; what reads is canonical, so it writes back to the
//! same bytes.
#![no_main]

use std::sync::LazyLock;

use hoso_core::custody::{EvidenceError, EvidenceFile, TrustAnchors, verify_evidence};
use libfuzzer_sys::fuzz_target;

static ANCHORS: LazyLock<TrustAnchors> = LazyLock::new(|| {
    let path = hoso_fuzz::repository().join("docs/schemas/anchors.sample.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    TrustAnchors::from_json(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
});

fuzz_target!(|data: &[u8]| {
    match EvidenceFile::from_bytes(data) {
        Ok(file) => {
            let bytes = file
                .to_bytes()
                .unwrap_or_else(|e| panic!("read, not written: {e}"));
            assert_eq!(bytes, data, "a file read is not its canonical bytes");
        }
        Err(EvidenceError::Malformed {
            line,
            column,
            message,
        }) => {
            assert!(line >= 1 && column <= data.len() + 1 && !message.is_empty());
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    if let Err(e) = verify_evidence(data, &ANCHORS) {
        assert!(!e.to_string().is_empty());
    }
});
