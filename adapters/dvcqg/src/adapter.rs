//! The exchange with the portal, in its two modes: directly (a session, then named services on one
//! endpoint) or through a provincial relay (one URL per call, no session). One attempt per call, except that
//! an expired session is renewed once; retries belong to the outbox ([`DvcqgSync`](crate::DvcqgSync)).

use std::fmt;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyTransport, Method, TransportRequest,
};
use hoso_core::{AgencyCode, DossierCode};
use serde::Serialize;

use crate::codec::{DvcqgCodec, Reply, ReplyOutcome};
use crate::wire::{HoSoDongBoDVC, MAX_PROGRESS_PER_CALL, QuaTrinhXuLy};

/// The media type of every call.
pub const CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// `DongBoHoSoMC`: create or update a dossier.
pub const SYNC_DOSSIER: &str = "DongBoHoSoMC";
/// `CapNhatTienDoHoSoMC`: add processing steps.
pub const UPDATE_PROGRESS: &str = "CapNhatTienDoHoSoMC";

/// The direct mode: `POST {login}` with `{"username", "password"}` answers a `session`; every call is
/// `POST {integration}` with `{"session", "madonvi", "service", ...}`. The `dstcode` header goes on every
/// request: configure it on the transport (`hoso_http::Auth::ApiKey { header: "dstcode", .. }`).
#[derive(Clone, PartialEq, Eq)]
pub struct Direct {
    /// The login path (the portal's `auth_endpoint`).
    pub login: String,
    /// The path of every service call (the portal's `integration_endpoint`).
    pub integration: String,
    /// The account.
    pub username: String,
    /// Its password (never shown in `Debug`).
    pub password: String,
    /// `madonvi`: the reporting unit's code.
    pub unit: String,
}

impl fmt::Debug for Direct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Direct")
            .field("login", &self.login)
            .field("integration", &self.integration)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("unit", &self.unit)
            .finish()
    }
}

/// The relay mode: the dossier as a JSON array of one to `create` (`URLThemMoi`) or `update`
/// (`URLCapNhat`), the steps as an array of at most 10 to `progress` (`URLDongBoTienTrinh`). No session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relay {
    /// Where a new dossier goes.
    pub create: String,
    /// Where an update goes.
    pub update: String,
    /// Where steps go.
    pub progress: String,
}

/// How this system reaches the portal.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// Directly, with a session.
    Direct(Direct),
    /// Through a provincial relay.
    Relay(Relay),
}

/// How a dossier sync ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    /// Sent as new and recorded.
    Created,
    /// Sent as an update (asked for, or after the portal answered that it already exists).
    Updated,
}

/// Counts of what a client did, for reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientCounts {
    /// Requests sent (logins included).
    pub requests: u64,
    /// Sessions opened.
    pub sessions: u64,
    /// Dossier syncs acknowledged.
    pub dossiers: u64,
    /// Progress calls acknowledged.
    pub progress_calls: u64,
    /// Creates answered "already exists" and resent as updates.
    pub resent_as_update: u64,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    sessions: AtomicU64,
    dossiers: AtomicU64,
    progress_calls: AtomicU64,
    resent_as_update: AtomicU64,
}

/// The portal's client: sends dossiers and steps in the configured [`Mode`] through any
/// [`AgencyTransport`].
pub struct PortalClient {
    codec: DvcqgCodec,
    mode: Mode,
    transport: Arc<dyn AgencyTransport>,
    session: Mutex<Option<String>>,
    counters: Counters,
}

impl fmt::Debug for PortalClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PortalClient")
            .field("portal", self.codec.portal())
            .field("mode", &self.mode)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct Login<'a> {
    username: &'a str,
    password: &'a str,
}

#[derive(Serialize)]
struct Call<'a, T: Serialize> {
    session: &'a str,
    madonvi: &'a str,
    service: &'static str,
    #[serde(rename = "isUpdating", skip_serializing_if = "Option::is_none")]
    is_updating: Option<bool>,
    data: &'a [T],
}

impl PortalClient {
    /// A client for the portal of `codec`, in `mode`, over `transport`.
    pub fn new(codec: DvcqgCodec, mode: Mode, transport: Arc<dyn AgencyTransport>) -> Self {
        PortalClient {
            codec,
            mode,
            transport,
            session: Mutex::new(None),
            counters: Counters::default(),
        }
    }

    /// The codec.
    pub fn codec(&self) -> &DvcqgCodec {
        &self.codec
    }

    /// What the client did so far.
    pub fn counts(&self) -> ClientCounts {
        let c = &self.counters;
        ClientCounts {
            requests: c.requests.load(Ordering::Relaxed),
            sessions: c.sessions.load(Ordering::Relaxed),
            dossiers: c.dossiers.load(Ordering::Relaxed),
            progress_calls: c.progress_calls.load(Ordering::Relaxed),
            resent_as_update: c.resent_as_update.load(Ordering::Relaxed),
        }
    }

    fn portal(&self) -> &AgencyCode {
        self.codec.portal()
    }

    fn error(&self, kind: AdapterErrorKind, message: String) -> AdapterError {
        AdapterError::new(kind, self.portal().clone(), message)
    }

