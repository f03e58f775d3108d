//! The exchange with the licensing authority's system: which message goes to which endpoint.

use hoso_core::adapter::{RestExchange, Routes};

use crate::codec::LicensingCodec;

/// The media type of the authority's messages.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// Where the authority's API takes each message.
pub(crate) const ROUTES: Routes = Routes::new("/gplx/ho-so", "thong-diep", CONTENT_TYPE)
    .with_supplement("bo-sung")
    .with_withdrawal("rut")
    .with_reference_name("the authority's receipt number (SoBienNhan)");

/// The licensing authority's adapter: the core's [`RestExchange`] with this crate's codec and routes.
///
/// Endpoints, below the transport's base URL:
/// - `POST /gplx/ho-so`: a dossier submission (`NopHoSo`); answers `BienNhan` with the receipt number.
/// - `POST /gplx/ho-so/{so-bien-nhan}/bo-sung`: papers after a supplement request (`NopBoSung`).
/// - `POST /gplx/ho-so/{so-bien-nhan}/rut`: a withdrawal (`RutHoSo`).
/// - `GET /gplx/ho-so/{so-bien-nhan}/thong-diep/{n}`: the authority's n-th message (0-based) about the
///   dossier; `404` once there is none.
///
/// Built with `LicensingAdapter::new(codec, transport)`.
pub type LicensingAdapter = RestExchange<LicensingCodec>;
