//! What the kit's self-tests share: running a check that must fail, and reading why it failed.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs a check; `Err` with its panic message when it fails.
pub(crate) fn failure(check: impl FnOnce()) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(check)).map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

pub(crate) fn assert_fails_naming(outcome: Result<(), String>, names: &[&str]) {
    let message = outcome.expect_err("the kit passed a broken codec");
    for name in names {
        assert!(
            message.contains(name),
            "the failure does not name {name:?}: {message}"
        );
    }
}

/// A result the agency issues (the judicial records office's certificate), for scripts that end with one.
#[allow(dead_code)] // not every test file ends a script with a result
pub(crate) fn certificate() -> hoso_core::adapter::IssuedDocument {
    hoso_core::adapter::IssuedDocument {
        title: "Phiếu lý lịch tư pháp số 1".into(),
        number: "4217/2025/LLTP-HN".into(),
        serial: None,
        categories: Vec::new(),
        issued_on: jiff::civil::date(2025, 2, 25),
        valid_until: None,
    }
}
