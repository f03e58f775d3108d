//! Writes the custody evidence file of one dossier: a driver's licence renewal filed at a post office in
//! Hà Nội, carried to the one-stop desk, and the new licence delivered to the applicant's door, with the
//! proof of delivery uploaded two days later. The records are drafted by the library from the dossier's
//! events (`docs/schemas/evidence.sample.events.json`), which say what happened; this program says only who
//! holds which key and what the events do not say.
//!
//! ```text
//! cargo run --example write_evidence [-- FILE]     # also writes FILE.anchors.json beside it
//! cargo run --example verify_evidence -- --anchors ANCHORS FILE
//! ```
//!
//! Keys come from fixed seeds so that the file is the same on every run. Real keys come from a CSPRNG
//! (`SigningKey::generate`) and live in the signing devices.

use hoso_core::custody::*;
use hoso_core::event::{Event, EventType};
use hoso_core::{AgencyCode, Dossier};
use jiff::Timestamp;
use std::error::Error;

struct Signer {
    key_id: KeyId,
    key: SigningKey,
    party: Party,
}

impl Signer {
    fn new(
        seed: u8,
        key_id: &str,
        role: PartyRole,
        name: &str,
        organisation: Option<&str>,
    ) -> Result<Self, Box<dyn Error>> {
        let key_id: KeyId = key_id.parse()?;
        Ok(Signer {
            key: SigningKey::from_bytes(&[seed; 32]),
            party: Party {
                role,
                name: name.into(),
                organisation: organisation.map(Into::into),
                key_id: Some(key_id.clone()),
            },
            key_id,
        })
    }

    fn entry(&self, valid_from: Timestamp) -> KeyEntry {
        let holder = KeyHolder {
            name: self.party.name.clone(),
            role: self.party.role,
            organisation: self.party.organisation.clone(),
        };
        KeyEntry::new(
            self.key_id.clone(),
            holder,
            &self.key.verifying_key(),
            valid_from,
        )
    }
}

