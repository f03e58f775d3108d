//! The land registry's messages with everything they carry, beyond the port's normalised ones.

use hoso_core::adapter::{
    AgencyMessage, Decoded, DossierSubmission, OutboundMessage, SubmissionReceipt,
};

use super::{AdminUnits, Parcel};

/// What a land dossier carries beyond the port's [`DossierSubmission`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LandDetails {
    /// Mã quy trình: the office's workflow code.
    pub workflow: Option<String>,
    /// Where the land is.
    pub units: Option<AdminUnits>,
    /// The parcels.
    pub parcels: Vec<Parcel>,
}

/// A dossier submission with its land details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LandSubmission {
    /// What every agency's submission carries.
    pub submission: DossierSubmission,
    /// What only the land registry's carries.
    pub land: LandDetails,
}

/// A message of the land registry's format, with everything it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LandMessage {
    /// A dossier submission, with its parcels.
    Submission(LandSubmission),
    /// Another message to the office (supplement, withdrawal).
    Outbound(OutboundMessage),
    /// A message from the office; `notice_number` is the financial obligation notice's number (v2).
    Notice {
        /// The normalised message.
        message: AgencyMessage,
        /// Số thông báo: the number of a financial obligation notice, when given.
        notice_number: Option<String>,
    },
    /// The office's acknowledgement of a message.
    Receipt(SubmissionReceipt),
}

/// The port's view of a message: a submission keeps its core part; the land details and the notice number are
/// dropped.
impl From<LandMessage> for Decoded {
    fn from(message: LandMessage) -> Decoded {
        match message {
            LandMessage::Submission(s) => {
                Decoded::Outbound(OutboundMessage::Submission(s.submission))
            }
            LandMessage::Outbound(o) => Decoded::Outbound(o),
            LandMessage::Notice { message, .. } => Decoded::Notice(message),
            LandMessage::Receipt(r) => Decoded::Receipt(r),
        }
    }
}
