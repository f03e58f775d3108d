//! Wire → core: what the post files with the police (submissions, supplements, withdrawals) and the police's
//! acknowledgement of it.

use hoso_core::AgencyCode;
use hoso_core::Vnd;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyRef, DossierSubmission, OutboundMessage,
    SubmissionApplicant, SubmissionReceipt, SubmittedDocument, SupplementDelivery, Withdrawal,
};
use jiff::Timestamp;

use super::{error, owned, reference, wrong_direction};
use crate::wire::{FeeKind, Message, ReturnMethod, v1, v2};

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
