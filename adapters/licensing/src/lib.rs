#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod adapter;
mod codec;
mod wire;

pub use adapter::{CONTENT_TYPE, LicensingAdapter};
pub use codec::{LicensingCodec, LicensingFormat};
pub use hoso_xml::Limits;
pub use wire::Version;

/// The format's XSDs as shipped in the crate's `schema/` directory, for tools that validate files
/// against them (`hoso schema`, an agency's own test suite).
///
/// ```
/// assert!(hoso_licensing::schema::V2.contains("urn:hoso:gplx:v2"));
/// ```
pub mod schema {
    /// The XSD of version 1 of the licensing authority's format (`schema/gplx-v1.xsd`).
    pub const V1: &str = include_str!("../schema/gplx-v1.xsd");
    /// The XSD of version 2 of the licensing authority's format (`schema/gplx-v2.xsd`).
    pub const V2: &str = include_str!("../schema/gplx-v2.xsd");
}
