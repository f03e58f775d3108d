//! The records of the chain of custody: one per handover the rules name, plus late proof of delivery.
//!
//! | kind | Vietnamese name | rule | gives custody | takes custody |
//! |---|---|---|---|---|
//! | [`CustodyEntry::IntakeSlip`] | Phiếu gửi hồ sơ | Decision 45/2016/QĐ-TTg Art 6; contract fields Circular 17/2017/TT-BTTTT Art 9 | applicant | postal worker |
//! | [`CustodyEntry::PostalTransfer`] | giao nhận nội bộ bưu chính | (internal to the postal operator) | postal worker | postal worker |
//! | [`CustodyEntry::AgencyHandover`] | Biên bản giao nhận hồ sơ | Decision 45/2016 Art 7(3) | postal worker | agency one-stop desk |
//! | [`CustodyEntry::ResultReturnSlip`] | Phiếu gửi hồ sơ for the return (called the result return slip here) | Decision 45/2016 Art 9(2)–(3) | agency | postal worker |
//! | [`CustodyEntry::DeliveryReceipt`] | giao kết quả cho người nhận | Decision 45/2016 Art 10; ID check Circular 17/2017/TT-BTTTT Art 5(2)(d) | postal worker | recipient |
//! | [`CustodyEntry::ProofOfDelivery`] | bằng chứng phát | (carrier practice: photo, GPS, signature image) | — | — |

use super::bytes::{Sha256Digest, SignatureBytes};
use super::identity::IdDocument;
use super::keys::KeyId;
use crate::{AgencyCode, DossierCode, PostalCode, TrackingNumber, Vnd};
use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the record format this crate writes and reads.
///
/// Version 2 carries ID document numbers as a salted commitment and their last 3 characters, never whole.
pub const RECORD_SCHEMA_VERSION: u32 = 2;

/// One signed link of a dossier's chain of custody.
///
/// Its hash ([`CustodyRecord::hash`]) is SHA-256 over its RFC 8785 canonical bytes; the next record of
/// the same dossier carries that hash in `previous_hash`. The signatures cover the canonical bytes of the
/// record without its `signatures` member ([`CustodyRecord::signed_bytes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustodyRecord {
    /// Version of the record format ([`RECORD_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The dossier this record belongs to (mã hồ sơ).
    pub dossier_code: DossierCode,
    /// Position in the dossier's chain, from 1, without gaps.
    pub sequence: u32,
    /// Hash of the previous record of the dossier; absent on the first record only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_hash: Option<Sha256Digest>,
    /// When the record was signed: the moment custody passed (for the handover at the agency, the legal
    /// filing time). Keys are checked against this instant.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub recorded_at: Timestamp,
    /// Where the record was signed.
    pub place: Place,
    /// What happened: the handover, or the late proof of delivery.
    pub entry: CustodyEntry,
    /// Signatures over [`CustodyRecord::signed_bytes`]: the party taking custody first, the party handing
    /// over may countersign.
    pub signatures: Vec<RecordSignature>,
}

/// What a record records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum CustodyEntry {
    /// Phiếu gửi hồ sơ: the sending slip the applicant and the postal worker sign at intake, after checking
    /// the papers and sealing the dossier in front of the applicant (Decision 45/2016/QĐ-TTg Art 6). It is
    /// the service contract; its contract fields follow Circular 17/2017/TT-BTTTT Art 9.
    IntakeSlip {
        /// Applicant (gives) and postal worker (takes), items, seal.
        handover: Handover,
        /// The service contract the slip embodies.
        contract: ServiceContract,
    },
    /// A handover between postal workers or post offices on the way (counter → hub → courier).
    PostalTransfer {
        /// Postal worker (gives) and postal worker (takes), items, seal.
        handover: Handover,
    },
    /// Biên bản giao nhận hồ sơ: the handover record the postal worker and the agency's receiving officer
    /// draw up and both sign (Decision 45/2016/QĐ-TTg Art 7(3)). Its time is the legal filing time
    /// (Art 7(4)).
    AgencyHandover {
        /// Postal worker (gives) and agency officer (takes), items, seal.
        handover: Handover,
        /// The receiving agency.
        agency: AgencyCode,
    },
    /// The result return slip: the agency's representative and the postal worker count the result papers
    /// and draw up and both sign a sending slip (Phiếu gửi hồ sơ) for the return, listing the result and
    /// the originals; the postal worker seals the package in front of the agency's representative
    /// (Decision 45/2016/QĐ-TTg Art 9(1)(c), (2), (3)).
    ResultReturnSlip {
        /// Agency officer (gives) and postal worker (takes), result items, seal.
        handover: Handover,
        /// The agency returning the result.
        agency: AgencyCode,
        /// The postal item that carries the result, when it has its own tracking number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tracking_number: Option<TrackingNumber>,
    },
    /// Delivery of the result to the recipient, or to a person they authorised in writing, after checking
    /// an ID document (Decision 45/2016/QĐ-TTg Art 10(2)–(3); the ID check: Circular 17/2017/TT-BTTTT
    /// Art 5(2)(d)).
    DeliveryReceipt {
        /// Postal worker (gives) and recipient (takes), result items, seal.
        handover: Handover,
        /// Who received, and on which ID document (and authorisation).
        recipient: Recipient,
    },
    /// Proof of delivery that arrives after the delivery receipt (photo, position, signature image). It is
    /// its own record, appended to the chain, and refers to the receipt by hash, so the receipt stays as
    /// signed and the chain unbroken.
    ProofOfDelivery {
        /// Hash of the delivery receipt record this proof belongs to.
        receipt_hash: Sha256Digest,
        /// The party submitting the proof (the delivering postal worker); they sign the record.
        submitted_by: Party,
        /// The evidence.
        proof: DeliveryProof,
    },
}

