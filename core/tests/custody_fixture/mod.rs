//! A realistic chain for one dossier (driver's licence renewal, Hà Nội): 8 handovers and a late proof of
//! delivery, with keys derived from fixed seeds.
#![allow(dead_code, unreachable_pub)]

use hoso_core::custody::*;
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Verifies evidence bytes against the fixture's trust anchors.
pub fn check(bytes: &[u8]) -> Result<VerifiedEvidence, EvidenceError> {
    verify_evidence(bytes, &Fixture::anchors())
}

pub fn docs_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/schemas")
        .join(name)
}

fn blessing() -> bool {
    std::env::var_os("HOSO_BLESS").is_some_and(|v| v == "1")
}

/// Compares a committed file under `docs/schemas/` with the generated text, or rewrites it under
/// `HOSO_BLESS=1`.
pub fn assert_committed(name: &str, generated: &str) {
    let path = docs_path(name);
    if blessing() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with HOSO_BLESS=1 to create it",
            path.display()
        )
    });
    assert!(
        committed == generated,
        "{} differs from the generated one; run with HOSO_BLESS=1 to update it",
        path.display()
    );
}

pub const DOSSIER: &str = "000.00.01.H26-260115-0042";
pub const OTHER_DOSSIER: &str = "000.00.01.H26-260115-0043";
/// The number on the recipient's citizen ID card (personal data: only a commitment reaches the records).
pub const CARD: &str = "001190004567";

/// The dossier's salt for ID document commitments, kept outside the evidence.
pub fn salt() -> DossierSalt {
    DossierSalt::from_bytes([42; 32])
}

/// The agency (Sở Xây dựng Hà Nội); its one-stop officer's key names it as organisation.
pub const AGENCY: &str = "000.00.01.H26";

/// One handover (or proof) to be written: when, where, what, signed by which key ids (taker first).
#[derive(Debug, Clone)]
pub struct Step {
    pub at: Timestamp,
    pub place: Place,
    pub entry: CustodyEntry,
    pub signers: Vec<String>,
    /// When the registry's authority received the record (five minutes after `at` unless a test says).
    pub received_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct Fixture {
    pub dossier: String,
    pub keys: BTreeMap<String, SigningKey>,
    pub registry: KeyRegistry,
    pub steps: Vec<Step>,
}

pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub fn key_id(s: &str) -> KeyId {
    s.parse().unwrap()
}

struct Person {
    key_id: &'static str,
    seed: u8,
    role: PartyRole,
    name: &'static str,
    organisation: Option<&'static str>,
}

const PEOPLE: &[Person] = &[
    Person {
        key_id: "citizen-binh",
        seed: 1,
        role: PartyRole::Applicant,
        name: "Trần Thị Bình",
        organisation: None,
    },
    Person {
        key_id: "recipient-binh",
        seed: 6,
        role: PartyRole::Recipient,
        name: "Trần Thị Bình",
        organisation: None,
    },
    Person {
        key_id: "post-hk-an",
        seed: 2,
        role: PartyRole::PostalWorker,
        name: "Nguyễn Văn An",
        organisation: Some("Bưu điện Hoàn Kiếm"),
    },
    Person {
        key_id: "post-hub-cuong",
        seed: 3,
        role: PartyRole::PostalWorker,
        name: "Lê Văn Cường",
        organisation: Some("Trung tâm khai thác Hà Nội"),
    },
    Person {
        key_id: "post-courier-dung",
        seed: 4,
        role: PartyRole::PostalWorker,
        name: "Phạm Minh Dũng",
        organisation: Some("Bưu điện Hà Nội"),
    },
    Person {
        key_id: "agency-desk-em",
        seed: 5,
        role: PartyRole::AgencyOfficer,
        name: "Hoàng Thị Em",
        organisation: Some(AGENCY),
    },
];

pub fn party(key: &str) -> Party {
    let p = PEOPLE.iter().find(|p| p.key_id == key).unwrap();
    Party {
        role: p.role,
        name: p.name.into(),
        organisation: p.organisation.map(Into::into),
        key_id: Some(key_id(p.key_id)),
    }
}

pub fn recipient_party() -> Party {
    party("recipient-binh")
}

pub fn place(name: &str, postal_code: &str) -> Place {
    Place {
        name: name.into(),
        postal_code: Some(postal_code.parse().unwrap()),
    }
}

pub fn dossier_items() -> Vec<Item> {
    vec![
        Item {
            name: "Đơn đề nghị đổi giấy phép lái xe".into(),
            form: PaperForm::Original,
            count: 1,
            sha256: None,
        },
        Item {
            name: "Giấy khám sức khỏe".into(),
            form: PaperForm::Original,
            count: 1,
            sha256: None,
        },
        Item {
            name: "Giấy phép lái xe cũ".into(),
            form: PaperForm::Copy,
            count: 1,
            sha256: None,
        },
        Item {
            name: "Ảnh chân dung (tệp)".into(),
            form: PaperForm::Copy,
            count: 1,
            sha256: Some(Sha256Digest::of(b"portrait.jpg")),
        },
    ]
}

pub fn result_items() -> Vec<Item> {
    vec![Item {
        name: "Giấy phép lái xe (thẻ PET)".into(),
        form: PaperForm::Original,
        count: 1,
        sha256: None,
    }]
}

pub fn handover(giver: Party, taker: Party, items: Vec<Item>, seal: &str) -> Handover {
    Handover {
        giver,
        taker,
        items,
        seal: Seal {
            id: seal.into(),
            condition: SealCondition::Intact,
        },
        change_reason: None,
    }
}

impl Fixture {
    /// Intake, two postal transfers, agency handover, result return, two transfers, delivery (8 handovers),
    /// then a proof of delivery two days later.
    pub fn standard() -> Self {
        Self::with_key_seeds(0)
    }

