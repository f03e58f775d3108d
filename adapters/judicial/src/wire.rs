//! The office's versions and message types on the shared envelope (`hoso_json::Envelope`), and the JSON
//! Schema generated from them.

mod names;

pub(crate) use names::*;

hoso_json::format_versions! {
    /// A version of the format, carried as the envelope's `version` number.
    pub enum Version {
        /// Version 1: applications, supplements, receipts and the office's six notices.
        V1 = 1,
        /// Version 2: version 1 and the withdrawal of an application (`withdrawal`).
        V2 = 2,
    }
}

hoso_json::message_types! {
    /// The envelope's `messageType`: what the payload is.
    pub enum MessageType in Version {
        /// `application`: an application for the certificate, filed by post.
        Application(Application) = "application",
        /// `supplement`: the papers the office asked for.
        Supplement(Supplement) = "supplement",
        /// `withdrawal` (version 2): the applicant withdraws the application.
        Withdrawal(Withdrawal) = "withdrawal" since V2,
        /// `receipt`: the office registered a message.
        Receipt(Receipt) = "receipt",
        /// `accepted`: the application is accepted, with the appointment for the result.
        Accepted(Accepted) = "accepted",
        /// `supplementRequested`: papers are missing.
        SupplementRequested(SupplementRequested) = "supplementRequested",
        /// `refused`: the application is refused.
        Refused(Refused) = "refused",
        /// `processing`: a step of processing.
        Processing(Processing) = "processing",
        /// `resultReady`: the certificate is ready.
        ResultReady(ResultReady) = "resultReady",
        /// `resultPosted`: the certificate was handed to the post.
        ResultPosted(ResultPosted) = "resultPosted",
    }
}

/// The JSON Schema (draft 2020-12) of every message of `version`, as committed in the crate's `schema/`.
///
/// ```
/// use hoso_judicial::{Version, json_schema};
/// // Version 2 adds the withdrawal to version 1's nine messages.
/// assert_eq!(json_schema(Version::V1)["oneOf"].as_array().map(Vec::len), Some(9));
/// assert_eq!(json_schema(Version::V2)["oneOf"].as_array().map(Vec::len), Some(10));
/// ```
pub fn json_schema(version: Version) -> serde_json::Value {
    let n = version.number();
    let title = format!("Judicial records office message, version {n}");
    hoso_json::json_schema::<MessageType>(version, &format!("urn:hoso:lltp:v{n}"), &title)
}
