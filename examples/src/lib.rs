//! Shared code of the runnable examples of `hoso` (`cargo run --example NAME`). The main job's day lives in
//! the command line's crate (`hoso_cli::day`), which `post_office_day` and `hoso day` both run.
#![deny(missing_docs)]

/// The guide to writing an agency adapter (`docs/writing-an-adapter.md`), included here so that its code
/// blocks are compiled and run as doc tests and cannot drift from the code.
#[doc = include_str!("../../docs/writing-an-adapter.md")]
pub mod adapter_guide {}
