//! The traits an agency adapter implements: a pure codec and the exchange with the agency's system.

use std::fmt;

use crate::AgencyCode;

use super::decoded::{Decoded, MessageFamily};
use super::error::{AdapterError, AdapterErrorKind};
use super::message::{
    AgencyMessage, AgencyRef, NoticeKind, OutboundKind, OutboundMessage, SubmissionReceipt,
};

/// The family of an agency's wire format; decides which schema and bad-input checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WireFormat {
    /// XML, validated against an XSD.
    Xml,
    /// JSON, validated against a JSON Schema.
    Json,
}

/// What a codec does with a field it does not know (a JSON member, an XML element or attribute): decides
/// whether the conformance kit requires it to be refused or ignored, and what the format's schema must say.
///
/// ```
/// use hoso_core::adapter::{Capabilities, UnknownFields, WireFormat};
/// let caps = Capabilities::new(WireFormat::Json);
/// assert_eq!(caps.unknown_fields, UnknownFields::Refused);
/// let open = caps.with_unknown_fields(UnknownFields::Ignored);
/// assert_eq!(open.unknown_fields, UnknownFields::Ignored);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UnknownFields {
    /// A closed format (the default): an unknown field is an
    /// [`InvalidPayload`](super::AdapterErrorKind::InvalidPayload) error, and the schema refuses it.
    #[default]
    Refused,
    /// An open format: an unknown field is skipped and the message decodes as without it (fields may be
    /// added within a version), and the schema accepts it.
    Ignored,
}

/// What an adapter declares it can do; the conformance kit runs the checks that follow from it.
///
/// Built with [`Capabilities::new`] and the `with_*` methods, so that fields added later do not break
/// adapters.
///
/// ```
/// use hoso_core::adapter::{Capabilities, NoticeKind, OutboundKind, WireFormat};
/// let caps = Capabilities::new(WireFormat::Xml)
///     .with_versions(["1", "2"])
///     .with_outbound([OutboundKind::Submission, OutboundKind::Withdrawal])
///     .with_notices([NoticeKind::Accepted, NoticeKind::Refused]);
/// assert!(caps.sends(OutboundKind::Withdrawal));
/// assert!(!caps.sends(OutboundKind::SupplementDelivered));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    /// The wire format.
    pub format: WireFormat,
    /// The versions of the format the codec decodes (and encodes, one at a time), as the agency names them.
    pub versions: Vec<String>,
    /// Whether the format carries a namespace that the codec checks (XML namespaces).
    pub namespaced: bool,
    /// The largest payload the codec accepts, in bytes; larger input is a
    /// [`LimitExceeded`](super::AdapterErrorKind::LimitExceeded) error.
    pub max_input_bytes: usize,
    /// The messages `hoso` can send to this agency.
    pub outbound: Vec<OutboundKind>,
    /// The notices this agency sends.
    pub notices: Vec<NoticeKind>,
    /// Whether a submission sent twice with the same idempotency key is filed once.
    pub idempotent_submission: bool,
    /// What the codec does with a field it does not know.
    pub unknown_fields: UnknownFields,
    /// The versions that carry fewer kinds of message than [`outbound`](Self::outbound) and
    /// [`notices`](Self::notices) declare (a kind added in version 2, a kind version 1 dropped). A version not
    /// listed carries every declared kind.
    pub kinds_by_version: Vec<VersionKinds>,
    /// Whether the agency's receipts carry the idempotency key of the message they acknowledge (true unless
    /// [`with_keyless_receipts`](Self::with_keyless_receipts) says otherwise). A format whose receipts carry
    /// none decodes them with an empty [`SubmissionReceipt::idempotency_key`], and the exchange can match
    /// them to the message sent by dossier only.
    pub receipts_keyed: bool,
}

