#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod check;
pub mod due;
pub mod format;
pub mod inputs;
pub mod lang;
pub mod schemas;
