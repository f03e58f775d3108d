//! The verifier: a dossier's records and a key registry in, "valid" or the first broken link out.
//!
//! Records are checked in order; within a record the checks run in this order, and the first that fails is
//! the answer:
//!
//! 1. format version, dossier code, sequence number (from 1, no gaps), previous hash, time not going
//!    backwards;
//! 2. signatures: the party taking custody (for a proof of delivery, its submitter) has signed; every
//!    signature is by that party or by the party handing over; each key is registered to that party, valid
//!    at the record's time and not revoked by then; each signature verifies (ed25519, RFC 8032, strict);
//! 3. content: a citizen ID card shown at delivery has a valid number; a damaged seal carries a note; items and seal match the previous handover of the same leg
//!    unless a reason is given; a proof of delivery refers to an earlier delivery receipt.

use super::bytes::Sha256Digest;
use super::canonical::CanonicalError;
use super::keys::{KeyId, KeyRegistry, KeyUnusable};
use super::record::{
    CustodyEntry, CustodyRecord, Handover, IdDocumentKind, Party, RECORD_SCHEMA_VERSION,
    SealCondition,
};
use crate::{CitizenId, DossierCode};
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
    /// The party that must sign has no key id.
    #[error("the {role} party {name:?} must sign but names no key")]
    SignerWithoutKey {
        /// `taker` or `submitter`.
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
    /// The key was revoked at or before the record's time.
    #[error("key {key_id} revoked at {revoked_at}, before the signing time {signed_at}")]
    KeyRevoked {
        /// The key id.
        key_id: KeyId,
        /// Instant of revocation.
        revoked_at: Timestamp,
        /// The record's time.
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
    /// The record is dated at or after the key's expiry.
    #[error("key {key_id} expired at {valid_until}, before the signing time {signed_at}")]
    KeyExpired {
        /// The key id.
        key_id: KeyId,
        /// End of validity.
        valid_until: Timestamp,
        /// The record's time.
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
    /// A citizen ID card whose number is not a valid 12-digit personal identification number.
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

/// Verifies a dossier's chain against a key registry.
///
/// Answers the summary of a valid chain, or the first broken link and why (see the module documentation
/// for the order of the checks). An empty list is a valid, empty chain.
pub fn verify_chain(
    dossier: &DossierCode,
    records: &[CustodyRecord],
    registry: &KeyRegistry,
) -> Result<ChainSummary, BrokenLink> {
    let mut state = ChainState::default();
    for (i, record) in records.iter().enumerate() {
        let broken = |reason| BrokenLink {
            position: i + 1,
            sequence: record.sequence,
            kind: record.entry.kind_name(),
            reason,
        };
        state.check(i, dossier, record, registry).map_err(broken)?;
    }
    Ok(ChainSummary {
        records: records.len(),
        head: state.previous_hash,
    })
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

        let digests = record.digests().map_err(BreakReason::NotCanonical)?;
        check_signatures(record, &digests.signed_bytes, registry)?;
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
                && let Err(e) = document.number.expose().parse::<CitizenId>()
            {
                return Err(BreakReason::InvalidCitizenIdCard {
                    problem: e.to_string(),
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

fn check_signatures(
    record: &CustodyRecord,
    message: &[u8],
    registry: &KeyRegistry,
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
        if key.entry.holder.name != party.name
            || key.entry.holder.organisation != party.organisation
        {
            return Err(BreakReason::KeyHolderMismatch {
                key_id: key_id.clone(),
            });
        }
        let signed_at = record.recorded_at;
        key.entry.usable_at(signed_at).map_err(|problem| {
            let key_id = key_id.clone();
            match problem {
                KeyUnusable::NotYetValid { valid_from } => BreakReason::KeyNotYetValid {
                    key_id,
                    valid_from,
                    signed_at,
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
