//! The relying party's trust anchors file: any bytes are refused with a typed error or read; what reads
//! writes back to JSON that reads as the same anchors.
#![no_main]

use hoso_core::custody::TrustAnchors;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| match TrustAnchors::from_json(data) {
    Ok(anchors) => {
        let again = TrustAnchors::from_json(anchors.to_json().as_bytes())
            .unwrap_or_else(|e| panic!("written anchors do not read: {e}"));
        assert_eq!(again.to_json(), anchors.to_json());
    }
    Err(e) => assert!(!e.to_string().is_empty()),
});
