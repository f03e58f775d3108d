//! The day's keys and secrets on disk: who signs in which role, the registry's authority and its trust
//! anchors, the dossiers' salts; 32 random bytes per file, in hex, readable by the owner only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hoso_core::AgencyCode;
use hoso_core::custody::bytes::{from_hex, to_hex};
use hoso_core::custody::{
    AuthoritySigner, DossierSalt, EvidenceError, KeyEntry, KeyHolder, KeyId, KeyRegistry,
    PartyRole, SigningKey, TrustAnchor, TrustAnchors, VerifiedEvidence, verify_evidence,
    write_private,
};
use jiff::Timestamp;

/// The name of the authority that vouches for the day's keys.
pub const AUTHORITY: &str = "Bưu điện tỉnh Khánh Hòa (key registry)";
pub(crate) const POST_OFFICE: &str = "Bưu điện trung tâm Nha Trang";

/// Every key of the day: postal workers, one-stop officers, recipients, and the registry's authority.
///
/// Keys come from the operating system's CSPRNG. Each is generated the first time it is needed and kept
/// under `OUT/keys/` (one file per key id, the 32-byte secret in hex, mode 0600), so that a run resumed on
/// the same output directory signs with the same keys and its earlier evidence stays valid. The authority's
/// public key is written to `OUT/anchors.json`: the trust anchors the run's evidence verifies against. The
/// dossiers' salts for ID document commitments are kept the same way under `OUT/salts/`, outside the
/// evidence.
#[derive(Debug)]
pub struct Signers {
    registry: KeyRegistry,
    keys: BTreeMap<KeyId, SigningKey>,
    authority: (KeyId, SigningKey),
    anchors: TrustAnchors,
    key_dir: PathBuf,
    salt_dir: PathBuf,
    valid_from: Timestamp,
}

