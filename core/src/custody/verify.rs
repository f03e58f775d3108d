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
//!    signed (its receipt); each signature verifies (ed25519, RFC 8032): the arithmetic of the whole
//!    chain's signatures is done at the end, in one batch, and where the batch fails each is verified alone
//!    (strictly) so that the first bad one is the answer as if it had been checked in its turn;
//! 4. content: a citizen ID card shown at delivery ends in digits; a damaged seal carries a note; items and seal match the previous handover of the same leg
//!    unless a reason is given; a proof of delivery refers to an earlier delivery receipt.

mod parties;
mod reason;
mod signatures;

pub use reason::BreakReason;

use super::bytes::Sha256Digest;
use super::identity::IdDocumentKind;
use super::keys::KeyRegistry;
use super::record::{CustodyEntry, CustodyRecord, Handover, RECORD_SCHEMA_VERSION, SealCondition};
use crate::DossierCode;
use jiff::Timestamp;
pub(crate) use parties::check_parties;
use signatures::{Pending, check_signatures};

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
    let broken = |position: usize, reason| {
        let record = &records[position];
        BrokenLink {
            position: position + 1,
            sequence: record.sequence,
            kind: record.entry.kind_name(),
            reason,
        }
    };
    let mut state = ChainState::default();
    let mut pending = Pending::default();
    for (i, record) in records.iter().enumerate() {
        let checked = match bounds {
            None => Ok(record.recorded_at),
            Some(b) => received_bound(record, b.received_at.get(i).copied(), b.issued_at),
        }
        .and_then(|latest| state.check(i, dossier, record, registry, latest, &mut pending));
        if let Err(reason) = checked {
            // A bad signature of an earlier record, or of this one checked before the failing step, is the
            // first broken link.
            pending
                .settle()
                .map_err(|(position, reason)| broken(position, reason))?;
            return Err(broken(i, reason));
        }
    }
    pending
        .settle()
        .map_err(|(position, reason)| broken(position, reason))?;
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
        pending: &mut Pending<'r>,
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
        check_signatures(
            index,
            record,
            digests.signed_bytes,
            registry,
            latest,
            pending,
        )?;
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
