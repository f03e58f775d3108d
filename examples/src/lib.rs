//! Shared helpers of the runnable examples of `hoso` (`cargo run --example NAME`).
#![deny(missing_docs)]
