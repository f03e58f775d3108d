//! The exchange with the licensing authority's system: which message goes to which endpoint.

use std::sync::Arc;

use hoso_core::AgencyCode;
pub use hoso_core::adapter::MAX_MESSAGES_PER_POLL;
use hoso_core::adapter::{
    AdapterError, AgencyAdapter, AgencyMessage, AgencyRef, AgencyTransport, Capabilities,
    OutboundMessage, RestExchange, Routes, SubmissionReceipt,
};

use crate::codec::LicensingCodec;

/// The media type of the authority's messages.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// Where the authority's API takes each message.
const ROUTES: Routes = Routes {
    dossiers: "/gplx/ho-so",
    supplement: "bo-sung",
    withdrawal: "rut",
    messages: "thong-diep",
    content_type: CONTENT_TYPE,
    reference_name: "the authority's receipt number (SoBienNhan)",
};

/// The licensing authority's adapter.
///
/// Endpoints, below the transport's base URL:
/// - `POST /gplx/ho-so`: a dossier submission (`NopHoSo`); answers `BienNhan` with the receipt number.
/// - `POST /gplx/ho-so/{so-bien-nhan}/bo-sung`: papers after a supplement request (`NopBoSung`).
/// - `POST /gplx/ho-so/{so-bien-nhan}/rut`: a withdrawal (`RutHoSo`).
/// - `GET /gplx/ho-so/{so-bien-nhan}/thong-diep/{n}`: the authority's n-th message (0-based) about the
///   dossier; `404` once there is none.
///
/// Every `POST` carries the message id as its `Idempotency-Key`. The exchange itself is the core's
/// [`RestExchange`]; this type gives it the codec and the routes.
#[derive(Debug, Clone)]
pub struct LicensingAdapter {
    exchange: RestExchange<LicensingCodec>,
}

impl LicensingAdapter {
    /// An adapter that speaks `codec`'s version through `transport`.
    pub fn new(codec: LicensingCodec, transport: Arc<dyn AgencyTransport>) -> Self {
        Self {
            exchange: RestExchange::new(codec, ROUTES, transport),
        }
    }

    /// The codec.
    pub fn codec(&self) -> &LicensingCodec {
        self.exchange.codec()
    }
}

#[async_trait::async_trait]
impl AgencyAdapter for LicensingAdapter {
    fn agency(&self) -> &AgencyCode {
        hoso_core::adapter::AgencyCodec::agency(self.codec())
    }

    fn capabilities(&self) -> Capabilities {
        hoso_core::adapter::AgencyCodec::capabilities(self.codec()).with_idempotent_submission(true)
    }

    async fn send(&self, message: &OutboundMessage) -> Result<SubmissionReceipt, AdapterError> {
        self.exchange.send(message).await
    }

    async fn poll(&self, reference: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError> {
        self.exchange.poll(reference).await
    }
}
