//! # hoso-core
//!
//! The domain of `hoso`: dossiers (hồ sơ) of administrative procedures that citizens file, and get back,
//! through the public postal service (dịch vụ bưu chính công ích, Decision 45/2016/QĐ-TTg).
//!
//! This crate holds the identifiers, the versioned procedure catalogue, the dossier with its events and
//! two-leg state machine, working-day deadlines, complaints and feedback, and the chain of custody. It does no
//! I/O.
//!
//! ## Features
//!
//! | feature | default | what it adds | cost |
//! |---|---|---|---|
//! | `demo` | off | sample data: a realistic dossier and its whole life, in `hoso_core::demo`, for documentation, examples, tests and benchmarks | no dependency; about 370 lines of code. Production code has no use for it |
//!
//! Without features the crate depends on serde, serde_json, jiff, schemars, thiserror, tracing, async-trait,
//! sha2, hmac and ed25519-dalek, and does no I/O.
//!
//! ```
//! use hoso_core::event::{Actor, ActorRole, Event, EventId, EventKind};
//! use hoso_core::state::{AgencyState, PostalState};
//! use hoso_core::{Dossier, demo};
//!
//! // A dossier for driver's licence replacement, sent and returned by post.
//! let opened = demo::opened_event();
//! let mut dossier = Dossier::open(opened).unwrap();
//! assert_eq!(dossier.agency_state(), AgencyState::Registered);
//!
//! let clerk = Actor::new(ActorRole::PostalWorker, "BC-700000-017");
//! let at = "2026-03-02T02:00:00Z".parse().unwrap();
//! let sealed = EventKind::CollectedAndSealed { tracking: "EA123456785VN".parse().unwrap(), seal: "S-1".into() };
//! dossier.apply(&Event::new(EventId::from_u128(2), at, clerk, sealed)).unwrap();
//! assert_eq!(dossier.postal_state(), PostalState::CollectedAndSealed);
//! assert_eq!(dossier.portal_status(), 1);
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod adapter;
pub mod calendar;
pub mod carrier;
pub mod complaint;
pub mod contact;
pub mod custody;
pub mod deadline;
#[cfg(feature = "demo")]
#[cfg_attr(docsrs, doc(cfg(feature = "demo")))]
pub mod demo;
pub mod dossier;
pub mod event;
pub mod id;
pub mod json;
pub mod machine;
pub mod money;
pub mod notify;
pub mod procedure;
pub mod regime;
pub mod retention;
pub mod service;
pub mod state;
pub mod store;
pub mod time;

pub use dossier::{Applicant, Dossier, DossierHeader};
pub use event::{Event, EventId, EventKind};
pub use id::*;
pub use machine::{DomainError, TransitionError, apply, decide};
pub use money::Vnd;
pub use procedure::{Catalogue, Channel, PostalForm, Procedure};
pub use state::{AgencyState, PostalState};

// The README's example is compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
