#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod adapter;
mod codec;
mod wire;

pub use adapter::{CONTENT_TYPE, JudicialAdapter};
pub use codec::{JudicialCodec, JudicialFormat};
pub use hoso_json::Limits;
pub use wire::{Version, json_schema};
