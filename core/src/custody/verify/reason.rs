//! Why a link of the chain is broken: every reason the verifier gives.

use super::super::bytes::Sha256Digest;
use super::super::canonical::CanonicalError;
use super::super::keys::KeyId;
use super::super::record::{PartyRole, RECORD_SCHEMA_VERSION};
use crate::{AgencyCode, DossierCode};
use jiff::Timestamp;

/// Why a link of the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BreakReason {
    /// The record declares a format version this verifier does not know.
    #[error(
        "unsupported record schema version {found} (this verifier reads {RECORD_SCHEMA_VERSION})"
    )]
    UnsupportedSchemaVersion {
        /// The declared version.
        found: u32,
    },
    /// The record belongs to another dossier.
    #[error("wrong dossier code: expected {expected}, found {found}")]
    WrongDossier {
        /// The dossier being verified.
        expected: DossierCode,
        /// The record's dossier code.
        found: DossierCode,
    },
    /// The sequence number is not the next one (a record was deleted, inserted or moved).
    #[error("sequence gap: expected sequence {expected}, found {found}")]
    SequenceGap {
        /// The expected number.
        expected: u32,
        /// The record's number.
        found: u32,
    },
    /// `previous_hash` is not the hash of the previous record.
    #[error(
        "wrong previous hash: expected {}, found {}",
        show(expected),
        show(found)
    )]
    WrongPreviousHash {
        /// Hash of the previous record (none for the first record).
        expected: Option<Sha256Digest>,
        /// The record's `previous_hash`.
        found: Option<Sha256Digest>,
    },
    /// The record is dated before the previous one.
    #[error("time going backwards: recorded at {found}, before the previous record's {previous}")]
    TimeWentBackwards {
        /// The previous record's time.
        previous: Timestamp,
        /// This record's time.
        found: Timestamp,
    },
    /// The chain starts with something other than an intake slip or a result return slip.
    #[error("a chain starts with an intake slip or a result return slip, not a {kind}")]
    WrongFirstRecord {
        /// The first record's kind.
        kind: &'static str,
    },
    /// The record states a time after the registry snapshot that vouches for it was issued (or reached the
    /// authority after it): no snapshot can vouch for a key at an instant it has not seen.
    #[error("record dated {recorded_at}, after the registry snapshot issued at {issued_at}")]
    RecordAfterSnapshot {
        /// The record's stated time, or its receipt time when that is later.
        recorded_at: Timestamp,
        /// The snapshot's issue time.
        issued_at: Timestamp,
    },
    /// The record states a time after the authority received it: a date in the future of its own receipt.
    #[error("record dated {recorded_at}, after the authority received it at {received_at}")]
    DatedAfterReceipt {
        /// The record's stated time.
        recorded_at: Timestamp,
        /// When the authority received it.
        received_at: Timestamp,
    },
    /// The authority attests no receipt for this record.
    #[error("the authority attests no receipt of this record")]
    NotReceived,
    /// A party plays a part the record's kind does not give it (the carrier as the recipient, an applicant
    /// handing over a result).
    #[error("the {party} of a {kind} is a {expected:?}, not a {found:?}")]
    WrongPartyRole {
        /// `giver`, `taker` or `submitter`.
        party: &'static str,
        /// The record's kind.
        kind: &'static str,
        /// The role the kind requires.
        expected: PartyRole,
        /// The role the record gives.
        found: PartyRole,
    },
    /// The agency officer of a handover at an agency does not act for that agency.
    #[error("the agency officer acts for {organisation:?}, not for the agency {agency}")]
    OfficerOfAnotherAgency {
        /// The record's agency.
        agency: AgencyCode,
        /// The organisation the officer names (none when absent).
        organisation: Option<String>,
    },
    /// The delivery receipt's taker is not the person it names as having received (the addressee, or the
    /// person they authorised).
    #[error("the delivery receipt is taken by someone other than the recipient it names")]
    TakerNotRecipient,
    /// The party that must sign has no key id.
    #[error("the {role} party {name:?} must sign but names no key")]
    SignerWithoutKey {
        /// `taker`, `giver` or `submitter`.
        role: &'static str,
        /// The party's name.
        name: String,
    },
    /// No signature by the party that must sign.
    #[error("not signed by the party taking custody (key {key_id})")]
    MissingSignature {
        /// The key that should have signed.
        key_id: KeyId,
    },
    /// No signature by the party handing over, on a handover both organisations must sign.
    #[error("not countersigned by the party handing over (key {key_id})")]
    MissingCountersignature {
        /// The key that should have countersigned.
        key_id: KeyId,
    },
    /// The key is registered for another role than the one the party signs in (a postal worker's key
    /// signing for the recipient).
    #[error("key {key_id} is registered to a {registered:?}, not to a {signing_as:?}")]
    KeyRoleMismatch {
        /// The key id.
        key_id: KeyId,
        /// The role in the registry.
        registered: PartyRole,
        /// The role of the party it signs for.
        signing_as: PartyRole,
    },
    /// A signature by a key that is neither the taker's nor the giver's, or a second one by the same key.
    #[error("signature by key {key_id}, which is not a party's key or signs twice")]
    UnexpectedSigner {
        /// The signing key.
        key_id: KeyId,
    },
    /// The signing key is not in the registry.
    #[error("unknown key {key_id}")]
    UnknownKey {
        /// The key id.
        key_id: KeyId,
    },
    /// The registry gives the key to someone other than the party who used it.
    #[error("key {key_id} is registered to another holder than the signing party")]
    KeyHolderMismatch {
        /// The key id.
        key_id: KeyId,
    },
    /// The key was revoked at or before the latest instant the record may have been signed.
    #[error(
        "key {key_id} revoked at {revoked_at}, not after the record's latest signing time {signed_at}"
    )]
    KeyRevoked {
        /// The key id.
        key_id: KeyId,
        /// Instant of revocation.
        revoked_at: Timestamp,
        /// The latest instant the record may have been signed: its receipt by the authority when attested
        /// (whatever time it states), otherwise its stated time.
        signed_at: Timestamp,
    },
    /// The record is dated before the key's validity starts.
    #[error("key {key_id} not yet valid at {signed_at} (valid from {valid_from})")]
    KeyNotYetValid {
        /// The key id.
        key_id: KeyId,
        /// Start of validity.
        valid_from: Timestamp,
        /// The record's time.
        signed_at: Timestamp,
    },
    /// The key expired at or before the latest instant the record may have been signed.
    #[error(
        "key {key_id} expired at {valid_until}, not after the record's latest signing time {signed_at}"
    )]
    KeyExpired {
        /// The key id.
        key_id: KeyId,
        /// End of validity.
        valid_until: Timestamp,
        /// The latest instant the record may have been signed (see [`BreakReason::KeyRevoked`]).
        signed_at: Timestamp,
    },
    /// The signature does not verify over the record's canonical bytes.
    #[error("bad signature by key {key_id}")]
    BadSignature {
        /// The key id.
        key_id: KeyId,
    },
    /// A seal found damaged without a note saying what was found.
    #[error("seal {seal_id} found damaged without a note")]
    BrokenSealWithoutNote {
        /// The seal's number.
        seal_id: String,
    },
    /// The items differ (count or list) from the previous handover of the same leg, and no reason is given.
    #[error(
        "items changed since the previous handover (sequence {previous_sequence}) without a reason"
    )]
    ItemsChangedWithoutReason {
        /// Sequence number of the previous handover.
        previous_sequence: u32,
    },
    /// The seal number differs from the previous handover of the same leg, and no reason is given.
    #[error("seal changed from {previous} to {found} without a reason")]
    SealChangedWithoutReason {
        /// The previous seal number.
        previous: String,
        /// This record's seal number.
        found: String,
    },
    /// A citizen ID card whose recorded last digits cannot end a 12-digit personal identification number
    /// (the whole number is checked when the record is made, see [`IdDocument::commit`](crate::custody::IdDocument::commit)).
    #[error("the citizen ID card number shown at delivery is not a valid citizen ID: {problem}")]
    InvalidCitizenIdCard {
        /// What is wrong with it (the number itself is redacted).
        problem: String,
    },
    /// A proof of delivery that refers to no earlier delivery receipt of the chain.
    #[error("proof of delivery refers to {receipt_hash}, which is not an earlier delivery receipt")]
    ProofWithoutReceipt {
        /// The hash it refers to.
        receipt_hash: Sha256Digest,
    },
    /// The record has no canonical form (e.g. an integer beyond 2⁵³).
    #[error("no canonical form: {0}")]
    NotCanonical(CanonicalError),
}

fn show(hash: &Option<Sha256Digest>) -> String {
    hash.map_or_else(|| "none".to_owned(), |h| h.to_string())
}
