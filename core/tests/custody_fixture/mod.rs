//! A realistic chain for one dossier (driver's licence renewal, Hà Nội): 8 handovers and a late proof of
//! delivery, with keys derived from fixed seeds. The records are drafted by the library
//! ([`RecordDrafter`]) from the dossier's events.
#![allow(dead_code, unreachable_pub)]

use hoso_core::Dossier;
use hoso_core::custody::*;
use hoso_core::event::{Event, EventType};
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

/// Who holds a key: key id, seed, role, name, organisation.
type Person = (
    &'static str,
    u8,
    PartyRole,
    &'static str,
    Option<&'static str>,
);

#[rustfmt::skip]
const PEOPLE: &[Person] = &[
    ("citizen-binh", 1, PartyRole::Applicant, "Trần Thị Bình", None),
    ("recipient-binh", 6, PartyRole::Recipient, "Trần Thị Bình", None),
    ("post-hk-an", 2, PartyRole::PostalWorker, "Nguyễn Văn An", Some("Bưu điện Hoàn Kiếm")),
    ("post-hub-cuong", 3, PartyRole::PostalWorker, "Lê Văn Cường", Some("Trung tâm khai thác Hà Nội")),
    ("post-courier-dung", 4, PartyRole::PostalWorker, "Phạm Minh Dũng", Some("Bưu điện Hà Nội")),
    ("agency-desk-em", 5, PartyRole::AgencyOfficer, "Hoàng Thị Em", Some(AGENCY)),
];

pub fn party(key: &str) -> Party {
    let &(id, _, role, name, organisation) = PEOPLE.iter().find(|p| p.0 == key).unwrap();
    Party {
        role,
        name: name.into(),
        organisation: organisation.map(Into::into),
        key_id: Some(key_id(id)),
    }
}

pub fn place(name: &str, postal_code: &str) -> Place {
    Place {
        name: name.into(),
        postal_code: Some(postal_code.parse().unwrap()),
    }
}

/// The dossier's events (`docs/schemas/evidence.sample.events.json`), in order.
pub fn life() -> Vec<Event> {
    serde_json::from_str(include_str!(
        "../../../docs/schemas/evidence.sample.events.json"
    ))
    .unwrap()
}

/// The records the dossier's life (a driver's licence renewal filed by Trần Thị Bình at the
/// Hoàn Kiếm post office, both legs by post) proves, drafted by the library from its events; then the late
/// proof of delivery.
fn steps(registry: &KeyRegistry) -> Vec<Step> {
    let post_hk = place("Bưu điện Hoàn Kiếm, 75 Đinh Tiên Hoàng", "11000");
    let hub = place("Trung tâm khai thác Hà Nội", "10000");
    let desk = place("Bộ phận một cửa, Sở Xây dựng Hà Nội", "10000");
    let at = |p: &Place| Parties::new().at(p.clone());
    let events = life();
    let mut dossier = Dossier::open(events[0].clone()).unwrap();
    let mut steps = Vec::new();
    for event in &events[1..] {
        dossier.apply(event).unwrap();
        let parties = match event.kind.event_type() {
            EventType::CollectedAndSealed => at(&post_hk).giver(key_id("citizen-binh")),
            EventType::DispatchedToAgency => at(&post_hk).giver(key_id("post-hk-an")),
            EventType::HandedToAgency => at(&desk).taker(key_id("agency-desk-em")),
            EventType::ResultCollected => at(&desk).giver(key_id("agency-desk-em")),
            EventType::DispatchedToRecipient => at(&hub).giver(key_id("post-courier-dung")),
            EventType::OutForDelivery => at(&post_hk).giver(key_id("post-hub-cuong")),
            EventType::Delivered => Parties::new().taker(key_id("recipient-binh")),
            _ => Parties::new(),
        };
        let drafter = drafter(&dossier, registry);
        steps.extend(drafter.for_event(event, &parties).unwrap().map(Step::of));
        if event.kind.event_type() == EventType::DispatchedToAgency {
            // At the sorting centre the hub hands the dossier to the courier: no event of the dossier.
            let (giver, taker) = (key_id("post-hub-cuong"), key_id("post-courier-dung"));
            let at = ts("2026-01-16T00:45:00Z");
            let transfer = drafter.postal_transfer(at, hub.clone(), &giver, &taker);
            steps.push(Step::of(transfer.unwrap()));
        }
    }
    // The sample's transfers into the hub and into the delivering office are signed by the taker alone.
    for i in [1, 5, 6] {
        steps[i].signers.truncate(1);
    }
    let proof = DeliveryProof {
        captured_at: ts("2026-01-24T03:15:40Z"),
        photo_sha256: Some(Sha256Digest::of(b"delivery-photo.jpg")),
        position: Some(GeoPosition {
            lat_microdeg: 21_034_120,
            lon_microdeg: 105_852_310,
            accuracy_m: Some(8),
        }),
        signature_image_sha256: Some(Sha256Digest::of(b"signature.png")),
    };
    let (at, zeros) = (ts("2026-01-26T08:00:00Z"), Sha256Digest([0; 32]));
    let proof = drafter(&dossier, registry).proof_of_delivery(
        at,
        post_hk,
        zeros,
        &key_id("post-hk-an"),
        proof,
    );
    steps.push(Step::of(proof.unwrap()));
    steps
}