/// The kinds of message one version of a format carries, when it carries fewer than the format declares.
///
/// A decoder that reads a message of a kind its version does not carry answers
/// [`UnsupportedVersion`](super::AdapterErrorKind::UnsupportedVersion): the message is well formed in another
/// version, and what is wrong with it is its version.
///
/// ```
/// use hoso_core::adapter::{Capabilities, NoticeKind, OutboundKind, WireFormat};
/// // Version 1 has no processing updates; version 2 added them.
/// let caps = Capabilities::new(WireFormat::Json)
///     .with_versions(["1", "2"])
///     .with_outbound([OutboundKind::Submission])
///     .with_notices([NoticeKind::Accepted, NoticeKind::Processing])
///     .with_kinds_in("1", [OutboundKind::Submission], [NoticeKind::Accepted]);
/// assert!(caps.receives_in("2", NoticeKind::Processing));
/// assert!(!caps.receives_in("1", NoticeKind::Processing));
/// assert!(caps.sends_in("1", OutboundKind::Submission));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionKinds {
    /// The version, as in [`Capabilities::versions`].
    pub version: String,
    /// The messages to the agency it carries.
    pub outbound: Vec<OutboundKind>,
    /// The notices it carries.
    pub notices: Vec<NoticeKind>,
}

impl Capabilities {
    /// Capabilities of a codec in `format`: no versions, messages or notices declared yet, a 1 MiB input limit.
    pub fn new(format: WireFormat) -> Self {
        Self {
            format,
            versions: Vec::new(),
            namespaced: false,
            max_input_bytes: 1 << 20,
            outbound: Vec::new(),
            notices: Vec::new(),
            idempotent_submission: false,
            unknown_fields: UnknownFields::Refused,
            kinds_by_version: Vec::new(),
            receipts_keyed: true,
        }
    }

    /// Declares the versions of the format.
    pub fn with_versions<I, S>(mut self, versions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.versions = versions.into_iter().map(Into::into).collect();
        self
    }

    /// Declares that the codec checks the payload's namespace.
    pub fn with_namespace_check(mut self, namespaced: bool) -> Self {
        self.namespaced = namespaced;
        self
    }

    /// Declares the input size limit.
    pub fn with_max_input_bytes(mut self, max: usize) -> Self {
        self.max_input_bytes = max;
        self
    }

    /// Declares the messages `hoso` can send.
    pub fn with_outbound(mut self, kinds: impl IntoIterator<Item = OutboundKind>) -> Self {
        self.outbound = kinds.into_iter().collect();
        self
    }

    /// Declares the notices the agency sends.
    pub fn with_notices(mut self, kinds: impl IntoIterator<Item = NoticeKind>) -> Self {
        self.notices = kinds.into_iter().collect();
        self
    }

    /// Declares that submissions are idempotent by key.
    pub fn with_idempotent_submission(mut self, idempotent: bool) -> Self {
        self.idempotent_submission = idempotent;
        self
    }

    /// Declares what the codec does with a field it does not know ([`UnknownFields::Refused`] unless said).
    pub fn with_unknown_fields(mut self, unknown_fields: UnknownFields) -> Self {
        self.unknown_fields = unknown_fields;
        self
    }

    /// Declares that the agency's receipts carry no key of the message they acknowledge (see
    /// [`receipts_keyed`](Self::receipts_keyed)): the codec decodes them with an empty idempotency key, and the
    /// conformance kit checks that it does instead of requiring a receipt for another message to be refused.
    ///
    /// ```
    /// use hoso_core::adapter::{Capabilities, WireFormat};
    /// let caps = Capabilities::new(WireFormat::Json);
    /// assert!(caps.receipts_keyed);
    /// assert!(!caps.with_keyless_receipts().receipts_keyed);
    /// ```
    pub fn with_keyless_receipts(mut self) -> Self {
        self.receipts_keyed = false;
        self
    }

