//! The notices every agency's format carries alike (acceptance, supplement request, refusal): their element
//! names in one version, their fields as they are read, what each notice requires of them, and how they are
//! written.

use hoso_core::adapter::Notice;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::{Element, Envelope, FormatVersion, MessageReader, XmlResult, XmlWriter};

/// The element names of an acceptance, a supplement request and a refusal, in one version of a format. A name
/// that a version lacks is `None`.
#[derive(Debug, Clone, Copy)]
pub struct NoticeNames {
    /// The appointment an acceptance sets.
    pub appointment: &'static str,
    /// When the agency registered the dossier (in an acceptance).
    pub received_at: Option<&'static str>,
    /// The reason for a supplement request or a refusal.
    pub reason: &'static str,
    /// The attribute of the reason that carries a refusal's reason code.
    pub reason_code: Option<&'static str>,
    /// A refusal's legal basis.
    pub legal_basis: Option<&'static str>,
    /// The list of papers a supplement request asks for.
    pub missing_documents: &'static str,
    /// One paper of that list.
    pub missing_item: &'static str,
    /// The date by which the papers are due.
    pub supplement_due: Option<&'static str>,
}

impl NoticeNames {
    /// Whether `name` is one of these notices' elements.
    pub fn has(&self, name: &str) -> bool {
        [self.appointment, self.reason, self.missing_documents].contains(&name)
            || [self.received_at, self.legal_basis, self.supplement_due].contains(&Some(name))
    }
}

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
    /// [`Notice::Accepted`]; the appointment is required.
    ///
    /// # Errors
    /// `InvalidPayload` at `root` when the appointment is missing.
    pub fn accepted<V: FormatVersion>(
        self,
        m: &MessageReader<'_, V>,
        root: &Element<'_>,
        names: &NoticeNames,
    ) -> XmlResult<Notice> {
        Ok(Notice::Accepted {
            appointment: self
                .appointment
                .ok_or_else(|| m.missing(root, names.appointment))?,
            received_at: self.received_at,
        })
    }

    /// [`Notice::SupplementRequested`]; the reason and the list of papers are required, the list may be empty.
    ///
    /// # Errors
    /// `InvalidPayload` at `root` naming the first of them that is missing.
    pub fn supplement_requested<V: FormatVersion>(
        self,
        m: &MessageReader<'_, V>,
        root: &Element<'_>,
        names: &NoticeNames,
    ) -> XmlResult<Notice> {
        Ok(Notice::SupplementRequested {
            reason: self.reason.ok_or_else(|| m.missing(root, names.reason))?,
            missing: self
                .missing
                .ok_or_else(|| m.missing(root, names.missing_documents))?,
            due: self.due,
        })
    }

    /// [`Notice::Refused`]; the reason is required.
    ///
    /// # Errors
    /// `InvalidPayload` at `root` when the reason is missing.
    pub fn refused<V: FormatVersion>(
        self,
        m: &MessageReader<'_, V>,
        root: &Element<'_>,
        names: &NoticeNames,
    ) -> XmlResult<Notice> {
        Ok(Notice::Refused {
            reason: self.reason.ok_or_else(|| m.missing(root, names.reason))?,
            reason_code: self.reason_code,
            legal_basis: self.legal_basis,
        })
    }
}

impl<V: FormatVersion> Envelope<V> {
    /// Writes the fields of an acceptance, a supplement request or a refusal, and answers whether `notice` was
    /// one of them (for another notice it writes nothing). A field the version lacks is not written: the
    /// encoder refuses beforehand a notice that would lose one.
    pub fn write_common_notice(
        &self,
        w: &mut XmlWriter,
        names: &NoticeNames,
        notice: &Notice,
    ) -> bool {
        match notice {
            Notice::Accepted {
                appointment,
                received_at,
            } => {
                w.leaf(names.appointment, &[], &self.date_text(*appointment));
                if let (Some(name), Some(at)) = (names.received_at, received_at) {
                    w.leaf(name, &[], &self.date_time_text(*at));
                }
            }
            Notice::SupplementRequested {
                reason,
                missing,
                due,
            } => {
                w.leaf(names.reason, &[], reason);
                if missing.is_empty() {
                    w.leaf(names.missing_documents, &[], "");
                } else {
                    w.open(names.missing_documents, &[]);
                    for paper in missing {
                        w.leaf(names.missing_item, &[], paper);
                    }
                    w.close(names.missing_documents);
                }
                if let (Some(name), Some(due)) = (names.supplement_due, due) {
                    w.leaf(name, &[], &self.date_text(*due));
                }
            }
            Notice::Refused {
                reason,
                reason_code,
                legal_basis,
            } => {
                match (names.reason_code, reason_code) {
                    (Some(attribute), Some(code)) => {
                        w.leaf(names.reason, &[(attribute, code)], reason)
                    }
                    _ => w.leaf(names.reason, &[], reason),
                }
                if let (Some(name), Some(basis)) = (names.legal_basis, legal_basis) {
                    w.leaf(name, &[], basis);
                }
            }
            _ => return false,
        }
        true
    }
}
