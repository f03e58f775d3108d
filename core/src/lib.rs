//! # hoso-core
//!
//! The domain of `hoso`: dossiers (hồ sơ) of administrative procedures that citizens file, and get back,
//! through the public postal service (dịch vụ bưu chính công ích, Decision 45/2016/QĐ-TTg).
//!
//! This crate holds the identifiers, the versioned procedure catalogue, the dossier with its events and
//! two-leg state machine, working-day deadlines, and the chain of custody. It does no I/O.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod id;
pub mod money;
pub mod time;

pub use id::*;
pub use money::Vnd;
