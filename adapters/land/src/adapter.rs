//! The exchange with the land registry office's system: which message goes to which endpoint.

use std::sync::Arc;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyAdapter, AgencyCodec, AgencyMessage, AgencyRef,
    AgencyTransport, Capabilities, Method, OutboundKind, OutboundMessage, SubmissionReceipt,
    TransportRequest, TransportResponse,
};

use crate::codec::LandCodec;

/// The media type of the office's messages.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// How many messages one poll reads at most, so that a misbehaving server cannot keep a poll going for ever.
pub const MAX_MESSAGES_PER_POLL: usize = 1000;

/// The land registry office's adapter.
///
/// Endpoints, below the transport's base URL:
/// - `POST /dangkydatdai/ho-so`: a dossier submission (`NopHoSo`); answers `BienNhan` with the receipt number.
/// - `POST /dangkydatdai/ho-so/{so-bien-nhan}/bo-sung`: papers after a supplement request (`NopBoSung`).
/// - `POST /dangkydatdai/ho-so/{so-bien-nhan}/rut`: a withdrawal (`RutHoSo`).
/// - `GET /dangkydatdai/ho-so/{so-bien-nhan}/thong-diep/{n}`: the office's n-th message (0-based) about the dossier;
///   `404` once there is none.
///
/// Every `POST` carries the message id as its `Idempotency-Key`.
#[derive(Debug, Clone)]
pub struct LandAdapter {
    codec: LandCodec,
    transport: Arc<dyn AgencyTransport>,
}

impl LandAdapter {
    /// An adapter that speaks `codec`'s version through `transport`.
    pub fn new(codec: LandCodec, transport: Arc<dyn AgencyTransport>) -> Self {
        Self { codec, transport }
    }

    /// The codec.
    pub fn codec(&self) -> &LandCodec {
        &self.codec
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
        if r.is_empty()
            || !r
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            || r == "."
            || r == ".."
        {
            return Err(AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                self.codec.agency().clone(),
                "agency reference is not a safe path segment",
            ));
        }
        Ok(r)
    }

    async fn post(
        &self,
        path: String,
        message: &OutboundMessage,
    ) -> Result<TransportResponse, AdapterError> {
        let body = self.codec.encode(message)?;
        self.transport
            .exchange(TransportRequest {
                method: Method::Post,
                path,
                content_type: Some(CONTENT_TYPE),
                idempotency_key: Some(message.message_id().to_owned()),
                dossier: Some(message.dossier().clone()),
                body,
            })
            .await
    }
}

#[async_trait::async_trait]
impl AgencyAdapter for LandAdapter {
    fn agency(&self) -> &AgencyCode {
        self.codec.agency()
    }

    fn capabilities(&self) -> Capabilities {
        self.codec.capabilities().with_idempotent_submission(true)
    }

    async fn send(&self, message: &OutboundMessage) -> Result<SubmissionReceipt, AdapterError> {
        let path = match message {
            OutboundMessage::Submission(_) => "/dangkydatdai/ho-so".to_owned(),
            OutboundMessage::SupplementDelivered(m) => {
                let reference = m
                    .reference
                    .as_ref()
                    .ok_or_else(|| self.needs_reference(OutboundKind::SupplementDelivered))?;
                format!(
                    "/dangkydatdai/ho-so/{}/bo-sung",
                    self.path_segment(reference)?
                )
            }
            OutboundMessage::Withdrawal(m) => {
                let reference = m
                    .reference
                    .as_ref()
                    .ok_or_else(|| self.needs_reference(OutboundKind::Withdrawal))?;
                format!("/dangkydatdai/ho-so/{}/rut", self.path_segment(reference)?)
            }
            other => {
                return Err(AdapterError::new(
                    AdapterErrorKind::Unsupported,
                    self.codec.agency().clone(),
                    format!("the land registry office takes no {:?}", other.kind()),
                ));
            }
        };
        let response = self.post(path, message).await?;
        if !(200..300).contains(&response.status) {
            return Err(self.status_error(&response, "sending a message"));
        }
        let receipt = self.codec.decode_receipt(&response.body)?;
        if &receipt.dossier != message.dossier() {
            return Err(AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                self.codec.agency().clone(),
                format!(
                    "receipt is for dossier {}, not {}",
                    receipt.dossier,
                    message.dossier()
                ),
            ));
        }
        Ok(receipt)
    }

    async fn poll(&self, reference: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError> {
        let segment = self.path_segment(reference)?;
        let mut messages = Vec::new();
        while messages.len() < MAX_MESSAGES_PER_POLL {
            let response = self
                .transport
                .exchange(TransportRequest {
                    method: Method::Get,
                    path: format!(
                        "/dangkydatdai/ho-so/{segment}/thong-diep/{}",
                        messages.len()
                    ),
                    content_type: None,
                    idempotency_key: None,
                    dossier: None,
                    body: Vec::new(),
                })
                .await?;
            match response.status {
                200 => messages.push(self.codec.decode(&response.body)?),
                // No n-th message (yet).
                404 => break,
                _ => return Err(self.status_error(&response, "polling messages")),
            }
        }
        Ok(messages)
    }
}

impl LandAdapter {
    fn needs_reference(&self, kind: OutboundKind) -> AdapterError {
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            self.codec.agency().clone(),
            format!("{kind:?} needs the office's receipt number (SoBienNhan)"),
        )
    }
}
