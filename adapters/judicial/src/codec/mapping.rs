//! Each message type's payload mapped onto the port's message, both ways (`hoso_json::PortMapping`): what
//! the version cannot carry is refused as `Unsupported`, never dropped; a rule the wire types cannot carry
//! is `InvalidPayload` at its JSON path.

use hoso_core::adapter::{
    AdapterError, AgencyRef, Decoded, DossierSubmission, IssuedDocument, Notice, NoticeKind,
    OutboundKind, OutboundMessage, ProcessingUpdate, SubmissionApplicant, SubmittedDocument,
    SupplementDelivery,
};
use hoso_json::{Head, Mirror, PortKind, PortMapping, PortMessage, Text};

use crate::wire::*;

impl Mirror<SubmittedDocument> for Paper {
    fn wire(d: &SubmittedDocument) -> Self {
        let (originals, copies, pages) = (d.originals, d.copies, d.pages);
        let name = Text::of(&d.name);
        Paper {
            name,
            originals,
            copies,
            pages,
        }
    }

    fn port(self) -> SubmittedDocument {
        let (originals, copies, pages) = (self.originals, self.copies, self.pages);
        let name = self.name.into();
        SubmittedDocument {
            name,
            originals,
            copies,
            pages,
        }
    }
}

impl Mirror<IssuedDocument> for Certificate {
    fn wire(d: &IssuedDocument) -> Self {
        let (title, number) = (Text::of(&d.title), Text::of(&d.number));
        let (serial, categories) = (Mirror::wire(&d.serial), Mirror::wire(&d.categories));
        let (issued_on, valid_until) = (d.issued_on, d.valid_until);
        Certificate {
            title,
            number,
            serial,
            categories,
            issued_on,
            valid_until,
        }
    }

    fn port(self) -> IssuedDocument {
        let (title, number) = (self.title.into(), self.number.into());
        let (serial, categories) = (self.serial.port(), self.categories.port());
        let (issued_on, valid_until) = (self.issued_on, self.valid_until);
        IssuedDocument {
            title,
            number,
            serial,
            categories,
            issued_on,
            valid_until,
        }
    }
}

impl PortMapping for Application {
    const KIND: PortKind = PortKind::Outbound(OutboundKind::Submission);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let OutboundMessage::Submission(m) = message.outbound()? else {
            return None;
        };
        let a = &m.applicant;
        let applicant = Applicant {
            full_name: Text::of(&a.name),
            citizen_id: a.citizen_id.clone(),
            phone: a.phone.clone(),
            address: Mirror::wire(&a.address),
            email: Mirror::wire(&a.email),
        };
        let (procedure_code, papers) = (m.procedure.clone(), Mirror::wire(&m.documents));
        let (fee, result_by_post) = (m.fee, m.result_by_post);
        Some(Application {
            procedure_code,
            applicant,
            papers,
            fee,
            result_by_post,
        })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        let a = self.applicant;
        let applicant = SubmissionApplicant {
            name: a.full_name.into(),
            citizen_id: a.citizen_id,
            phone: a.phone,
            address: a.address.port(),
            email: a.email.port(),
        };
        let (message_id, sent_at, dossier) = (h.message_id, h.sent_at, h.dossier);
        let (procedure, documents) = (self.procedure_code, self.papers.port());
        let (fee, result_by_post) = (self.fee, self.result_by_post);
        let m = DossierSubmission {
            message_id,
            sent_at,
            dossier,
            procedure,
            applicant,
            documents,
            fee,
            result_by_post,
        };
        Ok(Decoded::Outbound(OutboundMessage::Submission(m)))
    }
}

impl PortMapping for Supplement {
    const KIND: PortKind = PortKind::Outbound(OutboundKind::SupplementDelivered);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let OutboundMessage::SupplementDelivered(m) = message.outbound()? else {
            return None;
        };
        let (receipt_number, papers) = (m.reference.clone(), Mirror::wire(&m.documents));
        Some(Supplement {
            receipt_number,
            papers,
        })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        let (message_id, sent_at, dossier) = (h.message_id, h.sent_at, h.dossier);
        let (reference, documents) = (self.receipt_number, self.papers.port());
        let m = SupplementDelivery {
            message_id,
            sent_at,
            dossier,
            reference,
            documents,
        };
        Ok(Decoded::Outbound(OutboundMessage::SupplementDelivered(m)))
    }
}

impl PortMapping for Withdrawal {
    const KIND: PortKind = PortKind::Outbound(OutboundKind::Withdrawal);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let OutboundMessage::Withdrawal(m) = message.outbound()? else {
            return None;
        };
        let (receipt_number, reason) = (m.reference.clone(), Text::of(&m.reason));
        Some(Withdrawal {
            receipt_number,
            reason,
        })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        let (message_id, sent_at, dossier) = (h.message_id, h.sent_at, h.dossier);
        let (reference, reason) = (self.receipt_number, self.reason.into());
        let m = hoso_core::adapter::Withdrawal {
            message_id,
            sent_at,
            dossier,
            reference,
            reason,
        };
        Ok(Decoded::Outbound(OutboundMessage::Withdrawal(m)))
    }
}

impl PortMapping for Receipt {
    const KIND: PortKind = PortKind::Receipt;

    /// The envelope of a receipt carries the id of the message acknowledged and when it was registered.
    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let receipt_number = message.receipt()?.reference.clone();
        Some(Receipt { receipt_number })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        Ok(h.receipt(self.receipt_number))
    }
}