/// Why a custody step failed.
#[derive(Debug, thiserror::Error)]
pub enum CustodyError {
    /// A record could not be written in canonical form.
    #[error(transparent)]
    Canonical(#[from] hoso_core::custody::CanonicalError),
    /// The key registry refused a key.
    #[error(transparent)]
    Registry(#[from] hoso_core::custody::RegistryError),
    /// A key id was refused.
    #[error(transparent)]
    KeyId(#[from] hoso_core::custody::KeyIdError),
    /// A record could not be drafted from its event.
    #[error(transparent)]
    Draft(#[from] hoso_core::custody::DraftError),
    /// The operating system's random number generator failed.
    #[error("no random bytes from the operating system: {0}")]
    Random(getrandom::Error),
    /// A key file or the trust anchor file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A key file holds something other than 64 lowercase hex digits.
    #[error("{path}: not a key file ({problem})")]
    KeyFile {
        /// The file.
        path: PathBuf,
        /// What is wrong (the content is secret and not repeated).
        problem: hoso_core::custody::HexError,
    },
    /// The trust anchor file written by this run does not read back.
    #[error(transparent)]
    Anchors(#[from] hoso_core::custody::AnchorsError),
}

impl Signers {
    /// The day's keys under `out` (see the type's documentation), valid from `valid_from`: loaded from
    /// `out/keys/` when a previous run made them, generated otherwise. Writes `out/anchors.json` and
    /// reads it back as the anchors the run verifies against.
    pub fn open(out: &Path, valid_from: Timestamp) -> Result<Self, CustodyError> {
        let key_dir = private_dir(&out.join("keys"))?;
        let salt_dir = private_dir(&out.join("salts"))?;
        let authority_id: KeyId = "vnpost-h56-registry-2026".parse()?;
        let authority_key = signing_key(&key_dir, &authority_id)?;
        let anchors_path = out.join("anchors.json");
        let anchor = TrustAnchor::new(
            authority_id.clone(),
            AUTHORITY,
            &authority_key.verifying_key(),
            valid_from,
        );
        let text = TrustAnchors::new([anchor])?.to_json();
        if std::fs::read_to_string(&anchors_path).ok().as_deref() != Some(text.as_str()) {
            write_private(&anchors_path, text.as_bytes()).map_err(io(&anchors_path))?;
        }
        let anchors =
            TrustAnchors::from_json(&std::fs::read(&anchors_path).map_err(io(&anchors_path))?)?;
        let mut s = Signers {
            registry: KeyRegistry::new(),
            keys: BTreeMap::new(),
            authority: (authority_id, authority_key),
            anchors,
            key_dir,
            salt_dir,
            valid_from,
        };
        for (id, name, org) in [
            ("vnpost-h56-counter-01", "Lê Thị Hồng", POST_OFFICE),
            ("vnpost-h56-collector-01", "Phạm Văn Tài", POST_OFFICE),
            ("vnpost-h56-courier-01", "Trần Quốc Bảo", POST_OFFICE),
            ("vnpost-h56-carrier-01", "Võ Minh Khoa", POST_OFFICE),
        ] {
            s.add(id, name, PartyRole::PostalWorker, Some(org))?;
        }
        Ok(s)
    }

    /// The salt of a dossier's ID document commitments (generated and kept on first use).
    pub fn salt(&self, dossier: &hoso_core::DossierCode) -> Result<DossierSalt, CustodyError> {
        Ok(DossierSalt::from_bytes(secret(
            &self.salt_dir,
            &format!("{dossier}.salt"),
        )?))
    }

    /// The trust anchors of the run (as read back from `OUT/anchors.json`).
    pub fn anchors(&self) -> &TrustAnchors {
        &self.anchors
    }

    /// Verifies an evidence file's bytes against the run's trust anchors.
    pub fn verify(&self, bytes: &[u8]) -> Result<VerifiedEvidence, EvidenceError> {
        verify_evidence(bytes, &self.anchors)
    }

    fn add(
        &mut self,
        id: &str,
        name: &str,
        role: PartyRole,
        org: Option<&str>,
    ) -> Result<KeyId, CustodyError> {
        let key_id: KeyId = id.parse()?;
        if !self.keys.contains_key(&key_id) {
            let key = signing_key(&self.key_dir, &key_id)?;
            let holder = KeyHolder {
                name: name.to_owned(),
                role,
                organisation: org.map(str::to_owned),
            };
            self.registry.insert(KeyEntry::new(
                key_id.clone(),
                holder,
                &key.verifying_key(),
                self.valid_from,
            ))?;
            self.keys.insert(key_id.clone(), key);
        }
        Ok(key_id)
    }

    /// The signing key of `key_id`, if the day made it.
    pub fn key(&self, key_id: &KeyId) -> Option<&SigningKey> {
        self.keys.get(key_id)
    }

    /// The one-stop officer's key at `agency`.
    pub fn desk(&mut self, agency: &AgencyCode) -> Result<KeyId, CustodyError> {
        let id = format!("desk-{}", agency.as_str().replace('.', "-").to_lowercase());
        self.add(
            &id,
            &format!("Cán bộ một cửa {agency}"),
            PartyRole::AgencyOfficer,
            Some(agency.as_str()),
        )
    }

    /// The key a recipient signs the delivery receipt with (on the carrier's device).
    pub fn recipient(&mut self, name: &str, dossier: &str) -> Result<KeyId, CustodyError> {
        self.add(
            &format!("recipient-{}", dossier.replace('.', "-").to_lowercase()),
            name,
            PartyRole::Recipient,
            None,
        )
    }

    /// The registry's authority, as it signs snapshots.
    pub fn authority(&self) -> AuthoritySigner<'_> {
        AuthoritySigner {
            name: AUTHORITY,
            key_id: &self.authority.0,
            key: &self.authority.1,
        }
    }
    /// The registry of the day's keys.
    pub fn registry(&self) -> &KeyRegistry {
        &self.registry
    }
}

/// Maps an I/O error on `path` to the custody error that names it.
pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CustodyError + '_ {
    move |source| CustodyError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Creates `dir` if needed, with mode 0700 on Unix.
pub fn private_dir(dir: &Path) -> Result<PathBuf, CustodyError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io(dir))?;
    }
    Ok(dir.to_owned())
}

/// The secret stored as `dir/name`: read when a previous run made it, otherwise drawn from the operating
/// system's CSPRNG and stored (mode 0600, through a temporary file and a rename) before it is used.
pub fn secret(dir: &Path, name: &str) -> Result<[u8; 32], CustodyError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => from_hex::<32>(text.trim_end()).map_err(|problem| CustodyError::KeyFile {
            path: path.clone(),
            problem,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(CustodyError::Random)?;
            let mut text = to_hex(&secret);
            text.push('\n');
            write_private(&path, text.as_bytes()).map_err(io(&path))?;
            Ok(secret)
        }
        Err(e) => Err(io(&path)(e)),
    }
}

/// The signing key `dir/<key_id>.key` (see [`secret`]).
pub fn signing_key(dir: &Path, key_id: &KeyId) -> Result<SigningKey, CustodyError> {
    secret(dir, &format!("{key_id}.key")).map(|s| SigningKey::from_bytes(&s))
}
