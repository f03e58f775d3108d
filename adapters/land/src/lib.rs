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
