//! Version 2 of the police format: renames some fields of version 1 and adds others.
//!
//! | v1 | v2 |
//! |---|---|
//! | `applicant.personalIdNumber` | `applicant.personalIdentificationNumber` |
//! | — | `applicant.email` |
//! | `documents[].name`, `originals`, `copies`, `pageCount` | `documents[].title`, `originalCount`, `copyCount`, `pages` |
//! | — | `documents[].sha256` |
//! | `resultDelivery` | `returnMethod` |
//! | `statusUpdate.status` (a code), `reason` | `status: { code, reasonCode, reasonText }` |
//! | `changedAt` | `occurredAt` |
//! | `officer` (every police message) | `handledBy` |
//! | `amountDue`, `paymentDueDate` | `payment: { amount, dueDate }` |
//! | `newAppointmentDate` | `newAppointment: { date, place }` |
//! | — | `resultReady.document.validUntil`, `resultReady.collectBy` |
//! | — | `resultHandedToPost.postOffice`, `resultHandedToPost.postalWorker` |

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::v1::{Acknowledgement, WithdrawalRequest};
use super::{
    Address, Appointment, Bounded, Fee, MAX_CLASSES, MAX_DOCUMENTS, MAX_FEES, MessageType,
    Procedure, ResultDocumentType, ReturnMethod, StatusCode, Text,
};
use hoso_core::contact::PhoneNumber;

use hoso_core::{CitizenId, DossierCode, PostalCode, TrackingNumber, Vnd};

/// The applicant (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Applicant<'a> {
    /// Full name.
    #[serde(borrow)]
    pub full_name: Text<'a>,
    /// Số định danh cá nhân: the 12-digit personal identification number (personal data: its `Debug`
    /// shows only the last 3 digits).
    #[serde(deserialize_with = "super::instant::identifier")]
    pub personal_identification_number: CitizenId,
    /// Phone number (personal data: its `Debug` is redacted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneNumber>,
    /// E-mail address.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Text<'a>>,
    /// Address.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address<'a>>,
}

/// One paper of the dossier (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Document<'a> {
    /// Its name (tên giấy tờ), as on the procedure's document list.
    #[serde(borrow)]
    pub title: Text<'a>,
    /// Originals (số bản chính).
    pub original_count: u32,
    /// Copies (số bản sao).
    pub copy_count: u32,
    /// Number of pages, when counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// SHA-256 of the file, 64 lowercase hex digits, when digital.
    #[serde(
        borrow,
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::text::option_sha256"
    )]
    #[schemars(schema_with = "sha256_schema")]
    pub sha256: Option<Text<'a>>,
}

fn sha256_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": ["string", "null"], "pattern": "^[0-9a-f]{64}$" })
}

/// `dossierSubmission` (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DossierSubmission<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The procedure and its version.
    pub procedure: Procedure,
    /// Who files it.
    #[serde(borrow)]
    pub applicant: Applicant<'a>,
    /// How the result goes back.
    pub return_method: ReturnMethod,
    /// Where the post delivers the result, when it does.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<Address<'a>>,
    /// The papers.
    #[serde(borrow)]
    pub documents: Bounded<Document<'a>, MAX_DOCUMENTS>,
    /// Fees collected by the post.
    #[serde(borrow, default)]
    pub fees: Bounded<Fee<'a>, MAX_FEES>,
    /// The S10 tracking number of the sealed dossier, when the post carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<TrackingNumber>,
}

/// `supplementSubmission` (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupplementSubmission<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The police's own reference for the dossier, once given.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub police_reference: Option<Text<'a>>,
    /// The papers added.
    #[serde(borrow)]
    pub documents: Bounded<Document<'a>, MAX_DOCUMENTS>,
    /// The S10 tracking number of the item carrying them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<TrackingNumber>,
}

/// The status of a v2 `statusUpdate`: a code with a coded and a worded reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Status<'a> {
    /// The status code (an open set).
    #[serde(borrow)]
    pub code: StatusCode<'a>,
    /// The police's reason code, e.g. `PHOTO_NOT_COMPLIANT`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<Text<'a>>,
    /// The reason in words (required for `rejected`, `suspended`, `delayed`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<Text<'a>>,
}

/// An amount to pay (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// In whole đồng.
    pub amount: Vnd,
    /// The deadline, if any.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub due_date: Option<Date>,
}

