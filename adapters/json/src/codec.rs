//! The codec of every JSON agency format, written once: [`JsonCodec<F>`] holds the agency, the version it
//! encodes and the limits, and implements the port's traits over a format's [`JsonFormat`]; [`read`] and
//! [`write()`] are the strict, located reading and the writing every format's messages go through.

use std::fmt;
use std::marker::PhantomData;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyCodec, AgencyMessage, AgencySide, Capabilities, Decoded,
    Location, MessageFamily, OutboundMessage, RestCodec, Routes, SubmissionReceipt,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::ObjectsOnly;

/// Limits applied before parsing (a JSON reader has no other: serde_json bounds nesting itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest body accepted, in bytes (default 1 MiB); a larger one is `LimitExceeded`, unread.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
        }
    }
}

impl Limits {
    /// These limits with another maximum body size.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }
}

/// What a JSON agency format gives [`JsonCodec`]: its versions, capabilities and routes, one decoder of every
/// family and version, and an encoder per family.
pub trait JsonFormat: Copy + fmt::Debug + Send + Sync + 'static {
    /// The format's versions.
    type Version: Copy + fmt::Debug + Send + Sync + 'static;

    /// What the format carries (versions, messages, kinds by version); the codec adds its input limit.
    fn capabilities() -> Capabilities;

    /// Where the agency's API takes each message of `version`.
    fn routes(version: Self::Version) -> Routes;

    /// Decodes a message of any family, in any version: the version first (an unknown one is
    /// `UnsupportedVersion`, whatever the body holds), then the body through [`read`]. The size limit is
    /// checked before.
    ///
    /// # Errors
    /// As the format says, located by JSON path.
    fn decode(agency: &AgencyCode, bytes: &[u8]) -> Result<Decoded, AdapterError>;

    /// Encodes a message `hoso` sends, in `version`.
    ///
    /// # Errors
    /// `Unsupported` for what `version` cannot carry.
    fn encode_outbound(
        agency: &AgencyCode,
        version: Self::Version,
        message: &OutboundMessage,
    ) -> Result<Vec<u8>, AdapterError>;

    /// Encodes a notice as the agency sends it, in `version`.
    ///
    /// # Errors
    /// As [`JsonFormat::encode_outbound`].
    fn encode_notice(
        agency: &AgencyCode,
        version: Self::Version,
        message: &AgencyMessage,
    ) -> Result<Vec<u8>, AdapterError>;

    /// Encodes the agency's receipt, in `version`.
    ///
    /// # Errors
    /// As [`JsonFormat::encode_outbound`].
    fn encode_receipt(
        agency: &AgencyCode,
        version: Self::Version,
        receipt: &SubmissionReceipt,
    ) -> Result<Vec<u8>, AdapterError>;
}

/// The codec of the JSON format `F`: decodes every version, encodes the one it was built with; its
/// directed decodes refuse a message of another family, located at `$`.
#[derive(Debug, Clone)]
pub struct JsonCodec<F: JsonFormat> {
    agency: AgencyCode,
    version: F::Version,
    limits: Limits,
    format: PhantomData<F>,
}

impl<F: JsonFormat> JsonCodec<F> {
    /// A codec for `agency`, encoding `version`, with the default limits.
    pub fn new(agency: AgencyCode, version: F::Version) -> Self {
        JsonCodec {
            agency,
            version,
            limits: Limits::default(),
            format: PhantomData,
        }
    }

    /// The same codec with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The version it encodes.
    pub fn version(&self) -> F::Version {
        self.version
    }

    /// Its limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn keep<T>(
        &self,
        bytes: &[u8],
        wanted: MessageFamily,
        project: fn(Decoded) -> Result<T, MessageFamily>,
    ) -> Result<T, AdapterError> {
        project(self.decode_any(bytes)?).map_err(|found| {
            let message = format!("expected {wanted}, found {found}");
            AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                self.agency.clone(),
                message,
            )
            .with_location(Location::JsonPath("$".into()))
        })
    }
}

impl<F: JsonFormat> AgencyCodec for JsonCodec<F> {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        F::capabilities().with_max_input_bytes(self.limits.max_body_bytes)
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        self.keep(bytes, MessageFamily::Notice, Decoded::into_notice)
    }

    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        F::encode_outbound(&self.agency, self.version, message)
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        self.keep(bytes, MessageFamily::Receipt, Decoded::into_receipt)
    }
}

