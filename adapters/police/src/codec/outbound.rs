//! Core → wire: the port's normalised messages in the police format, borrowing their text.

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, Notice, OutboundMessage, ProcessingUpdate,
    SubmissionReceipt, SubmittedDocument,
};
use hoso_core::{DossierCode, Vnd};

use super::inbound::{error, title_of};
use crate::wire::{
    Address, Appointment, Bounded, Envelope, Fee, FeeKind, Message, Procedure, ResultDocumentType,
    ReturnMethod, SchemaVersion, StatusCode, Text, v1, v2,
};

fn text<'a>(agency: &AgencyCode, value: &'a str, path: &str) -> Result<Text<'a>, AdapterError> {
    Text::new(value).ok_or_else(|| {
        error(
            agency,
            AdapterErrorKind::LimitExceeded,
            path,
            "text too long for the police format",
        )
    })
}

fn opt_text<'a>(
    agency: &AgencyCode,
    value: Option<&'a str>,
    path: &str,
) -> Result<Option<Text<'a>>, AdapterError> {
    value.map(|v| text(agency, v, path)).transpose()
}

fn bounded<T, const N: usize>(
    agency: &AgencyCode,
    items: Vec<T>,
    path: &str,
) -> Result<Bounded<T, N>, AdapterError> {
    let len = items.len();
    Bounded::new(items).ok_or_else(|| {
        error(
            agency,
            AdapterErrorKind::LimitExceeded,
            path,
            format!("{len} items, over the police format's limit of {N}"),
        )
    })
}

fn texts<'a, const N: usize>(
    agency: &AgencyCode,
    items: &'a [String],
    path: &str,
) -> Result<Bounded<Text<'a>, N>, AdapterError> {
    let items = items
        .iter()
        .map(|s| text(agency, s, path))
        .collect::<Result<Vec<_>, _>>()?;
    bounded(agency, items, path)
}

