//! The office's messages read into the port's: the version and type first, then the whole message once, as
//! the type it names, strictly (objects only, no unknown or repeated member), every error with its JSON path.

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, AgencyRef, Decoded, DossierSubmission,
    IssuedDocument, Location, Notice, OutboundMessage, ProcessingUpdate, SubmissionApplicant,
    SubmissionReceipt, SubmittedDocument, SupplementDelivery,
};
use hoso_core::{AgencyCode, DossierCode};
use jiff::Timestamp;
use serde::de::DeserializeOwned;

use crate::wire::{self, Envelope, MessageType, Probe, Step, Text, Version};

pub(super) fn any(agency: &AgencyCode, bytes: &[u8]) -> Result<Decoded, AdapterError> {
    let probe: Probe = hoso_json::read(agency, bytes)?;
    let unsupported = |message: String| {
        AdapterError::new(
            AdapterErrorKind::UnsupportedVersion,
            agency.clone(),
            message,
        )
        .with_location(Location::JsonPath("$.version".into()))
    };
    let version = Version::from_number(probe.version).ok_or_else(|| {
        unsupported(format!(
            "version {} (this codec reads 1 and 2)",
            probe.version
        ))
    })?;
    if !version.carries(probe.message_type) {
        let t = probe.message_type;
        return Err(unsupported(format!(
            "version {} has no {t:?} message",
            probe.version
        )));
    }
    match probe.message_type {
        MessageType::Application => message::<wire::Application>(agency, bytes),
        MessageType::Supplement => message::<wire::Supplement>(agency, bytes),
        MessageType::Withdrawal => message::<wire::Withdrawal>(agency, bytes),
        MessageType::Receipt => message::<wire::Receipt>(agency, bytes),
        MessageType::Accepted => message::<wire::Accepted>(agency, bytes),
        MessageType::SupplementRequested => message::<wire::SupplementRequested>(agency, bytes),
        MessageType::Refused => message::<wire::Refused>(agency, bytes),
        MessageType::Processing => message::<wire::Processing>(agency, bytes),
        MessageType::ResultReady => message::<wire::ResultReady>(agency, bytes),
        MessageType::ResultPosted => message::<wire::ResultPosted>(agency, bytes),
    }
}

fn message<P: DeserializeOwned + IntoPort>(
    agency: &AgencyCode,
    bytes: &[u8],
) -> Result<Decoded, AdapterError> {
    let e: Envelope<P> = hoso_json::read(agency, bytes)?;
    let head = Head {
        agency: agency.clone(),
        message_id: e.message_id.into(),
        sent_at: e.sent_at,
        dossier: e.dossier_code,
    };
    e.payload.into_port(head).map_err(|(path, message)| {
        AdapterError::new(AdapterErrorKind::InvalidPayload, agency.clone(), message)
            .with_location(Location::JsonPath(path.into()))
    })
}

/// What the envelope says of every message.
struct Head {
    agency: AgencyCode,
    message_id: String,
    sent_at: Timestamp,
    dossier: DossierCode,
}

impl Head {
    fn notice(
        self,
        reference: Option<AgencyRef>,
        officer: Option<Text>,
        notice: Notice,
    ) -> Decoded {
        Decoded::Notice(AgencyMessage {
            message_id: self.message_id,
            agency: self.agency,
            dossier: self.dossier,
            reference,
            sent_at: self.sent_at,
            officer: officer.map(String::from),
            notice,
        })
    }
}

/// A payload's meaning in the port's terms; a breach of a rule the types cannot carry is `(path, what)`.
trait IntoPort {
    fn into_port(self, head: Head) -> Result<Decoded, (&'static str, &'static str)>;
}

fn texts(texts: Vec<Text>) -> Vec<String> {
    texts.into_iter().map(String::from).collect()
}

fn papers(papers: Vec<wire::Paper>) -> Vec<SubmittedDocument> {
    let paper = |p: wire::Paper| SubmittedDocument {
        name: p.name.into(),
        originals: p.originals,
        copies: p.copies,
        pages: p.pages,
    };
    papers.into_iter().map(paper).collect()
}