impl CustodyEntry {
    /// The handover this entry records, if it is one.
    pub fn handover(&self) -> Option<&Handover> {
        match self {
            CustodyEntry::IntakeSlip { handover, .. }
            | CustodyEntry::PostalTransfer { handover }
            | CustodyEntry::AgencyHandover { handover, .. }
            | CustodyEntry::ResultReturnSlip { handover, .. }
            | CustodyEntry::DeliveryReceipt { handover, .. } => Some(handover),
            CustodyEntry::ProofOfDelivery { .. } => None,
        }
    }

    /// The handover this entry records, if it is one, to change (a record is changed before it is signed).
    pub fn handover_mut(&mut self) -> Option<&mut Handover> {
        match self {
            CustodyEntry::IntakeSlip { handover, .. }
            | CustodyEntry::PostalTransfer { handover }
            | CustodyEntry::AgencyHandover { handover, .. }
            | CustodyEntry::ResultReturnSlip { handover, .. }
            | CustodyEntry::DeliveryReceipt { handover, .. } => Some(handover),
            CustodyEntry::ProofOfDelivery { .. } => None,
        }
    }

    /// The kind's name as written in the `kind` member (`intake_slip`, ...).
    pub fn kind_name(&self) -> &'static str {
        match self {
            CustodyEntry::IntakeSlip { .. } => "intake_slip",
            CustodyEntry::PostalTransfer { .. } => "postal_transfer",
            CustodyEntry::AgencyHandover { .. } => "agency_handover",
            CustodyEntry::ResultReturnSlip { .. } => "result_return_slip",
            CustodyEntry::DeliveryReceipt { .. } => "delivery_receipt",
            CustodyEntry::ProofOfDelivery { .. } => "proof_of_delivery",
        }
    }

    /// The party who must sign: the one taking custody, or for a proof the one submitting it.
    pub fn required_signer(&self) -> &Party {
        match self {
            CustodyEntry::IntakeSlip { handover, .. }
            | CustodyEntry::PostalTransfer { handover }
            | CustodyEntry::AgencyHandover { handover, .. }
            | CustodyEntry::ResultReturnSlip { handover, .. }
            | CustodyEntry::DeliveryReceipt { handover, .. } => &handover.taker,
            CustodyEntry::ProofOfDelivery { submitted_by, .. } => submitted_by,
        }
    }

    /// The party who may countersign: the one handing over.
    pub fn countersigner(&self) -> Option<&Party> {
        self.handover().map(|h| &h.giver)
    }

    /// Whether the party handing over must countersign: on the handovers between organisations, which
    /// both the postal worker and the agency's officer sign: the handover record at the agency
    /// ("nhân viên bưu chính và người tiếp nhận hồ sơ lập và cùng ký Biên bản giao nhận hồ sơ", Decision
    /// 45/2016/QĐ-TTg Art 7(3)) and the sending slip of the result ("Đại diện của cơ quan có thẩm quyền và
    /// nhân viên bưu chính ... lập và cùng ký Phiếu gửi hồ sơ", Art 9(2)). A missing countersignature breaks
    /// the link.
    pub fn countersignature_required(&self) -> bool {
        matches!(
            self,
            CustodyEntry::AgencyHandover { .. } | CustodyEntry::ResultReturnSlip { .. }
        )
    }

    /// Whether this entry starts a leg of the trip (dossier leg, result leg): its items are not compared
    /// with those of the previous handover.
    pub fn starts_leg(&self) -> bool {
        matches!(
            self,
            CustodyEntry::IntakeSlip { .. } | CustodyEntry::ResultReturnSlip { .. }
        )
    }
}

/// One passing of custody: who gave, who took, what, under which seal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    /// The party handing over.
    pub giver: Party,
    /// The party taking custody; must sign the record.
    pub taker: Party,
    /// The papers and files handed over.
    pub items: Vec<Item>,
    /// The seal on the package and its condition as found.
    pub seal: Seal,
    /// Why the items or the seal differ from the previous handover of the same leg. Required when they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_reason: Option<String>,
}

