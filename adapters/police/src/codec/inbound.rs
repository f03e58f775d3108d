//! Wire → core: police messages to the port's normalised messages.

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, AgencyRef, DossierSubmission, IssuedDocument,
    Location, Notice, OutboundMessage, ProcessingUpdate, SubmissionApplicant, SubmissionReceipt,
    SubmittedDocument, SupplementDelivery, Withdrawal,
};
use hoso_core::{TrackingNumber, Vnd};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::wire::{
    Appointment, Bounded, FeeKind, MAX_CLASSES, MAX_DOCUMENTS, Message, MessageType,
    ResultDocumentType, ReturnMethod, StatusCode, Text, v1, v2,
};

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

/// The fields of a status update that both versions carry, under their v1 or v2 names (for error paths).
struct StatusView<'w> {
    code: &'w StatusCode<'w>,
    code_path: &'static str,
    reason: Option<&'w Text<'w>>,
    reason_path: &'static str,
    reason_code: Option<&'w Text<'w>>,
    legal_basis: Option<&'w Text<'w>>,
    missing: Option<&'w Bounded<Text<'w>, MAX_DOCUMENTS>>,
    supplement_due: Option<Date>,
    new_appointment: Option<Date>,
    new_appointment_path: &'static str,
}

fn status_notice(agency: &AgencyCode, view: StatusView<'_>) -> Result<Notice, AdapterError> {
    let note = owned(view.reason);
    let required_reason = || {
        owned(view.reason).ok_or_else(|| {
            error(
                agency,
                AdapterErrorKind::InvalidPayload,
                view.reason_path,
                format!("status `{}` needs a reason", view.code.as_str()),
            )
        })
    };
    Ok(match view.code {
        StatusCode::Rejected => Notice::Refused {
            reason: required_reason()?,
            reason_code: owned(view.reason_code),
            legal_basis: owned(view.legal_basis),
        },
        StatusCode::Processing => Notice::Processing {
            update: ProcessingUpdate::Started,
            note,
        },
        StatusCode::Suspended => Notice::Processing {
            update: ProcessingUpdate::Stopped,
            note: Some(required_reason()?),
        },
        StatusCode::Delayed => {
            let reason = required_reason()?;
            let new_appointment = view.new_appointment.ok_or_else(|| {
                error(
                    agency,
                    AdapterErrorKind::InvalidPayload,
                    view.new_appointment_path,
                    "status `delayed` needs a new appointment",
                )
            })?;
            Notice::Processing {
                update: ProcessingUpdate::Extended { new_appointment },
                note: Some(reason),
            }
        }
        StatusCode::SupplementRequired => {
            let missing = view.missing.ok_or_else(|| {
                error(
                    agency,
                    AdapterErrorKind::InvalidPayload,
                    "$.payload.missingDocuments",
                    "status `supplementRequired` needs the missing documents",
                )
            })?;
            Notice::SupplementRequested {
                reason: note.unwrap_or_default(),
                missing: missing
                    .as_slice()
                    .iter()
                    .map(|t| t.as_str().to_owned())
                    .collect(),
                due: view.supplement_due,
            }
        }
        // Known to the police format but not (yet) to the port's notices, and codes nobody knows: reported, not
        // applied. See the README, "Unknown status codes".
        StatusCode::PaymentRequired
        | StatusCode::PaymentReceived
        | StatusCode::Withdrawn
        | StatusCode::ReturnedAtCounter
        | StatusCode::Unknown(_) => {
            let code = view.code.as_str();
            return Err(error(
                agency,
                AdapterErrorKind::Unsupported,
                view.code_path,
                format!("status `{code}` has no core notice; the update is reported, not applied"),
            )
            .with_agency_code(code));
        }
    })
}

fn document(
    document_type: ResultDocumentType,
    number: &Text<'_>,
    classes: &Bounded<Text<'_>, MAX_CLASSES>,
    issued_on: Date,
    valid_until: Option<Date>,
) -> IssuedDocument {
    IssuedDocument {
        title: title_of(document_type).to_owned(),
        number: number.as_str().to_owned(),
        serial: None,
        categories: classes
            .as_slice()
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        issued_on,
        valid_until,
    }
}

