//! The port's messages written in the office's format, in the codec's version: what the version cannot
//! carry is refused as `Unsupported`, never dropped.

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, Notice, OutboundMessage, ProcessingUpdate,
    SubmissionReceipt, SubmittedDocument,
};
use hoso_core::{AgencyCode, DossierCode};
use jiff::Timestamp;
use serde::Serialize;

use crate::wire::{self, Envelope, MessageType, Step, Text, Version};

/// `payload` in its envelope, as pretty JSON ending in a newline (the form of the samples).
fn write<P: Serialize>(
    (agency, version): (&AgencyCode, Version),
    message_type: MessageType,
    message_id: &str,
    sent_at: Timestamp,
    dossier: &DossierCode,
    payload: P,
) -> Result<Vec<u8>, AdapterError> {
    if !version.carries(message_type) {
        let message = format!(
            "version {} has no {message_type:?} message",
            version.number()
        );
        return Err(unsupported(agency, message));
    }
    let envelope = Envelope {
        version: version.number(),
        message_type,
        message_id: text(message_id),
        sent_at,
        dossier_code: dossier.clone(),
        payload,
    };
    hoso_json::write(agency, &envelope)
}

fn unsupported(agency: &AgencyCode, message: String) -> AdapterError {
    AdapterError::new(AdapterErrorKind::Unsupported, agency.clone(), message)
}

fn text(s: &str) -> Text {
    Text(s.to_owned())
}

fn optional(s: &Option<String>) -> Option<Text> {
    s.as_deref().map(text)
}

fn papers(documents: &[SubmittedDocument]) -> Vec<wire::Paper> {
    let paper = |d: &SubmittedDocument| wire::Paper {
        name: text(&d.name),
        originals: d.originals,
        copies: d.copies,
        pages: d.pages,
    };
    documents.iter().map(paper).collect()
}

pub(super) fn outbound(
    agency: &AgencyCode,
    version: Version,
    message: &OutboundMessage,
) -> Result<Vec<u8>, AdapterError> {
    let codec = (agency, version);
    let (id, dossier) = (message.message_id(), message.dossier());
    match message {
        OutboundMessage::Submission(m) => {
            let a = &m.applicant;
            let payload = wire::Application {
                procedure_code: m.procedure.clone(),
                applicant: wire::Applicant {
                    full_name: text(&a.name),
                    citizen_id: a.citizen_id.clone(),
                    phone: a.phone.clone(),
                    address: optional(&a.address),
                    email: optional(&a.email),
                },
                papers: papers(&m.documents),
                fee: m.fee,
                result_by_post: m.result_by_post,
            };
            write(
                codec,
                MessageType::Application,
                id,
                m.sent_at,
                dossier,
                payload,
            )
        }
        OutboundMessage::SupplementDelivered(m) => {
            let payload = wire::Supplement {
                receipt_number: m.reference.clone(),
                papers: papers(&m.documents),
            };
            write(
                codec,
                MessageType::Supplement,
                id,
                m.sent_at,
                dossier,
                payload,
            )
        }
        OutboundMessage::Withdrawal(m) => {
            let payload = wire::Withdrawal {
                receipt_number: m.reference.clone(),
                reason: text(&m.reason),
            };
            write(
                codec,
                MessageType::Withdrawal,
                id,
                m.sent_at,
                dossier,
                payload,
            )
        }
        other => {
            let message = format!("the office takes no {:?} message", other.kind());
            Err(unsupported(agency, message))
        }
    }
}

pub(super) fn receipt(
    agency: &AgencyCode,
    version: Version,
    receipt: &SubmissionReceipt,
) -> Result<Vec<u8>, AdapterError> {
    AdapterError::unless_own_agency(agency, &receipt.agency)?;
    let codec = (agency, version);
    let payload = wire::Receipt {
        receipt_number: receipt.reference.clone(),
    };
    let (key, at) = (&receipt.idempotency_key, receipt.received_at);
    write(
        codec,
        MessageType::Receipt,
        key,
        at,
        &receipt.dossier,
        payload,
    )
}

pub(super) fn notice(
    agency: &AgencyCode,
    version: Version,
    m: &AgencyMessage,
) -> Result<Vec<u8>, AdapterError> {
    AdapterError::unless_own_agency(agency, &m.agency)?;
    let codec = (agency, version);
    let (receipt_number, officer) = (m.reference.clone(), optional(&m.officer));
    macro_rules! write {
        ($message_type:expr, $payload:expr $(,)?) => {
            write(
                codec,
                $message_type,
                &m.message_id,
                m.sent_at,
                &m.dossier,
                $payload,
            )
        };
    }
    match &m.notice {
        Notice::Accepted {
            appointment,
            received_at,
        } => write!(
            MessageType::Accepted,
            wire::Accepted {
                receipt_number,
                officer,
                appointment_date: *appointment,
                received_at: *received_at,
            },
        ),
        Notice::SupplementRequested {
            reason,
            missing,
            due,
        } => write!(
            MessageType::SupplementRequested,
            wire::SupplementRequested {
                receipt_number,
                officer,
                reason: text(reason),
                missing_papers: missing.iter().map(|p| text(p)).collect(),
                due_date: *due,
            },
        ),
        Notice::Refused {
            reason,
            reason_code,
            legal_basis,
        } => write!(
            MessageType::Refused,
            wire::Refused {
                receipt_number,
                officer,
                reason: text(reason),
                reason_code: optional(reason_code),
                legal_basis: optional(legal_basis),
            },
        ),
        Notice::Processing { update, note } => {
            let (step, new_appointment_date) = match update {
                ProcessingUpdate::Started => (Step::Started, None),
                ProcessingUpdate::Extended { new_appointment } => {
                    (Step::Extended, Some(*new_appointment))
                }
                ProcessingUpdate::Stopped => (Step::Stopped, None),
                other => {
                    let message = format!("the office reports no processing step {other:?}");
                    return Err(unsupported(agency, message));
                }
            };
            let payload = wire::Processing {
                receipt_number,
                officer,
                step,
                new_appointment_date,
                note: optional(note),
            };
            write!(MessageType::Processing, payload)
        }
        Notice::ResultReady { document: d } => {
            let certificate = wire::Certificate {
                title: text(&d.title),
                number: text(&d.number),
                serial: optional(&d.serial),
                categories: d.categories.iter().map(|c| text(c)).collect(),
                issued_on: d.issued_on,
                valid_until: d.valid_until,
            };
            let payload = wire::ResultReady {
                receipt_number,
                officer,
                certificate,
            };
            write!(MessageType::ResultReady, payload)
        }
        Notice::ResultHandedToPost {
            tracking,
            items,
            handed_at,
            postal_worker,
            seal,
        } => write!(
            MessageType::ResultPosted,
            wire::ResultPosted {
                receipt_number,
                officer,
                tracking_number: tracking.clone(),
                items: *items,
                handed_at: *handed_at,
                postal_worker: optional(postal_worker),
                seal: optional(seal),
            },
        ),
        other => {
            let message = format!("the office sends no {:?} notice", other.kind());
            Err(unsupported(agency, message))
        }
    }
}
