#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod check;
#[cfg(feature = "day")]
pub mod day;
pub mod due;
pub mod evidence;
pub mod format;
pub mod inputs;
pub mod lang;
#[cfg(feature = "serve")]
pub mod notify;
mod render;
pub mod schemas;
#[cfg(feature = "serve")]
pub mod serve;
pub mod store;
pub mod timeline;
pub mod validate;
