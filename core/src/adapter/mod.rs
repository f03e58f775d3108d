//! The adapter port: how `hoso` talks to an agency's system, whatever its format.
//!
//! An agency adapter is two things. An [`AgencyCodec`] is a pure mapping between the agency's wire format and
//! the normalised messages of this module ([`AgencyMessage`] from the agency, [`OutboundMessage`] to it); it
//! does no I/O, so it can be fuzzed, benchmarked and checked against samples. Its [`AgencySide`] (the agency's
//! half of the same format) serves the conformance kit and agency simulators. An [`AgencyAdapter`] sends and
//! polls through an [`AgencyTransport`]; an [`AdapterRegistry`] holds one per agency. Every failure is an
//! [`AdapterError`] with a normalised [`AdapterErrorKind`].
//!
//! The conformance kit (crate `hoso-testkit`) checks any codec and adapter against this contract; the guide
//! `docs/writing-an-adapter.md` walks through writing one.

mod decoded;
mod error;
mod events;
mod exchange;
mod message;
mod port;
mod registry;
mod transport;

pub use decoded::{Decoded, MessageFamily};
pub use error::{AdapterError, AdapterErrorKind, Location};
pub use events::REASON_NOT_STATED;
pub use exchange::{
    MAX_MESSAGES_PER_POLL, MAX_REFERENCE_CHARS, OnUnsupported, RestCodec, RestExchange, Routes,
};
pub use message::{
    AgencyMessage, AgencyRef, DossierSubmission, IssuedDocument, Notice, NoticeKind,
    ObligationLine, OutboundKind, OutboundMessage, ProcessingUpdate, SubmissionApplicant,
    SubmissionReceipt, SubmittedDocument, SupplementDelivery, Withdrawal,
};
pub use port::{
    AgencyAdapter, AgencyCodec, AgencySide, Capabilities, UnknownFields, VersionKinds, WireFormat,
};
pub use registry::AdapterRegistry;
pub use transport::{AgencyTransport, Method, TransportRequest, TransportResponse};
