//! The messages exchanged with an agency, normalised: what every agency format is decoded into and encoded
//! from.
//!
//! [`AgencyMessage`] travels from the agency to `hoso` (acceptance, supplement request, refusal, processing
//! update, result ready, result handed to the post); [`OutboundMessage`] travels from `hoso` to the agency
//! (dossier submission, supplement delivered, withdrawal). Each agency codec maps its own wire format onto these
//! types; [`AgencyMessage::events`](crate::adapter::AgencyMessage) turns an agency message into core events.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::contact::PhoneNumber;
use crate::{AgencyCode, CitizenId, DossierCode, ProcedureCode, TrackingNumber, Vnd};

/// The agency's own reference for a dossier: its receipt number (số biên nhận), as the agency writes it.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct AgencyRef(pub String);

impl AgencyRef {
    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgencyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A message from an agency about one dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AgencyMessage {
    /// The agency's id of this message; the same message delivered twice has the same id (idempotency).
    pub message_id: String,
    /// The agency that sent it.
    pub agency: AgencyCode,
    /// The dossier it is about.
    pub dossier: DossierCode,
    /// The agency's own reference for the dossier, when it has given one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<AgencyRef>,
    /// When the agency sent it.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub sent_at: Timestamp,
    /// The officer who signed or sent it, as the agency names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// What the agency says.
    pub notice: Notice,
}

/// What an agency says about a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Notice {
    /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả: accepted, with the appointment date for the result
    /// (form 01 of Circular 01/2018/TT-VPCP and of Circular 03/2025/TT-VPCP).
    Accepted {
        /// The date the result is promised for (ngày hẹn trả), a civil date in Vietnam.
        #[schemars(schema_with = "crate::time::date_schema")]
        appointment: Date,
        /// When the one-stop desk received the dossier, if the agency says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(schema_with = "crate::time::option_timestamp_schema")]
        received_at: Option<Timestamp>,
    },
    /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: papers are missing (form 02 of Circular 01/2018/TT-VPCP and
    /// of Circular 03/2025/TT-VPCP).
    SupplementRequested {
        /// Why, in the agency's words.
        reason: String,
        /// The papers asked for.
        missing: Vec<String>,
        /// The date by which to supply them, if the agency sets one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(schema_with = "crate::time::option_date_schema")]
        due: Option<Date>,
    },
    /// Phiếu từ chối tiếp nhận giải quyết hồ sơ: refused (form 03 of Circular 01/2018/TT-VPCP and of
    /// Circular 03/2025/TT-VPCP).
    Refused {
        /// Why, in the agency's words.
        reason: String,
        /// The agency's code for the reason, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason_code: Option<String>,
        /// The legal basis quoted, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        legal_basis: Option<String>,
    },
    /// A step of processing.
    Processing {
        /// Which step.
        update: ProcessingUpdate,
        /// The agency's note, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Thông báo nộp tiền nghĩa vụ tài chính: the applicant must pay financial obligations (land-use levy,
    /// registration fee, personal income tax) before processing goes on (portal status 6; Decree 103/2024/NĐ-CP
    /// on land-use levy, Decree 10/2022/NĐ-CP on registration fees).
    FinancialObligation {
        /// The lines of the notice (each tax or fee with its amount).
        lines: Vec<ObligationLine>,
        /// The total to pay, in whole đồng: the sum of the lines.
        total: Vnd,
        /// The payment deadline, if the notice sets one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(schema_with = "crate::time::option_date_schema")]
        due: Option<Date>,
    },
    /// The agency confirms that the financial obligation was paid; processing resumes.
    ObligationPaid {
        /// The amount paid, in whole đồng.
        amount: Vnd,
        /// The number of the payment receipt (chứng từ nộp tiền), if the agency quotes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        receipt: Option<String>,
    },
    /// Processing finished: the result is ready to be handed over.
    ResultReady {
        /// The document issued.
        document: IssuedDocument,
    },
    /// The result was counted, sealed and handed to the post (Decision 45/2016/QĐ-TTg Art 9).
    ResultHandedToPost {
        /// The postal item that carries the result.
        tracking: TrackingNumber,
        /// How many papers were handed over.
        items: u32,
        /// When the return slip was signed.
        #[schemars(schema_with = "crate::time::timestamp_schema")]
        handed_at: Timestamp,
        /// The postal worker who took it, as the agency names them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        postal_worker: Option<String>,
        /// The id of the seal put on the package, if the agency records it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seal: Option<String>,
    },
}

impl Notice {
    /// The kind of notice, without its data.
    pub fn kind(&self) -> NoticeKind {
        match self {
            Notice::Accepted { .. } => NoticeKind::Accepted,
            Notice::SupplementRequested { .. } => NoticeKind::SupplementRequested,
            Notice::Refused { .. } => NoticeKind::Refused,
            Notice::Processing { .. } => NoticeKind::Processing,
            Notice::FinancialObligation { .. } => NoticeKind::FinancialObligation,
            Notice::ObligationPaid { .. } => NoticeKind::ObligationPaid,
            Notice::ResultReady { .. } => NoticeKind::ResultReady,
            Notice::ResultHandedToPost { .. } => NoticeKind::ResultHandedToPost,
        }
    }
}

/// The kinds of [`Notice`], for capabilities and checks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NoticeKind {
    /// [`Notice::Accepted`].
    Accepted,
    /// [`Notice::SupplementRequested`].
    SupplementRequested,
    /// [`Notice::Refused`].
    Refused,
    /// [`Notice::Processing`].
    Processing,
    /// [`Notice::FinancialObligation`].
    FinancialObligation,
    /// [`Notice::ObligationPaid`].
    ObligationPaid,
    /// [`Notice::ResultReady`].
    ResultReady,
    /// [`Notice::ResultHandedToPost`].
    ResultHandedToPost,
}

/// A step of processing reported by the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProcessingUpdate {
    /// Processing has started (portal status 4).
    Started,
    /// The apology and new date: the result will be late; a new appointment date (form 04: Phiếu xin lỗi và
    /// hẹn lại ngày trả kết quả, Circular 01/2018/TT-VPCP; Văn bản xin lỗi và đề nghị gia hạn thời gian giải
    /// quyết, Circular 03/2025/TT-VPCP).
    Extended {
        /// The new appointment date.
        #[schemars(schema_with = "crate::time::date_schema")]
        new_appointment: Date,
    },
    /// Processing stopped by the agency (portal status 8).
    Stopped,
}

