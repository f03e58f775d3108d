//! Chain of custody and offline-verifiable delivery proofs.
//!
//! Every handover of a dossier or its result (applicant → post, post → post, post → agency, agency → post,
//! post → recipient) is a [`CustodyRecord`]: who gave, who took, when, where, which items (original or copy,
//! count, SHA-256 when digital), which seal and in what condition. Records are written in the canonical
//! byte form of RFC 8785 ([`canonical`]), hashed with SHA-256, chained per dossier (each carries the hash
//! of the previous one) and signed with ed25519 by the party taking custody, optionally countersigned by
//! the party handing over. A [`KeyRegistry`] says who holds which key and when it may sign;
//! [`verify_chain`] answers valid or the first broken link and why. A [`RecordDrafter`] makes each record
//! from the dossier's header and the event it proves. An [`EvidenceFile`] bundles a dossier's
//! records with a signed snapshot of the keys they use, so that anyone can verify it offline
//! ([`verify_evidence`]) against the authority keys they pinned ([`TrustAnchors`]).
//!
//! The format, byte for byte, is described in `docs/custody.md`.
//!
//! ```
//! use hoso_core::custody::*;
//! # fn demo(bytes: &[u8], anchors: &TrustAnchors) {
//! match verify_evidence(bytes, anchors) {
//!     Ok(v) => println!("VALID: {} records, head {:?}", v.chain.records, v.chain.head),
//!     Err(EvidenceError::Untrusted(why)) => println!("UNTRUSTED: {why}"),
//!     Err(EvidenceError::Broken(link)) => println!("BROKEN: {link}"),
//!     Err(other) => println!("not valid evidence: {other}"),
//! }
//! # }
//! ```

mod anchors;
pub mod bytes;
pub mod canonical;
mod chain;
mod draft;
mod evidence;
mod identity;
mod keys;
mod record;
mod verify;
mod vocabulary;

pub use anchors::{
    ANCHORS_SCHEMA_VERSION, AnchorsError, TrustAnchor, TrustAnchors, Untrusted, anchors_schema,
};
pub use bytes::{HexError, PublicKeyBytes, Sha256Digest, SignatureBytes};
pub use canonical::CanonicalError;
pub use chain::{ChainBuilder, RecordDigests};
pub use draft::{DraftError, Parties, Receiver, RecordDraft, RecordDrafter};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use evidence::{
    EVIDENCE_SCHEMA_VERSION, EvidenceError, EvidenceFile, EvidenceWriteError, VerifiedEvidence,
    evidence_schema, verify_evidence, write_private,
};
pub use identity::{
    DocumentNumber, DocumentNumberError, DossierSalt, IdDocument, IdDocumentError, IdDocumentKind,
    LastDigits,
};
pub use keys::{
    Authority, AuthoritySigner, ChainHead, KeyEntry, KeyHolder, KeyId, KeyIdError, KeyRegistry,
    KeyUnusable, RegisteredKey, RegistryError, SignedRegistry,
};
pub use record::{
    CustodyEntry, CustodyRecord, DeliveryProof, GeoPosition, Handover, Item, PaperForm, Party,
    PartyRole, Place, RECORD_SCHEMA_VERSION, Recipient, RecordSignature, Seal, SealCondition,
    ServiceContract, ServiceForm,
};
pub use verify::{
    BreakReason, BrokenLink, ChainSummary, ReceiptBounds, verify_chain, verify_received_chain,
};
