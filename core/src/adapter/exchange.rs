//! The common shape of an agency's HTTP API, written once: a message is `POST`ed to a path named after what it
//! is, and the agency's messages about a dossier are read one by one until `404`. An agency whose API has this
//! shape gives only its codec and its [`Routes`] (through [`RestCodec`]); [`RestExchange`] is then its
//! [`AgencyAdapter`].

use std::sync::Arc;

use crate::AgencyCode;

use super::{
    AdapterError, AdapterErrorKind, AgencyAdapter, AgencyCodec, AgencyMessage, AgencyRef,
    AgencyTransport, Capabilities, Method, OutboundKind, OutboundMessage, SubmissionReceipt,
    TransportRequest, TransportResponse,
};

/// How many messages one poll reads at most, so that a misbehaving server cannot keep a poll going for ever.
pub const MAX_MESSAGES_PER_POLL: usize = 1000;

/// The longest agency reference the exchange accepts, in characters (references are ASCII path segments).
pub const MAX_REFERENCE_CHARS: usize = 128;

/// What the exchange does with a message from the agency that the port cannot carry: one the codec decodes
/// to an [`Unsupported`](AdapterErrorKind::Unsupported) error, such as a status the port has no notice for.
///
/// A message `hoso` would send that the agency does not take (no route for its kind) is always an
/// `Unsupported` error: nothing was filed, so there is no receipt to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OnUnsupported {
    /// The poll fails with the codec's error (the default).
    #[default]
    Fail,
    /// The message is left out of the poll's answer, with a `tracing` warning naming the agency, the reference
    /// and the agency's code; the poll goes on with the next message.
    Skip,
}

/// Where an agency's API takes each message, below the transport's base URL, and how errors name things.
///
/// Built with [`Routes::new`] and the `with_*` methods, all `const`, so that a route table is a constant and
/// fields added later do not break it. A message goes to `{prefix}{dossiers}` (a submission) or
/// `{prefix}{dossiers}/{reference}/{segment}` (a supplement, a withdrawal), and the n-th message (0-based) of
/// the agency about a dossier is read from `{prefix}{dossiers}/{reference}/{messages}/{n}`. A kind of message
/// without a segment is one the agency does not take.
///
/// ```
/// use hoso_core::adapter::{OnUnsupported, OutboundKind, Routes};
/// const ROUTES: Routes = Routes::new("/dossiers", "messages", "application/json")
///     .with_prefix("/v2")
///     .with_supplement("supplements")
///     .with_withdrawal("withdrawal")
///     .with_reference_name("the police's reference for the dossier")
///     .with_on_unsupported(OnUnsupported::Skip);
/// assert_eq!(ROUTES.collection(), "/v2/dossiers");
/// assert_eq!(ROUTES.segment(OutboundKind::Withdrawal), Some("withdrawal"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Routes {
    /// What comes before every path, e.g. an API version segment `/v2`; empty by default.
    pub prefix: &'static str,
    /// The collection of dossiers, e.g. `/gplx/ho-so`.
    pub dossiers: &'static str,
    /// The segment for supplements, e.g. `bo-sung`; `None` when the agency takes none.
    pub supplement: Option<&'static str>,
    /// The segment for a withdrawal, e.g. `rut`; `None` when the agency takes none.
    pub withdrawal: Option<&'static str>,
    /// The segment for the agency's messages, e.g. `thong-diep`.
    pub messages: &'static str,
    /// The media type of the messages sent.
    pub content_type: &'static str,
    /// The dossier reference, as errors name it (e.g. `the authority's receipt number (SoBienNhan)`).
    pub reference_name: &'static str,
    /// What a poll does with a message the port cannot carry.
    pub on_unsupported: OnUnsupported,
}

impl Routes {
    /// Routes taking submissions at `dossiers` and serving the agency's messages under `messages`, sent as
    /// `content_type`; no prefix, no supplements or withdrawals, [`OnUnsupported::Fail`].
    pub const fn new(
        dossiers: &'static str,
        messages: &'static str,
        content_type: &'static str,
    ) -> Self {
        Routes {
            prefix: "",
            dossiers,
            supplement: None,
            withdrawal: None,
            messages,
            content_type,
            reference_name: "the agency's reference for the dossier",
            on_unsupported: OnUnsupported::Fail,
        }
    }

    /// Puts `prefix` (e.g. `/v2`) before every path.
    pub const fn with_prefix(mut self, prefix: &'static str) -> Self {
        self.prefix = prefix;
        self
    }

