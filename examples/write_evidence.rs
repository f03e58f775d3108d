//! Writes the custody evidence file of one dossier: a driver's licence renewal filed at a post office in
//! Hà Nội, carried to the one-stop desk, and the new licence delivered to the applicant's door, with the
//! proof of delivery uploaded two days later.
//!
//! ```text
//! cargo run --example write_evidence [-- FILE]     # also writes FILE.anchors.json beside it
//! cargo run --example verify_evidence -- --anchors ANCHORS FILE
//! ```
//!
//! Keys come from fixed seeds so that the file is the same on every run. Real keys come from a CSPRNG
//! (`SigningKey::generate`) and live in the signing devices.

use hoso_core::custody::*;
use hoso_core::{AgencyCode, DossierCode, Vnd};
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

fn handover(giver: &Signer, taker: &Signer, items: &[Item], seal: &str) -> Handover {
    Handover {
        giver: giver.party.clone(),
        taker: taker.party.clone(),
        items: items.to_vec(),
        seal: Seal {
            id: seal.into(),
            condition: SealCondition::Intact,
        },
        change_reason: None,
    }
}

fn place(name: &str, postal_code: &str) -> Result<Place, Box<dyn Error>> {
    Ok(Place {
        name: name.into(),
        postal_code: Some(postal_code.parse()?),
    })
}

