//! The evidence file: one self-contained JSON document per dossier that anyone can verify offline.
//!
//! It holds the dossier's records and a registry snapshot of the keys they use, signed by the registry's
//! authority. The file is written in its RFC 8785 canonical form followed by one newline, and a reader
//! accepts nothing else: each value has exactly one spelling, so any changed byte is either unparseable,
//! not canonical, or a changed value that a hash or a signature covers.

use super::anchors::{TrustAnchors, Untrusted};
use super::bytes::Sha256Digest;
use super::canonical::{CanonicalError, to_canonical_bytes};
use super::keys::{AuthoritySigner, KeyRegistry, RegistryError, SignedRegistry};
use super::record::CustodyRecord;
use super::verify::{BrokenLink, ChainSummary, ReceiptBounds, verify_received_chain};
use crate::DossierCode;
use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the evidence file format this crate writes and reads.
///
/// Version 2 binds keys to roles, requires the countersignature of the handovers between organisations,
/// and makes the authority's attestation of the chain (with the receipt time of every record) mandatory.
/// Version 1 files are refused: their attestation was optional and their keys were bound by name only.
pub const EVIDENCE_SCHEMA_VERSION: u32 = 2;

/// The evidence of one dossier's chain of custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// Version of the evidence format ([`EVIDENCE_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The dossier.
    pub dossier_code: DossierCode,
    /// The keys the records use, signed by the registry's authority.
    pub registry: SignedRegistry,
    /// The dossier's records, in chain order.
    pub records: Vec<CustodyRecord>,
}