    /// Takes supplements at `{dossiers}/{reference}/{segment}`.
    pub const fn with_supplement(mut self, segment: &'static str) -> Self {
        self.supplement = Some(segment);
        self
    }

    /// Takes withdrawals at `{dossiers}/{reference}/{segment}`.
    pub const fn with_withdrawal(mut self, segment: &'static str) -> Self {
        self.withdrawal = Some(segment);
        self
    }

    /// Names the dossier reference in errors.
    pub const fn with_reference_name(mut self, name: &'static str) -> Self {
        self.reference_name = name;
        self
    }

    /// Sets what a poll does with a message the port cannot carry.
    pub const fn with_on_unsupported(mut self, policy: OnUnsupported) -> Self {
        self.on_unsupported = policy;
        self
    }

    /// The path of the collection of dossiers, prefix included.
    pub fn collection(&self) -> String {
        format!("{}{}", self.prefix, self.dossiers)
    }

    /// The segment a kind of message goes to below a dossier; `None` for a submission (which goes to the
    /// collection) and for a kind the agency does not take.
    pub fn segment(&self, kind: OutboundKind) -> Option<&'static str> {
        match kind {
            OutboundKind::SupplementDelivered => self.supplement,
            OutboundKind::Withdrawal => self.withdrawal,
            _ => None,
        }
    }
}

/// A codec for an agency whose API has the shape of [`RestExchange`]: it names the routes of the version it
/// encodes. An adapter crate implements it next to its route table, and its adapter is
/// `RestExchange<TheCodec>`.
pub trait RestCodec: AgencyCodec {
    /// Where the agency's API takes each message, for the version this codec encodes.
    fn routes(&self) -> Routes;
}

/// A codec and a transport exchanging messages along the codec's [`Routes`]: the [`AgencyAdapter`] of every
/// agency whose API has this shape. Each call makes one attempt (retries wrap it from outside).
///
/// Every `POST` carries its idempotency key as `Idempotency-Key` (the message id, unless the caller passes
/// another to [`AgencyAdapter::send_with_key`]), and the agency files a message once per key: the exchange
/// declares [`Capabilities::idempotent_submission`]. Every receipt is checked, whatever the agency, before it
/// reaches the caller:
/// - it is for the dossier of the message sent;
/// - its idempotency key, when it carries one (not empty), is the key the message was sent with;
/// - its reference is 1 to [`MAX_REFERENCE_CHARS`] characters `A-Z a-z 0-9 - . _`, not `.` or `..`, so that
///   it can be put in a path later.
///
/// A failed check is an [`InvalidPayload`](AdapterErrorKind::InvalidPayload) error.
#[derive(Debug, Clone)]
pub struct RestExchange<C> {
    codec: C,
    routes: Routes,
    transport: Arc<dyn AgencyTransport>,
}

impl<C: RestCodec> RestExchange<C> {
    /// An exchange speaking `codec`'s format along its routes through `transport`.
    pub fn new(codec: C, transport: Arc<dyn AgencyTransport>) -> Self {
        RestExchange {
            routes: codec.routes(),
            codec,
            transport,
        }
    }
}

impl<C: AgencyCodec> RestExchange<C> {
    /// The codec.
    pub fn codec(&self) -> &C {
        &self.codec
    }

    /// The routes.
    pub fn routes(&self) -> &Routes {
        &self.routes
    }

    fn error(&self, kind: AdapterErrorKind, message: impl Into<String>) -> AdapterError {
        AdapterError::new(kind, self.codec.agency().clone(), message)
    }

    fn status_error(&self, response: &TransportResponse, what: &str) -> AdapterError {
        let kind = AdapterErrorKind::from_http_status(response.status)
            .unwrap_or(AdapterErrorKind::Unavailable);
        self.error(kind, format!("{what}: HTTP status {}", response.status))
            .with_agency_code(response.status.to_string())
    }

