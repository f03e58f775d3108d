//! The payload of each message type, as the office names its members (the same in both versions).

use hoso_core::adapter::AgencyRef;
use hoso_core::contact::PhoneNumber;
use hoso_core::{CitizenId, ProcedureCode, TrackingNumber, Vnd};
use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use hoso_json::Text;

/// The applicant: the person the certificate is about.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Applicant {
    pub(crate) full_name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) citizen_id: Option<CitizenId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) phone: Option<PhoneNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) address: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<Text>,
}

/// A paper of the dossier, as on the sending slip.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Paper {
    pub(crate) name: Text,
    pub(crate) originals: u32,
    pub(crate) copies: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pages: Option<u32>,
}

/// `application`: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp, filed by post.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Application {
    pub(crate) procedure_code: ProcedureCode,
    pub(crate) applicant: Applicant,
    pub(crate) papers: Vec<Paper>,
    /// The fee collected at intake, in whole đồng.
    pub(crate) fee: Vnd,
    pub(crate) result_by_post: bool,
}

/// `supplement`: the papers the office asked for.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Supplement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) receipt_number: Option<AgencyRef>,
    pub(crate) papers: Vec<Paper>,
}

/// `withdrawal` (version 2): the applicant withdraws the application.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Withdrawal {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) receipt_number: Option<AgencyRef>,
    pub(crate) reason: Text,
}

/// `receipt`: the office registered a message; its number (số biên nhận) names the dossier from then on.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Receipt {
    pub(crate) receipt_number: AgencyRef,
}

/// `accepted`: Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Accepted {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) receipt_number: Option<AgencyRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) officer: Option<Text>,
    #[serde(deserialize_with = "hoso_core::time::rfc3339::date")]
    #[schemars(schema_with = "hoso_core::time::date_schema")]
    pub(crate) appointment_date: Date,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_timestamp"
    )]
    #[schemars(schema_with = "hoso_core::time::option_timestamp_schema")]
    pub(crate) received_at: Option<Timestamp>,
}

/// `supplementRequested`: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct SupplementRequested {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) receipt_number: Option<AgencyRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) officer: Option<Text>,
    pub(crate) reason: Text,
    pub(crate) missing_papers: Vec<Text>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub(crate) due_date: Option<Date>,
}

/// `refused`: Phiếu từ chối tiếp nhận giải quyết hồ sơ.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Refused {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) receipt_number: Option<AgencyRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) officer: Option<Text>,
    pub(crate) reason: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reason_code: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) legal_basis: Option<Text>,
}

/// The step a `processing` notice reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) enum Step {
    Started,
    /// Late: the office apologises and sets `newAppointmentDate`.
    Extended,
    Stopped,
}

/// `processing`: a step of processing.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Processing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) receipt_number: Option<AgencyRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) officer: Option<Text>,
    pub(crate) step: Step,
    /// Given with the step `extended`, and only with it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub(crate) new_appointment_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<Text>,
}

/// The certificate issued: Phiếu lý lịch tư pháp (số 1 or số 2, in `title`).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Certificate {
    pub(crate) title: Text,
    pub(crate) number: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) serial: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) categories: Vec<Text>,
    #[serde(deserialize_with = "hoso_core::time::rfc3339::date")]
    #[schemars(schema_with = "hoso_core::time::date_schema")]
    pub(crate) issued_on: Date,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub(crate) valid_until: Option<Date>,
}

/// `resultReady`: the certificate is signed and ready to be handed over.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ResultReady {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) receipt_number: Option<AgencyRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) officer: Option<Text>,
    pub(crate) certificate: Certificate,
}

/// `resultPosted`: the certificate was sealed and handed to the post (Decision 45/2016/QĐ-TTg Art 9).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ResultPosted {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) receipt_number: Option<AgencyRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) officer: Option<Text>,
    pub(crate) tracking_number: TrackingNumber,
    pub(crate) items: u32,
    #[serde(deserialize_with = "hoso_core::time::rfc3339::timestamp")]
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub(crate) handed_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) postal_worker: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) seal: Option<Text>,
}
