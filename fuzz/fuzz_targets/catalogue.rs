//! The procedure catalogue's JSON: any text is refused with a typed error or read; what reads writes back to
//! JSON that reads as the same catalogue.
#![no_main]

use hoso_core::Catalogue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Catalogue::from_json(text) {
        Ok(catalogue) => {
            let again = Catalogue::from_json(&catalogue.to_json())
                .unwrap_or_else(|e| panic!("a written catalogue does not read: {e}"));
            assert_eq!(again, catalogue);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
