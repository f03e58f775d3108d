//! The exchange with the police's system: which message goes to which endpoint, and the webhooks by which the
//! police push the same messages.

pub mod webhook;

use hoso_core::adapter::{OnUnsupported, RestCodec, RestExchange, Routes};

use crate::codec::PoliceCodec;
use crate::wire::Version;

/// The media type of the police's messages.
pub const CONTENT_TYPE: &str = "application/json";

/// Where the police's API takes each message, below the version's prefix. A polled status update that the
/// port cannot express (see the README, "Unknown status codes") is logged and skipped, not applied.
const ROUTES: Routes = Routes::new("/dossiers", "messages", CONTENT_TYPE)
    .with_supplement("supplements")
    .with_withdrawal("withdrawal")
    .with_reference_name("the police's reference for the dossier")
    .with_on_unsupported(OnUnsupported::Skip);

/// The police's adapter: the core's [`RestExchange`] with this crate's codec and routes.
///
/// Endpoints, below the transport's base URL, with `v1` or `v2` as the codec's version:
/// - `POST /v2/dossiers`: a `dossierSubmission`; answers an `acknowledgement` with the police's reference.
/// - `POST /v2/dossiers/{policeReference}/supplements`: a `supplementSubmission`.
/// - `POST /v2/dossiers/{policeReference}/withdrawal`: a `withdrawalRequest`.
/// - `GET /v2/dossiers/{policeReference}/messages/{n}`: the police's n-th message (0-based) about the dossier;
///   `404` once there is none. The same messages also arrive as webhooks ([`webhook`]).
///
/// Built with `PoliceAdapter::new(codec, transport)`.
pub type PoliceAdapter = RestExchange<PoliceCodec>;

impl RestCodec for PoliceCodec {
    fn routes(&self) -> Routes {
        ROUTES.with_prefix(match self.version() {
            Version::V1 => "/v1",
            Version::V2 => "/v2",
        })
    }
}
