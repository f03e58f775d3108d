//! Hashing, signing and appending records: the writing side of the chain.

use super::bytes::{Sha256Digest, SignatureBytes};
use super::canonical::{CanonicalError, canonical_object, without_members};
use super::keys::KeyId;
use super::record::{CustodyEntry, CustodyRecord, Place, RECORD_SCHEMA_VERSION, RecordSignature};
use crate::DossierCode;
use ed25519_dalek::{Signer, SigningKey};
use jiff::Timestamp;

/// The two canonical byte forms of a record, computed in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordDigests {
    /// Canonical bytes without `signatures`: what the parties sign.
    pub signed_bytes: Vec<u8>,
    /// SHA-256 of the canonical bytes of the whole record: what the next record links to.
    pub hash: Sha256Digest,
}

impl CustodyRecord {
    /// The record's signed bytes and hash.
    pub fn digests(&self) -> Result<RecordDigests, CanonicalError> {
        let (canonical, members) = canonical_object(self)?;
        let signed_bytes = without_members(&canonical, &members, &["signatures"]);
        let hash = Sha256Digest::of(&canonical);
        Ok(RecordDigests { signed_bytes, hash })
    }

    /// The RFC 8785 canonical bytes of the record without its `signatures` member: what is signed.
    pub fn signed_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        self.digests().map(|d| d.signed_bytes)
    }

    /// SHA-256 of the RFC 8785 canonical bytes of the whole record, signatures included: the value the next
    /// record carries as `previous_hash`.
    pub fn hash(&self) -> Result<Sha256Digest, CanonicalError> {
        self.digests().map(|d| d.hash)
    }

    /// Adds a signature by `key` (registered as `key_id`) over [`CustodyRecord::signed_bytes`].
    pub fn sign(&mut self, key_id: KeyId, key: &SigningKey) -> Result<(), CanonicalError> {
        let message = self.signed_bytes()?;
        self.signatures.push(RecordSignature {
            key_id,
            signature: SignatureBytes(key.sign(&message).to_bytes()),
        });
        Ok(())
    }
}

/// Builds a dossier's chain: numbers the records, links each to the previous one and signs it.
///
/// ```
/// use hoso_core::custody::*;
/// # fn demo(dossier: hoso_core::DossierCode, entry: CustodyEntry, key_id: KeyId, key: SigningKey) -> Result<(), CanonicalError> {
/// let mut chain = ChainBuilder::new(dossier);
/// let place = Place { name: "Bưu điện Hoàn Kiếm".into(), postal_code: None };
/// chain.append("2026-01-15T02:00:00Z".parse().unwrap(), place, entry, &[(&key_id, &key)])?;
/// assert_eq!(chain.records()[0].sequence, 1);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ChainBuilder {
    dossier_code: DossierCode,
    records: Vec<CustodyRecord>,
    last_hash: Option<Sha256Digest>,
}

impl ChainBuilder {
    /// An empty chain for a dossier.
    pub fn new(dossier_code: DossierCode) -> Self {
        ChainBuilder {
            dossier_code,
            records: Vec::new(),
            last_hash: None,
        }
    }

    /// A builder that continues a dossier's existing chain (records as read back from storage, in chain
    /// order): the next record gets the next sequence number and links to the last one.
    pub fn from_records(
        dossier_code: DossierCode,
        records: Vec<CustodyRecord>,
    ) -> Result<Self, CanonicalError> {
        let last_hash = match records.last() {
            Some(r) => Some(r.hash()?),
            None => None,
        };
        Ok(ChainBuilder {
            dossier_code,
            records,
            last_hash,
        })
    }

    /// Appends a record of `entry`, signed by each `(key id, key)` in order (the taker first, then the giver
    /// if they countersign). Returns the new record's hash.
    pub fn append(
        &mut self,
        recorded_at: Timestamp,
        place: Place,
        entry: CustodyEntry,
        signers: &[(&KeyId, &SigningKey)],
    ) -> Result<Sha256Digest, CanonicalError> {
        let sequence = u32::try_from(self.records.len()).map_or(u32::MAX, |n| n.saturating_add(1));
        let mut record = CustodyRecord {
            schema_version: RECORD_SCHEMA_VERSION,
            dossier_code: self.dossier_code.clone(),
            sequence,
            previous_hash: self.last_hash,
            recorded_at,
            place,
            entry,
            signatures: Vec::new(),
        };
        let message = record.signed_bytes()?;
        for (key_id, key) in signers {
            record.signatures.push(RecordSignature {
                key_id: (*key_id).clone(),
                signature: SignatureBytes(key.sign(&message).to_bytes()),
            });
        }
        let hash = record.hash()?;
        self.last_hash = Some(hash);
        self.records.push(record);
        Ok(hash)
    }

    /// The dossier.
    pub fn dossier_code(&self) -> &DossierCode {
        &self.dossier_code
    }

    /// The records so far.
    pub fn records(&self) -> &[CustodyRecord] {
        &self.records
    }

    /// Hash of the last record, if any.
    pub fn last_hash(&self) -> Option<Sha256Digest> {
        self.last_hash
    }

    /// The records.
    pub fn into_records(self) -> Vec<CustodyRecord> {
        self.records
    }
}
