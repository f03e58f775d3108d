#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod adapter;
mod codec;
pub mod wire;

pub use adapter::{CANCEL_PATH, Credentials, ORDER_PATH, TOKEN_PATH, TRACKING_PATH, VnpostCarrier};
pub use codec::{CARRIER, VnpostCodec};
pub use wire::VNPOST_STATUS;