    /// Declares that `version` carries only these kinds of message (each also declared with
    /// [`with_outbound`](Self::with_outbound) and [`with_notices`](Self::with_notices)); see [`VersionKinds`].
    pub fn with_kinds_in(
        mut self,
        version: impl Into<String>,
        outbound: impl IntoIterator<Item = OutboundKind>,
        notices: impl IntoIterator<Item = NoticeKind>,
    ) -> Self {
        let kinds = VersionKinds {
            version: version.into(),
            outbound: outbound.into_iter().collect(),
            notices: notices.into_iter().collect(),
        };
        self.kinds_by_version.retain(|k| k.version != kinds.version);
        self.kinds_by_version.push(kinds);
        self
    }

    /// Whether `hoso` can send this kind of message (in some version).
    pub fn sends(&self, kind: OutboundKind) -> bool {
        self.outbound.contains(&kind)
    }

    /// Whether the agency sends this kind of notice (in some version).
    pub fn receives(&self, kind: NoticeKind) -> bool {
        self.notices.contains(&kind)
    }

    /// Whether `version` carries this kind of message to the agency.
    pub fn sends_in(&self, version: &str, kind: OutboundKind) -> bool {
        self.sends(kind)
            && self
                .kinds_in(version)
                .is_none_or(|k| k.outbound.contains(&kind))
    }

    /// Whether `version` carries this kind of notice.
    pub fn receives_in(&self, version: &str, kind: NoticeKind) -> bool {
        self.receives(kind)
            && self
                .kinds_in(version)
                .is_none_or(|k| k.notices.contains(&kind))
    }

    fn kinds_in(&self, version: &str) -> Option<&VersionKinds> {
        self.kinds_by_version.iter().find(|k| k.version == version)
    }
}

/// Pure mapping between one agency's wire format and the normalised messages; no I/O. This is what every
/// adapter writes: `hoso`'s side of the exchange.
///
/// A codec encodes in one version of the format (chosen when it is built) and decodes every version it
/// declares in [`Capabilities::versions`]. The agency's side of the same format (reading what `hoso` sends,
/// writing notices and receipts), which only the conformance kit and agency simulators need, is the separate
/// trait [`AgencySide`].
pub trait AgencyCodec: Send + Sync + fmt::Debug {
    /// The agency whose format this is.
    fn agency(&self) -> &AgencyCode;

    /// What the codec can do: format, versions, limits, messages.
    fn capabilities(&self) -> Capabilities;

    /// Agency → `hoso`: decodes one message from the agency.
    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError>;

    /// `hoso` → agency: encodes a dossier submission, supplement or withdrawal.
    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError>;

    /// Decodes the agency's acknowledgement of a message `hoso` sent (its receipt, with its reference).
    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError>;
}

/// The agency's side of a codec: what the agency's system does with the same format. The conformance kit's
/// round trips and its agency simulator need it; `hoso` itself never calls it.
///
/// [`decode_any`](AgencySide::decode_any) has a default that tries each family in turn; a codec that can tell
/// the family from the message itself (an XML root element, a JSON type field) overrides it and reads once.
pub trait AgencySide: AgencyCodec {
    /// Decodes a message `hoso` sent, as the agency's system does on receipt.
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError>;

    /// Encodes a message as the agency would send it.
    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError>;

    /// Encodes the agency's acknowledgement of a message.
    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError>;

