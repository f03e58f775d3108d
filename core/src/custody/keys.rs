//! The key registry: which party holds which ed25519 key, from when, until when, and whether it was revoked.
//!
//! A [`KeyRegistry`] is what the verifier consults. For offline verification the registry travels inside the
//! evidence file as a [`SignedRegistry`]: the keys the chain uses, signed by the registry's authority (the
//! postal operator), so that a changed validity date or a dropped revocation breaks that signature.

use super::bytes::{PublicKeyBytes, Sha256Digest, SignatureBytes};
use super::canonical::{CanonicalError, canonical_object, without_members};
use super::record::{CustodyRecord, PartyRole};
use crate::DossierCode;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The identifier of a key in the registry, e.g. `vnpost-hn-0042-2026`.
///
/// 1 to 64 characters from `A-Z a-z 0-9 . _ : -`.
///
/// ```
/// use hoso_core::custody::KeyId;
/// assert!("vnpost-hn-0042".parse::<KeyId>().is_ok());
/// assert!("has space".parse::<KeyId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct KeyId(String);

impl JsonSchema for KeyId {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("KeyId")
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z0-9._:-]{1,64}$",
            "description": "Identifier of a key in the key registry.",
        })
    }
}

/// A string that is not a valid [`KeyId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid key id {value:?}: expected 1 to 64 characters from A-Z a-z 0-9 . _ : -")]
pub struct KeyIdError {
    /// The rejected value.
    pub value: String,
}

impl KeyId {
    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for KeyId {
    type Err = KeyIdError;
    fn from_str(s: &str) -> Result<Self, KeyIdError> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
        if ok {
            Ok(KeyId(s.to_owned()))
        } else {
            Err(KeyIdError {
                value: s.chars().take(80).collect(),
            })
        }
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<'de, str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who holds a key: the person, the role they sign in and the organisation they sign for.
///
/// A signature counts only for a party that names the same holder, role and organisation as the registry
/// entry of the key it signs with: a postal worker's key cannot sign for a recipient, nor an officer of one
/// agency for another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyHolder {
    /// Full name of the person (or the name of an organisation's seal key).
    pub name: String,
    /// The role the key signs in: a postal worker's, an agency officer's, a recipient's (a key on the
    /// recipient's device or bound to their electronic identity), an applicant's.
    pub role: PartyRole,
    /// Organisation the holder signs for: the post office for a postal worker, the agency code for an
    /// agency officer (it must be the agency of the records they sign), none for a citizen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

/// One key of the registry: holder, public key and validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    /// The key's identifier, as records cite it.
    pub key_id: KeyId,
    /// Who holds the key.
    pub holder: KeyHolder,
    /// The ed25519 public key.
    pub public_key: PublicKeyBytes,
    /// First instant at which signatures by this key are accepted.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub valid_from: Timestamp,
    /// Instant from which signatures are no longer accepted (exclusive end), if the key expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_timestamp_schema")]
    pub valid_until: Option<Timestamp>,
    /// Instant of revocation: signatures made at or after it are rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_timestamp_schema")]
    pub revoked_at: Option<Timestamp>,
}

impl KeyEntry {
    /// An entry valid from `valid_from`, without expiry or revocation.
    pub fn new(
        key_id: KeyId,
        holder: KeyHolder,
        public_key: &VerifyingKey,
        valid_from: Timestamp,
    ) -> Self {
        KeyEntry {
            key_id,
            holder,
            public_key: PublicKeyBytes(public_key.to_bytes()),
            valid_from,
            valid_until: None,
            revoked_at: None,
        }
    }

    /// Why this key may not sign at `at`, if it may not.
    pub fn usable_at(&self, at: Timestamp) -> Result<(), KeyUnusable> {
        self.usable_for(at, at)
    }

    /// Why this key may not have signed a record that states the time `stated` and existed by `latest`
    /// (its receipt by the authority), if it may not: the stated time must be within the validity, and
    /// the key must not have expired or been revoked by `latest`, whatever time the record states.
    pub fn usable_for(&self, stated: Timestamp, latest: Timestamp) -> Result<(), KeyUnusable> {
        if stated < self.valid_from {
            return Err(KeyUnusable::NotYetValid {
                valid_from: self.valid_from,
            });
        }
        let at = stated.max(latest);
        if let Some(until) = self.valid_until
            && at >= until
        {
            return Err(KeyUnusable::Expired { valid_until: until });
        }
        if let Some(revoked_at) = self.revoked_at
            && at >= revoked_at
        {
            return Err(KeyUnusable::Revoked { revoked_at });
        }
        Ok(())
    }
}

/// Why a registered key may not sign at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyUnusable {
    /// The signing time is before the key's validity starts.
    #[error("key not yet valid (valid from {valid_from})")]
    NotYetValid {
        /// Start of validity.
        valid_from: Timestamp,
    },
    /// The signing time is at or after the key's expiry.
    #[error("key expired at {valid_until}")]
    Expired {
        /// End of validity.
        valid_until: Timestamp,
    },
    /// The key was revoked at or before the signing time.
    #[error("key revoked at {revoked_at}")]
    Revoked {
        /// Instant of revocation.
        revoked_at: Timestamp,
    },
}