    /// The standard chain with every party's key generated afresh (seeds shifted by `shift`): same names,
    /// same key ids, other keys. What a forger with no private key of the originals can build.
    pub fn with_key_seeds(shift: u8) -> Self {
        let mut keys = BTreeMap::new();
        let mut registry = KeyRegistry::new();
        for p in PEOPLE {
            let key = SigningKey::from_bytes(&[p.seed.wrapping_add(shift); 32]);
            let holder = KeyHolder {
                name: p.name.into(),
                role: p.role,
                organisation: p.organisation.map(Into::into),
            };
            registry
                .insert(KeyEntry::new(
                    key_id(p.key_id),
                    holder,
                    &key.verifying_key(),
                    ts("2025-07-01T00:00:00Z"),
                ))
                .unwrap();
            keys.insert(p.key_id.to_owned(), key);
        }
        let post_hk = place("Bưu điện Hoàn Kiếm, 75 Đinh Tiên Hoàng", "11000");
        let hub = place("Trung tâm khai thác Hà Nội", "10000");
        let desk = place("Bộ phận một cửa, Sở Xây dựng Hà Nội", "10000");
        let home = place("Số 12 ngõ 5 Hàng Bạc, Hoàn Kiếm", "11000");
        let seal_in = "HK-2026-000731";
        let seal_out = "SXD-2026-004410";
        let step = |at: &str, place: &Place, entry: CustodyEntry, signers: &[&str]| Step {
            at: ts(at),
            received_at: ts(at) + jiff::SignedDuration::from_mins(5),
            place: place.clone(),
            entry,
            signers: signers.iter().map(|s| s.to_string()).collect(),
        };
        let contract = ServiceContract {
            tracking_number: "EA123456785VN".parse().unwrap(),
            service: ServiceForm::DossierAndResult,
            receiving_agency: AGENCY.parse().unwrap(),
            postal_charge: hoso_core::Vnd(25_000),
            fee_collected: Some(hoso_core::Vnd(135_000)),
        };
        let steps = vec![
            step(
                "2026-01-15T02:10:00Z",
                &post_hk,
                CustodyEntry::IntakeSlip {
                    handover: handover(
                        party("citizen-binh"),
                        party("post-hk-an"),
                        dossier_items(),
                        seal_in,
                    ),
                    contract,
                },
                &["post-hk-an", "citizen-binh"],
            ),
            step(
                "2026-01-15T09:30:00Z",
                &post_hk,
                CustodyEntry::PostalTransfer {
                    handover: handover(
                        party("post-hk-an"),
                        party("post-hub-cuong"),
                        dossier_items(),
                        seal_in,
                    ),
                },
                &["post-hub-cuong"],
            ),
            step(
                "2026-01-16T00:45:00Z",
                &hub,
                CustodyEntry::PostalTransfer {
                    handover: handover(
                        party("post-hub-cuong"),
                        party("post-courier-dung"),
                        dossier_items(),
                        seal_in,
                    ),
                },
                &["post-courier-dung", "post-hub-cuong"],
            ),
            step(
                "2026-01-16T02:20:00Z",
                &desk,
                CustodyEntry::AgencyHandover {
                    handover: handover(
                        party("post-courier-dung"),
                        party("agency-desk-em"),
                        dossier_items(),
                        seal_in,
                    ),
                    agency: AGENCY.parse().unwrap(),
                },
                &["agency-desk-em", "post-courier-dung"],
            ),
            step(
                "2026-01-23T07:00:00Z",
                &desk,
                CustodyEntry::ResultReturnSlip {
                    handover: handover(
                        party("agency-desk-em"),
                        party("post-courier-dung"),
                        result_items(),
                        seal_out,
                    ),
                    agency: AGENCY.parse().unwrap(),
                    tracking_number: Some("EA123456799VN".parse().unwrap()),
                },
                &["post-courier-dung", "agency-desk-em"],
            ),
            step(
                "2026-01-23T10:00:00Z",
                &hub,
                CustodyEntry::PostalTransfer {
                    handover: handover(
                        party("post-courier-dung"),
                        party("post-hub-cuong"),
                        result_items(),
                        seal_out,
                    ),
                },
                &["post-hub-cuong"],
            ),
            step(
                "2026-01-24T01:00:00Z",
                &post_hk,
                CustodyEntry::PostalTransfer {
                    handover: handover(
                        party("post-hub-cuong"),
                        party("post-hk-an"),
                        result_items(),
                        seal_out,
                    ),
                },
                &["post-hk-an"],
            ),
            step(
                "2026-01-24T03:15:00Z",
                &home,
                CustodyEntry::DeliveryReceipt {
                    handover: handover(
                        party("post-hk-an"),
                        recipient_party(),
                        result_items(),
                        seal_out,
                    ),
                    recipient: Recipient::Addressee {
                        name: "Trần Thị Bình".into(),
                        id_document: IdDocument::commit(
                            IdDocumentKind::CitizenIdCard,
                            &CARD.parse().unwrap(),
                            &salt(),
                        )
                        .unwrap(),
                    },
                },
                &["recipient-binh", "post-hk-an"],
            ),
            step(
                "2026-01-26T08:00:00Z",
                &post_hk,
                CustodyEntry::ProofOfDelivery {
                    receipt_hash: Sha256Digest([0; 32]),
                    submitted_by: party("post-hk-an"),
                    proof: DeliveryProof {
                        captured_at: ts("2026-01-24T03:15:40Z"),
                        photo_sha256: Some(Sha256Digest::of(b"delivery-photo.jpg")),
                        position: Some(GeoPosition {
                            lat_microdeg: 21_034_120,
                            lon_microdeg: 105_852_310,
                            accuracy_m: Some(8),
                        }),
                        signature_image_sha256: Some(Sha256Digest::of(b"signature.png")),
                    },
                },
                &["post-hk-an"],
            ),
        ];
        Fixture {
            dossier: DOSSIER.into(),
            keys,
            registry,
            steps,
        }
    }