fn item(name: &str, form: PaperForm, sha256: Option<Sha256Digest>) -> Item {
    Item {
        name: name.into(),
        form,
        count: 1,
        sha256,
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args_os()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join("hoso-evidence-000.00.01.H26-260115-0042.json")
        });

    let dossier: DossierCode = "000.00.01.H26-260115-0042".parse()?;
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
    let home = place("Số 12 ngõ 5 Hàng Bạc, Hoàn Kiếm", "11000")?;

    let dossier_items = [
        item(
            "Đơn đề nghị đổi giấy phép lái xe",
            PaperForm::Original,
            None,
        ),
        item("Giấy khám sức khỏe", PaperForm::Original, None),
        item("Giấy phép lái xe cũ", PaperForm::Copy, None),
        item(
            "Ảnh chân dung (tệp)",
            PaperForm::Copy,
            Some(Sha256Digest::of(b"portrait.jpg")),
        ),
    ];
    let result_items = [item(
        "Giấy phép lái xe (thẻ PET)",
        PaperForm::Original,
        None,
    )];
    let (seal_in, seal_out) = ("HK-2026-000731", "SXD-2026-004410");

    let mut chain = ChainBuilder::new(dossier.clone());
    let sign = |s: &Signer| (s.key_id.clone(), s.key.clone());
    let mut received_at: Vec<Timestamp> = Vec::new();
    let mut append = |at: &str,
                      place: &Place,
                      entry: CustodyEntry,
                      signers: &[&Signer]|
     -> Result<Sha256Digest, Box<dyn Error>> {
        let signers: Vec<(KeyId, SigningKey)> = signers.iter().map(|s| sign(s)).collect();
        let refs: Vec<(&KeyId, &SigningKey)> = signers.iter().map(|(id, key)| (id, key)).collect();
        let at: Timestamp = at.parse()?;
        // The registry's authority receives each record a few minutes after it is signed.
        received_at.push(at + jiff::SignedDuration::from_mins(5));
        Ok(chain.append(at, place.clone(), entry, &refs)?)
    };

    // 1. Phiếu gửi hồ sơ at the counter (Decision 45/2016 Art 6), countersigned by the applicant.
    let contract = ServiceContract {
        tracking_number: "EA123456785VN".parse()?,
        service: ServiceForm::DossierAndResult,
        receiving_agency: agency.clone(),
        postal_charge: Vnd(25_000),
        fee_collected: Some(Vnd(135_000)),
    };
    let intake = CustodyEntry::IntakeSlip {
        handover: handover(&applicant, &counter, &dossier_items, seal_in),
        contract,
    };
    append(
        "2026-01-15T02:10:00Z",
        &post_office,
        intake,
        &[&counter, &applicant],
    )?;
    // 2-3. Counter → sorting centre → courier.
    append(
        "2026-01-15T09:30:00Z",
        &post_office,
        CustodyEntry::PostalTransfer {
            handover: handover(&counter, &hub, &dossier_items, seal_in),
        },
        &[&hub],
    )?;
    append(
        "2026-01-16T00:45:00Z",
        &sorting_centre,
        CustodyEntry::PostalTransfer {
            handover: handover(&hub, &courier, &dossier_items, seal_in),
        },
        &[&courier, &hub],
    )?;
    // 4. Biên bản giao nhận hồ sơ at the one-stop desk (Art 7): the legal filing time.
    let at_agency = CustodyEntry::AgencyHandover {
        handover: handover(&courier, &desk, &dossier_items, seal_in),
        agency: agency.clone(),
    };
    append(
        "2026-01-16T02:20:00Z",
        &one_stop_desk,
        at_agency,
        &[&desk, &courier],
    )?;
    // 5. The result, counted and sealed in front of the agency (Art 9).
    let result = CustodyEntry::ResultReturnSlip {
        handover: handover(&desk, &courier, &result_items, seal_out),
        agency,
        tracking_number: Some("EA123456799VN".parse()?),
    };
    append(
        "2026-01-23T07:00:00Z",
        &one_stop_desk,
        result,
        &[&courier, &desk],
    )?;
    // 6-7. Courier → sorting centre → delivering post office.
    append(
        "2026-01-23T10:00:00Z",
        &sorting_centre,
        CustodyEntry::PostalTransfer {
            handover: handover(&courier, &hub, &result_items, seal_out),
        },
        &[&hub],
    )?;
    append(
        "2026-01-24T01:00:00Z",
        &post_office,
        CustodyEntry::PostalTransfer {
            handover: handover(&hub, &counter, &result_items, seal_out),
        },
        &[&counter],
    )?;
    // 8. Delivery to the applicant, who shows her citizen ID card (Art 10).
    let delivery = CustodyEntry::DeliveryReceipt {
        handover: handover(&counter, &recipient, &result_items, seal_out),
        recipient: Recipient::Addressee {
            name: "Trần Thị Bình".into(),
            // Only the last 3 digits and a commitment keyed with the dossier's salt, which the post keeps
            // with the dossier, outside the evidence.
            id_document: IdDocument::commit(
                IdDocumentKind::CitizenIdCard,
                &"001190004567".parse()?,
                &DossierSalt::from_bytes([42; 32]),
            )?,
        },
    };
    let receipt_hash = append(
        "2026-01-24T03:15:00Z",
        &home,
        delivery,
        &[&recipient, &counter],
    )?;
    // Two days later the handheld uploads the photo, position and signature image.
    let proof = CustodyEntry::ProofOfDelivery {
        receipt_hash,
        submitted_by: counter.party.clone(),
        proof: DeliveryProof {
            captured_at: "2026-01-24T03:15:40Z".parse()?,
            photo_sha256: Some(Sha256Digest::of(b"delivery-photo.jpg")),
            position: Some(GeoPosition {
                lat_microdeg: 21_034_120,
                lon_microdeg: 105_852_310,
                accuracy_m: Some(8),
            }),
            signature_image_sha256: Some(Sha256Digest::of(b"signature.png")),
        },
    };
    append("2026-01-26T08:00:00Z", &post_office, proof, &[&counter])?;

    let records = chain.into_records();
    // The operator's registry authority vouches for the keys and attests the chain's length and head.
    let authority = SigningKey::from_bytes(&[100; 32]);
    let authority_id: KeyId = "vnpost-registry-2026".parse()?;
    let authority_name = "Tổng công ty Bưu điện Việt Nam";
    let snapshot = SignedRegistry::issue_for_chain(
        &registry,
        &dossier,
        &records,
        &received_at,
        AuthoritySigner {
            name: authority_name,
            key_id: &authority_id,
            key: &authority,
        },
        "2026-01-27T00:00:00Z".parse()?,
    )?;
    let evidence = EvidenceFile::new(dossier, snapshot, records);
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