struct Header<'w> {
    message_id: &'w Text<'w>,
    sent_at: Timestamp,
}

fn agency_message(
    agency: &AgencyCode,
    header: Header<'_>,
    dossier: &hoso_core::DossierCode,
    police_reference: Option<&Text<'_>>,
    officer: Option<&Text<'_>>,
    notice: Notice,
) -> AgencyMessage {
    AgencyMessage {
        message_id: header.message_id.as_str().to_owned(),
        agency: agency.clone(),
        dossier: dossier.clone(),
        reference: reference(police_reference),
        sent_at: header.sent_at,
        officer: owned(officer),
        notice,
    }
}

fn accepted(appointment: &Appointment<'_>, received_at: Option<Timestamp>) -> Notice {
    Notice::Accepted {
        appointment: appointment.date,
        received_at,
    }
}

fn handed(
    tracking: &TrackingNumber,
    items: u32,
    handed_at: Timestamp,
    postal_worker: Option<&Text<'_>>,
    seal: Option<&Text<'_>>,
) -> Notice {
    Notice::ResultHandedToPost {
        tracking: tracking.clone(),
        items,
        handed_at,
        postal_worker: owned(postal_worker),
        seal: owned(seal),
    }
}

/// A police → post notice as the port's [`AgencyMessage`].
pub(crate) fn notice(
    agency: &AgencyCode,
    message: &Message<'_>,
) -> Result<AgencyMessage, AdapterError> {
    match message {
        Message::V1(envelope) => {
            let header = Header {
                message_id: &envelope.message_id,
                sent_at: envelope.sent_at,
            };
            match &envelope.payload {
                v1::Payload::DossierReceipt(p) => Ok(agency_message(
                    agency,
                    header,
                    &p.dossier_code,
                    Some(&p.police_reference),
                    p.officer.as_ref(),
                    accepted(&p.appointment, p.received_at),
                )),
                v1::Payload::StatusUpdate(p) => {
                    let view = StatusView {
                        code: &p.status,
                        code_path: "$.payload.status",
                        reason: p.reason.as_ref(),
                        reason_path: "$.payload.reason",
                        reason_code: None,
                        legal_basis: p.legal_basis.as_ref(),
                        missing: p.missing_documents.as_ref(),
                        supplement_due: p.supplement_due_date,
                        new_appointment: p.new_appointment_date,
                        new_appointment_path: "$.payload.newAppointmentDate",
                    };
                    let notice = status_notice(agency, view)?;
                    Ok(agency_message(
                        agency,
                        header,
                        &p.dossier_code,
                        p.police_reference.as_ref(),
                        p.officer.as_ref(),
                        notice,
                    ))
                }
                v1::Payload::ResultReady(p) => {
                    let d = &p.document;
                    let document =
                        document(d.document_type, &d.number, &d.classes, d.issued_on, None);
                    let notice = Notice::ResultReady { document };
                    Ok(agency_message(
                        agency,
                        header,
                        &p.dossier_code,
                        p.police_reference.as_ref(),
                        p.officer.as_ref(),
                        notice,
                    ))
                }
                v1::Payload::ResultHandedToPost(p) => {
                    let notice = handed(
                        &p.tracking_number,
                        p.item_count,
                        p.handed_at,
                        None,
                        p.seal_number.as_ref(),
                    );
                    Ok(agency_message(
                        agency,
                        header,
                        &p.dossier_code,
                        p.police_reference.as_ref(),
                        p.officer.as_ref(),
                        notice,
                    ))
                }
                other => Err(wrong_direction(
                    agency,
                    other.message_type(),
                    "a notice from the police",
                )),
            }
        }
        Message::V2(envelope) => {
            let header = Header {
                message_id: &envelope.message_id,
                sent_at: envelope.sent_at,
            };
            match &envelope.payload {
                v2::Payload::DossierReceipt(p) => Ok(agency_message(
                    agency,
                    header,
                    &p.dossier_code,
                    Some(&p.police_reference),
                    p.handled_by.as_ref(),
                    accepted(&p.appointment, p.received_at),
                )),
                v2::Payload::StatusUpdate(p) => {
                    let view = StatusView {
                        code: &p.status.code,
                        code_path: "$.payload.status.code",
                        reason: p.status.reason_text.as_ref(),
                        reason_path: "$.payload.status.reasonText",
                        reason_code: p.status.reason_code.as_ref(),
                        legal_basis: p.legal_basis.as_ref(),
                        missing: p.missing_documents.as_ref(),
                        supplement_due: p.supplement_due_date,
                        new_appointment: p.new_appointment.as_ref().map(|a| a.date),
                        new_appointment_path: "$.payload.newAppointment",
                    };
                    let notice = status_notice(agency, view)?;
                    Ok(agency_message(
                        agency,
                        header,
                        &p.dossier_code,
                        p.police_reference.as_ref(),
                        p.handled_by.as_ref(),
                        notice,
                    ))
                }
                v2::Payload::ResultReady(p) => {
                    let d = &p.document;
                    let document = document(
                        d.document_type,
                        &d.number,
                        &d.classes,
                        d.issued_on,
                        d.valid_until,
                    );
                    let notice = Notice::ResultReady { document };
                    Ok(agency_message(
                        agency,
                        header,
                        &p.dossier_code,
                        p.police_reference.as_ref(),
                        p.handled_by.as_ref(),
                        notice,
                    ))
                }
                v2::Payload::ResultHandedToPost(p) => {
                    let notice = handed(
                        &p.tracking_number,
                        p.item_count,
                        p.handed_at,
                        p.postal_worker.as_ref(),
                        p.seal_number.as_ref(),
                    );
                    Ok(agency_message(
                        agency,
                        header,
                        &p.dossier_code,
                        p.police_reference.as_ref(),
                        p.handled_by.as_ref(),
                        notice,
                    ))
                }
                other => Err(wrong_direction(
                    agency,
                    other.message_type(),
                    "a notice from the police",
                )),
            }
        }
    }
}

