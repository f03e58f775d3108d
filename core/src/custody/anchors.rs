//! Trust anchors: the authority keys a relying party pins, and the only keys an evidence file is checked
//! against.
//!
//! An evidence file names the authority that signed its registry snapshot and carries that authority's
//! public key, but a file proves nothing by vouching for itself: anyone can generate a key, call it the
//! postal operator's and sign a snapshot with it. The verifier therefore looks the authority up in a
//! [`TrustAnchors`] list that the relying party obtained from the operator by other means (published, handed
//! over on paper, configured), and verifies the snapshot with the pinned key, never with the key in the
//! file. An authority that is not pinned, pinned with another key, or used outside its pinned validity
//! makes the file [`Untrusted`].
//!
//! The list is a small JSON document (schema `docs/schemas/anchors.schema.json`):
//!
//! ```
//! use hoso_core::custody::TrustAnchors;
//! let json = r#"{"schema_version":1,"anchors":[{"key_id":"vnpost-registry-2026",
//!   "name":"Tổng công ty Bưu điện Việt Nam",
//!   "public_key":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
//!   "valid_from":"2026-01-01T00:00:00Z","valid_until":"2027-01-01T00:00:00Z"}]}"#;
//! let anchors = TrustAnchors::from_json(json.as_bytes())?;
//! assert_eq!(anchors.anchors().len(), 1);
//! # Ok::<(), hoso_core::custody::AnchorsError>(())
//! ```

use super::bytes::PublicKeyBytes;
use super::keys::{Authority, KeyId};
use ed25519_dalek::VerifyingKey;
use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the trust anchor file format this crate writes and reads.
pub const ANCHORS_SCHEMA_VERSION: u32 = 1;

/// One pinned authority key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustAnchor {
    /// The authority key's id, as evidence files cite it.
    pub key_id: KeyId,
    /// Name of the authority (for display; the key id and the key are what is checked).
    pub name: String,
    /// The authority's ed25519 public key.
    pub public_key: PublicKeyBytes,
    /// First instant at which a snapshot signed by this key is trusted (by its `issued_at`).
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub valid_from: Timestamp,
    /// Instant from which snapshots signed by this key are no longer trusted (exclusive), if it expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_timestamp_schema")]
    pub valid_until: Option<Timestamp>,
}

impl TrustAnchor {
    /// An anchor for `key`, trusted from `valid_from` on, without end.
    pub fn new(key_id: KeyId, name: &str, key: &VerifyingKey, valid_from: Timestamp) -> Self {
        TrustAnchor {
            key_id,
            name: name.to_owned(),
            public_key: PublicKeyBytes(key.to_bytes()),
            valid_from,
            valid_until: None,
        }
    }
}

/// The trust anchor file: every authority key the relying party trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AnchorsFile {
    /// Version of the format ([`ANCHORS_SCHEMA_VERSION`]).
    schema_version: u32,
    /// The pinned keys; key ids are unique.
    anchors: Vec<TrustAnchor>,
}

/// The authority keys a relying party trusts, each with its validity: an evidence file is verified with
/// the pinned key of its authority, never with the key it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustAnchors {
    anchors: Vec<(TrustAnchor, VerifyingKey)>,
}

/// A trust anchor file or list that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnchorsError {
    /// Not JSON, or JSON of another shape.
    #[error("malformed trust anchor file at line {line}, column {column}: {message}")]
    Malformed {
        /// Line (from 1).
        line: usize,
        /// Column (from 1).
        column: usize,
        /// What serde_json found.
        message: String,
    },
    /// A format version this reader does not know.
    #[error(
        "unsupported trust anchor schema version {found} (this reader reads {ANCHORS_SCHEMA_VERSION})"
    )]
    UnsupportedSchemaVersion {
        /// The declared version.
        found: u32,
    },
    /// Two anchors share a key id.
    #[error("trust anchor key id {0} is pinned twice")]
    DuplicateKeyId(KeyId),
    /// The 32 bytes are not a usable ed25519 public key (not a curve point, or of small order).
    #[error("trust anchor {0}: public key is not a valid ed25519 key")]
    InvalidPublicKey(KeyId),
    /// The validity ends before it starts.
    #[error("trust anchor {0}: valid_until is not after valid_from")]
    EmptyValidity(KeyId),
}