    /// Decodes `bytes` as whichever family of message it is.
    ///
    /// # Errors
    /// When no family fits: the error of the first family the format has (notice, then message to the agency,
    /// then receipt; a decoder answering `Unsupported` says the format has no such family and is left out;
    /// a decoder answering `UnsupportedVersion` comes first, since it found what is wrong with the message),
    /// with its kind and location, followed by one clause per other family the format has, saying what its
    /// decoder found, as in "missing field kind; nor does it read as a message to the agency (missing field
    /// dossier) or as a receipt (missing field reference)". A format with one family gives its decoder's
    /// error unchanged.
    fn decode_any(&self, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        let notice = match self.decode(bytes) {
            Ok(m) => return Ok(Decoded::Notice(m)),
            Err(e) => e,
        };
        let outbound = match self.decode_outbound(bytes) {
            Ok(m) => return Ok(Decoded::Outbound(m)),
            Err(e) => e,
        };
        let receipt = match self.decode_receipt(bytes) {
            Ok(r) => return Ok(Decoded::Receipt(r)),
            Err(e) => e,
        };
        let tried = [
            (MessageFamily::Notice, notice),
            (MessageFamily::Outbound, outbound),
            (MessageFamily::Receipt, receipt),
        ];
        let (has, has_not): (Vec<_>, Vec<_>) = tried
            .into_iter()
            .partition(|(_, e)| e.kind() != AdapterErrorKind::Unsupported);
        let mut families = if has.is_empty() { has_not } else { has };
        // A decoder that read the envelope far enough to find an unknown version says what is wrong with the
        // message; the others only that it is not theirs.
        if let Some(i) = families
            .iter()
            .position(|(_, e)| e.kind() == AdapterErrorKind::UnsupportedVersion)
        {
            families[..=i].rotate_right(1);
        }
        let mut families = families.into_iter();
        let Some((_, lead)) = families.next() else {
            return Err(AdapterError::new(
                AdapterErrorKind::Unsupported,
                self.agency().clone(),
                "the format has no message family",
            ));
        };
        // The other decoders' errors name the same agency and, mostly, the same kind: only what they say
        // and where goes in, one clause each.
        let clauses: Vec<String> = families
            .map(|(family, e)| match e.location() {
                Some(at) => format!("as {family} ({} at {at})", e.message()),
                None => format!("as {family} ({})", e.message()),
            })
            .collect();
        if clauses.is_empty() {
            return Err(lead);
        }
        let message = format!(
            "{}; nor does it read {}",
            lead.message(),
            clauses.join(" or ")
        );
        let mut err = AdapterError::new(lead.kind(), lead.agency().clone(), message);
        if let Some(location) = lead.location() {
            err = err.with_location(location.clone());
        }
        Err(err)
    }

    /// Encodes a message of any family in the codec's version.
    fn encode_any(&self, message: &Decoded) -> Result<Vec<u8>, AdapterError> {
        match message {
            Decoded::Notice(m) => self.encode_notice(m),
            Decoded::Outbound(m) => self.encode(m),
            Decoded::Receipt(r) => self.encode_receipt(r),
        }
    }
}

/// The exchange with an agency's system; object-safe so that an [`AdapterRegistry`](super::AdapterRegistry)
/// holds `Arc<dyn AgencyAdapter>`.
///
/// Retries, timeouts and tracing wrap an adapter from outside; an adapter makes one attempt per call and says,
/// through [`AdapterError::is_retryable`], whether another can help.
#[async_trait::async_trait]
pub trait AgencyAdapter: Send + Sync + fmt::Debug {
    /// The agency this adapter talks to.
    fn agency(&self) -> &AgencyCode;

    /// What it can do; drives which conformance checks run.
    fn capabilities(&self) -> Capabilities;

    /// Sends a message (a dossier submission, a supplement, a withdrawal) once, with its message id as the
    /// idempotency key: sending the same message again must not file it twice.
    async fn send(&self, message: &OutboundMessage) -> Result<SubmissionReceipt, AdapterError> {
        self.send_with_key(message, message.message_id()).await
    }

    /// Sends `message` once, unchanged, under `idempotency_key`: the same key means the same filing, to be
    /// carried out once. The key travels beside the message (an HTTP adapter sends it as `Idempotency-Key`);
    /// the message itself, its id included, is what the caller holds.
    async fn send_with_key(
        &self,
        message: &OutboundMessage,
        idempotency_key: &str,
    ) -> Result<SubmissionReceipt, AdapterError>;

    /// Every message the agency has published so far about the dossier it knows as `reference`, oldest first.
    ///
    /// Messages already seen come again, and agencies may redeliver one: its [`AgencyMessage::message_id`]
    /// identifies it, and the core events made from it carry ids derived from it, so applying them twice
    /// changes nothing.
    async fn poll(&self, reference: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError>;
}