/// `statusUpdate` (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusUpdate<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The police's own reference for the dossier, once given.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub police_reference: Option<Text<'a>>,
    /// The new status and why.
    #[serde(borrow)]
    pub status: Status<'a>,
    /// When the status changed.
    #[serde(deserialize_with = "super::instant::deserialize")]
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub occurred_at: Timestamp,
    /// The officer who changed it (staff number).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub handled_by: Option<Text<'a>>,
    /// `supplementRequired`: the papers missing.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub missing_documents: Option<Bounded<Text<'a>, MAX_DOCUMENTS>>,
    /// `supplementRequired`: the date by which to supply them.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub supplement_due_date: Option<Date>,
    /// `rejected`: the legal basis quoted.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<Text<'a>>,
    /// `paymentRequired`, `paymentReceived`: the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<Payment>,
    /// `delayed`: the new appointment.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub new_appointment: Option<Appointment<'a>>,
}

/// The result document (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResultDocument<'a> {
    /// Passport, ID card, residence confirmation or driver's licence.
    #[serde(rename = "type")]
    pub document_type: ResultDocumentType,
    /// Its number.
    #[serde(borrow)]
    pub number: Text<'a>,
    /// Categories it covers: a driver's licence's classes (`A1`, `B`, `C1`, ...); absent for other documents.
    #[serde(borrow, default, skip_serializing_if = "Bounded::is_empty")]
    pub classes: Bounded<Text<'a>, MAX_CLASSES>,
    /// Date of issue.
    #[serde(deserialize_with = "hoso_core::time::rfc3339::date")]
    #[schemars(schema_with = "hoso_core::time::date_schema")]
    pub issued_on: Date,
    /// Last day of validity, when the document expires.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub valid_until: Option<Date>,
}

/// `resultReady` (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResultReady<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The police's own reference for the dossier, once given.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub police_reference: Option<Text<'a>>,
    /// The document issued.
    #[serde(borrow)]
    pub document: ResultDocument<'a>,
    /// The last day the post may collect it before it stays at the desk.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub collect_by: Option<Date>,
    /// The officer who signed it (staff number).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub handled_by: Option<Text<'a>>,
}

/// `resultHandedToPost` (v2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResultHandedToPost<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The police's own reference for the dossier, once given.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub police_reference: Option<Text<'a>>,
    /// The S10 tracking number of the return item.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub tracking_number: TrackingNumber,
    /// The seal's number, when the package was sealed with a numbered seal.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub seal_number: Option<Text<'a>>,
    /// How many papers were handed over.
    pub item_count: u32,
    /// When the return slip was signed.
    #[serde(deserialize_with = "super::instant::deserialize")]
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub handed_at: Timestamp,
    /// The postal code of the post office that took the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_office: Option<PostalCode>,
    /// The postal worker who took it (name or staff number).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub postal_worker: Option<Text<'a>>,
    /// The officer who signed it (staff number).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub handled_by: Option<Text<'a>>,
}

/// `dossierReceipt` (v2): as in v1, with `handledBy` for v1's `officer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DossierReceipt<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The police's own reference for the dossier, quoted in every later message.
    #[serde(borrow)]
    pub police_reference: Text<'a>,
    /// When the desk received it, if the police say.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::instant::deserialize_option"
    )]
    #[schemars(schema_with = "hoso_core::time::option_timestamp_schema")]
    pub received_at: Option<Timestamp>,
    /// When and where the result is due.
    #[serde(borrow)]
    pub appointment: Appointment<'a>,
    /// The officer who signed it (staff number).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub handled_by: Option<Text<'a>>,
}

/// A version 2 payload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is the message of the same name
pub enum Payload<'a> {
    DossierSubmission(DossierSubmission<'a>),
    SupplementSubmission(SupplementSubmission<'a>),
    WithdrawalRequest(WithdrawalRequest<'a>),
    DossierReceipt(DossierReceipt<'a>),
    StatusUpdate(StatusUpdate<'a>),
    ResultReady(ResultReady<'a>),
    ResultHandedToPost(ResultHandedToPost<'a>),
    Acknowledgement(Acknowledgement<'a>),
}

payload_enum!(Payload);
