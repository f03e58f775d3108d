//! One codec for every XML agency format: the agency it speaks for, the version it writes and its limits, with
//! the port's traits implemented once over what each format supplies ([`XmlFormat`]).

use std::fmt;
use std::marker::PhantomData;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AgencyCodec, AgencyMessage, AgencySide, Capabilities, Decoded, OutboundKind,
    OutboundMessage, RestCodec, Routes, SubmissionReceipt,
};

use crate::{EncodeError, Envelope, FormatVersion, Limits, NoticeRoots, XmlResult};

/// What an XML agency format supplies to [`XmlCodec`]: its envelope, the messages it carries, where its API
/// takes them, and its own decoder and encoder. Implemented by a marker type in the agency's crate; the
/// crate's codec is then `XmlCodec<ItsFormat>`.
pub trait XmlFormat: Copy + fmt::Debug + Send + Sync + 'static {
    /// The format's versions.
    type Version: FormatVersion + fmt::Debug;
    /// A message of the format with everything it carries; [`Decoded`] is its view in the port's terms.
    type Message: Into<Decoded>;

    /// The messages to the agency the format carries.
    const OUTBOUND: &'static [OutboundKind];
    /// The notices from the agency the format carries, each with its root element.
    const NOTICES: &'static NoticeRoots;
    /// Where the agency's API takes each message.
    const ROUTES: Routes;

    /// The envelope around every message.
    fn envelope() -> &'static Envelope<Self::Version>;

    /// Decodes a message of any family, in any version.
    ///
    /// # Errors
    /// As the format's decoder says, located at the offending line and column.
    fn decode(bytes: &[u8], limits: Limits, agency: &AgencyCode) -> XmlResult<Self::Message>;

    /// Encodes any message of the format in `version`.
    ///
    /// # Errors
    /// What `version` cannot carry, a value XML or the decoders cannot read back (a character XML 1.0
    /// cannot carry, a blank or padded value), or what is past the decoders' default [`Limits`].
    fn encode_message(
        version: Self::Version,
        agency: &AgencyCode,
        message: &Self::Message,
    ) -> Result<Vec<u8>, EncodeError>;

    /// Encodes a message `hoso` sends, in `version`.
    ///
    /// # Errors
    /// As [`XmlFormat::encode_message`].
    fn encode_outbound(
        version: Self::Version,
        agency: &AgencyCode,
        message: &OutboundMessage,
    ) -> Result<Vec<u8>, EncodeError>;

    /// Encodes a notice as the agency sends it, in `version`.
    ///
    /// # Errors
    /// As [`XmlFormat::encode_message`].
    fn encode_notice(
        version: Self::Version,
        agency: &AgencyCode,
        message: &AgencyMessage,
    ) -> Result<Vec<u8>, EncodeError>;

    /// Encodes the agency's receipt, in `version`.
    ///
    /// # Errors
    /// As [`XmlFormat::encode_message`].
    fn encode_receipt(
        version: Self::Version,
        agency: &AgencyCode,
        receipt: &SubmissionReceipt,
    ) -> Result<Vec<u8>, EncodeError>;
}

/// The codec of an XML agency format `F`: decodes every version, encodes the version it was built for.
///
/// It is the [`AgencyCodec`], the [`AgencySide`] and the [`RestCodec`] of `F`; the directed decodes are the
/// envelope's [`Envelope::keep_notice`] and its siblings over one full decode.
#[derive(Debug, Clone)]
pub struct XmlCodec<F: XmlFormat> {
    agency: AgencyCode,
    version: F::Version,
    limits: Limits,
    format: PhantomData<F>,
}

impl<F: XmlFormat> XmlCodec<F> {
    /// A codec for `agency` that encodes in `version`, with the default [`Limits`].
    pub fn new(agency: AgencyCode, version: F::Version) -> Self {
        Self {
            agency,
            version,
            limits: Limits::default(),
            format: PhantomData,
        }
    }

    /// Replaces the decoding limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The version this codec encodes.
    pub fn version(&self) -> F::Version {
        self.version
    }

    /// The decoding limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Decodes a message of any family, in any version, with everything the format carries.
    ///
    /// # Errors
    /// `InvalidPayload`, `UnsupportedVersion` or `LimitExceeded`, located at the offending line and column.
    pub fn decode_message(&self, bytes: &[u8]) -> Result<F::Message, AdapterError> {
        F::decode(bytes, self.limits, &self.agency).map_err(|e| *e)
    }

    /// Encodes any message of the format in this codec's version.
    ///
    /// # Errors
    /// `Unsupported` for what the version cannot carry, `InvalidPayload` for a value that would not read
    /// back (a character XML cannot carry, a blank or padded value), `LimitExceeded` for what is past the
    /// decoders' default [`Limits`] (the kind the decoder would give).
    pub fn encode_message(&self, message: &F::Message) -> Result<Vec<u8>, AdapterError> {
        self.encoded(F::encode_message(self.version, &self.agency, message))
    }

    fn encoded(&self, result: Result<Vec<u8>, EncodeError>) -> Result<Vec<u8>, AdapterError> {
        result.map_err(|e| e.into_adapter_error(&self.agency))
    }
}

impl<F: XmlFormat> AgencyCodec for XmlCodec<F> {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        F::envelope()
            .capabilities(self.limits)
            .with_outbound(F::OUTBOUND.iter().copied())
            .with_notices(F::NOTICES.iter().map(|(kind, _)| *kind))
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        F::envelope().keep_notice(&self.agency, bytes, self.decode_any(bytes)?)
    }

    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        self.encoded(F::encode_outbound(self.version, &self.agency, message))
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        F::envelope().keep_receipt(&self.agency, bytes, self.decode_any(bytes)?)
    }
}

impl<F: XmlFormat> AgencySide for XmlCodec<F> {
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        F::envelope().keep_outbound(&self.agency, bytes, self.decode_any(bytes)?)
    }

    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        self.encoded(F::encode_notice(self.version, &self.agency, message))
    }

    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        self.encoded(F::encode_receipt(self.version, &self.agency, receipt))
    }

    /// One full decode ([`XmlCodec::decode_message`]) in the port's terms: the root element says the family.
    fn decode_any(&self, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        self.decode_message(bytes).map(Into::into)
    }
}

impl<F: XmlFormat> RestCodec for XmlCodec<F> {
    fn routes(&self) -> Routes {
        F::ROUTES
    }
}
