//! The exchange with VNPost's API: a client-credentials token, the order post, the tracking feed, through
//! any [`AgencyTransport`] (the HTTP transport of `hoso-http`, or the kit's loopback transport).

use std::fmt;
use std::sync::{Arc, Mutex};

use hoso_core::adapter::{AdapterErrorKind, AgencyTransport, Method, TransportRequest};
use hoso_core::carrier::{
    CarrierError, CarrierOrder, OrderNumber, PostalCarrier, StatusTable, TrackingCursor,
    TrackingPage, Waybill,
};

use crate::codec::{CARRIER, MAX_BODY_BYTES, VnpostCodec};
use crate::wire::VNPOST_STATUS;

/// The token path (OAuth2 client credentials, RFC 6749 §4.4). Unverified: OpenCPS names it `…/token`.
pub const TOKEN_PATH: &str = "/token";
/// The order path (from the comment in OpenCPS `VNPostManagementImpl.java`).
pub const ORDER_PATH: &str = "/apiVNPostNGSP/p1.0/order/post";
/// The cancellation path. Unverified: no public implementation cancels; this follows the order path.
pub const CANCEL_PATH: &str = "/apiVNPostNGSP/p1.0/order/cancel";
/// The tracking feed's path, read with `?pagesize=N&lastId=M` (OpenCPS `getOrderTracking(pagesize, lastId)`;
/// the path itself is unverified).
pub const TRACKING_PATH: &str = "/apiVNPostNGSP/p1.0/order/tracking";

/// The customer's key and secret for the token endpoint. A credential: `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// `customerKey`.
    pub customer_key: String,
    /// `secretKey`.
    pub secret_key: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("customer_key", &self.customer_key)
            .field("secret_key", &"<redacted>")
            .finish()
    }
}

/// VNPost as a [`PostalCarrier`]. One attempt per call; a token refused mid-way (`401`) is renewed once
/// within the call.
pub struct VnpostCarrier {
    codec: VnpostCodec,
    credentials: Credentials,
    transport: Arc<dyn AgencyTransport>,
    token: Mutex<Option<String>>,
}

impl fmt::Debug for VnpostCarrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VnpostCarrier")
            .field("codec", &self.codec)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

fn form_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl VnpostCarrier {
    /// VNPost for the customer of `codec`, authenticated with `credentials`, through `transport`.
    pub fn new(
        codec: VnpostCodec,
        credentials: Credentials,
        transport: Arc<dyn AgencyTransport>,
    ) -> Self {
        VnpostCarrier {
            codec,
            credentials,
            transport,
            token: Mutex::new(None),
        }
    }

    fn cached_token(&self) -> Option<String> {
        self.token.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set_token(&self, token: Option<String>) {
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = token;
    }

    async fn exchange(
        &self,
        request: TransportRequest,
    ) -> Result<hoso_core::adapter::TransportResponse, CarrierError> {
        let response = self
            .transport
            .exchange(request)
            .await
            .map_err(|e| CarrierError::from_transport(CARRIER, e))?;
        if response.body.len() > MAX_BODY_BYTES {
            return Err(CarrierError::new(
                AdapterErrorKind::LimitExceeded,
                CARRIER,
                format!("an answer of {} bytes", response.body.len()),
            ));
        }
        Ok(response)
    }

    async fn token(&self) -> Result<String, CarrierError> {
        if let Some(token) = self.cached_token() {
            return Ok(token);
        }
        let body = format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            form_escape(&self.credentials.customer_key),
            form_escape(&self.credentials.secret_key)
        );
        let mut request = TransportRequest::new(Method::Post, TOKEN_PATH);
        request.content_type = Some("application/x-www-form-urlencoded");
        request.body = body.into_bytes();
        let response = self.exchange(request).await?;
        check_status(response.status, "the token request")?;
        let token = self.codec.decode_token(&response.body)?;
        self.set_token(Some(token.clone()));
        Ok(token)
    }

    /// Sends `build()` with the token; on `401`, renews the token and sends once more.
    async fn authorised(
        &self,
        build: impl Fn() -> TransportRequest,
    ) -> Result<hoso_core::adapter::TransportResponse, CarrierError> {
        for renewed in [false, true] {
            let mut request = build();
            request.bearer_token = Some(self.token().await?);
            let response = self.exchange(request).await?;
            if response.status == 401 && !renewed {
                self.set_token(None);
                continue;
            }
            return Ok(response);
        }
        Err(CarrierError::new(
            AdapterErrorKind::Unauthorized,
            CARRIER,
            "a renewed token was refused too",
        ))
    }
}

fn check_status(status: u16, what: &str) -> Result<(), CarrierError> {
    match AdapterErrorKind::from_http_status(status) {
        None => Ok(()),
        Some(kind) => Err(CarrierError::new(
            kind,
            CARRIER,
            format!("{what} was answered with HTTP {status}"),
        )
        .with_carrier_code(status.to_string())),
    }
}

#[async_trait::async_trait]
impl PostalCarrier for VnpostCarrier {
    fn name(&self) -> &str {
        CARRIER
    }

    fn status_table(&self) -> &StatusTable {
        &VNPOST_STATUS
    }

    async fn create_order(&self, order: &CarrierOrder) -> Result<Waybill, CarrierError> {
        let body = self.codec.encode_order(order)?;
        let key = order.number.to_string();
        let response = self
            .authorised(|| {
                let mut r = TransportRequest::new(Method::Post, ORDER_PATH);
                r.content_type = Some("application/json");
                r.idempotency_key = Some(key.clone());
                r.dossier = Some(order.number.dossier.clone());
                r.body = body.clone();
                r
            })
            .await?;
        // A refusal comes as a reply with its status, whatever the HTTP status; a reply that is not one is
        // the HTTP status's error.
        match self.codec.decode_order_reply(&response.body, &order.number) {
            Err(e) if e.kind() == AdapterErrorKind::InvalidPayload => {
                check_status(response.status, "the order")?;
                Err(e)
            }
            other => other,
        }
    }

    async fn cancel(&self, order: &OrderNumber) -> Result<(), CarrierError> {
        let body = serde_json::json!({ "OrderNumber": order.to_string() }).to_string();
        let response = self
            .authorised(|| {
                let mut r = TransportRequest::new(Method::Post, CANCEL_PATH);
                r.content_type = Some("application/json");
                r.dossier = Some(order.dossier.clone());
                r.body = body.clone().into_bytes();
                r
            })
            .await?;
        check_status(response.status, "the cancellation")
    }

    async fn track(
        &self,
        after: TrackingCursor,
        limit: usize,
    ) -> Result<TrackingPage, CarrierError> {
        let limit = limit.clamp(1, hoso_core::carrier::MAX_EVENTS_PER_PAGE);
        let path = format!("{TRACKING_PATH}?pagesize={limit}&lastId={}", after.0);
        let response = self
            .authorised(|| TransportRequest::new(Method::Get, path.clone()))
            .await?;
        check_status(response.status, "the tracking feed")?;
        let page = self.codec.decode_feed(&response.body)?;
        if page.events.len() > limit {
            return Err(CarrierError::new(
                AdapterErrorKind::LimitExceeded,
                CARRIER,
                format!("{} reports on a page of {limit}", page.events.len()),
            ));
        }
        Ok(page)
    }
}
