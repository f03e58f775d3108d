//! Version 1 of the police format.

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    Address, Appointment, Bounded, Fee, MAX_CLASSES, MAX_DOCUMENTS, MAX_FEES, MessageType,
    Procedure, ResultDocumentType, ReturnMethod, StatusCode, Text,
};
use hoso_core::contact::PhoneNumber;

use hoso_core::{CitizenId, DossierCode, TrackingNumber, Vnd};

/// The applicant (v1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Applicant<'a> {
    /// Full name.
    #[serde(borrow)]
    pub full_name: Text<'a>,
    /// Số định danh cá nhân: the 12-digit personal identification number (personal data: its `Debug`
    /// shows only the last 3 digits).
    #[serde(deserialize_with = "super::instant::identifier")]
    pub personal_id_number: CitizenId,
    /// Phone number (personal data: its `Debug` is redacted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneNumber>,
    /// Address.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address<'a>>,
}

/// One paper of the dossier (v1), as listed on the sending slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Document<'a> {
    /// Its name (tên giấy tờ), as on the procedure's document list.
    #[serde(borrow)]
    pub name: Text<'a>,
    /// Originals (số bản chính).
    pub originals: u32,
    /// Copies (số bản sao).
    pub copies: u32,
    /// Number of pages, when counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_count: Option<u32>,
}

/// `dossierSubmission` (v1): a dossier the post carries to the police.
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
    pub result_delivery: ReturnMethod,
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

/// `supplementSubmission` (v1): the papers the police asked for.
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

/// `withdrawalRequest` (both versions): the applicant withdraws the dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalRequest<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The police's own reference for the dossier, once given.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub police_reference: Option<Text<'a>>,
    /// The applicant's reason.
    #[serde(borrow)]
    pub reason: Text<'a>,
}

/// `dossierReceipt` (both versions): the desk accepted the dossier (Giấy tiếp nhận hồ sơ và hẹn trả kết quả,
/// Circular 01/2018/TT-VPCP form 01).
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
    pub officer: Option<Text<'a>>,
}

/// `statusUpdate` (v1): the dossier's status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusUpdate<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The police's own reference for the dossier, once given.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub police_reference: Option<Text<'a>>,
    /// The new status (an open set of codes).
    #[serde(borrow)]
    pub status: StatusCode<'a>,
    /// Why, in words (required for `rejected`, `suspended`, `delayed`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text<'a>>,
    /// When the status changed.
    #[serde(deserialize_with = "super::instant::deserialize")]
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub changed_at: Timestamp,
    /// The officer who changed it (staff number).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<Text<'a>>,
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
    /// `paymentRequired`, `paymentReceived`: the amount in whole đồng.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_due: Option<Vnd>,
    /// `paymentRequired`: the payment deadline.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub payment_due_date: Option<Date>,
    /// `delayed`: the new appointment date.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub new_appointment_date: Option<Date>,
}

/// The result document (v1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResultDocument<'a> {
    /// Passport, ID card, residence confirmation or driver's licence.
    #[serde(rename = "type")]
    pub document_type: ResultDocumentType,
    /// Its number (passport number, card number, ...).
    #[serde(borrow)]
    pub number: Text<'a>,
    /// Categories it covers: a driver's licence's classes (`A1`, `B`, `C1`, ...); absent for other documents.
    #[serde(borrow, default, skip_serializing_if = "Bounded::is_empty")]
    pub classes: Bounded<Text<'a>, MAX_CLASSES>,
    /// Date of issue.
    #[serde(deserialize_with = "hoso_core::time::rfc3339::date")]
    #[schemars(schema_with = "hoso_core::time::date_schema")]
    pub issued_on: Date,
}

/// `resultReady` (v1): the result is ready.
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
    /// The officer who signed it (staff number).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<Text<'a>>,
}

/// `resultHandedToPost` (v1): the result was counted, sealed and handed to a postal worker (Decision
/// 45/2016/QĐ-TTg Art 9).
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
    /// The officer who signed it (staff number).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<Text<'a>>,
}

/// `acknowledgement` (both versions): the police's synchronous answer to a message the post sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Acknowledgement<'a> {
    /// Mã hồ sơ.
    #[serde(deserialize_with = "super::instant::identifier")]
    pub dossier_code: DossierCode,
    /// The police's own reference for the dossier.
    #[serde(borrow)]
    pub police_reference: Text<'a>,
    /// The `messageId` of the message acknowledged (its idempotency key).
    #[serde(borrow)]
    pub acknowledged_message_id: Text<'a>,
    /// When the police registered it.
    #[serde(deserialize_with = "super::instant::deserialize")]
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub received_at: Timestamp,
}

/// A version 1 payload.
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
