//! The verifier: a dossier's records and a key registry in, "valid" or the first broken link out.
//!
//! Records are checked in order; within a record the checks run in this order, and the first that fails is
//! the answer:
//!
//! 0. with the authority's receipt times ([`verify_received_chain`]): the record is not dated after the
//!    snapshot, the authority received it, and it is not dated after its receipt;
//! 1. format version, dossier code, sequence number (from 1, no gaps), previous hash, time not going
//!    backwards;
//! 2. parties: each plays the part the kind gives it (applicant → postal worker at intake, postal worker →
//!    agency officer at the agency, ..., postal worker → recipient at delivery), an agency officer acts for
//!    the record's agency, a delivery is taken by the person it names as receiving;
//! 3. signatures: the party taking custody (for a proof of delivery, its submitter) has signed, and on the
//!    handovers between organisations the party handing over too; every signature is by one of those
//!    parties; each key is registered to that party (same role, name and organisation), valid at the
//!    record's stated time and neither expired nor revoked by the latest instant the record may have been
//!    signed (its receipt); each signature verifies (ed25519, RFC 8032, strict);
//! 4. content: a citizen ID card shown at delivery ends in digits; a damaged seal carries a note; items and seal match the previous handover of the same leg
//!    unless a reason is given; a proof of delivery refers to an earlier delivery receipt.

use super::bytes::Sha256Digest;
use super::canonical::CanonicalError;
use super::identity::IdDocumentKind;
use super::keys::{KeyId, KeyRegistry, KeyUnusable};
use super::record::{
    CustodyEntry, CustodyRecord, Handover, Party, PartyRole, RECORD_SCHEMA_VERSION, SealCondition,
};
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
    /// (the whole number is checked when the record is made, see [`IdDocument::commit`](super::IdDocument::commit)).
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

/// The first broken link of a chain: which record, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("record #{position} (sequence {sequence}, {kind}): {reason}")]
pub struct BrokenLink {
    /// One-based position of the record in the list given to the verifier.
    pub position: usize,
    /// The record's own sequence number.
    pub sequence: u32,
    /// The record's kind.
    pub kind: &'static str,
    /// Why it is broken.
    pub reason: BreakReason,
}

/// What a valid chain proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainSummary {
    /// Number of records.
    pub records: usize,
    /// Hash of the last record: it stands for the whole chain.
    pub head: Option<Sha256Digest>,
}

/// Verifies a dossier's chain against a key registry, taking each record's stated time as its signing
/// time.
///
/// Answers the summary of a valid chain, or the first broken link and why (see the module documentation
/// for the order of the checks). An empty list is a valid, empty chain. Without the authority's receipt
/// times a signer's stated time cannot be checked: a holder of a revoked key can back-date. Evidence is
/// verified with [`verify_received_chain`].
pub fn verify_chain(
    dossier: &DossierCode,
    records: &[CustodyRecord],
    registry: &KeyRegistry,
) -> Result<ChainSummary, BrokenLink> {
    verify_records(dossier, records, registry, None)
}

/// What bounds the records' true times: when the authority received each, and when it issued the snapshot.
#[derive(Debug, Clone, Copy)]
pub struct ReceiptBounds<'a> {
    /// When the registry snapshot was issued: no record may be dated after it.
    pub issued_at: Timestamp,
    /// When the authority received each record, in chain order.
    pub received_at: &'a [Timestamp],
}

/// Verifies a dossier's chain as [`verify_chain`] does, with each record's true time bounded by its
/// receipt: a record may not state a time after its receipt nor after the snapshot, and a key's
/// signature counts only if the record reached the authority before the key expired or was revoked,
/// whatever time the record states.
pub fn verify_received_chain(
    dossier: &DossierCode,
    records: &[CustodyRecord],
    registry: &KeyRegistry,
    bounds: ReceiptBounds<'_>,
) -> Result<ChainSummary, BrokenLink> {
    verify_records(dossier, records, registry, Some(bounds))
}