/// A party to a handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The part they play.
    pub role: PartyRole,
    /// Full name.
    pub name: String,
    /// Organisation they act for (post office, agency), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Their key in the registry; required for the party that must sign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<KeyId>,
}

/// The part a party plays in a handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PartyRole {
    /// The citizen or organisation filing the dossier (người gửi / chủ hồ sơ).
    Applicant,
    /// A postal worker (nhân viên bưu chính).
    PostalWorker,
    /// An officer of the agency's one-stop desk (bộ phận một cửa).
    AgencyOfficer,
    /// The person receiving the result, or the person they authorised.
    Recipient,
}

/// Whether a paper is an original or a copy.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PaperForm {
    /// Bản chính.
    Original,
    /// Bản sao.
    Copy,
}

/// One item handed over: a paper (original or copies) or a digital file.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Name of the paper (e.g. "Tờ khai đề nghị cấp đổi giấy phép lái xe").
    pub name: String,
    /// Original or copy.
    pub form: PaperForm,
    /// Number of copies (or sheets) of it.
    pub count: u32,
    /// SHA-256 of the file, when the item is digital.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<Sha256Digest>,
}

/// The seal on a dossier or result package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// The seal's number.
    pub id: String,
    /// Its condition as the taking party found it.
    pub condition: SealCondition,
}

/// The condition of a seal at a handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum SealCondition {
    /// Unbroken.
    Intact,
    /// Broken or tampered with. A note saying what was found is required; a record without one breaks the
    /// chain.
    Damaged {
        /// What was found.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

/// Where a record was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Name of the place (post office, agency desk, the recipient's address).
    pub name: String,
    /// Its postal code, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<PostalCode>,
}

/// The service the intake slip contracts for (Circular 17/2017/TT-BTTTT Art 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceContract {
    /// The postal item's tracking number (UPU S10).
    pub tracking_number: TrackingNumber,
    /// Which legs the post carries.
    pub service: ServiceForm,
    /// The agency the dossier is carried to.
    pub receiving_agency: AgencyCode,
    /// The postal charge paid, in đồng.
    pub postal_charge: Vnd,
    /// The procedure fee collected on the agency's behalf (against a receipt), when the agency allows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_collected: Option<Vnd>,
}

/// The three forms of the service (Decision 45/2016/QĐ-TTg): dossier only, result only, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceForm {
    /// The post carries the dossier only.
    DossierOnly,
    /// The post returns the result only.
    ResultOnly,
    /// The post carries the dossier and returns the result.
    DossierAndResult,
}

/// Who received the result at delivery: the applicant or an authorised person (Decision 45/2016/QĐ-TTg
/// Art 10(2)), on an ID document (Circular 17/2017/TT-BTTTT Art 5(2)(d)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Recipient {
    /// The person the result is addressed to, identified by an ID document.
    Addressee {
        /// Full name.
        name: String,
        /// The ID document shown.
        id_document: IdDocument,
    },
    /// A person authorised in writing by the addressee.
    AuthorisedPerson {
        /// Full name of the authorised person.
        name: String,
        /// The ID document the authorised person showed.
        id_document: IdDocument,
        /// Reference of the written authorisation (giấy ủy quyền).
        authorisation_reference: String,
        /// Name of the addressee who authorised them.
        on_behalf_of: String,
    },
}

impl Recipient {
    /// The name of the person who received: the addressee, or the person they authorised.
    pub fn name(&self) -> &str {
        match self {
            Recipient::Addressee { name, .. } | Recipient::AuthorisedPerson { name, .. } => name,
        }
    }

    /// The ID document shown at delivery.
    pub fn id_document(&self) -> &IdDocument {
        match self {
            Recipient::Addressee { id_document, .. }
            | Recipient::AuthorisedPerson { id_document, .. } => id_document,
        }
    }
}

/// Proof-of-delivery evidence captured by the delivering postal worker's device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryProof {
    /// When the evidence was captured (at the delivery).
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub captured_at: Timestamp,
    /// SHA-256 of the delivery photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_sha256: Option<Sha256Digest>,
    /// Position of the device at delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<GeoPosition>,
    /// SHA-256 of the image of the recipient's handwritten signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_image_sha256: Option<Sha256Digest>,
}

/// A WGS 84 position in integer micro-degrees (the canonical form carries no floating-point numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeoPosition {
    /// Latitude × 10⁶ (−90 000 000 ..= 90 000 000).
    #[schemars(range(min = -90_000_000, max = 90_000_000))]
    pub lat_microdeg: i32,
    /// Longitude × 10⁶ (−180 000 000 ..= 180 000 000).
    #[schemars(range(min = -180_000_000, max = 180_000_000))]
    pub lon_microdeg: i32,
    /// Horizontal accuracy in metres, if the device reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy_m: Option<u32>,
}

/// A signature on a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordSignature {
    /// The signing key.
    pub key_id: KeyId,
    /// ed25519 signature over the record's canonical bytes without `signatures`.
    pub signature: SignatureBytes,
}
