//! The reqwest transport: one agency's base URL, credentials, timeouts, TLS, audit trail and spans.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyTransport, Method, TransportRequest, TransportResponse,
};
use hoso_core::custody::Sha256Digest;
use jiff::Timestamp;
use tracing::Instrument;

use crate::audit::{AuditRecord, AuditSink, FailureRecord, RequestRecord, ResponseRecord};
use crate::context;
use crate::retry::parse_retry_after;

mod builder;

pub use builder::{Auth, HttpTransportBuilder, TransportBuildError};

/// The header that carries the idempotency key (IETF draft `draft-ietf-httpapi-idempotency-key-header`).
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// Carries an adapter's requests to one agency over HTTP(S) with reqwest.
///
/// One attempt per [`exchange`](AgencyTransport::exchange): retries belong to the
/// [`Resilient`](crate::Resilient) layer around the adapter. What each failure looks like:
///
/// | what happened | result |
/// |---|---|
/// | any HTTP answer (2xx, 4xx, 5xx) | `Ok(TransportResponse)`, `retry_after` read on 429 and 503 |
/// | connection refused, DNS failure | `Unavailable`, retryable |
/// | no answer within the timeout | `Timeout`, retryable |
/// | connection lost while reading the answer | `Unavailable`, retryable, message names the status seen |
/// | answer larger than `max_response_bytes` | `LimitExceeded`, not retryable |
///
/// Every request and outcome goes to the audit sink, if one is set, and runs in a `tracing` span
/// `agency_exchange` with the agency, dossier code, attempt, method and path (never a body).
///
/// Cloning is cheap and shares the connection pool.
#[derive(Clone)]
pub struct HttpTransport {
    agency: AgencyCode,
    /// The base URL requests go to, password included.
    target: String,
    /// `target` with its password, if any, replaced by `***`: what `Debug`, `base_url()` and errors show.
    base_url: String,
    client: reqwest::Client,
    timeout: Duration,
    max_response_bytes: usize,
    audit: Option<Arc<dyn AuditSink>>,
    exchanges: Arc<AtomicU64>,
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("agency", &self.agency)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("audit", &self.audit)
            .finish_non_exhaustive()
    }
}

impl HttpTransport {
    /// The base URL, without a trailing `/`, its password (if any) replaced by `***`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The agency this transport talks to.
    pub fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn audit(&self, record: AuditRecord) {
        if let Some(Err(e)) = self.audit.as_ref().map(|sink| sink.record(&record)) {
            tracing::error!(error = %e, "audit record lost");
        }
    }

    fn error(&self, kind: AdapterErrorKind, message: String) -> AdapterError {
        AdapterError::new(kind, self.agency.clone(), message)
    }

    async fn exchange_once(
        &self,
        request: TransportRequest,
        exchange: u64,
        attempt: u32,
        dossier: Option<hoso_core::DossierCode>,
        span: tracing::Span,
    ) -> Result<TransportResponse, AdapterError> {
        if !request.path.starts_with('/') {
            return Err(self.error(
                AdapterErrorKind::InvalidPayload,
                format!("request path {:?} does not start with '/'", request.path),
            ));
        }
        let request_sha256 = Sha256Digest::of(&request.body);
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            other => {
                return Err(self.error(
                    AdapterErrorKind::Unsupported,
                    format!("method {} is not supported", other.as_str()),
                ));
            }
        };
        let mut builder = self
            .client
            .request(method, format!("{}{}", self.target, request.path));
        if let Some(content_type) = request.content_type {
            builder = builder.header(reqwest::header::CONTENT_TYPE, content_type);
        }
        if let Some(key) = &request.idempotency_key {
            builder = builder.header(IDEMPOTENCY_KEY, key.as_str());
        }
        if let Some(token) = &request.bearer_token {
            let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| {
                    self.error(
                        AdapterErrorKind::InvalidPayload,
                        "the bearer token holds characters a header cannot carry".to_owned(),
                    )
                })?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        self.audit(AuditRecord::Request(RequestRecord {
            exchange,
            agency: self.agency.clone(),
            dossier: dossier.clone(),
            attempt,
            method: request.method.as_str().to_owned(),
            path: request.path.clone(),
            idempotency_key: request.idempotency_key.clone(),
            body_sha256: request_sha256,
            body_bytes: request.body.len() as u64,
            sent_at: Timestamp::now(),
        }));
        let started = Instant::now();
        let fail = |status: Option<u16>, error: AdapterError| {
            self.audit(AuditRecord::Failure(FailureRecord {
                exchange,
                agency: self.agency.clone(),
                dossier: dossier.clone(),
                attempt,
                request_sha256,
                status,
                error_kind: error.kind().as_str().to_owned(),
                message: error.message().to_owned(),
                failed_at: Timestamp::now(),
                elapsed_us: micros(started.elapsed()),
            }));
            tracing::warn!(kind = %error.kind(), "exchange failed: {}", error.message());
            error
        };