fn verify_records(
    dossier: &DossierCode,
    records: &[CustodyRecord],
    registry: &KeyRegistry,
    bounds: Option<ReceiptBounds<'_>>,
) -> Result<ChainSummary, BrokenLink> {
    let mut state = ChainState::default();
    for (i, record) in records.iter().enumerate() {
        let broken = |reason| BrokenLink {
            position: i + 1,
            sequence: record.sequence,
            kind: record.entry.kind_name(),
            reason,
        };
        let latest = match bounds {
            None => record.recorded_at,
            Some(b) => received_bound(record, b.received_at.get(i).copied(), b.issued_at)
                .map_err(broken)?,
        };
        state
            .check(i, dossier, record, registry, latest)
            .map_err(broken)?;
    }
    Ok(ChainSummary {
        records: records.len(),
        head: state.previous_hash,
    })
}

/// The latest instant a record may have been signed: its receipt, checked against its stated time and the
/// snapshot.
fn received_bound(
    record: &CustodyRecord,
    received_at: Option<Timestamp>,
    issued_at: Timestamp,
) -> Result<Timestamp, BreakReason> {
    let latest = record
        .recorded_at
        .max(received_at.unwrap_or(record.recorded_at));
    if latest > issued_at {
        return Err(BreakReason::RecordAfterSnapshot {
            recorded_at: latest,
            issued_at,
        });
    }
    let Some(received_at) = received_at else {
        return Err(BreakReason::NotReceived);
    };
    if record.recorded_at > received_at {
        return Err(BreakReason::DatedAfterReceipt {
            recorded_at: record.recorded_at,
            received_at,
        });
    }
    Ok(received_at)
}

#[derive(Default)]
struct ChainState<'r> {
    previous_hash: Option<Sha256Digest>,
    previous_time: Option<Timestamp>,
    /// The previous handover, with its sequence number.
    previous_handover: Option<(u32, &'r Handover)>,
    receipts: Vec<Sha256Digest>,
}

impl<'r> ChainState<'r> {
    fn check(
        &mut self,
        index: usize,
        dossier: &DossierCode,
        record: &'r CustodyRecord,
        registry: &KeyRegistry,
        latest: Timestamp,
    ) -> Result<(), BreakReason> {
        if record.schema_version != RECORD_SCHEMA_VERSION {
            return Err(BreakReason::UnsupportedSchemaVersion {
                found: record.schema_version,
            });
        }
        if &record.dossier_code != dossier {
            return Err(BreakReason::WrongDossier {
                expected: dossier.clone(),
                found: record.dossier_code.clone(),
            });
        }
        let expected = u32::try_from(index).map_or(u32::MAX, |n| n.saturating_add(1));
        if record.sequence != expected {
            return Err(BreakReason::SequenceGap {
                expected,
                found: record.sequence,
            });
        }
        if record.previous_hash != self.previous_hash {
            return Err(BreakReason::WrongPreviousHash {
                expected: self.previous_hash,
                found: record.previous_hash,
            });
        }
        if let Some(previous) = self.previous_time
            && record.recorded_at < previous
        {
            return Err(BreakReason::TimeWentBackwards {
                previous,
                found: record.recorded_at,
            });
        }
        if index == 0 && !record.entry.starts_leg() {
            return Err(BreakReason::WrongFirstRecord {
                kind: record.entry.kind_name(),
            });
        }

        check_parties(&record.entry)?;
        let digests = record.digests().map_err(BreakReason::NotCanonical)?;
        check_signatures(record, &digests.signed_bytes, registry, latest)?;
        self.check_content(record)?;

        if matches!(record.entry, CustodyEntry::DeliveryReceipt { .. }) {
            self.receipts.push(digests.hash);
        }
        if let Some(handover) = record.entry.handover() {
            self.previous_handover = Some((record.sequence, handover));
        }
        self.previous_hash = Some(digests.hash);
        self.previous_time = Some(record.recorded_at);
        Ok(())
    }