    pub fn dossier(&self) -> hoso_core::DossierCode {
        self.dossier.parse().unwrap()
    }

    /// Writes the steps as a signed chain. A proof of delivery whose receipt hash is all zeros is pointed at
    /// the latest delivery receipt.
    pub fn build(&self) -> Vec<CustodyRecord> {
        let mut chain = ChainBuilder::new(self.dossier());
        let mut last_receipt = None;
        for step in &self.steps {
            let mut entry = step.entry.clone();
            if let CustodyEntry::ProofOfDelivery { receipt_hash, .. } = &mut entry
                && *receipt_hash == Sha256Digest([0; 32])
            {
                *receipt_hash = last_receipt.unwrap();
            }
            let ids: Vec<KeyId> = step.signers.iter().map(|s| key_id(s)).collect();
            let signers: Vec<(&KeyId, &SigningKey)> = ids
                .iter()
                .zip(&step.signers)
                .map(|(id, s)| (id, &self.keys[s]))
                .collect();
            let is_receipt = matches!(entry, CustodyEntry::DeliveryReceipt { .. });
            let hash = chain
                .append(step.at, step.place.clone(), entry, &signers)
                .unwrap();
            if is_receipt {
                last_receipt = Some(hash);
            }
        }
        chain.into_records()
    }

