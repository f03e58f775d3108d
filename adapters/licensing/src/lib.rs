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
