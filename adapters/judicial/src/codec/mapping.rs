//! Each message type's payload mapped onto the port's message, both ways (`hoso_json::PortMapping`): the
//! payloads that mirror a port message member for member are declared with `hoso_json::mirror!`; what the
//! version cannot carry is refused as `Unsupported`, never dropped; a rule the wire types cannot carry is
//! `InvalidPayload` at its JSON path.

use hoso_core::adapter::{
    AdapterError, Decoded, DossierSubmission, IssuedDocument, Notice, NoticeKind, ProcessingUpdate,
    SubmissionApplicant, SubmittedDocument, SupplementDelivery,
};
use hoso_json::{Head, Mirror, PortKind, PortMapping, PortMessage};

use crate::wire::*;

hoso_json::mirror! {
    Paper = SubmittedDocument {
        mirror: name;
        copy: originals, copies, pages;
    }
}

hoso_json::mirror! {
    Certificate = IssuedDocument {
        mirror: title, number, serial, categories;
        copy: issued_on, valid_until;
    }
}

hoso_json::mirror! {
    Applicant = SubmissionApplicant {
        mirror: full_name: name, address, email;
        copy: citizen_id, phone;
    }
}

hoso_json::mirror! {
    Application = OutboundMessage::Submission(DossierSubmission) {
        mirror: applicant, papers: documents;
        copy: procedure_code: procedure, fee, result_by_post;
    }
}

hoso_json::mirror! {
    Supplement = OutboundMessage::SupplementDelivered(SupplementDelivery) {
        mirror: papers: documents;
        copy: receipt_number: reference;
    }
}

hoso_json::mirror! {
    Withdrawal = OutboundMessage::Withdrawal(hoso_core::adapter::Withdrawal) {
        mirror: reason;
        copy: receipt_number: reference;
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

hoso_json::mirror! {
    Accepted = Notice::Accepted {
        head: receipt_number, officer;
        copy: appointment_date: appointment, received_at;
    }
}

hoso_json::mirror! {
    SupplementRequested = Notice::SupplementRequested {
        head: receipt_number, officer;
        mirror: reason, missing_papers: missing;
        copy: due_date: due;
    }
}

hoso_json::mirror! {
    Refused = Notice::Refused {
        head: receipt_number, officer;
        mirror: reason, reason_code, legal_basis;
    }
}

impl PortMapping for Processing {
    const KIND: PortKind = PortKind::Notice(NoticeKind::Processing);

    /// A step the office does not report has no payload (`Unsupported`).
    fn from_port(message: PortMessage<'_>) -> Option<Self> {
        let (m, Notice::Processing { update, note }) = message.notice()? else {
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
        let (receipt_number, officer) = (m.reference.clone(), Mirror::wire(&m.officer));
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

hoso_json::mirror! {
    ResultReady = Notice::ResultReady {
        head: receipt_number, officer;
        mirror: certificate: document;
    }
}

hoso_json::mirror! {
    ResultPosted = Notice::ResultHandedToPost {
        head: receipt_number, officer;
        mirror: postal_worker, seal;
        copy: tracking_number: tracking, items, handed_at;
    }
}