/// A problem with the registry itself (not with a record).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// Two entries share a key id.
    #[error("key id {0} is registered twice")]
    DuplicateKeyId(KeyId),
    /// The 32 bytes are not a usable ed25519 public key (not a curve point, or of small order).
    #[error("key {0}: public key is not a valid ed25519 key")]
    InvalidPublicKey(KeyId),
    /// No entry with this id (when revoking).
    #[error("key id {0} is not registered")]
    UnknownKey(KeyId),
    /// The authority's signature over the registry snapshot does not verify.
    #[error("the registry snapshot's signature by authority key {0} does not verify")]
    BadAuthoritySignature(KeyId),
    /// The authority was given another number of receipt times than records.
    #[error("{received} receipt times for {records} records")]
    ReceiptCount {
        /// Number of records.
        records: usize,
        /// Number of receipt times.
        received: usize,
    },
    /// The snapshot has no canonical form (cannot happen for values built by this crate).
    #[error("registry snapshot has no canonical form: {0}")]
    Canonical(#[from] CanonicalError),
}

/// A registry entry with its public key decoded once, ready to verify signatures.
#[derive(Debug, Clone)]
pub struct RegisteredKey {
    /// The entry as registered.
    pub entry: KeyEntry,
    /// The decoded public key.
    pub verifying_key: VerifyingKey,
}

/// The key registry: key id → holder, public key and validity.
///
/// ```
/// use hoso_core::custody::{KeyEntry, KeyHolder, KeyRegistry, PartyRole, SigningKey};
/// let key = SigningKey::from_bytes(&[7; 32]);
/// let holder = KeyHolder {
///     name: "Nguyễn Văn An".into(),
///     role: PartyRole::PostalWorker,
///     organisation: Some("Bưu điện Hoàn Kiếm".into()),
/// };
/// let entry = KeyEntry::new("post-hk-01".parse()?, holder, &key.verifying_key(), "2026-01-01T00:00:00Z".parse()?);
/// let mut registry = KeyRegistry::new();
/// registry.insert(entry)?;
/// registry.revoke(&"post-hk-01".parse()?, "2026-06-01T00:00:00Z".parse()?)?;
/// let e = &registry.get(&"post-hk-01".parse()?).unwrap().entry;
/// assert!(e.usable_at("2026-05-31T23:59:59Z".parse()?).is_ok());
/// assert!(e.usable_at("2026-06-01T00:00:00Z".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct KeyRegistry {
    keys: BTreeMap<KeyId, RegisteredKey>,
}

impl KeyRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// A registry of these entries.
    pub fn from_entries(
        entries: impl IntoIterator<Item = KeyEntry>,
    ) -> Result<Self, RegistryError> {
        let mut registry = Self::new();
        for entry in entries {
            registry.insert(entry)?;
        }
        Ok(registry)
    }

    /// Registers a key. Rejects a duplicate id and a public key that is not a strong ed25519 key.
    pub fn insert(&mut self, entry: KeyEntry) -> Result<(), RegistryError> {
        if self.keys.contains_key(&entry.key_id) {
            return Err(RegistryError::DuplicateKeyId(entry.key_id));
        }
        let verifying_key = VerifyingKey::from_bytes(entry.public_key.as_bytes())
            .ok()
            .filter(|k| !k.is_weak())
            .ok_or_else(|| RegistryError::InvalidPublicKey(entry.key_id.clone()))?;
        self.keys.insert(
            entry.key_id.clone(),
            RegisteredKey {
                entry,
                verifying_key,
            },
        );
        Ok(())
    }

    /// Records the revocation of a key at an instant (an earlier revocation is kept).
    pub fn revoke(&mut self, key_id: &KeyId, at: Timestamp) -> Result<(), RegistryError> {
        let key = self
            .keys
            .get_mut(key_id)
            .ok_or_else(|| RegistryError::UnknownKey(key_id.clone()))?;
        key.entry.revoked_at = Some(key.entry.revoked_at.map_or(at, |r| r.min(at)));
        Ok(())
    }

    /// The key with this id.
    pub fn get(&self, key_id: &KeyId) -> Option<&RegisteredKey> {
        self.keys.get(key_id)
    }

    /// All entries, ordered by key id.
    pub fn entries(&self) -> impl Iterator<Item = &KeyEntry> {
        self.keys.values().map(|k| &k.entry)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The registry's authority: the key that signs registry snapshots (the postal operator's).