    /// Sends the dossier (`DongBoHoSoMC`), as an update when `updating`; a create the portal answers with
    /// "already exists" is sent again as an update.
    pub async fn sync_dossier(
        &self,
        dossier: &HoSoDongBoDVC,
        updating: bool,
    ) -> Result<Upsert, AdapterError> {
        let code = dossier.ma_ho_so.parse::<DossierCode>().ok();
        let data = std::slice::from_ref(dossier);
        let reply = self.dossier_call(data, updating, code.as_ref()).await?;
        let done = match reply.outcome {
            ReplyOutcome::Success if updating => Upsert::Updated,
            ReplyOutcome::Success => Upsert::Created,
            ReplyOutcome::AlreadyExists if !updating => {
                self.counters
                    .resent_as_update
                    .fetch_add(1, Ordering::Relaxed);
                let again = self.dossier_call(data, true, code.as_ref()).await?;
                if again.outcome != ReplyOutcome::Success {
                    return Err(again.into_error(self.portal(), SYNC_DOSSIER));
                }
                Upsert::Updated
            }
            _ => return Err(reply.into_error(self.portal(), SYNC_DOSSIER)),
        };
        self.counters.dossiers.fetch_add(1, Ordering::Relaxed);
        Ok(done)
    }

    /// Sends at most [`MAX_PROGRESS_PER_CALL`] steps of one dossier (`CapNhatTienDoHoSoMC`); more is an
    /// `Unsupported` error and nothing is sent.
    pub async fn update_progress(&self, steps: &[QuaTrinhXuLy]) -> Result<(), AdapterError> {
        if steps.len() > MAX_PROGRESS_PER_CALL {
            return Err(self.error(
                AdapterErrorKind::Unsupported,
                format!(
                    "{UPDATE_PROGRESS}: {} steps in one call, at most {MAX_PROGRESS_PER_CALL}",
                    steps.len()
                ),
            ));
        }
        if steps.is_empty() {
            return Ok(());
        }
        let code = steps[0].ma_ho_so.parse::<DossierCode>().ok();
        let reply = match &self.mode {
            Mode::Direct(direct) => {
                self.direct_call(direct, UPDATE_PROGRESS, None, steps, code.as_ref())
                    .await?
            }
            Mode::Relay(relay) => self.post(&relay.progress, steps, code.as_ref()).await?,
        };
        if reply.outcome != ReplyOutcome::Success {
            return Err(reply.into_error(self.portal(), UPDATE_PROGRESS));
        }
        self.counters.progress_calls.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    async fn dossier_call(
        &self,
        data: &[HoSoDongBoDVC],
        updating: bool,
        code: Option<&DossierCode>,
    ) -> Result<Reply, AdapterError> {
        match &self.mode {
            Mode::Direct(direct) => {
                self.direct_call(direct, SYNC_DOSSIER, Some(updating), data, code)
                    .await
            }
            Mode::Relay(relay) => {
                let path = if updating {
                    &relay.update
                } else {
                    &relay.create
                };
                self.post(path, data, code).await
            }
        }
    }

    /// One service call with the current session; an expired session is renewed and the call sent once
    /// more.
    async fn direct_call<T: Serialize>(
        &self,
        direct: &Direct,
        service: &'static str,
        is_updating: Option<bool>,
        data: &[T],
        code: Option<&DossierCode>,
    ) -> Result<Reply, AdapterError> {
        let mut renewed = false;
        loop {
            let session = match self.current_session() {
                Some(s) => s,
                None => {
                    renewed = true;
                    self.login(direct).await?
                }
            };
            let call = Call {
                session: &session,
                madonvi: &direct.unit,
                service,
                is_updating,
                data,
            };
            let reply = self.post(&direct.integration, &call, code).await?;
            if reply.outcome != ReplyOutcome::SessionExpired || renewed {
                return Ok(reply);
            }
            tracing::info!(service, "portal session expired; logging in again");
            self.forget_session(&session);
        }
    }

    fn current_session(&self) -> Option<String> {
        self.session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn forget_session(&self, expired: &str) {
        let mut held = self.session.lock().unwrap_or_else(|p| p.into_inner());
        if held.as_deref() == Some(expired) {
            *held = None;
        }
    }

    async fn login(&self, direct: &Direct) -> Result<String, AdapterError> {
        let body = Login {
            username: &direct.username,
            password: &direct.password,
        };
        let reply = self.post(&direct.login, &body, None).await?;
        let session = match (reply.outcome, reply.session.clone()) {
            (ReplyOutcome::Success, Some(session)) => session,
            (ReplyOutcome::Success, None) => {
                return Err(self
                    .error(
                        AdapterErrorKind::InvalidPayload,
                        "login: a successful reply without a session".to_owned(),
                    )
                    .with_location(hoso_core::adapter::Location::JsonPath("$.session".into()))
                    .with_retryable(true));
            }
            _ => {
                return Err(AdapterError::new(
                    AdapterErrorKind::Unauthorized,
                    self.portal().clone(),
                    format!("login refused: error_code {:?}", reply.code),
                )
                .with_agency_code(reply.code));
            }
        };
        self.counters.sessions.fetch_add(1, Ordering::Relaxed);
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(session.clone());
        Ok(session)
    }

    async fn post<T: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &T,
        dossier: Option<&DossierCode>,
    ) -> Result<Reply, AdapterError> {
        let body = serde_json::to_vec(body).map_err(|e| {
            self.error(
                AdapterErrorKind::InvalidPayload,
                format!("the request to {path} cannot be written as JSON: {e}"),
            )
        })?;
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        let response = self
            .transport
            .exchange(TransportRequest {
                content_type: Some(CONTENT_TYPE),
                dossier: dossier.cloned(),
                body,
                ..TransportRequest::new(Method::Post, path)
            })
            .await?;
        self.codec.decode_reply(response.status, &response.body)
    }
}
