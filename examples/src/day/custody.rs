//! The day's signers and the custody chain of each dossier: who signs which handover, with which key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::keystore::{io, private_dir, secret, signing_key};

use hoso_core::custody::{
    AuthoritySigner, ChainBuilder, CustodyEntry, DeliveryProof, DossierSalt, EvidenceError,
    EvidenceFile, GeoPosition, Handover, IdDocument, IdDocumentKind, Item, KeyEntry, KeyHolder,
    KeyId, KeyRegistry, PaperForm, Party, PartyRole, Place, Recipient, Seal, SealCondition,
    ServiceContract, Sha256Digest, SignedRegistry, SigningKey, TrustAnchor, TrustAnchors,
    VerifiedEvidence, verify_evidence, write_private,
};
use hoso_core::dossier::DossierHeader;
use hoso_core::{AgencyCode, Applicant, TrackingNumber};
use jiff::Timestamp;

/// The name of the authority that vouches for the day's keys.
pub const AUTHORITY: &str = "Bưu điện tỉnh Khánh Hòa (key registry)";
const POST_OFFICE: &str = "Bưu điện trung tâm Nha Trang";

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
    /// A document number was refused.
    #[error("ID document number refused")]
    DocumentNumber,
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
    /// The dossier's chain has no record to attach a proof of delivery to.
    #[error("no delivery receipt to attach the proof of delivery to")]
    NoReceipt,
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

    fn party(&self, role: PartyRole, key_id: &KeyId) -> Party {
        let holder = self.registry.get(key_id).map(|k| k.entry.holder.clone());
        Party {
            role,
            name: holder.as_ref().map_or_else(String::new, |h| h.name.clone()),
            organisation: holder.and_then(|h| h.organisation),
            key_id: Some(key_id.clone()),
        }
    }

    fn signer(&self, key_id: &KeyId) -> Option<(&KeyId, &SigningKey)> {
        self.keys.get_key_value(key_id)
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

    /// A signed snapshot of the keys a dossier's records use, attesting the chain's dossier, length, last
    /// record and when the authority received each record.
    pub fn snapshot_for(
        &self,
        dossier: &hoso_core::DossierCode,
        records: &[hoso_core::custody::CustodyRecord],
        received_at: &[Timestamp],
        issued_at: Timestamp,
    ) -> Result<SignedRegistry, CustodyError> {
        let authority = AuthoritySigner {
            name: AUTHORITY,
            key_id: &self.authority.0,
            key: &self.authority.1,
        };
        Ok(SignedRegistry::issue_for_chain(
            &self.registry,
            dossier,
            records,
            received_at,
            authority,
            issued_at,
        )?)
    }
}

/// The chain of one dossier as it is being written.
///
/// The day's registry authority is the post's own system: it receives each record as it is signed, and
/// notes that instant as the record's receipt.
#[derive(Debug)]
pub struct DossierChain {
    chain: ChainBuilder,
    received_at: Vec<Timestamp>,
    seal: String,
    dossier_items: Vec<Item>,
    result_items: Vec<Item>,
}

fn place(name: &str) -> Place {
    Place {
        name: name.to_owned(),
        postal_code: None,
    }
}

impl DossierChain {
    /// A new chain for a dossier.
    pub fn new(header: &DossierHeader) -> Self {
        DossierChain {
            chain: ChainBuilder::new(header.code.clone()),
            received_at: Vec::new(),
            seal: format!("NP-{}", header.code.sequence()),
            dossier_items: Item::of_dossier(header),
            result_items: vec![Item {
                name: "Kết quả giải quyết TTHC".into(),
                form: PaperForm::Original,
                count: 1,
                sha256: None,
            }],
        }
    }

    fn append(
        &mut self,
        signers: &Signers,
        at: Timestamp,
        where_: &str,
        entry: CustodyEntry,
        sign: &[&KeyId],
    ) -> Result<(), CustodyError> {
        let keys: Vec<(&KeyId, &SigningKey)> =
            sign.iter().filter_map(|k| signers.signer(k)).collect();
        self.chain.append(at, place(where_), entry, &keys)?;
        self.received_at.push(at);
        Ok(())
    }

    /// Phiếu gửi hồ sơ: the applicant hands the sealed dossier to the postal worker (Decision 45/2016/QĐ-TTg Art 6).
    pub fn intake(
        &mut self,
        signers: &Signers,
        header: &DossierHeader,
        agency: &AgencyCode,
        tracking: &TrackingNumber,
        at: Timestamp,
        pickup: bool,
    ) -> Result<(), CustodyError> {
        let worker: KeyId = if pickup {
            "vnpost-h56-collector-01"
        } else {
            "vnpost-h56-counter-01"
        }
        .parse()?;
        let applicant = Party {
            role: PartyRole::Applicant,
            name: header.applicant.name().to_owned(),
            organisation: None,
            key_id: None,
        };
        let entry = CustodyEntry::IntakeSlip {
            handover: Handover {
                giver: applicant,
                taker: signers.party(PartyRole::PostalWorker, &worker),
                items: self.dossier_items.clone(),
                seal: Seal {
                    id: self.seal.clone(),
                    condition: SealCondition::Intact,
                },
                change_reason: None,
            },
            contract: ServiceContract::of_dossier(header, tracking.clone(), agency.clone()),
        };
        let place = if pickup {
            "Địa chỉ người gửi"
        } else {
            POST_OFFICE
        };
        self.append(signers, at, place, entry, &[&worker])
    }