fn envelope<'a, P>(
    agency: &AgencyCode,
    message_id: &'a str,
    sent_at: jiff::Timestamp,
    payload: P,
) -> Result<Envelope<'a, P>, AdapterError> {
    Ok(Envelope {
        message_id: text(agency, message_id, "$.messageId")?,
        sent_at,
        payload,
    })
}

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
    version: SchemaVersion,
) -> Result<Message<'a>, AdapterError> {
    let reference = opt_text(
        agency,
        m.reference.as_ref().map(|r| r.as_str()),
        "$.payload.policeReference",
    )?;
    let officer = opt_text(agency, m.officer.as_deref(), "$.payload.officer")?;
    let dossier_code: DossierCode = m.dossier.clone();
    let status = |status: Status<'a>| -> Result<Message<'a>, AdapterError> {
        Ok(match version {
            SchemaVersion::V1 => Message::V1(envelope(
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
                SchemaVersion::V1 => Message::V1(envelope(
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
            reason: Some(text(agency, reason, "$.payload.reason")?),
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
                Some(text(agency, reason, "$.payload.reason")?)
            },
            missing: Some(texts(agency, missing, "$.payload.missingDocuments")?),
            supplement_due: *due,
            ..Status::new(StatusCode::SupplementRequired)
        }),
        Notice::Processing { update, note } => {
            let reason = opt_text(agency, note.as_deref(), "$.payload.reason")?;
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
                SchemaVersion::V1 => Message::V1(envelope(
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
                SchemaVersion::V1 => Message::V1(envelope(
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

fn documents_v1<'a>(
    agency: &AgencyCode,
    documents: &'a [SubmittedDocument],
) -> Result<Bounded<v1::Document<'a>, { crate::wire::MAX_DOCUMENTS }>, AdapterError> {
    let items = documents
        .iter()
        .map(|d| {
            Ok(v1::Document {
                name: text(agency, &d.name, "$.payload.documents")?,
                originals: d.originals,
                copies: d.copies,
                page_count: d.pages,
            })
        })
        .collect::<Result<Vec<_>, AdapterError>>()?;
    bounded(agency, items, "$.payload.documents")
}

fn documents_v2<'a>(
    agency: &AgencyCode,
    documents: &'a [SubmittedDocument],
) -> Result<Bounded<v2::Document<'a>, { crate::wire::MAX_DOCUMENTS }>, AdapterError> {
    let items = documents
        .iter()
        .map(|d| {
            Ok(v2::Document {
                title: text(agency, &d.name, "$.payload.documents")?,
                original_count: d.originals,
                copy_count: d.copies,
                pages: d.pages,
                sha256: None,
            })
        })
        .collect::<Result<Vec<_>, AdapterError>>()?;
    bounded(agency, items, "$.payload.documents")
}

fn fees<'a>(fee: Vnd) -> Bounded<Fee<'a>, { crate::wire::MAX_FEES }> {
    let lines = if fee == Vnd::ZERO {
        Vec::new()
    } else {
        vec![Fee {
            kind: FeeKind::ProcedureFee,
            amount: fee,
            receipt_number: None,
        }]
    };
    Bounded::new(lines).unwrap_or_default()
}

/// A message from the post, in the police format.
pub(crate) fn outbound<'a>(
    agency: &AgencyCode,
    m: &'a OutboundMessage,
    version: SchemaVersion,
) -> Result<Message<'a>, AdapterError> {
    match m {
        OutboundMessage::Submission(s) => {
            let citizen_id = s.applicant.citizen_id.clone().ok_or_else(|| {
                error(
                    agency,
                    AdapterErrorKind::Unsupported,
                    "$.payload.applicant",
                    "police procedures need the applicant's personal identification number",
                )
            })?;
            let full_name = text(agency, &s.applicant.name, "$.payload.applicant.fullName")?;
            let address = opt_text(
                agency,
                s.applicant.address.as_deref(),
                "$.payload.applicant.address.line",
            )?
            .map(|line| Address {
                line,
                admin_unit_code: None,
                postal_code: None,
            });
            let procedure = Procedure {
                code: s.procedure.clone(),
                effective_from: None,
            };
            let return_method = if s.result_by_post {
                ReturnMethod::Post
            } else {
                ReturnMethod::Counter
            };
            Ok(match version {
                SchemaVersion::V1 => Message::V1(envelope(
                    agency,
                    &s.message_id,
                    s.sent_at,
                    v1::Payload::DossierSubmission(v1::DossierSubmission {
                        dossier_code: s.dossier.clone(),
                        procedure,
                        applicant: v1::Applicant {
                            full_name,
                            personal_id_number: citizen_id,
                            phone: s.applicant.phone.clone(),
                            address,
                        },
                        result_delivery: return_method,
                        delivery_address: None,
                        documents: documents_v1(agency, &s.documents)?,
                        fees: fees(s.fee),
                        tracking_number: None,
                    }),
                )?),
                _ => Message::V2(envelope(
                    agency,
                    &s.message_id,
                    s.sent_at,
                    v2::Payload::DossierSubmission(v2::DossierSubmission {
                        dossier_code: s.dossier.clone(),
                        procedure,
                        applicant: v2::Applicant {
                            full_name,
                            personal_identification_number: citizen_id,
                            phone: s.applicant.phone.clone(),
                            email: opt_text(
                                agency,
                                s.applicant.email.as_deref(),
                                "$.payload.applicant.email",
                            )?,
                            address,
                        },
                        return_method,
                        delivery_address: None,
                        documents: documents_v2(agency, &s.documents)?,
                        fees: fees(s.fee),
                        tracking_number: None,
                    }),
                )?),
            })
        }
        OutboundMessage::SupplementDelivered(s) => {
            let police_reference = opt_text(
                agency,
                s.reference.as_ref().map(|r| r.as_str()),
                "$.payload.policeReference",
            )?;
            Ok(match version {
                SchemaVersion::V1 => Message::V1(envelope(
                    agency,
                    &s.message_id,
                    s.sent_at,
                    v1::Payload::SupplementSubmission(v1::SupplementSubmission {
                        dossier_code: s.dossier.clone(),
                        police_reference,
                        documents: documents_v1(agency, &s.documents)?,
                        tracking_number: None,
                    }),
                )?),
                _ => Message::V2(envelope(
                    agency,
                    &s.message_id,
                    s.sent_at,
                    v2::Payload::SupplementSubmission(v2::SupplementSubmission {
                        dossier_code: s.dossier.clone(),
                        police_reference,
                        documents: documents_v2(agency, &s.documents)?,
                        tracking_number: None,
                    }),
                )?),
            })
        }
        OutboundMessage::Withdrawal(w) => {
            let payload = v1::WithdrawalRequest {
                dossier_code: w.dossier.clone(),
                police_reference: opt_text(
                    agency,
                    w.reference.as_ref().map(|r| r.as_str()),
                    "$.payload.policeReference",
                )?,
                reason: text(agency, &w.reason, "$.payload.reason")?,
            };
            Ok(match version {
                SchemaVersion::V1 => Message::V1(envelope(
                    agency,
                    &w.message_id,
                    w.sent_at,
                    v1::Payload::WithdrawalRequest(payload),
                )?),
                _ => Message::V2(envelope(
                    agency,
                    &w.message_id,
                    w.sent_at,
                    v2::Payload::WithdrawalRequest(payload),
                )?),
            })
        }
        _ => Err(error(
            agency,
            AdapterErrorKind::Unsupported,
            "$.messageType",
            "a message the police format lacks",
        )),
    }
}

/// An acknowledgement; its own `messageId` is derived from the acknowledged one.
pub(crate) fn receipt<'a>(
    agency: &AgencyCode,
    r: &'a SubmissionReceipt,
    message_id: &'a str,
    version: SchemaVersion,
) -> Result<Message<'a>, AdapterError> {
    let payload = v1::Acknowledgement {
        dossier_code: r.dossier.clone(),
        police_reference: text(agency, r.reference.as_str(), "$.payload.policeReference")?,
        acknowledged_message_id: text(
            agency,
            &r.idempotency_key,
            "$.payload.acknowledgedMessageId",
        )?,
        received_at: r.received_at,
    };
    Ok(match version {
        SchemaVersion::V1 => Message::V1(envelope(
            agency,
            message_id,
            r.received_at,
            v1::Payload::Acknowledgement(payload),
        )?),
        _ => Message::V2(envelope(
            agency,
            message_id,
            r.received_at,
            v2::Payload::Acknowledgement(payload),
        )?),
    })
}