/// The notice, and the receipt number and officer every notice's payload begins with.
fn notice_head(message: PortMessage<'_>) -> Option<(&Notice, Option<AgencyRef>, Option<Text>)> {
    let (m, notice) = message.notice()?;
    Some((notice, m.reference.clone(), Mirror::wire(&m.officer)))
}

impl PortMapping for Accepted {
    const KIND: PortKind = PortKind::Notice(NoticeKind::Accepted);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let (notice, receipt_number, officer) = notice_head(message)?;
        let Notice::Accepted {
            appointment,
            received_at,
        } = notice
        else {
            return None;
        };
        let (appointment_date, received_at) = (*appointment, *received_at);
        Some(Accepted {
            receipt_number,
            officer,
            appointment_date,
            received_at,
        })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        let (appointment, received_at) = (self.appointment_date, self.received_at);
        let notice = Notice::Accepted {
            appointment,
            received_at,
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl PortMapping for SupplementRequested {
    const KIND: PortKind = PortKind::Notice(NoticeKind::SupplementRequested);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let (notice, receipt_number, officer) = notice_head(message)?;
        let Notice::SupplementRequested {
            reason,
            missing,
            due,
        } = notice
        else {
            return None;
        };
        let (reason, missing_papers) = (Text::of(reason), Mirror::wire(missing));
        let due_date = *due;
        Some(SupplementRequested {
            receipt_number,
            officer,
            reason,
            missing_papers,
            due_date,
        })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        let (reason, missing, due) = (
            self.reason.into(),
            self.missing_papers.port(),
            self.due_date,
        );
        let notice = Notice::SupplementRequested {
            reason,
            missing,
            due,
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl PortMapping for Refused {
    const KIND: PortKind = PortKind::Notice(NoticeKind::Refused);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let (notice, receipt_number, officer) = notice_head(message)?;
        let Notice::Refused {
            reason,
            reason_code,
            legal_basis,
        } = notice
        else {
            return None;
        };
        let reason = Text::of(reason);
        let (reason_code, legal_basis) = (Mirror::wire(reason_code), Mirror::wire(legal_basis));
        Some(Refused {
            receipt_number,
            officer,
            reason,
            reason_code,
            legal_basis,
        })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        let reason = self.reason.into();
        let (reason_code, legal_basis) = (self.reason_code.port(), self.legal_basis.port());
        let notice = Notice::Refused {
            reason,
            reason_code,
            legal_basis,
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl PortMapping for Processing {
    const KIND: PortKind = PortKind::Notice(NoticeKind::Processing);

    /// A step the office does not report has no payload (`Unsupported`).
    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let (notice, receipt_number, officer) = notice_head(message)?;
        let Notice::Processing { update, note } = notice else {
            return None;
        };
        let (step, new_appointment_date) = match update {
            ProcessingUpdate::Started => (Step::Started, None),
            ProcessingUpdate::Extended { new_appointment } => {
                (Step::Extended, Some(*new_appointment))
            }
            ProcessingUpdate::Stopped => (Step::Stopped, None),
            _ => return None,
        };
        let note = Mirror::wire(note);
        Some(Processing {
            receipt_number,
            officer,
            step,
            new_appointment_date,
            note,
        })
    }

    /// `newAppointmentDate` comes with the step `extended`, and only with it.
    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        const AT: &str = "$.payload.newAppointmentDate";
        let update = match (self.step, self.new_appointment_date) {
            (Step::Extended, Some(new_appointment)) => {
                ProcessingUpdate::Extended { new_appointment }
            }
            (Step::Extended, None) => {
                return Err(h.invalid(AT, "missing: an extension sets a new date"));
            }
            (_, Some(_)) => return Err(h.invalid(AT, "only the step `extended` sets a new date")),
            (Step::Started, None) => ProcessingUpdate::Started,
            (Step::Stopped, None) => ProcessingUpdate::Stopped,
        };
        let notice = Notice::Processing {
            update,
            note: self.note.port(),
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl PortMapping for ResultReady {
    const KIND: PortKind = PortKind::Notice(NoticeKind::ResultReady);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let (notice, receipt_number, officer) = notice_head(message)?;
        let Notice::ResultReady { document } = notice else {
            return None;
        };
        let certificate = Mirror::wire(document);
        Some(ResultReady {
            receipt_number,
            officer,
            certificate,
        })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        let notice = Notice::ResultReady {
            document: self.certificate.port(),
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl PortMapping for ResultPosted {
    const KIND: PortKind = PortKind::Notice(NoticeKind::ResultHandedToPost);

    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let (notice, receipt_number, officer) = notice_head(message)?;
        let Notice::ResultHandedToPost {
            tracking,
            items,
            handed_at,
            postal_worker,
            seal,
        } = notice
        else {
            return None;
        };
        let (tracking_number, items, handed_at) = (tracking.clone(), *items, *handed_at);
        let (postal_worker, seal) = (Mirror::wire(postal_worker), Mirror::wire(seal));
        Some(ResultPosted {
            receipt_number,
            officer,
            tracking_number,
            items,
            handed_at,
            postal_worker,
            seal,
        })
    }

    fn into_port(self, h: Head) -> Result<Decoded, AdapterError> {
        let (tracking, items, handed_at) = (self.tracking_number, self.items, self.handed_at);
        let (postal_worker, seal) = (self.postal_worker.port(), self.seal.port());
        let notice = Notice::ResultHandedToPost {
            tracking,
            items,
            handed_at,
            postal_worker,
            seal,
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}
