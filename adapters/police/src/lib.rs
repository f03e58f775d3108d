#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod adapter;
pub mod codec;
pub mod wire;

pub use adapter::{CONTENT_TYPE, PoliceAdapter, webhook};
pub use codec::{DecodeError, DecodeErrorKind, Limits, PoliceCodec};
pub use wire::Version;

/// The format's JSON Schemas as shipped in the crate's `schema/` directory, for tools that validate files
/// against them (`hoso schema`, an agency's own test suite).
///
/// ```
/// let v2: serde_json::Value = serde_json::from_str(hoso_police::schema::V2).unwrap();
/// assert!(v2["$defs"].get("Acknowledgement").is_some());
/// ```
pub mod schema {
    /// The JSON Schema of version 1 of the police's JSON format (`schema/police-v1.schema.json`).
    pub const V1: &str = include_str!("../schema/police-v1.schema.json");
    /// The JSON Schema of version 2 of the police's JSON format (`schema/police-v2.schema.json`).
    pub const V2: &str = include_str!("../schema/police-v2.schema.json");
}
