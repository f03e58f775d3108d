//! The canonical form (RFC 8785) of any JSON value: computing it never panics, it is JSON that reads as the
//! same value, and it is a fixed point (the canonical form of the canonical form is itself).
#![no_main]

use hoso_core::custody::canonical::canonicalize;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Ok(canonical) = canonicalize(&value) else {
        return;
    };
    let back: Value = serde_json::from_slice(&canonical)
        .unwrap_or_else(|e| panic!("the canonical form is not JSON: {e}"));
    let again = canonicalize(&back).unwrap_or_else(|e| panic!("canonical, then refused: {e}"));
    assert_eq!(again, canonical, "the canonical form is not a fixed point");
});