    fn check_content(&self, record: &CustodyRecord) -> Result<(), BreakReason> {
        if let CustodyEntry::ProofOfDelivery { receipt_hash, .. } = &record.entry
            && !self.receipts.contains(receipt_hash)
        {
            return Err(BreakReason::ProofWithoutReceipt {
                receipt_hash: *receipt_hash,
            });
        }
        if let CustodyEntry::DeliveryReceipt { recipient, .. } = &record.entry {
            let document = recipient.id_document();
            if document.kind == IdDocumentKind::CitizenIdCard
                && !document
                    .last_digits
                    .as_str()
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            {
                return Err(BreakReason::InvalidCitizenIdCard {
                    problem: "the last digits of a citizen ID number are digits".into(),
                });
            }
        }
        let Some(handover) = record.entry.handover() else {
            return Ok(());
        };
        if let SealCondition::Damaged { note } = &handover.seal.condition
            && is_blank(note)
        {
            return Err(BreakReason::BrokenSealWithoutNote {
                seal_id: handover.seal.id.clone(),
            });
        }
        if record.entry.starts_leg() || !is_blank(&handover.change_reason) {
            return Ok(());
        }
        if let Some((previous_sequence, previous)) = self.previous_handover {
            if !same_items(previous, handover) {
                return Err(BreakReason::ItemsChangedWithoutReason { previous_sequence });
            }
            if previous.seal.id != handover.seal.id {
                return Err(BreakReason::SealChangedWithoutReason {
                    previous: previous.seal.id.clone(),
                    found: handover.seal.id.clone(),
                });
            }
        }
        Ok(())
    }
}

fn is_blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

/// Same items regardless of the order they are listed in.
fn same_items(a: &Handover, b: &Handover) -> bool {
    if a.items.len() != b.items.len() {
        return false;
    }
    if a.items == b.items {
        return true;
    }
    let mut a: Vec<_> = a.items.iter().collect();
    let mut b: Vec<_> = b.items.iter().collect();
    a.sort();
    b.sort();
    a == b
}

/// Each party plays the part the record's kind gives it; an agency officer acts for the record's agency;
/// a delivery is taken by the person it names as receiving.
fn check_parties(entry: &CustodyEntry) -> Result<(), BreakReason> {
    use PartyRole::{AgencyOfficer, Applicant, PostalWorker, Recipient};
    let kind = entry.kind_name();
    let expect = |party: &'static str, p: &Party, expected: PartyRole| {
        if p.role == expected {
            Ok(())
        } else {
            Err(BreakReason::WrongPartyRole {
                party,
                kind,
                expected,
                found: p.role,
            })
        }
    };
    let of_agency = |officer: &Party, agency: &AgencyCode| {
        if officer.organisation.as_deref() == Some(agency.as_str()) {
            Ok(())
        } else {
            Err(BreakReason::OfficerOfAnotherAgency {
                agency: agency.clone(),
                organisation: officer.organisation.clone(),
            })
        }
    };
    match entry {
        CustodyEntry::IntakeSlip { handover, .. } => {
            expect("giver", &handover.giver, Applicant)?;
            expect("taker", &handover.taker, PostalWorker)
        }
        CustodyEntry::PostalTransfer { handover } => {
            expect("giver", &handover.giver, PostalWorker)?;
            expect("taker", &handover.taker, PostalWorker)
        }
        CustodyEntry::AgencyHandover { handover, agency } => {
            expect("giver", &handover.giver, PostalWorker)?;
            expect("taker", &handover.taker, AgencyOfficer)?;
            of_agency(&handover.taker, agency)
        }
        CustodyEntry::ResultReturnSlip {
            handover, agency, ..
        } => {
            expect("giver", &handover.giver, AgencyOfficer)?;
            expect("taker", &handover.taker, PostalWorker)?;
            of_agency(&handover.giver, agency)
        }
        CustodyEntry::DeliveryReceipt {
            handover,
            recipient,
        } => {
            expect("giver", &handover.giver, PostalWorker)?;
            expect("taker", &handover.taker, Recipient)?;
            if handover.taker.name == recipient.name() {
                Ok(())
            } else {
                Err(BreakReason::TakerNotRecipient)
            }
        }
        CustodyEntry::ProofOfDelivery { submitted_by, .. } => {
            expect("submitter", submitted_by, PostalWorker)
        }
    }
}

