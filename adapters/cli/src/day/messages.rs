//! What the day sends the agencies besides the submission.

use hoso_core::Dossier;
use hoso_core::adapter::{AgencyRef, DossierSubmission, OutboundMessage, SupplementDelivery};
use jiff::Timestamp;

/// Nothing to send.
pub(super) fn no_messages(_: &Dossier) -> Vec<OutboundMessage> {
    Vec::new()
}

/// The papers the agency asked for, delivered at `at`: the first document of the dossier.
pub(super) fn supplement_message(
    d: &Dossier,
    reference: &AgencyRef,
    at: Timestamp,
    code: &str,
) -> OutboundMessage {
    let documents = DossierSubmission::from_dossier(d, at)
        .documents
        .into_iter()
        .take(1)
        .collect();
    OutboundMessage::SupplementDelivered(SupplementDelivery {
        message_id: format!("BS-{code}"),
        sent_at: at,
        dossier: d.code().clone(),
        reference: Some(reference.clone()),
        documents,
    })
}
