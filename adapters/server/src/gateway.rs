//! The agencies' gateway: `POST /api/v1/agencies/{agency}/messages`, where an agency's system pushes a
//! message in its own format.
//!
//! - **Who may push.** Only the agencies the server is configured with ([`GatewayAgency`]), each with its
//!   codec and its credential: a bearer token (the server keeps its SHA-256 only and compares in constant
//!   time) or a signature, the police webhooks' HMAC-SHA256 scheme (`hoso_police::webhook::Verifier`: the
//!   signature, the timestamp within its tolerance, and the delivery id and signature remembered in the
//!   store's once-only keys, so that a captured request sent again is refused by every server over the
//!   store, before and after a restart). An unknown agency and a wrong credential are the same 401.
//! - **What is recorded.** The body is decoded by the agency's codec into an
//!   [`AgencyMessage`](hoso_core::adapter::AgencyMessage), which must be the configured agency's and about a
//!   dossier filed with it, and is recorded by
//!   [`DossierService::record_agency_message`](hoso_core::service::DossierService::record_agency_message):
//!   appended in one transaction with what it causes (the portal sync, a postal order), once per message id.
//! - **Never lost, never twice.** The answer is 200 only once the append has committed. A store failure is
//!   503 and the agency sends again; a message sent again (a retry after a lost answer, a new delivery of the
//!   same message) is answered 200 `already_recorded` and writes nothing.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use hoso_core::AgencyCode;
use hoso_core::adapter::AgencyCodec;
use hoso_core::service::ServiceError;
use hoso_core::store::StoreErrorKind;
use hoso_police::webhook::{Headers, Verifier, WebhookError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::app::App;
use crate::page::json_response;

/// The SHA-256 of an agency's bearer token: what the server keeps instead of the token. `Debug` shows
/// nothing of it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TokenDigest([u8; 32]);

impl TokenDigest {
    /// The digest of `token`.
    pub fn of(token: &str) -> Self {
        TokenDigest(Sha256::digest(token.as_bytes()).into())
    }

    /// A digest given as 64 hexadecimal digits (as kept in a configuration file); `None` if it is not one.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let hex = hex.as_bytes();
        if hex.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in hex.chunks_exact(2).enumerate() {
            let digit = |c: u8| char::from(c).to_digit(16);
            let byte = digit(pair[0])? * 16 + digit(pair[1])?;
            out[i] = u8::try_from(byte).ok()?;
        }
        Some(TokenDigest(out))
    }

    pub(crate) fn matches(&self, token: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        bool::from(self.0.ct_eq(&presented))
    }
}

impl fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenDigest(…)")
    }
}

/// How an agency proves a push is its own.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AgencyAuth {
    /// `Authorization: Bearer <token>`, the token's digest kept. A bearer push carries no signature, so a
    /// replayed request is harmless only because the message is recorded once per id; use it over TLS.
    Bearer(TokenDigest),
    /// The police webhooks' signature headers (`X-Hoso-Delivery`, `X-Hoso-Timestamp`,
    /// `X-Hoso-Signature`), verified with the clock of the server; a replayed delivery is refused.
    Signed(Arc<Verifier>),
}

/// One agency allowed to push: its code, the codec of its format and its credential.
#[derive(Debug, Clone)]
pub struct GatewayAgency {
    /// The agency.
    pub agency: AgencyCode,
    /// Its format.
    pub codec: Arc<dyn AgencyCodec>,
    /// Its credential.
    pub auth: AgencyAuth,
}

impl GatewayAgency {
    /// An agency of `codec`'s format, authenticated by `auth`.
    pub fn new(agency: AgencyCode, codec: Arc<dyn AgencyCodec>, auth: AgencyAuth) -> Self {
        GatewayAgency {
            agency,
            codec,
            auth,
        }
    }
}

/// The agencies the gateway accepts, by code.
pub(crate) type Agencies = Arc<HashMap<AgencyCode, GatewayAgency>>;

#[derive(Serialize)]
struct Answer<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dossier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appended: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

fn refuse(status: StatusCode, what: &'static str, message: impl Into<String>) -> Response {
    json_response(
        status,
        &Answer {
            status: what,
            dossier: None,
            version: None,
            appended: None,
            message: Some(message.into()),
        },
    )
}

struct AxumHeaders<'a>(&'a HeaderMap);