/// One line of a financial obligation notice: a tax or fee and its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ObligationLine {
    /// The agency's code for the tax or fee (e.g. `LPTB` for the registration fee), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What it is, as the agency names it (e.g. `Lệ phí trước bạ`).
    pub name: String,
    /// The amount, in whole đồng.
    pub amount: Vnd,
}

/// A document the agency issued as the result of a procedure (a licence, a certificate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IssuedDocument {
    /// What it is, as the agency names it (e.g. `Giấy phép lái xe`).
    pub title: String,
    /// Its number.
    pub number: String,
    /// The serial number of the blank it is printed on, if the agency records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Categories it covers (e.g. licence classes `B`, `C1`); empty when the document has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Date of issue.
    #[schemars(schema_with = "crate::time::date_schema")]
    pub issued_on: Date,
    /// Last day of validity; `None` for a document without expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_date_schema")]
    pub valid_until: Option<Date>,
}

/// A message from `hoso` to an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum OutboundMessage {
    /// A dossier filed with the agency.
    Submission(DossierSubmission),
    /// Papers the agency asked for, delivered.
    SupplementDelivered(SupplementDelivery),
    /// The applicant withdraws the dossier (portal status 7).
    Withdrawal(Withdrawal),
}

impl OutboundMessage {
    /// The id of the message: its idempotency key when it is sent with
    /// [`AgencyAdapter::send`](super::AgencyAdapter::send).
    pub fn message_id(&self) -> &str {
        match self {
            OutboundMessage::Submission(m) => &m.message_id,
            OutboundMessage::SupplementDelivered(m) => &m.message_id,
            OutboundMessage::Withdrawal(m) => &m.message_id,
        }
    }