        let mut response = match builder.body(request.body).send().await {
            Ok(r) => r,
            Err(e) => return Err(fail(None, self.client_error(e, None))),
        };
        let status = response.status().as_u16();
        span.record("status", status);
        let retry_after = if status == 429 || status == 503 {
            response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, Timestamp::now()))
        } else {
            None
        };
        if let Some(wait) = retry_after {
            context::note_retry_after(wait);
        }
        if response
            .content_length()
            .is_some_and(|n| n > self.max_response_bytes as u64)
        {
            let e = self.too_large(status);
            return Err(fail(Some(status), e));
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_response_bytes {
                        let e = self.too_large(status);
                        return Err(fail(Some(status), e));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(fail(Some(status), self.client_error(e, Some(status)))),
            }
        }
        self.audit(AuditRecord::Response(ResponseRecord {
            exchange,
            agency: self.agency.clone(),
            dossier,
            attempt,
            request_sha256,
            status,
            body_sha256: Sha256Digest::of(&body),
            body_bytes: body.len() as u64,
            retry_after_ms: retry_after.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            received_at: Timestamp::now(),
            elapsed_us: micros(started.elapsed()),
        }));
        Ok(TransportResponse {
            status,
            retry_after,
            body,
        })
    }

    fn too_large(&self, status: u16) -> AdapterError {
        self.error(
            AdapterErrorKind::LimitExceeded,
            format!(
                "answer (HTTP {status}) is larger than {} bytes",
                self.max_response_bytes
            ),
        )
    }

    fn client_error(&self, e: reqwest::Error, status: Option<u16>) -> AdapterError {
        let (kind, message) = if e.is_timeout() {
            (
                AdapterErrorKind::Timeout,
                match status {
                    None => format!("no answer within {} ms", self.timeout.as_millis()),
                    Some(s) => format!(
                        "answer (HTTP {s}) not read in full within {} ms",
                        self.timeout.as_millis()
                    ),
                },
            )
        } else if e.is_connect() {
            (
                AdapterErrorKind::Unavailable,
                "could not connect to the agency".to_owned(),
            )
        } else {
            (
                AdapterErrorKind::Unavailable,
                match status {
                    None => "connection lost before an answer came".to_owned(),
                    Some(s) => format!("connection lost while reading the answer (HTTP {s})"),
                },
            )
        };
        // The reqwest error's text names the URL, which may hold the base URL's password: dropped.
        self.error(kind, message).with_source(e.without_url())
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

#[async_trait::async_trait]
impl AgencyTransport for HttpTransport {
    async fn exchange(&self, request: TransportRequest) -> Result<TransportResponse, AdapterError> {
        let (attempt, layer_dossier) = context::current();
        let dossier = request.dossier.clone().or(layer_dossier);
        let exchange = self.exchanges.fetch_add(1, Ordering::Relaxed) + 1;
        let span = tracing::info_span!(
            "agency_exchange",
            agency = %self.agency,
            dossier = dossier.as_ref().map(tracing::field::display),
            attempt,
            exchange,
            method = request.method.as_str(),
            path = %request.path,
            status = tracing::field::Empty,
        );
        self.exchange_once(request, exchange, attempt, dossier, span.clone())
            .instrument(span)
            .await
    }
}
