//! Building an [`HttpTransport`]: the base URL, credentials, timeouts and limits, checked once.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use hoso_core::AgencyCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::HttpTransport;
use crate::audit::AuditSink;

/// How the transport proves who it is to the agency.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// `Authorization: Bearer <token>` (RFC 6750).
    Bearer(String),
    /// An API key in a header of the agency's choosing (e.g. `X-API-Key`).
    ApiKey {
        /// The header's name.
        header: String,
        /// The key.
        key: String,
    },
}

impl fmt::Debug for Auth {
    // Credentials never appear in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Auth::ApiKey { header, .. } => write!(f, "ApiKey({header}: <redacted>)"),
        }
    }
}

/// Why a transport could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportBuildError {
    /// The base URL does not parse or is not `http`/`https`.
    #[error("base URL {url:?} is not usable: {reason}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// Why.
        reason: String,
    },
    /// Plain `http` to a host other than loopback would send credentials and personal data in clear.
    #[error("base URL {url:?} uses plain http to a host that is not loopback; use https")]
    PlainHttpToRemoteHost {
        /// The URL given.
        url: String,
    },
    /// A credential or header name cannot be sent as an HTTP header.
    #[error("header {name:?} cannot be sent: {reason}")]
    InvalidHeader {
        /// The header's name (the value is never shown).
        name: String,
        /// Why.
        reason: String,
    },
    /// The HTTP client (TLS configuration included) could not be built.
    #[error("HTTP client could not be built: {0}")]
    Client(#[source] reqwest::Error),
}

/// Builds an [`HttpTransport`].
///
/// ```
/// use std::time::Duration;
/// use hoso_http::{Auth, HttpTransport};
/// # let agency: hoso_core::AgencyCode = "000.00.15.H22".parse().unwrap();
/// let transport = HttpTransport::builder(agency, "https://gplx.example.gov.vn/api")
///     .auth(Auth::Bearer("token".into()))
///     .connect_timeout(Duration::from_secs(3))
///     .timeout(Duration::from_secs(20))
///     .build()
///     .unwrap();
/// assert_eq!(transport.base_url(), "https://gplx.example.gov.vn/api");
/// ```
#[derive(Debug)]
#[must_use]
pub struct HttpTransportBuilder {
    agency: AgencyCode,
    base_url: String,
    auth: Option<Auth>,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
    audit: Option<Arc<dyn AuditSink>>,
    pool_max_idle_per_host: usize,
}

impl HttpTransportBuilder {
    /// Sets the credentials.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Sets the time allowed to open a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the time allowed for a whole exchange, from sending to reading the last byte (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the largest response body read (default 4 MiB); a larger one is a `LimitExceeded` error.
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Sets the `User-Agent` (default `hoso-http/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends an audit record of every request and outcome to `sink`.
    pub fn audit(mut self, sink: Arc<dyn AuditSink>) -> Self {
        self.audit = Some(sink);
        self
    }

    /// Sets how many idle connections to the agency are kept open for reuse (default 64).
    pub fn pool_max_idle(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// Builds the transport.
    ///
    /// TLS is rustls with the `ring` crypto provider, installed as the process default if no provider is
    /// installed yet (one installed by the application is kept), and the platform's certificate verifier.
    pub fn build(self) -> Result<HttpTransport, TransportBuildError> {
        let url = reqwest::Url::parse(&self.base_url).map_err(|e| {
            TransportBuildError::InvalidBaseUrl {
                url: self.base_url.clone(),
                reason: e.to_string(),
            }
        })?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => {
                return Err(TransportBuildError::PlainHttpToRemoteHost { url: self.base_url });
            }
            other => {
                return Err(TransportBuildError::InvalidBaseUrl {
                    url: self.base_url.clone(),
                    reason: format!("scheme {other:?} is not http or https"),
                });
            }
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(TransportBuildError::InvalidBaseUrl {
                url: self.base_url.clone(),
                reason: "a base URL has no query or fragment".into(),
            });
        }

        let mut headers = HeaderMap::new();
        match &self.auth {
            None => {}
            Some(Auth::Bearer(token)) => {
                headers.insert(
                    reqwest::header::AUTHORIZATION,
                    secret_value("Authorization", &format!("Bearer {token}"))?,
                );
            }
            Some(Auth::ApiKey { header, key }) => {
                let name = HeaderName::from_bytes(header.as_bytes()).map_err(|e| {
                    TransportBuildError::InvalidHeader {
                        name: header.clone(),
                        reason: e.to_string(),
                    }
                })?;
                headers.insert(name, secret_value(header, key)?);
            }
        }

        install_crypto_provider();
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(self.user_agent)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .tcp_nodelay(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(TransportBuildError::Client)?;

        Ok(HttpTransport {
            agency: self.agency,
            base_url: self.base_url.trim_end_matches('/').to_owned(),
            client,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            audit: self.audit,
            exchanges: Arc::new(AtomicU64::new(0)),
        })
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host_str() {
        Some(host) if host.eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

fn secret_value(name: &str, value: &str) -> Result<HeaderValue, TransportBuildError> {
    let mut value =
        HeaderValue::from_str(value).map_err(|_| TransportBuildError::InvalidHeader {
            name: name.to_owned(),
            reason: "the value holds characters a header cannot carry".into(),
        })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Installs `ring` as the process's rustls crypto provider unless one is installed already.
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one between the check and here: then theirs is kept, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

impl HttpTransport {
    /// A builder for a transport to `agency` at `base_url` (`https://`, or `http://` to loopback only).
    pub fn builder(agency: AgencyCode, base_url: impl Into<String>) -> HttpTransportBuilder {
        HttpTransportBuilder {
            agency,
            base_url: base_url.into(),
            auth: None,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_response_bytes: 4 << 20,
            user_agent: concat!("hoso-http/", env!("CARGO_PKG_VERSION")).to_owned(),
            audit: None,
            pool_max_idle_per_host: 64,
        }
    }
}