    /// The reference as a path segment; refuses anything that could change the path.
    fn path_segment<'r>(&self, reference: &'r AgencyRef) -> Result<&'r str, AdapterError> {
        let r = reference.as_str();
        let safe = !r.is_empty()
            && r.len() <= MAX_REFERENCE_CHARS
            && r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            && r != "."
            && r != "..";
        if safe {
            Ok(r)
        } else {
            Err(self.error(
                AdapterErrorKind::InvalidPayload,
                format!(
                    "{} is not a safe path segment (1 to {MAX_REFERENCE_CHARS} characters \
                     A-Z a-z 0-9 - . _)",
                    self.routes.reference_name
                ),
            ))
        }
    }

    /// Where `message` goes.
    fn path(&self, message: &OutboundMessage) -> Result<String, AdapterError> {
        let kind = message.kind();
        let reference = match message {
            OutboundMessage::Submission(_) => return Ok(self.routes.collection()),
            OutboundMessage::SupplementDelivered(m) => m.reference.as_ref(),
            OutboundMessage::Withdrawal(m) => m.reference.as_ref(),
        };
        let segment = self.routes.segment(kind).ok_or_else(|| {
            self.error(
                AdapterErrorKind::Unsupported,
                format!("agency {} takes no {kind:?} message", self.codec.agency()),
            )
        })?;
        let reference = reference.ok_or_else(|| {
            self.error(
                AdapterErrorKind::InvalidPayload,
                format!("{kind:?} needs {}", self.routes.reference_name),
            )
        })?;
        Ok(format!(
            "{}/{}/{segment}",
            self.routes.collection(),
            self.path_segment(reference)?
        ))
    }

    /// The receipt checks every agency's receipt passes (see the type's documentation).
    fn check_receipt(
        &self,
        receipt: &SubmissionReceipt,
        message: &OutboundMessage,
        key: &str,
    ) -> Result<(), AdapterError> {
        if &receipt.dossier != message.dossier() {
            return Err(self.error(
                AdapterErrorKind::InvalidPayload,
                format!(
                    "the receipt is for dossier {}, not {}",
                    receipt.dossier,
                    message.dossier()
                ),
            ));
        }
        if !receipt.idempotency_key.is_empty() && receipt.idempotency_key != key {
            return Err(self.error(
                AdapterErrorKind::InvalidPayload,
                format!(
                    "the receipt for dossier {} acknowledges idempotency key {}, not {key}",
                    receipt.dossier, receipt.idempotency_key
                ),
            ));
        }
        self.path_segment(&receipt.reference).map(drop)
    }
}

#[async_trait::async_trait]
impl<C: AgencyCodec> AgencyAdapter for RestExchange<C> {
    fn agency(&self) -> &AgencyCode {
        self.codec.agency()
    }

    fn capabilities(&self) -> Capabilities {
        self.codec.capabilities().with_idempotent_submission(true)
    }

    async fn send_with_key(
        &self,
        message: &OutboundMessage,
        idempotency_key: &str,
    ) -> Result<SubmissionReceipt, AdapterError> {
        let path = self.path(message)?;
        let body = self.codec.encode(message)?;
        let response = self
            .transport
            .exchange(TransportRequest {
                method: Method::Post,
                path,
                content_type: Some(self.routes.content_type),
                idempotency_key: Some(idempotency_key.to_owned()),
                dossier: Some(message.dossier().clone()),
                bearer_token: None,
                body,
            })
            .await?;
        if !(200..300).contains(&response.status) {
            return Err(self.status_error(&response, "sending a message"));
        }
        let receipt = self.codec.decode_receipt(&response.body)?;
        self.check_receipt(&receipt, message, idempotency_key)?;
        Ok(receipt)
    }

    async fn poll(&self, reference: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError> {
        let base = format!(
            "{}/{}/{}",
            self.routes.collection(),
            self.path_segment(reference)?,
            self.routes.messages
        );
        let mut messages = Vec::new();
        for n in 0..MAX_MESSAGES_PER_POLL {
            let response = self
                .transport
                .exchange(TransportRequest {
                    method: Method::Get,
                    path: format!("{base}/{n}"),
                    content_type: None,
                    idempotency_key: None,
                    dossier: None,
                    bearer_token: None,
                    body: Vec::new(),
                })
                .await?;
            match response.status {
                200 => match self.codec.decode(&response.body) {
                    Ok(message) => messages.push(message),
                    Err(error)
                        if error.kind() == AdapterErrorKind::Unsupported
                            && self.routes.on_unsupported == OnUnsupported::Skip =>
                    {
                        tracing::warn!(
                            agency = %self.codec.agency(),
                            reference = %reference,
                            index = n,
                            agency_code = error.agency_code().unwrap_or(""),
                            "agency message skipped, the port cannot carry it: {}",
                            error.message()
                        );
                    }
                    Err(error) => return Err(error),
                },
                // No n-th message (yet).
                404 => break,
                _ => return Err(self.status_error(&response, "polling messages")),
            }
        }
        Ok(messages)
    }
}
