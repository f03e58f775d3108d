//! Wire → core: the police's notices (receipts, status updates, results) as the port's messages.

use hoso_core::AgencyCode;
use hoso_core::TrackingNumber;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, IssuedDocument, Notice, ProcessingUpdate,
};
use jiff::Timestamp;
use jiff::civil::Date;

use super::{error, owned, reference, title_of, wrong_direction};
use crate::wire::{
    Appointment, Bounded, MAX_CLASSES, MAX_DOCUMENTS, Message, ResultDocumentType, StatusCode,
    Text, v1, v2,
};

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
