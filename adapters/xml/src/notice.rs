//! The notices every agency's format carries alike (acceptance, supplement request, refusal): their fields as
//! they are read, and what each notice requires of them.

use hoso_core::adapter::Notice;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::{Element, FormatVersion, MessageReader, XmlResult};

/// The fields of an acceptance, a supplement request or a refusal, as a decoder reads them (each once, with
/// [`MessageReader::set`]); the notice is made once the message is read.
#[derive(Debug, Default)]
pub struct NoticeFields {
    /// The appointment an acceptance sets.
    pub appointment: Option<Date>,
    /// When the agency registered the dossier, where the format says.
    pub received_at: Option<Timestamp>,
    /// The reason for a supplement request or a refusal.
    pub reason: Option<String>,
    /// The agency's code for a refusal's reason.
    pub reason_code: Option<String>,
    /// The legal basis of a refusal.
    pub legal_basis: Option<String>,
    /// The papers a supplement request asks for.
    pub missing: Option<Vec<String>>,
    /// The date by which the papers are due.
    pub due: Option<Date>,
}

impl NoticeFields {
    /// [`Notice::Accepted`]; the appointment, named `appointment` in the format, is required.
    ///
    /// # Errors
    /// `InvalidPayload` at `root` when the appointment is missing.
    pub fn accepted<V: FormatVersion>(
        self,
        m: &MessageReader<'_, V>,
        root: &Element<'_>,
        appointment: &str,
    ) -> XmlResult<Notice> {
        Ok(Notice::Accepted {
            appointment: self
                .appointment
                .ok_or_else(|| m.missing(root, appointment))?,
            received_at: self.received_at,
        })
    }

    /// [`Notice::SupplementRequested`]; the reason and the list of papers (named `reason` and `missing` in the
    /// format) are required, the list may be empty.
    ///
    /// # Errors
    /// `InvalidPayload` at `root` naming the first of them that is missing.
    pub fn supplement_requested<V: FormatVersion>(
        self,
        m: &MessageReader<'_, V>,
        root: &Element<'_>,
        reason: &str,
        missing: &str,
    ) -> XmlResult<Notice> {
        Ok(Notice::SupplementRequested {
            reason: self.reason.ok_or_else(|| m.missing(root, reason))?,
            missing: self.missing.ok_or_else(|| m.missing(root, missing))?,
            due: self.due,
        })
    }

    /// [`Notice::Refused`]; the reason (named `reason` in the format) is required.
    ///
    /// # Errors
    /// `InvalidPayload` at `root` when the reason is missing.
    pub fn refused<V: FormatVersion>(
        self,
        m: &MessageReader<'_, V>,
        root: &Element<'_>,
        reason: &str,
    ) -> XmlResult<Notice> {
        Ok(Notice::Refused {
            reason: self.reason.ok_or_else(|| m.missing(root, reason))?,
            reason_code: self.reason_code,
            legal_basis: self.legal_basis,
        })
    }
}