    /// When the authority received each record.
    pub fn received(&self) -> Vec<Timestamp> {
        self.steps.iter().map(|s| s.received_at).collect()
    }

    /// When the fixture's registry snapshot is issued.
    pub fn issued_at() -> Timestamp {
        ts("2026-01-27T00:00:00Z")
    }

    pub fn authority_key() -> SigningKey {
        SigningKey::from_bytes(&[100; 32])
    }

    pub const AUTHORITY: &'static str = "Tổng công ty Bưu điện Việt Nam";
    pub const AUTHORITY_KEY_ID: &'static str = "vnpost-registry-2026";

    /// The relying party's trust anchors: the genuine authority key, pinned for 2026.
    pub fn anchors() -> TrustAnchors {
        let mut anchor = TrustAnchor::new(
            key_id(Self::AUTHORITY_KEY_ID),
            Self::AUTHORITY,
            &Self::authority_key().verifying_key(),
            ts("2026-01-01T00:00:00Z"),
        );
        anchor.valid_until = Some(ts("2027-01-01T00:00:00Z"));
        TrustAnchors::new([anchor]).unwrap()
    }

    pub fn evidence(&self) -> EvidenceFile {
        self.evidence_signed_by(&Self::authority_key())
    }

    /// The evidence with its registry snapshot signed by `authority` under the genuine authority's name and
    /// key id.
    pub fn evidence_signed_by(&self, authority: &SigningKey) -> EvidenceFile {
        let records = self.build();
        let received = self.received();
        let registry = SignedRegistry::issue_for_chain(
            &self.registry,
            &self.dossier(),
            &records,
            &received,
            AuthoritySigner {
                name: Self::AUTHORITY,
                key_id: &key_id(Self::AUTHORITY_KEY_ID),
                key: authority,
            },
            Self::issued_at(),
        )
        .unwrap();
        EvidenceFile::new(self.dossier(), registry, records)
    }

    pub fn handover_mut(&mut self, index: usize) -> &mut Handover {
        match &mut self.steps[index].entry {
            CustodyEntry::IntakeSlip { handover, .. }
            | CustodyEntry::PostalTransfer { handover }
            | CustodyEntry::AgencyHandover { handover, .. }
            | CustodyEntry::ResultReturnSlip { handover, .. }
            | CustodyEntry::DeliveryReceipt { handover, .. } => handover,
            _ => panic!("step {index} is not a handover"),
        }
    }
}
