//! Idempotency keys derived from what is sent, so that the same submission always carries the same key.

use hoso_core::adapter::{AdapterError, AdapterErrorKind, OutboundMessage};
use hoso_core::custody::{Sha256Digest, canonical};

/// Which idempotency key a message is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum KeyPolicy {
    /// The key derived from the dossier code and the message's content ([`idempotency_key`]), passed to the
    /// adapter beside the message ([`AgencyAdapter::send_with_key`]); the message itself, its id included, is
    /// sent as the caller holds it.
    ///
    /// [`AgencyAdapter::send_with_key`]: hoso_core::adapter::AgencyAdapter::send_with_key
    #[default]
    DossierAndContent,
    /// The message id the caller chose, unchanged.
    MessageId,
}

/// The idempotency key of a message: `{kind}-{dossier code}-{first 16 hex digits of the content's SHA-256}`,
/// e.g. `NOP-000.00.15.H22-260302-0001-4f1c0a9e6b2d7c31`.
///
/// The content is the message in canonical JSON (RFC 8785) without its `message_id`, so the key depends on what
/// is filed and nothing else: sending the same message again (a retry, a resend after a crash from the stored
/// message) carries the same key and is filed once; a message whose papers, fee, applicant or time changed
/// carries another key, and the agency sees a second filing of the same dossier code, which it refuses
/// (`409 Conflict`) instead of silently replaying the first receipt. Store the message you sent and resend it;
/// do not rebuild it.
///
/// ```
/// use hoso_core::adapter::{DossierSubmission, OutboundMessage};
/// # let dossier = hoso_core::Dossier::from_events(&hoso_core::demo::lifecycle(1)[..1]).unwrap();
/// let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
/// let submission = DossierSubmission::from_dossier(&dossier, at("2026-03-02T08:00:00Z"));
/// let key = hoso_http::idempotency_key(&OutboundMessage::Submission(submission.clone())).unwrap();
/// assert!(key.starts_with(&format!("NOP-{}-", dossier.code())));
///
/// // The message id does not count; the content does.
/// let mut renamed = submission.clone();
/// renamed.message_id = "another id".into();
/// assert_eq!(hoso_http::idempotency_key(&OutboundMessage::Submission(renamed)).unwrap(), key);
/// let mut changed = submission;
/// changed.fee = hoso_core::Vnd(changed.fee.0 + 1_000);
/// assert_ne!(hoso_http::idempotency_key(&OutboundMessage::Submission(changed)).unwrap(), key);
/// ```
pub fn idempotency_key(message: &OutboundMessage) -> Result<String, AdapterError> {
    let mut value = serde_json::to_value(message).map_err(|e| unkeyable(message, e.to_string()))?;
    if let Some(fields) = value.as_object_mut() {
        fields.remove("message_id");
    }
    let bytes = canonical::canonicalize(&value).map_err(|e| unkeyable(message, e.to_string()))?;
    let digest = Sha256Digest::of(&bytes).to_string();
    let prefix = match message {
        OutboundMessage::Submission(_) => "NOP",
        OutboundMessage::SupplementDelivered(_) => "BS",
        OutboundMessage::Withdrawal(_) => "RUT",
        _ => "MSG",
    };
    Ok(format!(
        "{prefix}-{}-{}",
        message.dossier(),
        digest.get(..16).unwrap_or(&digest)
    ))
}

fn unkeyable(message: &OutboundMessage, why: String) -> AdapterError {
    AdapterError::new(
        AdapterErrorKind::InvalidPayload,
        message.dossier().agency_code(),
        format!("cannot derive an idempotency key: {why}"),
    )
}
