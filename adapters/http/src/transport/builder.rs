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
        /// The URL given, its password (if any) replaced by `***`.
        url: String,
        /// Why.
        reason: String,
    },
    /// Plain `http` to a host other than loopback would send credentials and personal data in clear.
    #[error("base URL {url:?} uses plain http to a host that is not loopback; use https")]
    PlainHttpToRemoteHost {
        /// The URL given, its password (if any) replaced by `***`.
        url: String,
    },
    /// The proxy URL does not parse or is not `http`/`https`.
    #[error("proxy URL {url:?} is not usable: {reason}")]
    InvalidProxyUrl {
        /// The URL given, its password (if any) replaced by `***`.
        url: String,
        /// Why.
        reason: String,
    },
    /// The configuration would hand credentials to the proxy in clear: the agency's credentials on a
    /// plain-http base URL (the proxy reads the whole request), or the proxy's own password over plain http
    /// to a proxy that is not loopback.
    #[error("proxy {proxy:?} would receive {what} over plain http")]
    CredentialsToPlainHttpProxy {
        /// The proxy URL, its password (if any) replaced by `***`.
        proxy: String,
        /// Which credentials: the agency's or the proxy's own.
        what: &'static str,
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
/// The proxy environment variables (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and their lower-case forms) are
/// ignored: a transport goes through a proxy only when one is set with [`proxy`](Self::proxy), so that a
/// variable left in a service's environment cannot divert credentials and personal data.
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
#[must_use]
pub struct HttpTransportBuilder {
    agency: AgencyCode,
    base_url: String,
    auth: Option<Auth>,
    proxy: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
    audit: Option<Arc<dyn AuditSink>>,
    pool_max_idle_per_host: usize,
}

impl fmt::Debug for HttpTransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransportBuilder")
            .field("agency", &self.agency)
            .field("base_url", &redact_password(&self.base_url))
            .field("auth", &self.auth)
            .field("proxy", &self.proxy.as_deref().map(redact_password))
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .field("audit", &self.audit)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .finish()
    }
}

impl HttpTransportBuilder {
    /// Sends every request through the proxy at `url` (`http://` or `https://`, with an optional
    /// `user:password@` for the proxy's own authentication).
    ///
    /// Without this the transport connects directly, whatever the environment says. [`build`](Self::build)
    /// refuses a configuration that would give credentials to the proxy in clear: the agency's credentials
    /// with a plain-http base URL (the proxy would read the `Authorization` header), or a proxy password over
    /// plain http to a proxy that is not loopback. With an `https` base URL the proxy only relays the TLS
    /// tunnel and never sees the agency's credentials.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

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
        let shown = redact_password(&self.base_url);
        let url = reqwest::Url::parse(&self.base_url).map_err(|e| {
            TransportBuildError::InvalidBaseUrl {
                url: shown.clone(),
                reason: e.to_string(),
            }
        })?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => {
                return Err(TransportBuildError::PlainHttpToRemoteHost { url: shown });
            }
            other => {
                return Err(TransportBuildError::InvalidBaseUrl {
                    url: shown,
                    reason: format!("scheme {other:?} is not http or https"),
                });
            }
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(TransportBuildError::InvalidBaseUrl {
                url: shown,
                reason: "a base URL has no query or fragment".into(),
            });
        }
        let proxy = self
            .proxy
            .as_deref()
            .map(|proxy| checked_proxy(proxy, &url, self.auth.is_some()))
            .transpose()?;

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
        let client = match proxy {
            Some(proxy) => reqwest::Client::builder().proxy(proxy),
            None => reqwest::Client::builder().no_proxy(),
        };
        let client = client
            .default_headers(headers)
            .user_agent(self.user_agent)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .tcp_nodelay(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(TransportBuildError::Client)?;

        let target = self.base_url.trim_end_matches('/').to_owned();
        Ok(HttpTransport {
            agency: self.agency,
            base_url: redact_password(&target),
            target,
            client,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            audit: self.audit,
            exchanges: Arc::new(AtomicU64::new(0)),
        })
    }
}

/// The proxy at `proxy`, refused if it would receive credentials in clear (see [`HttpTransportBuilder::proxy`]).
fn checked_proxy(
    proxy: &str,
    base: &reqwest::Url,
    has_auth: bool,
) -> Result<reqwest::Proxy, TransportBuildError> {
    let shown = redact_password(proxy);
    let invalid = |reason: String| TransportBuildError::InvalidProxyUrl {
        url: shown.clone(),
        reason,
    };
    let url = reqwest::Url::parse(proxy).map_err(|e| invalid(e.to_string()))?;
    let plain = match url.scheme() {
        "https" => false,
        "http" => true,
        other => return Err(invalid(format!("scheme {other:?} is not http or https"))),
    };
    if has_auth && base.scheme() == "http" {
        return Err(TransportBuildError::CredentialsToPlainHttpProxy {
            proxy: shown,
            what: "the agency's credentials",
        });
    }
    if plain && url.password().is_some() && !is_loopback(&url) {
        return Err(TransportBuildError::CredentialsToPlainHttpProxy {
            proxy: shown,
            what: "the proxy's own password",
        });
    }
    reqwest::Proxy::all(url).map_err(|e| invalid(e.without_url().to_string()))
}

/// `url` with the password of its `user:password@`, if any, replaced by `***`; text that does not parse as a
/// URL loses everything between `://` and the last `@` of its authority, so no password shows either way.
pub(super) fn redact_password(url: &str) -> String {
    if let Ok(mut parsed) = reqwest::Url::parse(url) {
        if parsed.password().is_some() && parsed.set_password(Some("***")).is_ok() {
            return parsed.to_string();
        }
        if parsed.password().is_none() {
            return url.to_owned();
        }
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let prefix = if scheme.is_empty() {
                String::new()
            } else {
                format!("{scheme}://")
            };
            format!("{prefix}***{}", &rest[at..])
        }
        None => url.to_owned(),
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
            proxy: None,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_response_bytes: 4 << 20,
            user_agent: concat!("hoso-http/", env!("CARGO_PKG_VERSION")).to_owned(),
            audit: None,
            pool_max_idle_per_host: 64,
        }
    }
}