fn drafter<'a>(dossier: &'a Dossier, registry: &'a KeyRegistry) -> RecordDrafter<'a> {
    static SALT: std::sync::OnceLock<DossierSalt> = std::sync::OnceLock::new();
    let result = Item {
        name: "Giấy phép lái xe (thẻ PET)".into(),
        form: PaperForm::Original,
        count: 1,
        sha256: None,
    };
    RecordDrafter::new(dossier, registry, SALT.get_or_init(salt)).with_result_items(vec![result])
}

impl Step {
    fn of(draft: RecordDraft) -> Step {
        Step {
            at: draft.recorded_at,
            received_at: draft.recorded_at + jiff::SignedDuration::from_mins(5),
            place: draft.place,
            entry: draft.entry,
            signers: draft.signers.iter().map(|k| k.to_string()).collect(),
        }
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
        for &(id, seed, role, name, organisation) in PEOPLE {
            let key = SigningKey::from_bytes(&[seed.wrapping_add(shift); 32]);
            let holder = KeyHolder {
                name: name.into(),
                role,
                organisation: organisation.map(Into::into),
            };
            registry
                .insert(KeyEntry::new(
                    key_id(id),
                    holder,
                    &key.verifying_key(),
                    ts("2025-07-01T00:00:00Z"),
                ))
                .unwrap();
            keys.insert(id.to_owned(), key);
        }
        Fixture {
            dossier: DOSSIER.into(),
            keys,
            steps: steps(&registry),
            registry,
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
            let is_receipt = matches!(entry, CustodyEntry::DeliveryReceipt { .. });
            let draft = RecordDraft {
                recorded_at: step.at,
                place: step.place.clone(),
                entry,
                signers: step.signers.iter().map(|s| key_id(s)).collect(),
            };
            let hash = draft
                .sign_into(&mut chain, |id| self.keys.get(id.as_str()))
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
        let key_id = key_id(Self::AUTHORITY_KEY_ID);
        let authority = AuthoritySigner {
            name: Self::AUTHORITY,
            key_id: &key_id,
            key: authority,
        };
        let (records, received) = (self.build(), self.received());
        let issued_at = Self::issued_at();
        EvidenceFile::issue(
            &self.registry,
            self.dossier(),
            records,
            &received,
            authority,
            issued_at,
        )
        .unwrap()
    }

    pub fn handover_mut(&mut self, index: usize) -> &mut Handover {
        let entry = &mut self.steps[index].entry;
        entry.handover_mut().expect("the step is a handover")
    }
}