    /// The dossier it is about.
    pub fn dossier(&self) -> &DossierCode {
        match self {
            OutboundMessage::Submission(m) => &m.dossier,
            OutboundMessage::SupplementDelivered(m) => &m.dossier,
            OutboundMessage::Withdrawal(m) => &m.dossier,
        }
    }

    /// The kind of message, without its data.
    pub fn kind(&self) -> OutboundKind {
        match self {
            OutboundMessage::Submission(_) => OutboundKind::Submission,
            OutboundMessage::SupplementDelivered(_) => OutboundKind::SupplementDelivered,
            OutboundMessage::Withdrawal(_) => OutboundKind::Withdrawal,
        }
    }
}

/// The kinds of [`OutboundMessage`], for capabilities and checks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OutboundKind {
    /// [`OutboundMessage::Submission`].
    Submission,
    /// [`OutboundMessage::SupplementDelivered`].
    SupplementDelivered,
    /// [`OutboundMessage::Withdrawal`].
    Withdrawal,
}

/// A dossier as filed with an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DossierSubmission {
    /// The id of this message (the idempotency key, unless it is sent under another).
    pub message_id: String,
    /// When it was sent.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub sent_at: Timestamp,
    /// The dossier code (mã hồ sơ).
    pub dossier: DossierCode,
    /// The procedure (mã TTHC).
    pub procedure: ProcedureCode,
    /// Who files it.
    pub applicant: SubmissionApplicant,
    /// The papers in the sealed envelope.
    pub documents: Vec<SubmittedDocument>,
    /// The procedure fee collected at intake, in whole đồng.
    pub fee: Vnd,
    /// Whether the result goes back by post (hình thức trả kết quả 1) rather than at the desk (0).
    pub result_by_post: bool,
}

/// The applicant of a submission. Personal data: `Debug` shows the ID and phone numbers redacted (their own
/// types redact themselves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SubmissionApplicant {
    /// Full name.
    pub name: String,
    /// Personal identification number, when the applicant is a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen_id: Option<CitizenId>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneNumber>,
    /// Postal address, as one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A paper of a dossier, as listed on the sending slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SubmittedDocument {
    /// Its name (tên giấy tờ).
    pub name: String,
    /// Originals (số bản chính).
    pub originals: u32,
    /// Copies (số bản sao).
    pub copies: u32,
    /// Number of pages, when counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
}

/// Papers delivered after a supplement request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SupplementDelivery {
    /// The id of this message (the idempotency key, unless it is sent under another).
    pub message_id: String,
    /// When it was sent.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub sent_at: Timestamp,
    /// The dossier.
    pub dossier: DossierCode,
    /// The agency's reference, when it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<AgencyRef>,
    /// The papers delivered.
    pub documents: Vec<SubmittedDocument>,
}

/// A withdrawal of a dossier at the applicant's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Withdrawal {
    /// The id of this message (the idempotency key, unless it is sent under another).
    pub message_id: String,
    /// When it was sent.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub sent_at: Timestamp,
    /// The dossier.
    pub dossier: DossierCode,
    /// The agency's reference, when it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<AgencyRef>,
    /// The applicant's reason.
    pub reason: String,
}

/// The agency's answer to an outbound message.
///
/// A receipt has no message id or send time of its own: it is the answer to one request, and what identifies
/// it is the message it acknowledges. In a format whose every message has an envelope with an id and a send
/// time (the XML agencies'), the receipt's envelope carries the acknowledged message's id
/// ([`idempotency_key`](Self::idempotency_key)) and the instant the agency registered it
/// ([`received_at`](Self::received_at)); an encoder writes them there and a decoder reads them from there.
/// The conformance kit asks nothing more of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SubmissionReceipt {
    /// The agency.
    pub agency: AgencyCode,
    /// The dossier.
    pub dossier: DossierCode,
    /// The agency's reference for the dossier (its receipt number); poll with it.
    pub reference: AgencyRef,
    /// The idempotency key the message was sent with (empty when the agency's receipt carries none).
    pub idempotency_key: String,
    /// When the agency registered it, by its own clock.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub received_at: Timestamp,
}