fn place(name: &str, postal_code: &str) -> Result<Place, Box<dyn Error>> {
    Ok(Place {
        name: name.into(),
        postal_code: Some(postal_code.parse()?),
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args_os()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join("hoso-evidence-000.00.01.H26-260115-0042.json")
        });

    let agency: AgencyCode = "000.00.01.H26".parse()?;

    let applicant = Signer::new(
        1,
        "citizen-binh",
        PartyRole::Applicant,
        "Trần Thị Bình",
        None,
    )?;
    // The same person, receiving the result, signs with the key registered to her as a recipient (a key
    // is bound to one role).
    let recipient = Signer::new(
        6,
        "recipient-binh",
        PartyRole::Recipient,
        "Trần Thị Bình",
        None,
    )?;
    let counter = Signer::new(
        2,
        "post-hk-an",
        PartyRole::PostalWorker,
        "Nguyễn Văn An",
        Some("Bưu điện Hoàn Kiếm"),
    )?;
    let hub = Signer::new(
        3,
        "post-hub-cuong",
        PartyRole::PostalWorker,
        "Lê Văn Cường",
        Some("Trung tâm khai thác Hà Nội"),
    )?;
    let courier = Signer::new(
        4,
        "post-courier-dung",
        PartyRole::PostalWorker,
        "Phạm Minh Dũng",
        Some("Bưu điện Hà Nội"),
    )?;
    let desk = Signer::new(
        5,
        "agency-desk-em",
        PartyRole::AgencyOfficer,
        "Hoàng Thị Em",
        Some(agency.as_str()),
    )?;

    let keys_from: Timestamp = "2025-07-01T00:00:00Z".parse()?;
    let registry = KeyRegistry::from_entries(
        [&applicant, &recipient, &counter, &hub, &courier, &desk].map(|s| s.entry(keys_from)),
    )?;

    let post_office = place("Bưu điện Hoàn Kiếm, 75 Đinh Tiên Hoàng", "11000")?;
    let sorting_centre = place("Trung tâm khai thác Hà Nội", "10000")?;
    let one_stop_desk = place("Bộ phận một cửa, Sở Xây dựng Hà Nội", "10000")?;
    let at = |p: &Place| Parties::new().at(p.clone());
    // Only the last 3 digits of the card shown at delivery and a commitment keyed with the dossier's salt,
    // which the post keeps with the dossier, outside the evidence, reach the records.
    let salt = DossierSalt::from_bytes([42; 32]);
    let result = vec![Item {
        name: "Giấy phép lái xe (thẻ PET)".into(),
        form: PaperForm::Original,
        count: 1,
        sha256: None,
    }];

    let events: Vec<Event> =
        serde_json::from_str(include_str!("../docs/schemas/evidence.sample.events.json"))?;
    let first = events.first().ok_or("no event")?;
    let mut dossier = Dossier::open(first.clone())?;
    let mut chain = ChainBuilder::new(dossier.code().clone());
    let signers = [&applicant, &recipient, &counter, &hub, &courier, &desk];
    let mut received_at: Vec<Timestamp> = Vec::new();
    let mut append = |draft: RecordDraft| -> Result<Sha256Digest, Box<dyn Error>> {
        // The registry's authority receives each record a few minutes after it is signed.
        received_at.push(draft.recorded_at + jiff::SignedDuration::from_mins(5));
        let key = |id: &KeyId| signers.iter().find(|s| &s.key_id == id).map(|s| &s.key);
        Ok(draft.sign_into(&mut chain, key)?)
    };
    let mut receipt = None;
    for event in &events[1..] {
        dossier.apply(event)?;
        let kind = event.kind.event_type();
        // What each event does not say: whose keys, and where, by name.
        let parties = match kind {
            // The applicant countersigns the sending slip (Decision 45/2016/QĐ-TTg Art 6(4)).
            EventType::CollectedAndSealed => at(&post_office).giver(applicant.key_id.clone()),
            EventType::DispatchedToAgency => at(&post_office).giver(counter.key_id.clone()),
            EventType::HandedToAgency => at(&one_stop_desk).taker(desk.key_id.clone()),
            EventType::ResultCollected => at(&one_stop_desk).giver(desk.key_id.clone()),
            EventType::DispatchedToRecipient => at(&sorting_centre).giver(courier.key_id.clone()),
            EventType::OutForDelivery => at(&post_office).giver(hub.key_id.clone()),
            EventType::Delivered => Parties::new().taker(recipient.key_id.clone()),
            _ => Parties::new(),
        };
        let drafter =
            RecordDrafter::new(&dossier, &registry, &salt).with_result_items(result.clone());
        if let Some(mut draft) = drafter.for_event(event, &parties)? {
            // The transfers into the hub and into the delivering office are signed by the taker alone.
            if matches!(draft.entry, CustodyEntry::PostalTransfer { .. }) {
                draft.signers.truncate(1);
            }
            let hash = append(draft)?;
            if kind == EventType::Delivered {
                receipt = Some(hash);
            }
        }
        if kind == EventType::DispatchedToAgency {
            // At the sorting centre the hub hands the dossier to the courier: no event of the dossier.
            let at = "2026-01-16T00:45:00Z".parse()?;
            let place = sorting_centre.clone();
            append(drafter.postal_transfer(at, place, &hub.key_id, &courier.key_id)?)?;
        }
    }
    // Two days later the handheld uploads the photo, position and signature image.
    let proof = DeliveryProof {
        captured_at: "2026-01-24T03:15:40Z".parse()?,
        photo_sha256: Some(Sha256Digest::of(b"delivery-photo.jpg")),
        position: Some(GeoPosition {
            lat_microdeg: 21_034_120,
            lon_microdeg: 105_852_310,
            accuracy_m: Some(8),
        }),
        signature_image_sha256: Some(Sha256Digest::of(b"signature.png")),
    };
    let drafter = RecordDrafter::new(&dossier, &registry, &salt);
    let receipt = receipt.ok_or("no delivery receipt")?;
    let at = "2026-01-26T08:00:00Z".parse()?;
    append(drafter.proof_of_delivery(at, post_office, receipt, &counter.key_id, proof)?)?;

    let records = chain.into_records();
    // The operator's registry authority vouches for the keys and attests the chain's length and head.
    let authority = SigningKey::from_bytes(&[100; 32]);
    let authority_id: KeyId = "vnpost-registry-2026".parse()?;
    let authority_name = "Tổng công ty Bưu điện Việt Nam";
    let signer = AuthoritySigner {
        name: authority_name,
        key_id: &authority_id,
        key: &authority,
    };
    let issued_at = "2026-01-27T00:00:00Z".parse()?;
    let code = dossier.code().clone();
    let evidence = EvidenceFile::issue(&registry, code, records, &received_at, signer, issued_at)?;
    evidence.write_to(&path)?;
    // What the relying party pins: the authority's key, published by the operator.
    let mut anchor = TrustAnchor::new(
        authority_id,
        authority_name,
        &authority.verifying_key(),
        "2026-01-01T00:00:00Z".parse()?,
    );
    anchor.valid_until = Some("2027-01-01T00:00:00Z".parse()?);
    let anchors_path = path.with_extension("anchors.json");
    std::fs::write(&anchors_path, TrustAnchors::new([anchor])?.to_json())?;
    println!("{}", path.display());
    println!("{}", anchors_path.display());
    Ok(())
}