impl<F: JsonFormat> AgencySide for JsonCodec<F> {
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        self.keep(bytes, MessageFamily::Outbound, Decoded::into_outbound)
    }

    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        F::encode_notice(&self.agency, self.version, message)
    }

    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        F::encode_receipt(&self.agency, self.version, receipt)
    }

    /// The size limit, then the format's one decoder.
    fn decode_any(&self, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        let limit = self.limits.max_body_bytes;
        if bytes.len() > limit {
            let message = format!("{} bytes, over the limit of {limit}", bytes.len());
            let kind = AdapterErrorKind::LimitExceeded;
            return Err(AdapterError::new(kind, self.agency.clone(), message));
        }
        F::decode(&self.agency, bytes)
    }
}

impl<F: JsonFormat> RestCodec for JsonCodec<F> {
    fn routes(&self) -> Routes {
        F::routes(self.version)
    }
}

/// `T` read from the whole of `bytes`, strictly: no NUL character in a string
/// ([`hoso_core::json::refuse_nul`]), a struct only from an object ([`ObjectsOnly`]), and nothing after the
/// value. A failure is `InvalidPayload`, located by the JSON path serde was at (`$.payload.x`).
/// Unknown and repeated members are refused where `T` says so (`deny_unknown_fields`; serde refuses a
/// repeated member of a struct).
///
/// ```
/// use hoso_core::adapter::Location;
/// #[derive(Debug, serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Acceptance { appointment: String }
/// #[derive(Debug, serde::Deserialize)]
/// struct Message { payload: Acceptance }
///
/// let agency = "000.00.15.H22".parse()?;
/// let good = br#"{"payload": {"appointment": "2026-03-16"}}"#;
/// assert_eq!(hoso_json::read::<Message>(&agency, good)?.payload.appointment, "2026-03-16");
/// for (bad, at) in [
///     (&br#"{"payload": {"appointment": "2026-03-16", "x": 1}}"#[..], "$.payload.x"),
///     (br#"{"payload": ["2026-03-16"]}"#, "$.payload"),
///     (br#"{"payload": {"appointment": "2026-03-16\u0000"}}"#, "$.payload.appointment"),
/// ] {
///     let e = hoso_json::read::<Message>(&agency, bad).unwrap_err();
///     assert_eq!(e.location(), Some(&Location::JsonPath(at.into())), "{e}");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// `InvalidPayload`, with serde's message and the path.
pub fn read<T: DeserializeOwned>(agency: &AgencyCode, bytes: &[u8]) -> Result<T, AdapterError> {
    hoso_core::json::refuse_nul(bytes).map_err(|nul| {
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            agency.clone(),
            nul.to_string(),
        )
        .with_location(Location::JsonPath(nul.path))
    })?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
    let result = T::deserialize(ObjectsOnly::new(tracked));
    result
        .and_then(|value| de.end().map(|()| value))
        .map_err(|e| {
            let path = track.path().to_string();
            let at = if path == "." {
                "$".to_owned()
            } else {
                format!("$.{path}")
            };
            AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                agency.clone(),
                e.to_string(),
            )
            .with_location(Location::JsonPath(at))
        })
}

/// `value` as pretty-printed JSON ending in a newline, the form of an adapter's sample files (so that a
/// golden-file test compares bytes).
///
/// # Errors
/// `InvalidPayload` if serde cannot write it (a map with keys that are not strings), or if a text holds a
/// NUL character, which [`read`] refuses: what this writes, `read` reads.
pub fn write<T: Serialize>(agency: &AgencyCode, value: &T) -> Result<Vec<u8>, AdapterError> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| {
        let message = format!("cannot write the message as JSON: {e}");
        AdapterError::new(AdapterErrorKind::InvalidPayload, agency.clone(), message)
    })?;
    hoso_core::json::refuse_nul(&bytes).map_err(|nul| {
        let message = format!(
            "cannot write the message: {}, at {}",
            hoso_core::json::NUL_REFUSED,
            nul.path
        );
        AdapterError::new(AdapterErrorKind::InvalidPayload, agency.clone(), message)
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
