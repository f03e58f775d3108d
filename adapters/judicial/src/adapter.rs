//! The exchange with the office's system: which message goes to which endpoint.

use hoso_core::adapter::{RestExchange, Routes};

use crate::codec::JudicialCodec;
use crate::wire::Version;

/// The media type of the office's messages.
pub const CONTENT_TYPE: &str = "application/json";

/// Where the office's API takes each message, below the version's prefix.
const ROUTES: Routes = Routes::new("/applications", "messages", CONTENT_TYPE)
    .with_supplement("supplements")
    .with_reference_name("the office's receipt number (receiptNumber)");

/// The office's adapter: the core's [`RestExchange`] with this crate's codec and routes.
///
/// Endpoints, below the transport's base URL, with `v1` or `v2` as the codec's version:
/// - `POST /v2/applications`: an `application`; answered by a `receipt` with the office's receipt number.
/// - `POST /v2/applications/{receiptNumber}/supplements`: a `supplement`.
/// - `POST /v2/applications/{receiptNumber}/withdrawal`: a `withdrawal` (version 2 only; sending one through
///   a version 1 adapter is an `Unsupported` error and nothing is sent).
/// - `GET /v2/applications/{receiptNumber}/messages/{n}`: the office's n-th message (0-based) about the
///   application; `404` once there is none.
///
/// Built with `JudicialAdapter::new(codec, transport)`.
pub type JudicialAdapter = RestExchange<JudicialCodec>;

pub(crate) fn routes(version: Version) -> Routes {
    match version {
        Version::V1 => ROUTES.with_prefix("/v1"),
        Version::V2 => ROUTES.with_prefix("/v2").with_withdrawal("withdrawal"),
    }
}