/// Why an evidence file's authority is not trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Untrusted {
    /// No anchor has the authority's key id.
    #[error("authority key {key_id} ({name:?}) is not a pinned trust anchor")]
    NotPinned {
        /// The key id the file names.
        key_id: KeyId,
        /// The authority name the file gives.
        name: String,
    },
    /// An anchor has the key id, but with another public key: the file was signed by an impostor.
    #[error("authority key {key_id} in the file is not the pinned key of that id")]
    KeyMismatch {
        /// The key id.
        key_id: KeyId,
    },
    /// The snapshot was issued outside the anchor's validity.
    #[error("authority key {key_id} is not trusted at {issued_at} (pinned {valid_from} to {})",
        valid_until.map_or_else(|| "no end".to_owned(), |t| t.to_string()))]
    OutsideValidity {
        /// The key id.
        key_id: KeyId,
        /// When the snapshot says it was issued.
        issued_at: Timestamp,
        /// Start of the anchor's validity.
        valid_from: Timestamp,
        /// End of the anchor's validity, if any.
        valid_until: Option<Timestamp>,
    },
}

impl TrustAnchors {
    /// A list of these anchors. Refuses duplicate key ids, invalid keys and empty validities.
    pub fn new(anchors: impl IntoIterator<Item = TrustAnchor>) -> Result<Self, AnchorsError> {
        let mut out: Vec<(TrustAnchor, VerifyingKey)> = Vec::new();
        for anchor in anchors {
            if out.iter().any(|(a, _)| a.key_id == anchor.key_id) {
                return Err(AnchorsError::DuplicateKeyId(anchor.key_id));
            }
            if anchor.valid_until.is_some_and(|u| u <= anchor.valid_from) {
                return Err(AnchorsError::EmptyValidity(anchor.key_id));
            }
            let key = VerifyingKey::from_bytes(anchor.public_key.as_bytes())
                .ok()
                .filter(|k| !k.is_weak())
                .ok_or_else(|| AnchorsError::InvalidPublicKey(anchor.key_id.clone()))?;
            out.push((anchor, key));
        }
        Ok(TrustAnchors { anchors: out })
    }

    /// Reads a trust anchor file.
    ///
    /// # Errors
    /// [`AnchorsError::Malformed`] for malformed JSON, a NUL character in a string included
    /// ([`crate::json::refuse_nul`]); the others as they say.
    pub fn from_json(bytes: &[u8]) -> Result<Self, AnchorsError> {
        crate::json::refuse_nul(bytes).map_err(|e| AnchorsError::Malformed {
            line: e.line,
            column: e.column,
            message: e.to_string(),
        })?;
        let file: AnchorsFile =
            serde_json::from_slice(bytes).map_err(|e| AnchorsError::Malformed {
                line: e.line(),
                column: e.column(),
                message: super::evidence::without_position(&e),
            })?;
        if file.schema_version != ANCHORS_SCHEMA_VERSION {
            return Err(AnchorsError::UnsupportedSchemaVersion {
                found: file.schema_version,
            });
        }
        Self::new(file.anchors)
    }

    /// The trust anchor file's text (pretty-printed JSON and a newline).
    pub fn to_json(&self) -> String {
        let file = AnchorsFile {
            schema_version: ANCHORS_SCHEMA_VERSION,
            anchors: self.anchors().cloned().collect(),
        };
        // A struct of strings and integers always serialises.
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The pinned anchors.
    pub fn anchors(&self) -> impl ExactSizeIterator<Item = &TrustAnchor> {
        self.anchors.iter().map(|(a, _)| a)
    }

    /// The pinned key that stands for `authority` at `issued_at`, or why there is none.
    pub fn key_for(
        &self,
        authority: &Authority,
        issued_at: Timestamp,
    ) -> Result<&VerifyingKey, Untrusted> {
        let Some((anchor, key)) = self
            .anchors
            .iter()
            .find(|(a, _)| a.key_id == authority.key_id)
        else {
            return Err(Untrusted::NotPinned {
                key_id: authority.key_id.clone(),
                name: authority.name.chars().take(120).collect(),
            });
        };
        if anchor.public_key != authority.public_key {
            return Err(Untrusted::KeyMismatch {
                key_id: anchor.key_id.clone(),
            });
        }
        let before = issued_at < anchor.valid_from;
        let after = anchor.valid_until.is_some_and(|u| issued_at >= u);
        if before || after {
            return Err(Untrusted::OutsideValidity {
                key_id: anchor.key_id.clone(),
                issued_at,
                valid_from: anchor.valid_from,
                valid_until: anchor.valid_until,
            });
        }
        Ok(key)
    }
}

/// The JSON Schema of the trust anchor file (the one committed as `docs/schemas/anchors.schema.json`).
pub fn anchors_schema() -> schemars::Schema {
    schemars::schema_for!(AnchorsFile)
}