/// Why an evidence file is not valid evidence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvidenceError {
    /// Not JSON, or JSON of another shape.
    #[error("malformed evidence file at line {line}, column {column}: {message}")]
    Malformed {
        /// Line (from 1).
        line: usize,
        /// Column (from 1).
        column: usize,
        /// What serde_json found.
        message: String,
    },
    /// Well-formed, but not byte for byte the canonical form of its content: it was edited.
    #[error("evidence file is not in canonical form: first difference at byte offset {offset}")]
    NotCanonical {
        /// Offset of the first byte that differs from the canonical form.
        offset: usize,
    },
    /// A format version this reader does not know.
    #[error(
        "unsupported evidence schema version {found} (this reader reads {EVIDENCE_SCHEMA_VERSION})"
    )]
    UnsupportedSchemaVersion {
        /// The declared version.
        found: u32,
    },
    /// The chain differs from the one the authority attested (records removed from the end, or another
    /// dossier's chain).
    #[error("the chain ({found}) is not the one the registry snapshot attests ({attested})")]
    ChainNotAttested {
        /// What the snapshot attests: dossier, record count and head.
        attested: String,
        /// What the file holds.
        found: String,
    },
    /// The registry snapshot is signed by an authority the relying party does not trust: not pinned in its
    /// [`TrustAnchors`], pinned with another key, or outside the anchor's validity. The file may be
    /// internally consistent; it proves nothing.
    #[error("untrusted: {0}")]
    Untrusted(#[from] Untrusted),
    /// The file has no records.
    #[error("evidence file holds no records")]
    NoRecords,
    /// The registry snapshot is invalid (bad authority signature, duplicate or invalid key).
    #[error("key registry: {0}")]
    Registry(#[from] RegistryError),
    /// The chain is broken.
    #[error("broken chain: {0}")]
    Broken(#[from] BrokenLink),
    /// The content has no canonical form (a float, an integer beyond 2⁵³).
    #[error("no canonical form: {0}")]
    Canonical(#[from] CanonicalError),
}

/// Why an evidence file could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvidenceWriteError {
    /// The content has no canonical form.
    #[error("no canonical form: {0}")]
    Canonical(#[from] CanonicalError),
    /// The file system refused.
    #[error("writing {path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` through a temporary file beside it, created with mode 0600 on Unix, synced,
/// then renamed over `path`.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let temporary = path.with_file_name(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary)?;
    // An existing temporary file keeps its mode: set it again.
    #[cfg(unix)]
    file.set_permissions(
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    )?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)
}

/// What valid evidence proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedEvidence {
    /// The dossier.
    pub dossier_code: DossierCode,
    /// The chain's summary.
    pub chain: ChainSummary,
    /// Name of the authority whose registry snapshot vouches for the keys.
    pub authority: String,
    /// Id of the pinned authority key that verified the snapshot.
    pub authority_key_id: super::keys::KeyId,
    /// The authority's public key (hex), as pinned.
    pub authority_key: String,
}

impl EvidenceFile {
    /// The evidence of a dossier's `records`: with them, a snapshot of the keys they use from `registry`,
    /// signed by `authority` at `issued_at`, attesting the chain and when the authority received each
    /// record (`received_at`, one per record; see [`SignedRegistry::issue_for_chain`]).
    pub fn issue(
        registry: &KeyRegistry,
        dossier_code: DossierCode,
        records: Vec<CustodyRecord>,
        received_at: &[Timestamp],
        authority: AuthoritySigner<'_>,
        issued_at: Timestamp,
    ) -> Result<Self, RegistryError> {
        let snapshot = SignedRegistry::issue_for_chain(
            registry,
            &dossier_code,
            &records,
            received_at,
            authority,
            issued_at,
        )?;
        Ok(EvidenceFile::new(dossier_code, snapshot, records))
    }

    /// Evidence of a dossier's records with a signed registry snapshot.
    pub fn new(
        dossier_code: DossierCode,
        registry: SignedRegistry,
        records: Vec<CustodyRecord>,
    ) -> Self {
        EvidenceFile {
            schema_version: EVIDENCE_SCHEMA_VERSION,
            dossier_code,
            registry,
            records,
        }
    }

    /// The file's bytes: the canonical form and a newline.
    pub fn to_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        let mut bytes = to_canonical_bytes(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Writes the file's bytes to `path`, readable and writable by its owner only (mode 0600 on Unix):
    /// evidence names the people who handled a dossier. The bytes go to a temporary file beside `path`
    /// that is then renamed over it, so a reader never sees half a file.
    pub fn write_to(&self, path: &std::path::Path) -> Result<(), EvidenceWriteError> {
        let bytes = self.to_bytes()?;
        write_private(path, &bytes).map_err(|source| EvidenceWriteError::Io {
            path: path.to_owned(),
            source,
        })
    }

    /// Reads a file, refusing anything that is not exactly the canonical form of its content.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EvidenceError> {
        // The version first, so that a file of another version is named as such rather than as a shape
        // this reader does not know.
        #[derive(Deserialize)]
        struct Version {
            schema_version: u32,
        }
        if let Ok(Version { schema_version }) = serde_json::from_slice::<Version>(bytes)
            && schema_version != EVIDENCE_SCHEMA_VERSION
        {
            return Err(EvidenceError::UnsupportedSchemaVersion {
                found: schema_version,
            });
        }
        crate::json::refuse_nul(bytes).map_err(|e| EvidenceError::Malformed {
            line: e.line,
            column: e.column,
            message: e.to_string(),
        })?;
        let evidence: EvidenceFile =
            serde_json::from_slice(bytes).map_err(|e| EvidenceError::Malformed {
                line: e.line(),
                column: e.column(),
                message: without_position(&e),
            })?;
        let canonical = evidence.to_bytes()?;
        if canonical != bytes {
            let offset = canonical
                .iter()
                .zip(bytes)
                .position(|(a, b)| a != b)
                .unwrap_or(canonical.len().min(bytes.len()));
            return Err(EvidenceError::NotCanonical { offset });
        }
        Ok(evidence)
    }

    /// Verifies the evidence against the relying party's trust anchors: format version, the authority
    /// (pinned, same key, within its validity), the authority's signature on the registry with the pinned
    /// key, then the chain with each record's time bounded by its receipt (see
    /// [`verify_received_chain`]), and that it is exactly the chain the authority attested (dossier,
    /// length, head, one receipt per record).
    pub fn verify(&self, anchors: &TrustAnchors) -> Result<VerifiedEvidence, EvidenceError> {
        if self.schema_version != EVIDENCE_SCHEMA_VERSION {
            return Err(EvidenceError::UnsupportedSchemaVersion {
                found: self.schema_version,
            });
        }
        if self.records.is_empty() {
            return Err(EvidenceError::NoRecords);
        }
        let pinned = anchors.key_for(&self.registry.authority, self.registry.issued_at)?;
        let registry: KeyRegistry = self.registry.verify(pinned)?;
        let attested = &self.registry.chain;
        let bounds = ReceiptBounds {
            issued_at: self.registry.issued_at,
            received_at: &attested.received_at,
        };
        let chain = verify_received_chain(&self.dossier_code, &self.records, &registry, bounds)?;
        let describe =
            |dossier: &DossierCode, records: usize, head: Option<Sha256Digest>, received: usize| {
                let head = head.map_or_else(|| "none".to_owned(), |h| h.to_string());
                format!("dossier {dossier}, {records} records, head {head}, {received} receipts")
            };
        let found = describe(&self.dossier_code, chain.records, chain.head, chain.records);
        let expected = describe(
            &attested.dossier_code,
            attested.records as usize,
            attested.head,
            attested.received_at.len(),
        );
        if found != expected {
            return Err(EvidenceError::ChainNotAttested {
                attested: expected,
                found,
            });
        }
        Ok(VerifiedEvidence {
            dossier_code: self.dossier_code.clone(),
            chain,
            authority: self.registry.authority.name.clone(),
            authority_key_id: self.registry.authority.key_id.clone(),
            authority_key: self.registry.authority.public_key.to_string(),
        })
    }
}

/// serde_json's message without the " at line L column C" it appends (the error carries both already).
pub(super) fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix)
        .map_or_else(|| text.clone(), str::to_owned)
}

/// Reads and verifies an evidence file's bytes against the relying party's trust anchors.
///
/// A file whose authority is not pinned (or pinned with another key, or outside its validity) is
/// [`EvidenceError::Untrusted`], whatever else it holds. A single changed byte anywhere in a valid file
/// makes this fail: as [`EvidenceError::Malformed`] or [`EvidenceError::NotCanonical`] when the text no
/// longer is canonical JSON of the format, otherwise as untrusted, a broken registry signature or a broken
/// link.
pub fn verify_evidence(
    bytes: &[u8],
    anchors: &TrustAnchors,
) -> Result<VerifiedEvidence, EvidenceError> {
    EvidenceFile::from_bytes(bytes)?.verify(anchors)
}

/// The JSON Schema of the evidence file (the one committed as `docs/schemas/evidence.schema.json`).
pub fn evidence_schema() -> schemars::Schema {
    schemars::schema_for!(EvidenceFile)
}
