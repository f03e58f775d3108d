//! Shared code of the runnable examples of `hoso` (`cargo run --example NAME`): the simulated day of a
//! provincial post office that the main job runs.
#![deny(missing_docs)]

pub mod day;

/// The guide to writing an agency adapter (`docs/writing-an-adapter.md`), included here so that its code
/// blocks are compiled and run as doc tests and cannot drift from the code.
#[doc = include_str!("../../docs/writing-an-adapter.md")]
pub mod adapter_guide {}
