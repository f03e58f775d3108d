#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod adapter;
pub mod codec;
pub mod wire;

pub use adapter::{CONTENT_TYPE, PoliceAdapter, webhook};
pub use codec::{DecodeError, DecodeErrorKind, Limits, PoliceCodec};
pub use wire::Version;