fn procedure_fee(agency: &AgencyCode, fees: &[crate::wire::Fee<'_>]) -> Result<Vnd, AdapterError> {
    Vnd::sum(
        fees.iter()
            .filter(|f| f.kind == FeeKind::ProcedureFee)
            .map(|f| f.amount),
    )
    .ok_or_else(|| {
        error(
            agency,
            AdapterErrorKind::InvalidPayload,
            "$.payload.fees",
            "the procedure fees overflow",
        )
    })
}

fn documents_v1(documents: &[v1::Document<'_>]) -> Vec<SubmittedDocument> {
    documents
        .iter()
        .map(|d| SubmittedDocument {
            name: d.name.as_str().to_owned(),
            originals: d.originals,
            copies: d.copies,
            pages: d.page_count,
        })
        .collect()
}

fn documents_v2(documents: &[v2::Document<'_>]) -> Vec<SubmittedDocument> {
    documents
        .iter()
        .map(|d| SubmittedDocument {
            name: d.title.as_str().to_owned(),
            originals: d.original_count,
            copies: d.copy_count,
            pages: d.pages,
        })
        .collect()
}

/// A post → police message as the port's [`OutboundMessage`] (what the police's system reads).
pub(crate) fn outbound(
    agency: &AgencyCode,
    message: &Message<'_>,
) -> Result<OutboundMessage, AdapterError> {
    let (message_id, sent_at) = (message.message_id().to_owned(), message.sent_at());
    match message {
        Message::V1(envelope) => match &envelope.payload {
            v1::Payload::DossierSubmission(p) => {
                Ok(OutboundMessage::Submission(DossierSubmission {
                    message_id,
                    sent_at,
                    dossier: p.dossier_code.clone(),
                    procedure: p.procedure.code.clone(),
                    applicant: SubmissionApplicant {
                        name: p.applicant.full_name.as_str().to_owned(),
                        citizen_id: Some(p.applicant.personal_id_number.clone()),
                        phone: p.applicant.phone.clone(),
                        address: p
                            .applicant
                            .address
                            .as_ref()
                            .map(|a| a.line.as_str().to_owned()),
                        email: None,
                    },
                    documents: documents_v1(p.documents.as_slice()),
                    fee: procedure_fee(agency, p.fees.as_slice())?,
                    result_by_post: p.result_delivery == ReturnMethod::Post,
                }))
            }
            v1::Payload::SupplementSubmission(p) => {
                Ok(OutboundMessage::SupplementDelivered(SupplementDelivery {
                    message_id,
                    sent_at,
                    dossier: p.dossier_code.clone(),
                    reference: reference(p.police_reference.as_ref()),
                    documents: documents_v1(p.documents.as_slice()),
                }))
            }
            v1::Payload::WithdrawalRequest(p) => Ok(withdrawal(message_id, sent_at, p)),
            other => Err(wrong_direction(
                agency,
                other.message_type(),
                "a message from the post",
            )),
        },
        Message::V2(envelope) => match &envelope.payload {
            v2::Payload::DossierSubmission(p) => {
                Ok(OutboundMessage::Submission(DossierSubmission {
                    message_id,
                    sent_at,
                    dossier: p.dossier_code.clone(),
                    procedure: p.procedure.code.clone(),
                    applicant: SubmissionApplicant {
                        name: p.applicant.full_name.as_str().to_owned(),
                        citizen_id: Some(p.applicant.personal_identification_number.clone()),
                        phone: p.applicant.phone.clone(),
                        address: p
                            .applicant
                            .address
                            .as_ref()
                            .map(|a| a.line.as_str().to_owned()),
                        email: owned(p.applicant.email.as_ref()),
                    },
                    documents: documents_v2(p.documents.as_slice()),
                    fee: procedure_fee(agency, p.fees.as_slice())?,
                    result_by_post: p.return_method == ReturnMethod::Post,
                }))
            }
            v2::Payload::SupplementSubmission(p) => {
                Ok(OutboundMessage::SupplementDelivered(SupplementDelivery {
                    message_id,
                    sent_at,
                    dossier: p.dossier_code.clone(),
                    reference: reference(p.police_reference.as_ref()),
                    documents: documents_v2(p.documents.as_slice()),
                }))
            }
            v2::Payload::WithdrawalRequest(p) => Ok(withdrawal(message_id, sent_at, p)),
            other => Err(wrong_direction(
                agency,
                other.message_type(),
                "a message from the post",
            )),
        },
    }
}

fn withdrawal(
    message_id: String,
    sent_at: Timestamp,
    p: &v1::WithdrawalRequest<'_>,
) -> OutboundMessage {
    OutboundMessage::Withdrawal(Withdrawal {
        message_id,
        sent_at,
        dossier: p.dossier_code.clone(),
        reference: reference(p.police_reference.as_ref()),
        reason: p.reason.as_str().to_owned(),
    })
}

/// An `acknowledgement` as the port's [`SubmissionReceipt`].
pub(crate) fn receipt(
    agency: &AgencyCode,
    message: &Message<'_>,
) -> Result<SubmissionReceipt, AdapterError> {
    let ack = match message {
        Message::V1(envelope) => match &envelope.payload {
            v1::Payload::Acknowledgement(p) => p,
            other => {
                return Err(wrong_direction(
                    agency,
                    other.message_type(),
                    "an acknowledgement",
                ));
            }
        },
        Message::V2(envelope) => match &envelope.payload {
            v2::Payload::Acknowledgement(p) => p,
            other => {
                return Err(wrong_direction(
                    agency,
                    other.message_type(),
                    "an acknowledgement",
                ));
            }
        },
    };
    Ok(SubmissionReceipt {
        agency: agency.clone(),
        dossier: ack.dossier_code.clone(),
        reference: AgencyRef(ack.police_reference.as_str().to_owned()),
        idempotency_key: ack.acknowledged_message_id.as_str().to_owned(),
        received_at: ack.received_at,
    })
}