impl IntoPort for wire::Application {
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        let a = self.applicant;
        Ok(Decoded::Outbound(OutboundMessage::Submission(
            DossierSubmission {
                message_id: h.message_id,
                sent_at: h.sent_at,
                dossier: h.dossier,
                procedure: self.procedure_code,
                applicant: SubmissionApplicant {
                    name: a.full_name.into(),
                    citizen_id: a.citizen_id,
                    phone: a.phone,
                    address: a.address.map(String::from),
                    email: a.email.map(String::from),
                },
                documents: papers(self.papers),
                fee: self.fee,
                result_by_post: self.result_by_post,
            },
        )))
    }
}

impl IntoPort for wire::Supplement {
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        Ok(Decoded::Outbound(OutboundMessage::SupplementDelivered(
            SupplementDelivery {
                message_id: h.message_id,
                sent_at: h.sent_at,
                dossier: h.dossier,
                reference: self.receipt_number,
                documents: papers(self.papers),
            },
        )))
    }
}

impl IntoPort for wire::Withdrawal {
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        Ok(Decoded::Outbound(OutboundMessage::Withdrawal(
            hoso_core::adapter::Withdrawal {
                message_id: h.message_id,
                sent_at: h.sent_at,
                dossier: h.dossier,
                reference: self.receipt_number,
                reason: self.reason.into(),
            },
        )))
    }
}

impl IntoPort for wire::Receipt {
    /// The envelope of a receipt carries the id of the message acknowledged and when it was registered.
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        Ok(Decoded::Receipt(SubmissionReceipt {
            agency: h.agency,
            dossier: h.dossier,
            reference: self.receipt_number,
            idempotency_key: h.message_id,
            received_at: h.sent_at,
        }))
    }
}

impl IntoPort for wire::Accepted {
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        let notice = Notice::Accepted {
            appointment: self.appointment_date,
            received_at: self.received_at,
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl IntoPort for wire::SupplementRequested {
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        let notice = Notice::SupplementRequested {
            reason: self.reason.into(),
            missing: texts(self.missing_papers),
            due: self.due_date,
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl IntoPort for wire::Refused {
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        let notice = Notice::Refused {
            reason: self.reason.into(),
            reason_code: self.reason_code.map(String::from),
            legal_basis: self.legal_basis.map(String::from),
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl IntoPort for wire::Processing {
    /// `newAppointmentDate` comes with the step `extended`, and only with it.
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        const AT: &str = "$.payload.newAppointmentDate";
        let update = match (self.step, self.new_appointment_date) {
            (Step::Extended, Some(new_appointment)) => {
                ProcessingUpdate::Extended { new_appointment }
            }
            (Step::Extended, None) => return Err((AT, "missing: an extension sets a new date")),
            (_, Some(_)) => return Err((AT, "only the step `extended` sets a new date")),
            (Step::Started, None) => ProcessingUpdate::Started,
            (Step::Stopped, None) => ProcessingUpdate::Stopped,
        };
        let notice = Notice::Processing {
            update,
            note: self.note.map(String::from),
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}

impl IntoPort for wire::ResultReady {
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        let c = self.certificate;
        let document = IssuedDocument {
            title: c.title.into(),
            number: c.number.into(),
            serial: c.serial.map(String::from),
            categories: texts(c.categories),
            issued_on: c.issued_on,
            valid_until: c.valid_until,
        };
        Ok(h.notice(
            self.receipt_number,
            self.officer,
            Notice::ResultReady { document },
        ))
    }
}

impl IntoPort for wire::ResultPosted {
    fn into_port(self, h: Head) -> Result<Decoded, (&'static str, &'static str)> {
        let notice = Notice::ResultHandedToPost {
            tracking: self.tracking_number,
            items: self.items,
            handed_at: self.handed_at,
            postal_worker: self.postal_worker.map(String::from),
            seal: self.seal.map(String::from),
        };
        Ok(h.notice(self.receipt_number, self.officer, notice))
    }
}
