//! The notices every agency's format carries alike (acceptance, supplement request, refusal, processing update,
//! and the handover to the post, whose fields are in `handover.rs`): their element names in one version, their fields as they are read, what each notice requires of them, and how they are
//! written.

use hoso_core::adapter::{AdapterErrorKind, Notice, ProcessingUpdate};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::{
    Element, EncodeError, Envelope, FormatVersion, HandoverNames, MessageReader, XmlResult,
    XmlWriter,
};

/// The element names of the notices every format carries alike (acceptance, supplement request, refusal,
/// processing update, handover to the post), in one version of a format. A name that a version lacks is `None`.
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
    /// The names of a processing update.
    pub processing: ProcessingNames,
    /// The names of the notice that the result was handed to the post.
    pub handover: HandoverNames,
}

/// The element names and status codes of a processing update, in one version of a format.
#[derive(Debug, Clone, Copy)]
pub struct ProcessingNames {
    /// The element that carries the status code.
    pub status: &'static str,
    /// The code for "processing started".
    pub started: &'static str,
    /// The code for "extended to a new appointment".
    pub extended: &'static str,
    /// The code for "processing stopped".
    pub stopped: &'static str,
    /// The new appointment of an extension (given with that status only).
    pub new_appointment: &'static str,
    /// A free-text note.
    pub note: &'static str,
}

impl ProcessingNames {
    /// Whether `name` is one of a processing update's elements.
    pub fn has(&self, name: &str) -> bool {
        [self.status, self.new_appointment, self.note].contains(&name)
    }
}

/// A processing update's status as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Started,
    Extended,
    Stopped,
}

impl NoticeNames {
    /// The first field of `notice` (an acceptance, a supplement request, a refusal or a handover) that this
    /// version has no element for, if any: writing the notice in this version would lose it.
    ///
    /// ```
    /// # use hoso_xml::{HandoverNames, NoticeNames, ProcessingNames};
    /// # let processing = ProcessingNames { status: "S", started: "1", extended: "2", stopped: "3", new_appointment: "N", note: "G" };
    /// # let handover = HandoverNames { tracking: "T", items: "I", handed_at: "H", postal_worker: "W", seal: None };
    /// let v1 = NoticeNames { appointment: "NgayHen", received_at: None, reason: "LyDo", reason_code: None,
    ///     legal_basis: None, missing_documents: "DanhSach", missing_item: "GiayTo", supplement_due: None, processing,
    ///     handover };
    /// let refusal = hoso_core::adapter::Notice::Refused {
    ///     reason: "x".into(), reason_code: Some("R1".into()), legal_basis: None };
    /// assert_eq!(v1.cannot_carry(&refusal), Some("the reason code"));
    /// ```
    pub fn cannot_carry(&self, notice: &Notice) -> Option<&'static str> {
        match notice {
            Notice::Accepted {
                received_at: Some(_),
                ..
            } if self.received_at.is_none() => Some("the time of receipt"),
            Notice::SupplementRequested { due: Some(_), .. } if self.supplement_due.is_none() => {
                Some("the supplement deadline")
            }
            Notice::Refused {
                reason_code: Some(_),
                ..
            } if self.reason_code.is_none() => Some("the reason code"),
            Notice::Refused {
                legal_basis: Some(_),
                ..
            } if self.legal_basis.is_none() => Some("the legal basis"),
            _ => self.handover.cannot_carry(notice),
        }
    }

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
    /// A processing update's status, with the offset of its element (read by
    /// [`MessageReader::processing_field`]).
    pub(crate) status: Option<(Status, usize)>,
    /// The new appointment of an extension.
    pub new_appointment: Option<Date>,
    /// A processing update's note.
    pub note: Option<String>,
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

