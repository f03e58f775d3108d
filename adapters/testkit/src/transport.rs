//! A minimal HTTP transport for tests, over reqwest without TLS: enough to talk to the simulator on loopback.
//! Production transports (timeouts, retries, authentication, TLS) live in their own crate.

use std::time::Duration;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyTransport, Method, TransportRequest, TransportResponse,
};

/// Sends each request once to `base_url` + path, with a total timeout.
#[derive(Debug, Clone)]
pub struct LoopbackTransport {
    agency: AgencyCode,
    base_url: String,
    client: reqwest::Client,
}

impl LoopbackTransport {
    /// A transport to `base_url` (e.g. the simulator's) for `agency`, with a 10-second timeout; fails only when
    /// the HTTP client cannot be built (no TLS backend), never by dropping the timeout.
    pub fn new(agency: AgencyCode, base_url: impl Into<String>) -> Result<Self, reqwest::Error> {
        Self::with_timeout(agency, base_url, Duration::from_secs(10))
    }

    /// The same with another total timeout per request.
    pub fn with_timeout(
        agency: AgencyCode,
        base_url: impl Into<String>,
        timeout: Duration,
    ) -> Result<Self, reqwest::Error> {
        // Built in one workspace with the production transport, reqwest may come without a default crypto
        // provider (`rustls-no-provider`): building a client then fails unless one is installed first.
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let client = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self {
            agency,
            base_url: base_url.into(),
            client,
        })
    }
}

#[async_trait::async_trait]
impl AgencyTransport for LoopbackTransport {
    async fn exchange(&self, request: TransportRequest) -> Result<TransportResponse, AdapterError> {
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = match request.method {
            Method::Get => self.client.get(&url),
            _ => self.client.post(&url),
        };
        if let Some(content_type) = request.content_type {
            builder = builder.header("content-type", content_type);
        }
        if let Some(key) = &request.idempotency_key {
            builder = builder.header("idempotency-key", key);
        }
        if let Some(token) = &request.bearer_token {
            builder = builder.bearer_auth(token);
        }
        let failed = |e: reqwest::Error| {
            let kind = if e.is_timeout() {
                AdapterErrorKind::Timeout
            } else {
                AdapterErrorKind::Unavailable
            };
            AdapterError::new(
                kind,
                self.agency.clone(),
                format!("{} {}: {e}", request.method.as_str(), request.path),
            )
            .with_source(e)
        };
        let response = builder
            .body(request.body.clone())
            .send()
            .await
            .map_err(failed)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response.bytes().await.map_err(failed)?.to_vec();
        Ok(TransportResponse {
            status,
            retry_after,
            body,
        })
    }
}
