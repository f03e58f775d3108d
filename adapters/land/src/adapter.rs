//! The exchange with the land registry office's system: which message goes to which endpoint.

use hoso_core::adapter::{RestExchange, Routes};

use crate::codec::LandCodec;

/// The media type of the office's messages.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// Where the office's API takes each message.
pub(crate) const ROUTES: Routes = Routes::new("/dangkydatdai/ho-so", "thong-diep", CONTENT_TYPE)
    .with_supplement("bo-sung")
    .with_withdrawal("rut")
    .with_reference_name("the office's receipt number (SoBienNhan)");

/// The land registry office's adapter: the core's [`RestExchange`] with this crate's codec and routes.
///
/// Endpoints, below the transport's base URL:
/// - `POST /dangkydatdai/ho-so`: a dossier submission (`NopHoSo`); answers `BienNhan` with the receipt number.
/// - `POST /dangkydatdai/ho-so/{so-bien-nhan}/bo-sung`: papers after a supplement request (`NopBoSung`).
/// - `POST /dangkydatdai/ho-so/{so-bien-nhan}/rut`: a withdrawal (`RutHoSo`).
/// - `GET /dangkydatdai/ho-so/{so-bien-nhan}/thong-diep/{n}`: the office's n-th message (0-based) about the
///   dossier; `404` once there is none.
///
/// Built with `LandAdapter::new(codec, transport)`.
pub type LandAdapter = RestExchange<LandCodec>;