fn check_signatures(
    record: &CustodyRecord,
    message: &[u8],
    registry: &KeyRegistry,
    latest: Timestamp,
) -> Result<(), BreakReason> {
    let signer = record.entry.required_signer();
    let role = if record.entry.handover().is_some() {
        "taker"
    } else {
        "submitter"
    };
    let Some(signer_key) = &signer.key_id else {
        return Err(BreakReason::SignerWithoutKey {
            role,
            name: signer.name.clone(),
        });
    };
    if !record.signatures.iter().any(|s| &s.key_id == signer_key) {
        return Err(BreakReason::MissingSignature {
            key_id: signer_key.clone(),
        });
    }
    let countersigner = record.entry.countersigner();
    if record.entry.countersignature_required()
        && let Some(giver) = countersigner
    {
        let Some(giver_key) = &giver.key_id else {
            return Err(BreakReason::SignerWithoutKey {
                role: "giver",
                name: giver.name.clone(),
            });
        };
        if !record.signatures.iter().any(|s| &s.key_id == giver_key) {
            return Err(BreakReason::MissingCountersignature {
                key_id: giver_key.clone(),
            });
        }
    }
    for (i, signature) in record.signatures.iter().enumerate() {
        let key_id = &signature.key_id;
        let party: &Party = if key_id == signer_key {
            signer
        } else if let Some(giver) = countersigner.filter(|g| g.key_id.as_ref() == Some(key_id)) {
            giver
        } else {
            return Err(BreakReason::UnexpectedSigner {
                key_id: key_id.clone(),
            });
        };
        if record.signatures[..i].iter().any(|s| &s.key_id == key_id) {
            return Err(BreakReason::UnexpectedSigner {
                key_id: key_id.clone(),
            });
        }
        let Some(key) = registry.get(key_id) else {
            return Err(BreakReason::UnknownKey {
                key_id: key_id.clone(),
            });
        };
        let holder = &key.entry.holder;
        if holder.role != party.role {
            return Err(BreakReason::KeyRoleMismatch {
                key_id: key_id.clone(),
                registered: holder.role,
                signing_as: party.role,
            });
        }
        if holder.name != party.name || holder.organisation != party.organisation {
            return Err(BreakReason::KeyHolderMismatch {
                key_id: key_id.clone(),
            });
        }
        let stated = record.recorded_at;
        key.entry.usable_for(stated, latest).map_err(|problem| {
            let key_id = key_id.clone();
            let signed_at = stated.max(latest);
            match problem {
                KeyUnusable::NotYetValid { valid_from } => BreakReason::KeyNotYetValid {
                    key_id,
                    valid_from,
                    signed_at: stated,
                },
                KeyUnusable::Expired { valid_until } => BreakReason::KeyExpired {
                    key_id,
                    valid_until,
                    signed_at,
                },
                KeyUnusable::Revoked { revoked_at } => BreakReason::KeyRevoked {
                    key_id,
                    revoked_at,
                    signed_at,
                },
            }
        })?;
        let sig = ed25519_dalek::Signature::from_bytes(signature.signature.as_bytes());
        key.verifying_key
            .verify_strict(message, &sig)
            .map_err(|_| BreakReason::BadSignature {
                key_id: key_id.clone(),
            })?;
    }
    Ok(())
}
