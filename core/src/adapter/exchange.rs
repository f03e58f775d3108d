//! The common shape of an agency's HTTP API, written once: a message is `POST`ed to a path named after what it
//! is, and the agency's messages about a dossier are read one by one until `404`. An agency whose API has this
//! shape gives only its codec and its [`Routes`].

use std::sync::Arc;

use super::{
    AdapterError, AdapterErrorKind, AgencyCodec, AgencyMessage, AgencyRef, AgencyTransport, Method,
    OutboundKind, OutboundMessage, SubmissionReceipt, TransportRequest, TransportResponse,
};

/// How many messages one poll reads at most, so that a misbehaving server cannot keep a poll going for ever.
pub const MAX_MESSAGES_PER_POLL: usize = 1000;

/// Where an agency's API takes each message, below the transport's base URL, and how errors name things.
///
/// With `dossiers = "/gplx/ho-so"`: a submission goes to `/gplx/ho-so`, a supplement to
/// `/gplx/ho-so/{reference}/{supplement}`, a withdrawal to `/gplx/ho-so/{reference}/{withdrawal}`, and the n-th
/// message (0-based) is read from `/gplx/ho-so/{reference}/{messages}/{n}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routes {
    /// The collection of dossiers, e.g. `/gplx/ho-so`.
    pub dossiers: &'static str,
    /// The segment for supplements, e.g. `bo-sung`.
    pub supplement: &'static str,
    /// The segment for a withdrawal, e.g. `rut`.
    pub withdrawal: &'static str,
    /// The segment for the agency's messages, e.g. `thong-diep`.
    pub messages: &'static str,
    /// The media type of the agency's messages.
    pub content_type: &'static str,
    /// The dossier reference, as errors name it (e.g. `the authority's receipt number (SoBienNhan)`).
    pub reference_name: &'static str,
}

/// A codec and a transport exchanging messages along [`Routes`]; each call makes one attempt (retries wrap it
/// from outside). Every `POST` carries the message id as its `Idempotency-Key`.
#[derive(Debug, Clone)]
pub struct RestExchange<C> {
    codec: C,
    routes: Routes,
    transport: Arc<dyn AgencyTransport>,
}

impl<C: AgencyCodec> RestExchange<C> {
    /// An exchange speaking `codec`'s format along `routes` through `transport`.
    pub fn new(codec: C, routes: Routes, transport: Arc<dyn AgencyTransport>) -> Self {
        RestExchange {
            codec,
            routes,
            transport,
        }
    }

    /// The codec.
    pub fn codec(&self) -> &C {
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

    fn needs_reference(&self, kind: OutboundKind) -> AdapterError {
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            self.codec.agency().clone(),
            format!("{kind:?} needs {}", self.routes.reference_name),
        )
    }

    /// The path of a dossier's sub-resource, checking the reference.
    fn under(
        &self,
        reference: Option<&AgencyRef>,
        kind: OutboundKind,
        segment: &str,
    ) -> Result<String, AdapterError> {
        let reference = reference.ok_or_else(|| self.needs_reference(kind))?;
        Ok(format!(
            "{}/{}/{segment}",
            self.routes.dossiers,
            self.path_segment(reference)?
        ))
    }

    /// Sends a message once and decodes the agency's receipt, which must be for the same dossier.
    pub async fn send(&self, message: &OutboundMessage) -> Result<SubmissionReceipt, AdapterError> {
        let path = match message {
            OutboundMessage::Submission(_) => self.routes.dossiers.to_owned(),
            OutboundMessage::SupplementDelivered(m) => self.under(
                m.reference.as_ref(),
                OutboundKind::SupplementDelivered,
                self.routes.supplement,
            )?,
            OutboundMessage::Withdrawal(m) => self.under(
                m.reference.as_ref(),
                OutboundKind::Withdrawal,
                self.routes.withdrawal,
            )?,
        };
        let body = self.codec.encode(message)?;
        let response = self
            .transport
            .exchange(TransportRequest {
                method: Method::Post,
                path,
                content_type: Some(self.routes.content_type),
                idempotency_key: Some(message.message_id().to_owned()),
                dossier: Some(message.dossier().clone()),
                body,
            })
            .await?;
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

    /// Reads every message the agency has published about the dossier, oldest first, until `404`.
    pub async fn poll(&self, reference: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError> {
        let segment = self.path_segment(reference)?;
        let mut messages = Vec::new();
        while messages.len() < MAX_MESSAGES_PER_POLL {
            let response = self
                .transport
                .exchange(TransportRequest {
                    method: Method::Get,
                    path: format!(
                        "{}/{segment}/{}/{}",
                        self.routes.dossiers,
                        self.routes.messages,
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
