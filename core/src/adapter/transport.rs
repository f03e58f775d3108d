//! The HTTP exchange an adapter needs, as a small trait, so that any client (the reqwest transport, a test
//! client, a recorder) can carry an adapter's requests.

use std::fmt;
use std::time::Duration;

use crate::DossierCode;

/// An HTTP method an agency API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One request to an agency's API.
#[derive(Clone, PartialEq, Eq)]
pub struct TransportRequest {
    /// The method.
    pub method: Method,
    /// The path below the agency's base URL, starting with `/` (may carry a query).
    pub path: String,
    /// The `Content-Type` of the body, when there is one.
    pub content_type: Option<&'static str>,
    /// The `Idempotency-Key` header: the same key means the same request, to be carried out once.
    pub idempotency_key: Option<String>,
    /// The dossier the request is about, for tracing and the audit trail (never personal data).
    pub dossier: Option<DossierCode>,
    /// A bearer token for this request only (`Authorization: Bearer …`, RFC 6750), for APIs whose token is
    /// obtained at run time (a client-credentials grant); `None`: the transport's own authentication, if any.
    /// A credential: `Debug` never shows it.
    pub bearer_token: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl TransportRequest {
    /// A request with no content type, key, dossier, token or body.
    ///
    /// ```
    /// use hoso_core::adapter::{Method, TransportRequest};
    /// let r = TransportRequest::new(Method::Get, "/feed?lastId=0");
    /// assert!(r.body.is_empty() && r.bearer_token.is_none());
    /// ```
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        TransportRequest {
            method,
            path: path.into(),
            content_type: None,
            idempotency_key: None,
            dossier: None,
            bearer_token: None,
            body: Vec::new(),
        }
    }
}

impl fmt::Debug for TransportRequest {
    // The body may hold personal data: show its size only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("content_type", &self.content_type)
            .field("idempotency_key", &self.idempotency_key)
            .field("dossier", &self.dossier)
            .field(
                "bearer_token",
                &self.bearer_token.as_ref().map(|_| "<redacted>"),
            )
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// The agency's answer.
#[derive(Clone, PartialEq, Eq)]
pub struct TransportResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The `Retry-After` the agency asked for, if any.
    pub retry_after: Option<Duration>,
    /// The body.
    pub body: Vec<u8>,
}

impl fmt::Debug for TransportResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportResponse")
            .field("status", &self.status)
            .field("retry_after", &self.retry_after)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Carries requests to one agency's API and brings back its answers.
///
/// A transport reports a failure to reach the agency (connection refused or reset, timeout) as an
/// [`AdapterError`](super::AdapterError) of kind `Unavailable` or `Timeout`; any HTTP answer, error statuses
/// included, is a [`TransportResponse`] for the adapter to interpret.
#[async_trait::async_trait]
pub trait AgencyTransport: Send + Sync + fmt::Debug {
    /// Sends one request and waits for the answer.
    async fn exchange(
        &self,
        request: TransportRequest,
    ) -> Result<TransportResponse, super::AdapterError>;
}
