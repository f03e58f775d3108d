//! Core → wire: the port's notices as the police would send them.

use hoso_core::AgencyCode;
use hoso_core::DossierCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind, AgencyMessage, Notice, ProcessingUpdate};

use super::{envelope, opt_text, text, texts};
use crate::codec::inbound::{error, title_of};
use crate::wire::{
    Appointment, Bounded, Message, ResultDocumentType, StatusCode, Text, Version, v1, v2,
};

/// The fields of a status update before they are laid out in one version.
struct Status<'a> {
    code: StatusCode<'a>,
    reason: Option<Text<'a>>,
    reason_code: Option<Text<'a>>,
    legal_basis: Option<Text<'a>>,
    missing: Option<Bounded<Text<'a>, { crate::wire::MAX_DOCUMENTS }>>,
    supplement_due: Option<jiff::civil::Date>,
    new_appointment: Option<jiff::civil::Date>,
}

impl Status<'_> {
    fn new(code: StatusCode<'static>) -> Self {
        Status {
            code,
            reason: None,
            reason_code: None,
            legal_basis: None,
            missing: None,
            supplement_due: None,
            new_appointment: None,
        }
    }
}

fn document_type(agency: &AgencyCode, title: &str) -> Result<ResultDocumentType, AdapterError> {
    use ResultDocumentType::*;
    [Passport, IdCard, ResidenceConfirmation, DrivingLicence].into_iter().find(|t| title_of(*t) == title).ok_or_else(|| {
        error(
            agency,
            AdapterErrorKind::Unsupported,
            "$.payload.document.type",
            "the police issue passports, ID cards, residence confirmations and driver's licences only",
        )
    })
}