impl NoticeFields {
    /// [`Notice::Processing`]; the status is required, the new appointment is required with the extension
    /// status and refused with any other.
    ///
    /// # Errors
    /// `InvalidPayload` at `root` when the status is missing; at the status element when the new appointment
    /// is missing or out of place.
    pub fn processing<V: FormatVersion>(
        self,
        m: &MessageReader<'_, V>,
        root: &Element<'_>,
        names: &NoticeNames,
    ) -> XmlResult<Notice> {
        let p = &names.processing;
        let (status, at) = self.status.ok_or_else(|| m.missing(root, p.status))?;
        let refuse =
            |message: String| m.error_at_offset(at, AdapterErrorKind::InvalidPayload, message);
        let update = match (status, self.new_appointment) {
            (Status::Extended, Some(new_appointment)) => {
                ProcessingUpdate::Extended { new_appointment }
            }
            (Status::Extended, None) => {
                return Err(refuse(format!(
                    "status {} needs {}",
                    p.extended, p.new_appointment
                )));
            }
            (_, Some(_)) => {
                return Err(refuse(format!(
                    "{} is given only with status {}",
                    p.new_appointment, p.extended
                )));
            }
            (Status::Started, None) => ProcessingUpdate::Started,
            (Status::Stopped, None) => ProcessingUpdate::Stopped,
        };
        Ok(Notice::Processing {
            update,
            note: self.note,
        })
    }
}

impl<'a, V: FormatVersion> MessageReader<'a, V> {
    /// Reads `el`, one of a processing update's fields (status, new appointment, note), into `fields`.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` when it is none of them, appears twice, or does not read (a status code
    /// outside the three, a date off the format's pattern, blank text).
    pub fn processing_field(
        &mut self,
        el: &Element<'a>,
        names: &ProcessingNames,
        fields: &mut NoticeFields,
    ) -> XmlResult<()> {
        let name = el.local_name();
        if name == names.status {
            let codes = [
                (names.started, Status::Started),
                (names.extended, Status::Extended),
                (names.stopped, Status::Stopped),
            ];
            let v = self.choice(el, &codes)?;
            self.set(&mut fields.status, (v, el.offset()), el)
        } else if name == names.new_appointment {
            let v = self.date(el)?;
            self.set(&mut fields.new_appointment, v, el)
        } else if name == names.note {
            let v = self.string(el)?;
            self.set(&mut fields.note, v, el)
        } else {
            Err(self.unknown(el))
        }
    }
}

impl<V: FormatVersion> Envelope<V> {
    /// Ends a notice: the officer who signed it, where the message names one, then the root element; the
    /// document.
    ///
    /// # Errors
    /// As [`XmlWriter::finish`].
    pub fn end_notice(
        &self,
        mut w: XmlWriter,
        officer_name: &str,
        officer: Option<&str>,
        root: &str,
    ) -> Result<Vec<u8>, EncodeError> {
        if let Some(officer) = officer {
            w.leaf(officer_name, &[], officer);
        }
        w.close(root);
        Ok(w.finish()?)
    }

    /// Writes the fields of an acceptance, a supplement request, a refusal, a processing update or a handover to
    /// the post, and answers whether `notice` was one of them (for another notice it writes nothing). A field the version
    /// lacks is not written: the encoder refuses beforehand a notice that would lose one.
    ///
    /// # Errors
    /// A processing update the format has no status code for.
    pub fn write_common_notice(
        &self,
        w: &mut XmlWriter,
        names: &NoticeNames,
        notice: &Notice,
    ) -> Result<bool, EncodeError> {
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
                    w.empty(names.missing_documents, &[]);
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
            Notice::Processing { update, note } => {
                let p = &names.processing;
                let (code, new_appointment) = match update {
                    ProcessingUpdate::Started => (p.started, None),
                    ProcessingUpdate::Extended { new_appointment } => {
                        (p.extended, Some(*new_appointment))
                    }
                    ProcessingUpdate::Stopped => (p.stopped, None),
                    other => {
                        return Err(format!(
                            "processing update {other:?} has no form in this format"
                        )
                        .into());
                    }
                };
                w.leaf(p.status, &[], code);
                if let Some(date) = new_appointment {
                    w.leaf(p.new_appointment, &[], &self.date_text(date));
                }
                if let Some(note) = note {
                    w.leaf(p.note, &[], note);
                }
            }
            Notice::ResultHandedToPost { .. } => self.write_handover(w, &names.handover, notice),
            _ => return Ok(false),
        }
        Ok(true)
    }
}
