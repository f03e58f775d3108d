#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod adapter;
pub mod codec;
mod ids;
pub mod webhook;
pub mod wire;

pub use adapter::PoliceAdapter;
pub use codec::{DecodeError, DecodeErrorKind, Limits, PoliceCodec};