    /// Biên bản giao nhận hồ sơ: the postal worker hands the dossier to the one-stop desk (Art 7).
    pub fn agency_handover(
        &mut self,
        signers: &mut Signers,
        agency: &AgencyCode,
        at: Timestamp,
    ) -> Result<(), CustodyError> {
        let courier: KeyId = "vnpost-h56-courier-01".parse()?;
        let desk = signers.desk(agency)?;
        let entry = CustodyEntry::AgencyHandover {
            handover: Handover {
                giver: signers.party(PartyRole::PostalWorker, &courier),
                taker: signers.party(PartyRole::AgencyOfficer, &desk),
                items: self.dossier_items.clone(),
                seal: Seal {
                    id: self.seal.clone(),
                    condition: SealCondition::Intact,
                },
                change_reason: None,
            },
            agency: agency.clone(),
        };
        self.append(
            signers,
            at,
            &format!("Bộ phận một cửa {agency}"),
            entry,
            &[&desk, &courier],
        )
    }

    /// The result return slip: the agency hands the sealed result to the post (Art 9).
    pub fn result_return(
        &mut self,
        signers: &mut Signers,
        agency: &AgencyCode,
        tracking: &TrackingNumber,
        at: Timestamp,
    ) -> Result<(), CustodyError> {
        let courier: KeyId = "vnpost-h56-courier-01".parse()?;
        let desk = signers.desk(agency)?;
        let entry = CustodyEntry::ResultReturnSlip {
            handover: Handover {
                giver: signers.party(PartyRole::AgencyOfficer, &desk),
                taker: signers.party(PartyRole::PostalWorker, &courier),
                items: self.result_items.clone(),
                seal: Seal {
                    id: format!("{}-KQ", self.seal),
                    condition: SealCondition::Intact,
                },
                change_reason: None,
            },
            agency: agency.clone(),
            tracking_number: Some(tracking.clone()),
        };
        self.append(
            signers,
            at,
            &format!("Bộ phận một cửa {agency}"),
            entry,
            &[&courier, &desk],
        )
    }

    /// Delivery to the applicant against their citizen ID card (Circular 17/2017/TT-BTTTT Art 5(2)(d)), then the late proof of delivery.
    pub fn delivery(
        &mut self,
        signers: &mut Signers,
        header: &DossierHeader,
        at: Timestamp,
    ) -> Result<(), CustodyError> {
        let carrier: KeyId = "vnpost-h56-carrier-01".parse()?;
        let Applicant::Citizen { name, id, .. } = &header.applicant else {
            return Ok(());
        };
        let recipient_key = signers.recipient(name, header.code.as_str())?;
        let number = id
            .reveal()
            .parse()
            .map_err(|_| CustodyError::DocumentNumber)?;
        let id_document = IdDocument::commit(
            IdDocumentKind::CitizenIdCard,
            &number,
            &signers.salt(&header.code)?,
        )
        .map_err(|_| CustodyError::DocumentNumber)?;
        let entry = CustodyEntry::DeliveryReceipt {
            handover: Handover {
                giver: signers.party(PartyRole::PostalWorker, &carrier),
                taker: signers.party(PartyRole::Recipient, &recipient_key),
                items: self.result_items.clone(),
                seal: Seal {
                    id: format!("{}-KQ", self.seal),
                    condition: SealCondition::Intact,
                },
                change_reason: None,
            },
            recipient: Recipient::Addressee {
                name: name.clone(),
                id_document,
            },
        };
        self.append(
            signers,
            at,
            "Địa chỉ người nhận",
            entry,
            &[&recipient_key, &carrier],
        )?;
        let receipt_hash = self.chain.last_hash().ok_or(CustodyError::NoReceipt)?;
        let proof = CustodyEntry::ProofOfDelivery {
            receipt_hash,
            submitted_by: signers.party(PartyRole::PostalWorker, &carrier),
            proof: DeliveryProof {
                captured_at: at,
                photo_sha256: Some(Sha256Digest::of(
                    format!("photo {}", header.code).as_bytes(),
                )),
                position: Some(GeoPosition {
                    lat_microdeg: 12_238_800,
                    lon_microdeg: 109_196_700,
                    accuracy_m: Some(8),
                }),
                signature_image_sha256: Some(Sha256Digest::of(
                    format!("sig {}", header.code).as_bytes(),
                )),
            },
        };
        // The proof is uploaded when the carrier is back in coverage, a little later.
        let later = at
            .saturating_add(jiff::SignedDuration::from_mins(40))
            .unwrap_or(at);
        self.append(signers, later, POST_OFFICE, proof, &[&carrier])
    }

    /// The records so far, in chain order.
    pub fn records(&self) -> &[hoso_core::custody::CustodyRecord] {
        self.chain.records()
    }

    /// Number of records so far.
    pub fn len(&self) -> usize {
        self.chain.records().len()
    }

    /// Whether no record was written.
    pub fn is_empty(&self) -> bool {
        self.chain.records().is_empty()
    }

    /// The evidence file of the chain, with a registry snapshot of the keys it uses.
    pub fn evidence(
        self,
        signers: &Signers,
        issued_at: Timestamp,
    ) -> Result<EvidenceFile, CustodyError> {
        let code = self.chain.dossier_code().clone();
        // The snapshot cannot be issued before the authority received the last record.
        let issued_at = self
            .received_at
            .last()
            .map_or(issued_at, |last| issued_at.max(*last));
        let registry =
            signers.snapshot_for(&code, self.chain.records(), &self.received_at, issued_at)?;
        Ok(EvidenceFile::new(code, registry, self.chain.into_records()))
    }
}
