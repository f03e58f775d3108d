//! Wire → core: police messages to the port's normalised messages.

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind, AgencyRef, Location};

use crate::wire::{MessageType, ResultDocumentType, Text};

mod filing;
mod notice;

pub(crate) use filing::{outbound, receipt};
pub(crate) use notice::notice;

/// The document title the core carries for each result document type (and reads back when encoding).
pub(crate) fn title_of(document_type: ResultDocumentType) -> &'static str {
    match document_type {
        ResultDocumentType::Passport => "Hộ chiếu phổ thông",
        ResultDocumentType::IdCard => "Thẻ căn cước",
        ResultDocumentType::ResidenceConfirmation => "Xác nhận thông tin về cư trú",
        ResultDocumentType::DrivingLicence => "Giấy phép lái xe",
    }
}

pub(crate) fn error(
    agency: &AgencyCode,
    kind: AdapterErrorKind,
    path: &str,
    message: impl Into<String>,
) -> AdapterError {
    AdapterError::new(kind, agency.clone(), message)
        .with_location(Location::JsonPath(path.to_owned()))
}

fn wrong_direction(agency: &AgencyCode, message_type: MessageType, expected: &str) -> AdapterError {
    error(
        agency,
        AdapterErrorKind::InvalidPayload,
        "$.messageType",
        format!(
            "a `{}` message where {expected} was expected",
            message_type.as_str()
        ),
    )
}

fn reference(text: Option<&Text<'_>>) -> Option<AgencyRef> {
    text.map(|t| AgencyRef(t.as_str().to_owned()))
}

fn owned(text: Option<&Text<'_>>) -> Option<String> {
    text.map(|t| t.as_str().to_owned())
}
