//! The exchange with the police's system: which message goes to which endpoint.

use std::sync::Arc;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyAdapter, AgencyCodec, AgencyMessage, AgencyRef,
    AgencyTransport, Capabilities, Method, OutboundKind, OutboundMessage, SubmissionReceipt,
    TransportRequest, TransportResponse,
};

use crate::codec::PoliceCodec;

/// The media type of the police's messages.
pub const CONTENT_TYPE: &str = "application/json";

/// How many messages one poll reads at most, so that a misbehaving server cannot keep a poll going for ever.
pub const MAX_MESSAGES_PER_POLL: usize = 1000;

/// The police's adapter.
///
/// Endpoints, below the transport's base URL, with `v1` or `v2` as the codec's version:
/// - `POST /v2/dossiers`: a `dossierSubmission`; answers an `acknowledgement` with the police's reference.
/// - `POST /v2/dossiers/{policeReference}/supplements`: a `supplementSubmission`.
/// - `POST /v2/dossiers/{policeReference}/withdrawal`: a `withdrawalRequest`.
/// - `GET /v2/dossiers/{policeReference}/messages/{n}`: the police's n-th message (0-based) about the dossier;
///   `404` once there is none. The same messages also arrive as webhooks ([`crate::webhook`]).
///
/// Every `POST` carries the message id as its `Idempotency-Key`. A polled status update that the port cannot
/// express (see the README, "Unknown status codes") is logged and skipped, not applied.
#[derive(Debug, Clone)]
pub struct PoliceAdapter {
    codec: PoliceCodec,
    transport: Arc<dyn AgencyTransport>,
}

impl PoliceAdapter {
    /// An adapter that speaks `codec`'s version through `transport`.
    pub fn new(codec: PoliceCodec, transport: Arc<dyn AgencyTransport>) -> Self {
        PoliceAdapter { codec, transport }
    }

    /// The codec.
    pub fn codec(&self) -> &PoliceCodec {
        &self.codec
    }

    fn prefix(&self) -> String {
        format!("/v{}/dossiers", self.codec.version().number())
    }

    fn status_error(&self, response: &TransportResponse, what: &str) -> AdapterError {
        let kind = AdapterErrorKind::from_http_status(response.status)
            .unwrap_or(AdapterErrorKind::Unavailable);
        AdapterError::new(
            kind,
            self.codec.agency().clone(),
            format!("{what}: HTTP status {}", response.status),
        )
        .with_agency_code(response.status.to_string())
    }

    /// The reference as a path segment; refuses anything that could change the path.
    fn path_segment<'r>(&self, reference: &'r AgencyRef) -> Result<&'r str, AdapterError> {
        let r = reference.as_str();
        let safe = !r.is_empty()
            && r.len() <= 128
            && r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            && r != "."
            && r != "..";
        if safe {
            Ok(r)
        } else {
            Err(AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                self.codec.agency().clone(),
                "the police reference is not a safe path segment",
            ))
        }
    }

    fn needs_reference(&self, kind: OutboundKind) -> AdapterError {
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            self.codec.agency().clone(),
            format!("{kind:?} needs the police's reference for the dossier"),
        )
    }
}

#[async_trait::async_trait]
impl AgencyAdapter for PoliceAdapter {
    fn agency(&self) -> &AgencyCode {
        self.codec.agency()
    }

    fn capabilities(&self) -> Capabilities {
        self.codec.capabilities()
    }

    async fn send(&self, message: &OutboundMessage) -> Result<SubmissionReceipt, AdapterError> {
        let prefix = self.prefix();
        let path = match message {
            OutboundMessage::Submission(_) => prefix,
            OutboundMessage::SupplementDelivered(m) => {
                let reference = m
                    .reference
                    .as_ref()
                    .ok_or_else(|| self.needs_reference(OutboundKind::SupplementDelivered))?;
                format!("{prefix}/{}/supplements", self.path_segment(reference)?)
            }
            OutboundMessage::Withdrawal(m) => {
                let reference = m
                    .reference
                    .as_ref()
                    .ok_or_else(|| self.needs_reference(OutboundKind::Withdrawal))?;
                format!("{prefix}/{}/withdrawal", self.path_segment(reference)?)
            }
            other => {
                return Err(AdapterError::new(
                    AdapterErrorKind::Unsupported,
                    self.codec.agency().clone(),
                    format!("the police take no {:?}", other.kind()),
                ));
            }
        };
        let body = self.codec.encode(message)?;
        let response = self
            .transport
            .exchange(TransportRequest {
                method: Method::Post,
                path,
                content_type: Some(CONTENT_TYPE),
                idempotency_key: Some(message.message_id().to_owned()),
                dossier: Some(message.dossier().clone()),
                body,
            })
            .await?;
        if !(200..300).contains(&response.status) {
            return Err(self.status_error(&response, "sending a message"));
        }
        let receipt = self.codec.decode_receipt(&response.body)?;
        if &receipt.dossier != message.dossier() || receipt.idempotency_key != message.message_id()
        {
            return Err(AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                self.codec.agency().clone(),
                format!(
                    "acknowledgement of message {} for dossier {}, not of {} for {}",
                    receipt.idempotency_key,
                    receipt.dossier,
                    message.message_id(),
                    message.dossier()
                ),
            ));
        }
        Ok(receipt)
    }

    async fn poll(&self, reference: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError> {
        let segment = self.path_segment(reference)?;
        let prefix = self.prefix();
        let mut messages = Vec::new();
        for n in 0..MAX_MESSAGES_PER_POLL {
            let response = self
                .transport
                .exchange(TransportRequest {
                    method: Method::Get,
                    path: format!("{prefix}/{segment}/messages/{n}"),
                    content_type: None,
                    idempotency_key: None,
                    dossier: None,
                    body: Vec::new(),
                })
                .await?;
            match response.status {
                200 => match self.codec.decode(&response.body) {
                    Ok(message) => messages.push(message),
                    Err(error) if error.kind() == AdapterErrorKind::Unsupported => {
                        tracing::warn!(
                            agency = %self.codec.agency(),
                            reference = %reference,
                            status = error.agency_code().unwrap_or(""),
                            "police status update reported, not applied: {}",
                            error.message()
                        );
                    }
                    Err(error) => return Err(error),
                },
                // No n-th message (yet).
                404 => break,
                _ => return Err(self.status_error(&response, "polling messages")),
            }
        }
        Ok(messages)
    }
}