impl Headers for AxumHeaders<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|v| v.to_str().ok())
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Checks a signed push and remembers its replay keys in the store, under the agency's name: every server
/// over the store, and the next one after a restart, refuses a delivery one of them accepted.
async fn verify_once(
    app: &App,
    gateway: &GatewayAgency,
    verifier: &Verifier,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), WebhookError> {
    let now = app.clock.now();
    let authenticated = verifier.authenticate(&AxumHeaders(headers), body, now)?;
    for key in authenticated.replay_keys() {
        let key = format!("webhook:{}:{key}", gateway.agency);
        let fresh = app
            .store
            .remember_once(&key, authenticated.remember_until(), now)
            .await
            .map_err(|e| {
                tracing::error!(agency = %gateway.agency, error = %e, "replay keys not recorded");
                WebhookError::ReplayStore(e.kind().as_str().to_owned())
            })?;
        if !fresh {
            return Err(authenticated.replayed());
        }
    }
    Ok(())
}

/// `POST /api/v1/agencies/{agency}/messages`.
pub(crate) async fn push(
    State(app): State<App>,
    Path(agency): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let unauthorized = || {
        refuse(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "unknown agency or wrong credential",
        )
    };
    let Some(gateway) = agency
        .parse::<AgencyCode>()
        .ok()
        .and_then(|code| app.agencies.get(&code))
    else {
        return unauthorized();
    };
    match &gateway.auth {
        AgencyAuth::Bearer(digest) => {
            if !bearer(&headers).is_some_and(|t| digest.matches(t)) {
                return unauthorized();
            }
        }
        AgencyAuth::Signed(verifier) => {
            if let Err(e) = verify_once(&app, gateway, verifier, &headers, &body).await {
                let status =
                    StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::UNAUTHORIZED);
                tracing::warn!(agency = %gateway.agency, error = %e, "push refused");
                return refuse(status, "refused", e.to_string());
            }
        }
    }
    let message = match gateway.codec.decode(&body) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(agency = %gateway.agency, kind = ?e.kind(), "push does not decode");
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.to_string());
        }
    };
    if message.agency != gateway.agency {
        return refuse(
            StatusCode::FORBIDDEN,
            "forbidden",
            "the message names another agency",
        );
    }
    match app.service.record_agency_message(&message).await {
        Ok(outcome) => {
            let status = if outcome.repeated_command || outcome.appended == 0 {
                "already_recorded"
            } else {
                "recorded"
            };
            tracing::info!(agency = %gateway.agency, status, "push recorded");
            json_response(
                StatusCode::OK,
                &Answer {
                    status,
                    dossier: Some(message.dossier.as_str()),
                    version: Some(outcome.version),
                    appended: Some(outcome.appended),
                    message: None,
                },
            )
        }
        // A dossier that does not exist and one filed with another agency are the same answer.
        Err(ServiceError::NotFound(_) | ServiceError::NotFiledWith { .. }) => refuse(
            StatusCode::NOT_FOUND,
            "unknown_dossier",
            "no such dossier filed with this agency",
        ),
        Err(ServiceError::Transition { source, .. }) => {
            refuse(StatusCode::CONFLICT, "refused", source.to_string())
        }
        Err(ServiceError::Store(e)) if matches!(e.kind(), StoreErrorKind::Conflict { .. }) => {
            refuse(StatusCode::SERVICE_UNAVAILABLE, "busy", "send again")
        }
        Err(e) => {
            tracing::error!(agency = %gateway.agency, error = %e, "push not recorded");
            refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "not recorded: send again",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_matches_its_digest_only() {
        let d = TokenDigest::of("s3cret-token");
        assert!(d.matches("s3cret-token"));
        assert!(!d.matches("s3cret-tokem"));
        assert!(!d.matches(""));
        assert_eq!(format!("{d:?}"), "TokenDigest(…)");
    }

    #[test]
    fn a_digest_reads_from_hex() {
        let d = TokenDigest::of("abc");
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(TokenDigest::from_hex(hex), Some(d));
        assert_eq!(TokenDigest::from_hex(&hex[..62]), None);
        assert_eq!(TokenDigest::from_hex(&hex.replace('b', "g")), None);
    }

    #[test]
    fn the_bearer_scheme_is_read_case_insensitively() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, "bearer abc".parse().unwrap());
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&h), None);
    }
}
