//! Core → wire: what the post files with the police, and the police's acknowledgement of it.

use hoso_core::AgencyCode;
use hoso_core::Vnd;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, OutboundMessage, SubmissionReceipt, SubmittedDocument,
};

use super::{bounded, envelope, opt_text, text};
use crate::codec::inbound::error;
use crate::wire::{
    Address, Bounded, Fee, FeeKind, Message, Procedure, ReturnMethod, Version, v1, v2,
};

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

fn fees<'a>(
    agency: &AgencyCode,
    fee: Vnd,
) -> Result<Bounded<Fee<'a>, { crate::wire::MAX_FEES }>, AdapterError> {
    let lines = if fee == Vnd::ZERO {
        Vec::new()
    } else {
        vec![Fee {
            kind: FeeKind::ProcedureFee,
            amount: fee,
            receipt_number: None,
        }]
    };
    bounded(agency, lines, "$.payload.fees")
}

/// A message from the post, in the police format.
pub(crate) fn outbound<'a>(
    agency: &AgencyCode,
    m: &'a OutboundMessage,
    version: Version,
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
                Version::V1 => Message::V1(envelope(
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
                        fees: fees(agency, s.fee)?,
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
                        fees: fees(agency, s.fee)?,
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
                Version::V1 => Message::V1(envelope(
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
                Version::V1 => Message::V1(envelope(
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
    version: Version,
) -> Result<Message<'a>, AdapterError> {
    AdapterError::unless_own_agency(agency, &r.agency)?;
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
        Version::V1 => Message::V1(envelope(
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