/// A notice as the police would send it.
pub(crate) fn notice<'a>(
    agency: &AgencyCode,
    m: &'a AgencyMessage,
    version: Version,
) -> Result<Message<'a>, AdapterError> {
    AdapterError::unless_own_agency(agency, &m.agency)?;
    let reference = opt_text(
        agency,
        m.reference.as_ref().map(|r| r.as_str()),
        "$.payload.policeReference",
    )?;
    // The paths of the fields version 2 renamed (`wire::v2`): an error names the field as written.
    let (officer_path, reason_path) = match version {
        Version::V1 => ("$.payload.officer", "$.payload.reason"),
        Version::V2 => ("$.payload.handledBy", "$.payload.status.reasonText"),
    };
    let officer = opt_text(agency, m.officer.as_deref(), officer_path)?;
    let dossier_code: DossierCode = m.dossier.clone();
    let status = |status: Status<'a>| -> Result<Message<'a>, AdapterError> {
        Ok(match version {
            Version::V1 => Message::V1(envelope(
                agency,
                &m.message_id,
                m.sent_at,
                v1::Payload::StatusUpdate(v1::StatusUpdate {
                    dossier_code: dossier_code.clone(),
                    police_reference: reference.clone(),
                    status: status.code,
                    reason: status.reason,
                    changed_at: m.sent_at,
                    officer: officer.clone(),
                    missing_documents: status.missing,
                    supplement_due_date: status.supplement_due,
                    legal_basis: status.legal_basis,
                    amount_due: None,
                    payment_due_date: None,
                    new_appointment_date: status.new_appointment,
                }),
            )?),
            _ => Message::V2(envelope(
                agency,
                &m.message_id,
                m.sent_at,
                v2::Payload::StatusUpdate(v2::StatusUpdate {
                    dossier_code: dossier_code.clone(),
                    police_reference: reference.clone(),
                    status: v2::Status {
                        code: status.code,
                        reason_code: status.reason_code,
                        reason_text: status.reason,
                    },
                    occurred_at: m.sent_at,
                    handled_by: officer.clone(),
                    missing_documents: status.missing,
                    supplement_due_date: status.supplement_due,
                    legal_basis: status.legal_basis,
                    payment: None,
                    new_appointment: status
                        .new_appointment
                        .map(|date| Appointment { date, place: None }),
                }),
            )?),
        })
    };
    match &m.notice {
        Notice::Accepted {
            appointment,
            received_at,
        } => {
            let police_reference = reference.clone().ok_or_else(|| {
                error(
                    agency,
                    AdapterErrorKind::Unsupported,
                    "$.payload.policeReference",
                    "a dossier receipt needs the police's reference",
                )
            })?;
            let appointment = Appointment {
                date: *appointment,
                place: None,
            };
            Ok(match version {
                Version::V1 => Message::V1(envelope(
                    agency,
                    &m.message_id,
                    m.sent_at,
                    v1::Payload::DossierReceipt(v1::DossierReceipt {
                        dossier_code,
                        police_reference,
                        received_at: *received_at,
                        appointment,
                        officer,
                    }),
                )?),
                _ => Message::V2(envelope(
                    agency,
                    &m.message_id,
                    m.sent_at,
                    v2::Payload::DossierReceipt(v2::DossierReceipt {
                        dossier_code,
                        police_reference,
                        received_at: *received_at,
                        appointment,
                        handled_by: officer,
                    }),
                )?),
            })
        }
        Notice::Refused {
            reason,
            reason_code,
            legal_basis,
        } => status(Status {
            reason: Some(text(agency, reason, reason_path)?),
            reason_code: opt_text(
                agency,
                reason_code.as_deref(),
                "$.payload.status.reasonCode",
            )?,
            legal_basis: opt_text(agency, legal_basis.as_deref(), "$.payload.legalBasis")?,
            ..Status::new(StatusCode::Rejected)
        }),
        Notice::SupplementRequested {
            reason,
            missing,
            due,
        } => status(Status {
            reason: if reason.is_empty() {
                None
            } else {
                Some(text(agency, reason, reason_path)?)
            },
            missing: Some(texts(agency, missing, "$.payload.missingDocuments")?),
            supplement_due: *due,
            ..Status::new(StatusCode::SupplementRequired)
        }),
        Notice::Processing { update, note } => {
            let reason = opt_text(agency, note.as_deref(), reason_path)?;
            let (code, new_appointment) = match update {
                ProcessingUpdate::Started => (StatusCode::Processing, None),
                ProcessingUpdate::Extended { new_appointment } => {
                    (StatusCode::Delayed, Some(*new_appointment))
                }
                ProcessingUpdate::Stopped => (StatusCode::Suspended, None),
                _ => {
                    return Err(error(
                        agency,
                        AdapterErrorKind::Unsupported,
                        "$.payload.status",
                        "a processing step the police format lacks",
                    ));
                }
            };
            status(Status {
                reason,
                new_appointment,
                ..Status::new(code)
            })
        }
        Notice::ResultReady { document } => {
            let document_type = document_type(agency, &document.title)?;
            let number = text(agency, &document.number, "$.payload.document.number")?;
            let classes = texts(agency, &document.categories, "$.payload.document.classes")?;
            Ok(match version {
                Version::V1 => Message::V1(envelope(
                    agency,
                    &m.message_id,
                    m.sent_at,
                    v1::Payload::ResultReady(v1::ResultReady {
                        dossier_code,
                        police_reference: reference,
                        document: v1::ResultDocument {
                            document_type,
                            number,
                            classes,
                            issued_on: document.issued_on,
                        },
                        officer,
                    }),
                )?),
                _ => Message::V2(envelope(
                    agency,
                    &m.message_id,
                    m.sent_at,
                    v2::Payload::ResultReady(v2::ResultReady {
                        dossier_code,
                        police_reference: reference,
                        document: v2::ResultDocument {
                            document_type,
                            number,
                            classes,
                            issued_on: document.issued_on,
                            valid_until: document.valid_until,
                        },
                        collect_by: None,
                        handled_by: officer,
                    }),
                )?),
            })
        }
        Notice::ResultHandedToPost {
            tracking,
            items,
            handed_at,
            postal_worker,
            seal,
        } => {
            let seal_number = opt_text(agency, seal.as_deref(), "$.payload.sealNumber")?;
            Ok(match version {
                Version::V1 => Message::V1(envelope(
                    agency,
                    &m.message_id,
                    m.sent_at,
                    v1::Payload::ResultHandedToPost(v1::ResultHandedToPost {
                        dossier_code,
                        police_reference: reference,
                        tracking_number: tracking.clone(),
                        seal_number,
                        item_count: *items,
                        handed_at: *handed_at,
                        officer,
                    }),
                )?),
                _ => Message::V2(envelope(
                    agency,
                    &m.message_id,
                    m.sent_at,
                    v2::Payload::ResultHandedToPost(v2::ResultHandedToPost {
                        dossier_code,
                        police_reference: reference,
                        tracking_number: tracking.clone(),
                        seal_number,
                        item_count: *items,
                        handed_at: *handed_at,
                        post_office: None,
                        postal_worker: opt_text(
                            agency,
                            postal_worker.as_deref(),
                            "$.payload.postalWorker",
                        )?,
                        handled_by: officer,
                    }),
                )?),
            })
        }
        _ => Err(error(
            agency,
            AdapterErrorKind::Unsupported,
            "$.messageType",
            "a notice the police format lacks",
        )),
    }
}
