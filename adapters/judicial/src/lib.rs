#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod adapter;
mod codec;
mod wire;

pub use adapter::{CONTENT_TYPE, JudicialAdapter};
pub use codec::{JudicialCodec, JudicialFormat};
pub use hoso_json::Limits;
pub use wire::{MessageType, Version, json_schema};

/// The format's JSON Schemas as shipped in the crate's `schema/` directory (the committed output of
/// [`json_schema`]), for tools that validate files against them.
///
/// ```
/// let v2: serde_json::Value = serde_json::from_str(hoso_judicial::schema::V2).unwrap();
/// assert_eq!(v2, hoso_judicial::json_schema(hoso_judicial::Version::V2));
/// ```
pub mod schema {
    /// The JSON Schema of version 1 (`schema/judicial-v1.schema.json`).
    pub const V1: &str = include_str!("../schema/judicial-v1.schema.json");
    /// The JSON Schema of version 2 (`schema/judicial-v2.schema.json`).
    pub const V2: &str = include_str!("../schema/judicial-v2.schema.json");
}