///
/// Offline, the evidence file is only as trustworthy as this key: a relying party compares
/// [`Authority::public_key`] with the key the operator publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Name of the authority (e.g. the postal operator).
    pub name: String,
    /// Id of the authority's key.
    pub key_id: KeyId,
    /// The authority's ed25519 public key.
    pub public_key: PublicKeyBytes,
}

/// What the registry's authority attests about a dossier's chain: its dossier, length and head, and when it
/// received each record.
///
/// The authority (the postal operator's registry service) receives every record as it is signed and
/// notes the instant. That instant bounds the record's true signing time from above, whatever date the
/// record states: a key's signatures count only when the record reached the authority before the key
/// was revoked or expired, and a record may not state a time after its receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChainHead {
    /// The dossier.
    pub dossier_code: DossierCode,
    /// Number of records.
    pub records: u32,
    /// Hash of the last record (absent for an empty chain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Sha256Digest>,
    /// When the authority received each record, in chain order (one per record).
    #[schemars(schema_with = "timestamps_schema")]
    pub received_at: Vec<Timestamp>,
}

fn timestamps_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "array", "items": crate::time::timestamp_schema(generator) })
}

/// The registry's authority as it signs: its name, key id and private key.
#[derive(Debug, Clone, Copy)]
pub struct AuthoritySigner<'a> {
    /// Name of the authority (e.g. the postal operator).
    pub name: &'a str,
    /// Id of the authority's key, as the relying party pins it.
    pub key_id: &'a KeyId,
    /// The authority's private key.
    pub key: &'a SigningKey,
}

/// A snapshot of (part of) the registry at an instant, signed by the registry's authority.
///
/// The signature covers the RFC 8785 canonical bytes of the snapshot without its `signature` member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedRegistry {
    /// Who signs the snapshot.
    pub authority: Authority,
    /// When the snapshot was taken: revocations after this instant are not in it.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub issued_at: Timestamp,
    /// The keys, ordered by key id.
    pub keys: Vec<KeyEntry>,
    /// The chain the snapshot was issued for: its dossier, length, head and the instants the authority
    /// received each record. It makes records removed from the end of an evidence file, or added to it,
    /// detectable, and bounds each record's true time.
    pub chain: ChainHead,
    /// The authority's ed25519 signature.
    pub signature: SignatureBytes,
}

impl SignedRegistry {
    /// Signs a snapshot of the keys a dossier's records use, attesting the chain's dossier, length and head
    /// and when the authority received each record (`received_at`, one per record).
    pub fn issue_for_chain(
        registry: &KeyRegistry,
        dossier_code: &DossierCode,
        records: &[CustodyRecord],
        received_at: &[Timestamp],
        authority: AuthoritySigner<'_>,
        issued_at: Timestamp,
    ) -> Result<Self, RegistryError> {
        if received_at.len() != records.len() {
            return Err(RegistryError::ReceiptCount {
                records: records.len(),
                received: received_at.len(),
            });
        }
        let used = |e: &KeyEntry| {
            records
                .iter()
                .any(|r| r.signatures.iter().any(|s| s.key_id == e.key_id))
        };
        let head = match records.last() {
            Some(r) => Some(r.hash()?),
            None => None,
        };
        let mut snapshot = SignedRegistry {
            authority: Authority {
                name: authority.name.to_owned(),
                key_id: authority.key_id.clone(),
                public_key: PublicKeyBytes(authority.key.verifying_key().to_bytes()),
            },
            issued_at,
            keys: registry.entries().filter(|e| used(e)).cloned().collect(),
            chain: ChainHead {
                dossier_code: dossier_code.clone(),
                records: u32::try_from(records.len()).unwrap_or(u32::MAX),
                head,
                received_at: received_at.to_vec(),
            },
            signature: SignatureBytes([0; 64]),
        };
        snapshot.signature =
            SignatureBytes(authority.key.sign(&snapshot.signed_bytes()?).to_bytes());
        Ok(snapshot)
    }

    /// The bytes the authority signs: the canonical snapshot without `signature`.
    pub fn signed_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        let (canonical, members) = canonical_object(self)?;
        Ok(without_members(&canonical, &members, &["signature"]))
    }

    /// Checks the snapshot's signature with `authority` (the pinned key: see
    /// [`TrustAnchors`](super::TrustAnchors), never the key the snapshot carries) and returns the registry
    /// it vouches for.
    pub fn verify(&self, authority: &VerifyingKey) -> Result<KeyRegistry, RegistryError> {
        let bad = || RegistryError::BadAuthoritySignature(self.authority.key_id.clone());
        let signature = ed25519_dalek::Signature::from_bytes(self.signature.as_bytes());
        authority
            .verify_strict(&self.signed_bytes()?, &signature)
            .map_err(|_| bad())?;
        KeyRegistry::from_entries(self.keys.iter().cloned())
    }
}
