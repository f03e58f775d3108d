//! Shared code of the runnable examples of `hoso` (`cargo run --example NAME`): the simulated day of a
//! provincial post office that the main job runs.
#![deny(missing_docs)]

pub mod day;
