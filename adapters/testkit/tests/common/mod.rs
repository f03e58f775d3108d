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
