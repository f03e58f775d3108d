#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod adapter;
mod codec;
mod wire;

pub use adapter::{CONTENT_TYPE, LandAdapter};
pub use codec::{LandCodec, LandFormat};
pub use hoso_xml::Limits;
pub use wire::{
    AdminUnits, AdminUnitsError, AreaError, AreaM2, LandDetails, LandMessage, LandSubmission,
    LandUseCode, LandUseCodeError, Parcel, Version,
};

/// The format's XSDs as shipped in the crate's `schema/` directory, for tools that validate files
/// against them (`hoso schema`, an agency's own test suite).
///
/// ```
/// assert!(hoso_land::schema::V1.contains("urn:hoso:dangkydatdai:v1"));
/// ```
pub mod schema {
    /// The XSD of version 1 of the land registry office's format (`schema/dangkydatdai-v1.xsd`).
    pub const V1: &str = include_str!("../schema/dangkydatdai-v1.xsd");
    /// The XSD of version 2 of the land registry office's format (`schema/dangkydatdai-v2.xsd`).
    pub const V2: &str = include_str!("../schema/dangkydatdai-v2.xsd");
}
