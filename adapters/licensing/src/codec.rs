//! Pure decode and encode of the licensing authority's XML, both versions, onto the port's normalised messages.
//! No I/O: this is the fuzz and bench target.

use std::borrow::Cow;
use std::str::FromStr;

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyCodec, AgencyMessage, AgencyRef, Capabilities,
    DossierSubmission, IssuedDocument, Notice, NoticeKind, OutboundKind, OutboundMessage,
    ProcessingUpdate, SubmissionApplicant, SubmissionReceipt, SubmittedDocument,
    SupplementDelivery, WireFormat, Withdrawal,
};
use hoso_core::{AgencyCode, DossierCode, Vnd};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::wire::{self, Names, Version, attr, field, inner_attr, result_form, root, status};
use hoso_xml::{self as xml, Element, Limits, XmlReader, XmlResult, XmlWriter};

/// The codec of the licensing authority's format: decodes v1 and v2, encodes the version it was built for.
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, Notice};
/// use hoso_licensing::{LicensingCodec, Version};
///
/// let codec = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V2);
/// let xml = include_bytes!("../samples/v1/tiep-nhan-ho-so.xml");
/// let message = codec.decode(xml).unwrap();
/// assert!(matches!(message.notice, Notice::Accepted { .. }));
/// // Re-encoded in v2, it reads back the same.
/// let again = codec.decode(&codec.encode_notice(&message).unwrap()).unwrap();
/// assert_eq!(again, message);
/// ```
#[derive(Debug, Clone)]
pub struct LicensingCodec {
    agency: AgencyCode,
    version: Version,
    limits: Limits,
}

/// A decoded message of either direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A message from the authority.
    Notice(AgencyMessage),
    /// A message to the authority.
    Outbound(OutboundMessage),
    /// The authority's acknowledgement of a message to it.
    Receipt(SubmissionReceipt),
}

impl LicensingCodec {
    /// A codec for the authority `agency` that encodes in `version`, with the default [`Limits`].
    pub fn new(agency: AgencyCode, version: Version) -> Self {
        Self {
            agency,
            version,
            limits: Limits::default(),
        }
    }

    /// Replaces the decoding limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The version this codec encodes.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The decoding limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Decodes a message of either direction, in any supported version.
    pub fn decode_any(&self, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        self.decode_boxed(bytes).map_err(|e| *e)
    }

    fn decode_boxed(&self, bytes: &[u8]) -> XmlResult<Decoded> {
        let (reader, root) = xml::open(bytes, self.limits, &self.agency)?;
        // The namespace declaration is read in the same pass as the root's own attributes.
        let xmlns = reader.root_namespace_attribute();
        let [namespace, number, message_id, sent_at] = reader.attributes(
            &root,
            [&xmlns, attr::VERSION, attr::MESSAGE_ID, attr::SENT_AT],
        )?;
        let namespace = namespace.as_deref().unwrap_or_default();
        let version = version_of(&reader, &root, namespace, number.as_deref())?;
        let head = head(&reader, &root, message_id, sent_at)?;
        let mut d = Decoder {
            r: reader,
            version,
            names: version.names(),
        };
        d.r.expect_namespace(version.namespace());
        let decoded = d.message(head, &root)?;
        d.r.expect_end_of_document()?;
        Ok(decoded)
    }

    fn invalid(&self, message: impl Into<String>) -> AdapterError {
        AdapterError::new(AdapterErrorKind::Unsupported, self.agency.clone(), message)
    }

    fn wrong_message(&self, expected: &str, got: &Decoded) -> AdapterError {
        let got = match got {
            Decoded::Notice(_) => "a notice from the authority",
            Decoded::Outbound(_) => "a message to the authority",
            Decoded::Receipt(_) => "a receipt",
        };
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            self.agency.clone(),
            format!("expected {expected}, got {got}"),
        )
    }
}

fn version_of(
    r: &XmlReader<'_>,
    root: &Element<'_>,
    namespace: &str,
    number: Option<&str>,
) -> XmlResult<Version> {
    let Some(suffix) = namespace.strip_prefix(wire::NAMESPACE_PREFIX) else {
        return Err(r.error_at_element(
            root,
            AdapterErrorKind::InvalidPayload,
            format!(
                "root element {} is in namespace {namespace:?}, not the licensing authority's ({}v1, {}v2)",
                root.local_name(),
                wire::NAMESPACE_PREFIX,
                wire::NAMESPACE_PREFIX
            ),
        ));
    };
    let version = Version::ALL
        .into_iter()
        .find(|v| v.namespace() == namespace)
        .ok_or_else(|| {
            r.error_at_element(
                root,
                AdapterErrorKind::UnsupportedVersion,
                format!("format version {suffix:?} is not supported (supported: v1, v2)"),
            )
        })?;
    match number {
        Some(number) if number != version.number() => {
            let kind = if Version::from_number(number).is_some() {
                AdapterErrorKind::InvalidPayload
            } else {
                AdapterErrorKind::UnsupportedVersion
            };
            Err(r.error_at_element(
                root,
                kind,
                format!(
                    "{}={number:?} contradicts the namespace of version {version}",
                    attr::VERSION
                ),
            ))
        }
        None if version == Version::V2 => Err(r.error_at_element(
            root,
            AdapterErrorKind::InvalidPayload,
            format!("version 2 requires the attribute {}", attr::VERSION),
        )),
        _ => Ok(version),
    }
}

/// The root's message id and send time.
fn head(
    r: &XmlReader<'_>,
    root: &Element<'_>,
    message_id: Option<Cow<'_, str>>,
    sent_at: Option<Cow<'_, str>>,
) -> XmlResult<Head> {
    let invalid = |m: String| r.error_at_element(root, AdapterErrorKind::InvalidPayload, m);
    let lacks = |name: &str| {
        invalid(format!(
            "element {} lacks attribute {name}",
            root.local_name()
        ))
    };
    let message_id = message_id
        .ok_or_else(|| lacks(attr::MESSAGE_ID))?
        .into_owned();
    if message_id.is_empty() {
        return Err(invalid(format!("attribute {} is empty", attr::MESSAGE_ID)));
    }
    let sent_at = sent_at.ok_or_else(|| lacks(attr::SENT_AT))?;
    let sent_at = wire::parse_date_time(&sent_at).ok_or_else(|| {
        invalid(format!(
            "attribute {} is not a date-time {}",
            attr::SENT_AT,
            wire::DATE_TIME_FORMAT
        ))
    })?;
    Ok(Head {
        message_id,
        sent_at,
    })
}

struct Decoder<'a> {
    r: XmlReader<'a>,
    version: Version,
    names: &'static Names,
}

/// The fields every message may carry besides its own.
#[derive(Default)]
struct Common {
    dossier: Option<DossierCode>,
    reference: Option<AgencyRef>,
    agency: Option<AgencyCode>,
    officer: Option<String>,
}

fn set<T>(r: &XmlReader<'_>, slot: &mut Option<T>, value: T, el: &Element<'_>) -> XmlResult<()> {
    if slot.is_some() {
        return Err(r.error_at_element(
            el,
            AdapterErrorKind::InvalidPayload,
            format!("element {} appears twice", el.local_name()),
        ));
    }
    *slot = Some(value);
    Ok(())
}

impl<'a> Decoder<'a> {
    fn message(&mut self, head: Head, root: &Element<'a>) -> XmlResult<Decoded> {
        if root.is_self_closing() {
            return Err(self.invalid(root, format!("message {} is empty", root.local_name())));
        }
        match root.local_name() {
            root::SUBMISSION => self.submission(head, root).map(Decoded::Outbound),
            root::SUPPLEMENT_DELIVERED => {
                self.supplement_delivered(head, root).map(Decoded::Outbound)
            }
            root::WITHDRAWAL => self.withdrawal(head, root).map(Decoded::Outbound),
            root::RECEIPT => self.receipt(head, root).map(Decoded::Receipt),
            root::ACCEPTANCE
            | root::SUPPLEMENT_REQUEST
            | root::REFUSAL
            | root::PROCESSING
            | root::RESULT_READY
            | root::HANDED_TO_POST => self.notice(head, root).map(Decoded::Notice),
            other => Err(self.invalid(root, format!("unknown message {other}"))),
        }
    }

    fn invalid(&self, el: &Element<'_>, message: impl Into<String>) -> Box<AdapterError> {
        self.r
            .error_at_element(el, AdapterErrorKind::InvalidPayload, message)
    }

    fn missing(&self, root: &Element<'_>, name: &str) -> Box<AdapterError> {
        self.invalid(
            root,
            format!("message {} lacks element {name}", root.local_name()),
        )
    }

    fn unknown(&self, el: &Element<'_>) -> Box<AdapterError> {
        self.invalid(
            el,
            format!(
                "unexpected element {} in version {}",
                el.local_name(),
                self.version
            ),
        )
    }

    /// The text of `el`, trimmed and not empty.
    fn text(&mut self, el: &Element<'a>) -> XmlResult<Cow<'a, str>> {
        let text = self.r.text(el)?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(self.invalid(el, format!("element {} is empty", el.local_name())));
        }
        Ok(if trimmed.len() == text.len() {
            text
        } else {
            Cow::Owned(trimmed.to_owned())
        })
    }

    fn string(&mut self, el: &Element<'a>) -> XmlResult<String> {
        self.text(el).map(Cow::into_owned)
    }

    /// Parses the text of `el`; `personal` keeps the value out of the error.
    fn parse<T>(&mut self, el: &Element<'a>, personal: bool) -> XmlResult<T>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let text = self.text(el)?;
        text.parse::<T>().map_err(|e| {
            let message = if personal {
                format!("element {} is not valid: {e}", el.local_name())
            } else {
                format!("element {} {text:?} is not valid: {e}", el.local_name())
            };
            self.invalid(el, message)
        })
    }

    fn date(&mut self, el: &Element<'a>) -> XmlResult<Date> {
        let text = self.text(el)?;
        wire::parse_date(&text).ok_or_else(|| {
            self.invalid(
                el,
                format!(
                    "element {} {text:?} is not a date {}",
                    el.local_name(),
                    wire::DATE_FORMAT
                ),
            )
        })
    }

    fn date_time(&mut self, el: &Element<'a>) -> XmlResult<Timestamp> {
        let text = self.text(el)?;
        wire::parse_date_time(&text).ok_or_else(|| {
            self.invalid(
                el,
                format!(
                    "element {} {text:?} is not a date-time {}",
                    el.local_name(),
                    wire::DATE_TIME_FORMAT
                ),
            )
        })
    }

    fn date_attr(&self, el: &Element<'a>, name: &str, required: bool) -> XmlResult<Option<Date>> {
        let Some(text) = self.r.attribute(el, name)? else {
            return if required {
                Err(self.invalid(
                    el,
                    format!("element {} lacks attribute {name}", el.local_name()),
                ))
            } else {
                Ok(None)
            };
        };
        wire::parse_date(&text).map(Some).ok_or_else(|| {
            self.invalid(
                el,
                format!(
                    "attribute {name} {text:?} is not a date {}",
                    wire::DATE_FORMAT
                ),
            )
        })
    }

    /// Parses an attribute value already read as a count.
    fn count_value(
        &self,
        el: &Element<'a>,
        name: &str,
        value: Option<&str>,
        required: bool,
    ) -> XmlResult<Option<u32>> {
        let Some(text) = value else {
            return if required {
                Err(self.invalid(
                    el,
                    format!("element {} lacks attribute {name}", el.local_name()),
                ))
            } else {
                Ok(None)
            };
        };
        text.parse::<u32>().map(Some).map_err(|_| {
            self.invalid(
                el,
                format!("attribute {name} {text:?} is not a whole number"),
            )
        })
    }

    /// Reads a common field if `el` is one; `Ok(false)` if it is not.
    fn common(&mut self, el: &Element<'a>, c: &mut Common) -> XmlResult<bool> {
        let name = el.local_name();
        if name == self.names.dossier {
            let v = self.parse(el, false)?;
            set(&self.r, &mut c.dossier, v, el)?;
        } else if name == self.names.reference {
            let v = AgencyRef(self.string(el)?);
            set(&self.r, &mut c.reference, v, el)?;
        } else if Some(name) == self.names.agency {
            let v = self.parse(el, false)?;
            set(&self.r, &mut c.agency, v, el)?;
        } else if name == self.names.officer {
            let v = self.string(el)?;
            set(&self.r, &mut c.officer, v, el)?;
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    /// A list of `GiayTo` elements with name text and counts as attributes.
    fn documents(&mut self, list: &Element<'a>) -> XmlResult<Vec<SubmittedDocument>> {
        let mut documents = Vec::new();
        if list.is_self_closing() {
            return Ok(documents);
        }
        while let Some(el) = self.r.next_child()? {
            if el.local_name() != field::DOCUMENT {
                return Err(self.unknown(&el));
            }
            if documents.len() == self.r.limits().max_list_items {
                return Err(self.r.error_at_element(
                    &el,
                    AdapterErrorKind::LimitExceeded,
                    format!("more than {} documents", self.r.limits().max_list_items),
                ));
            }
            let [originals, copies, pages] = self.r.attributes(
                &el,
                [inner_attr::ORIGINALS, inner_attr::COPIES, inner_attr::PAGES],
            )?;
            let originals = self
                .count_value(&el, inner_attr::ORIGINALS, originals.as_deref(), true)?
                .unwrap_or_default();
            let copies = self
                .count_value(&el, inner_attr::COPIES, copies.as_deref(), true)?
                .unwrap_or_default();
            let pages = match self.version {
                Version::V1 => None,
                Version::V2 => self.count_value(&el, inner_attr::PAGES, pages.as_deref(), false)?,
            };
            let name = self.string(&el)?;
            documents.push(SubmittedDocument {
                name,
                originals,
                copies,
                pages,
            });
        }
        Ok(documents)
    }

    /// A list of elements named `item` holding text.
    fn names_list(&mut self, list: &Element<'a>, item: &str) -> XmlResult<Vec<String>> {
        let mut items = Vec::new();
        if list.is_self_closing() {
            return Ok(items);
        }
        while let Some(el) = self.r.next_child()? {
            if el.local_name() != item {
                return Err(self.unknown(&el));
            }
            if items.len() == self.r.limits().max_list_items {
                return Err(self.r.error_at_element(
                    &el,
                    AdapterErrorKind::LimitExceeded,
                    format!(
                        "more than {} items in {}",
                        self.r.limits().max_list_items,
                        list.local_name()
                    ),
                ));
            }
            items.push(self.string(&el)?);
        }
        Ok(items)
    }

    fn submission(&mut self, head: Head, root: &Element<'a>) -> XmlResult<OutboundMessage> {
        let mut c = Common::default();
        let (mut procedure, mut applicant, mut documents, mut fee, mut by_post) =
            (None, None, None, None, None);
        while let Some(el) = self.r.next_child()? {
            if self.common(&el, &mut c)? {
                continue;
            }
            match el.local_name() {
                field::PROCEDURE => {
                    let v = self.parse(&el, false)?;
                    set(&self.r, &mut procedure, v, &el)?;
                }
                field::APPLICANT => {
                    let v = self.applicant(&el)?;
                    set(&self.r, &mut applicant, v, &el)?;
                }
                field::DOCUMENTS => {
                    let v = self.documents(&el)?;
                    set(&self.r, &mut documents, v, &el)?;
                }
                field::FEE => {
                    let v: u64 = self.parse(&el, false)?;
                    set(&self.r, &mut fee, Vnd(v), &el)?;
                }
                field::RESULT_BY_POST_V1 if self.version == Version::V1 => {
                    let v = match &*self.text(&el)? {
                        "1" => true,
                        "0" => false,
                        other => {
                            return Err(self.invalid(
                                &el,
                                format!(
                                    "{} {other:?} is neither 0 nor 1",
                                    field::RESULT_BY_POST_V1
                                ),
                            ));
                        }
                    };
                    set(&self.r, &mut by_post, v, &el)?;
                }
                field::RESULT_FORM_V2 if self.version == Version::V2 => {
                    let v = match &*self.text(&el)? {
                        result_form::BY_POST => true,
                        result_form::AT_DESK => false,
                        other => {
                            return Err(self.invalid(
                                &el,
                                format!(
                                    "{} {other:?} is neither {} nor {}",
                                    field::RESULT_FORM_V2,
                                    result_form::BY_POST,
                                    result_form::AT_DESK
                                ),
                            ));
                        }
                    };
                    set(&self.r, &mut by_post, v, &el)?;
                }
                _ => return Err(self.unknown(&el)),
            }
        }
        let by_post_name = match self.version {
            Version::V1 => field::RESULT_BY_POST_V1,
            Version::V2 => field::RESULT_FORM_V2,
        };
        Ok(OutboundMessage::Submission(DossierSubmission {
            message_id: head.message_id,
            sent_at: head.sent_at,
            dossier: c
                .dossier
                .ok_or_else(|| self.missing(root, self.names.dossier))?,
            procedure: procedure.ok_or_else(|| self.missing(root, field::PROCEDURE))?,
            applicant: applicant.ok_or_else(|| self.missing(root, field::APPLICANT))?,
            documents: documents.ok_or_else(|| self.missing(root, field::DOCUMENTS))?,
            fee: fee.ok_or_else(|| self.missing(root, field::FEE))?,
            result_by_post: by_post.ok_or_else(|| self.missing(root, by_post_name))?,
        }))
    }

    fn applicant(&mut self, parent: &Element<'a>) -> XmlResult<SubmissionApplicant> {
        let (mut name, mut citizen_id, mut phone, mut address, mut email) =
            (None, None, None, None, None);
        if parent.is_self_closing() {
            return Err(self.missing(parent, field::NAME));
        }
        while let Some(el) = self.r.next_child()? {
            match el.local_name() {
                field::NAME => {
                    let v = self.string(&el)?;
                    set(&self.r, &mut name, v, &el)?;
                }
                field::CITIZEN_ID => {
                    let v = self.parse(&el, true)?;
                    set(&self.r, &mut citizen_id, v, &el)?;
                }
                field::PHONE => {
                    let v = self.parse(&el, true)?;
                    set(&self.r, &mut phone, v, &el)?;
                }
                field::ADDRESS => {
                    let v = self.string(&el)?;
                    set(&self.r, &mut address, v, &el)?;
                }
                n if Some(n) == self.names.email => {
                    let v = self.string(&el)?;
                    set(&self.r, &mut email, v, &el)?;
                }
                _ => return Err(self.unknown(&el)),
            }
        }
        Ok(SubmissionApplicant {
            name: name.ok_or_else(|| self.missing(parent, field::NAME))?,
            citizen_id,
            phone,
            address,
            email,
        })
    }

    fn supplement_delivered(
        &mut self,
        head: Head,
        root: &Element<'a>,
    ) -> XmlResult<OutboundMessage> {
        let mut c = Common::default();
        let mut documents = None;
        while let Some(el) = self.r.next_child()? {
            if self.common(&el, &mut c)? {
                continue;
            }
            if el.local_name() != field::DOCUMENTS {
                return Err(self.unknown(&el));
            }
            let v = self.documents(&el)?;
            set(&self.r, &mut documents, v, &el)?;
        }
        Ok(OutboundMessage::SupplementDelivered(SupplementDelivery {
            message_id: head.message_id,
            sent_at: head.sent_at,
            dossier: c
                .dossier
                .ok_or_else(|| self.missing(root, self.names.dossier))?,
            reference: c.reference,
            documents: documents.ok_or_else(|| self.missing(root, field::DOCUMENTS))?,
        }))
    }

    fn withdrawal(&mut self, head: Head, root: &Element<'a>) -> XmlResult<OutboundMessage> {
        let mut c = Common::default();
        let mut reason = None;
        while let Some(el) = self.r.next_child()? {
            if self.common(&el, &mut c)? {
                continue;
            }
            if el.local_name() != field::REASON {
                return Err(self.unknown(&el));
            }
            let v = self.string(&el)?;
            set(&self.r, &mut reason, v, &el)?;
        }
        Ok(OutboundMessage::Withdrawal(Withdrawal {
            message_id: head.message_id,
            sent_at: head.sent_at,
            dossier: c
                .dossier
                .ok_or_else(|| self.missing(root, self.names.dossier))?,
            reference: c.reference,
            reason: reason.ok_or_else(|| self.missing(root, field::REASON))?,
        }))
    }

    fn receipt(&mut self, head: Head, root: &Element<'a>) -> XmlResult<SubmissionReceipt> {
        let mut c = Common::default();
        while let Some(el) = self.r.next_child()? {
            if !self.common(&el, &mut c)? {
                return Err(self.unknown(&el));
            }
        }
        let agency = match self.version {
            Version::V1 => self.r.agency().clone(),
            Version::V2 => c
                .agency
                .ok_or_else(|| self.missing(root, self.names.agency.unwrap_or("MaCoQuan")))?,
        };
        Ok(SubmissionReceipt {
            agency,
            dossier: c
                .dossier
                .ok_or_else(|| self.missing(root, self.names.dossier))?,
            reference: c
                .reference
                .ok_or_else(|| self.missing(root, self.names.reference))?,
            idempotency_key: head.message_id,
            received_at: head.sent_at,
        })
    }

    fn notice(&mut self, head: Head, root: &Element<'a>) -> XmlResult<AgencyMessage> {
        let mut c = Common::default();
        let mut f = NoticeFields::default();
        let kind = Kind::of(root.local_name());
        while let Some(el) = self.r.next_child()? {
            if self.common(&el, &mut c)? {
                continue;
            }
            self.notice_field(kind, &el, &mut f)?;
        }
        let n = self.names;
        let notice = match kind {
            Kind::Acceptance => Notice::Accepted {
                appointment: f
                    .appointment
                    .ok_or_else(|| self.missing(root, n.appointment))?,
                received_at: f.received_at,
            },
            Kind::SupplementRequest => Notice::SupplementRequested {
                reason: f.reason.ok_or_else(|| self.missing(root, field::REASON))?,
                missing: f
                    .missing
                    .ok_or_else(|| self.missing(root, field::MISSING_DOCUMENTS))?,
                due: f.due,
            },
            Kind::Refusal => Notice::Refused {
                reason: f.reason.ok_or_else(|| self.missing(root, field::REASON))?,
                reason_code: f.reason_code,
                legal_basis: f.legal_basis,
            },
            Kind::Processing => {
                let update = match f
                    .status
                    .ok_or_else(|| self.missing(root, n.processing_status))?
                {
                    Status::Started => ProcessingUpdate::Started,
                    Status::Stopped => ProcessingUpdate::Stopped,
                    Status::Extended => ProcessingUpdate::Extended {
                        new_appointment: f
                            .new_appointment
                            .ok_or_else(|| self.missing(root, field::NEW_APPOINTMENT))?,
                    },
                };
                if f.new_appointment.is_some()
                    && !matches!(update, ProcessingUpdate::Extended { .. })
                {
                    return Err(self.invalid(
                        root,
                        format!(
                            "{} is only allowed with status {}",
                            field::NEW_APPOINTMENT,
                            status::EXTENDED
                        ),
                    ));
                }
                Notice::Processing {
                    update,
                    note: f.note,
                }
            }
            Kind::ResultReady => Notice::ResultReady {
                document: f.document.ok_or_else(|| {
                    self.missing(
                        root,
                        if self.version == Version::V1 {
                            field::LICENCE_V1
                        } else {
                            field::RESULT_V2
                        },
                    )
                })?,
            },
            Kind::HandedToPost => Notice::ResultHandedToPost {
                tracking: f.tracking.ok_or_else(|| self.missing(root, n.tracking))?,
                items: f
                    .items
                    .ok_or_else(|| self.missing(root, field::ITEM_COUNT))?,
                handed_at: f
                    .handed_at
                    .ok_or_else(|| self.missing(root, field::HANDED_AT))?,
                postal_worker: f.postal_worker,
                seal: f.seal,
            },
        };
        let agency = match self.version {
            Version::V1 => self.r.agency().clone(),
            Version::V2 => c
                .agency
                .ok_or_else(|| self.missing(root, n.agency.unwrap_or("MaCoQuan")))?,
        };
        Ok(AgencyMessage {
            message_id: head.message_id,
            agency,
            dossier: c.dossier.ok_or_else(|| self.missing(root, n.dossier))?,
            reference: c.reference,
            sent_at: head.sent_at,
            officer: c.officer,
            notice,
        })
    }

    fn notice_field(
        &mut self,
        kind: Kind,
        el: &Element<'a>,
        f: &mut NoticeFields,
    ) -> XmlResult<()> {
        let n = self.names;
        let name = el.local_name();
        match kind {
            Kind::Acceptance if name == n.appointment => {
                let v = self.date(el)?;
                set(&self.r, &mut f.appointment, v, el)
            }
            Kind::Acceptance if Some(name) == n.received_at => {
                let v = self.date_time(el)?;
                set(&self.r, &mut f.received_at, v, el)
            }
            Kind::SupplementRequest | Kind::Refusal if name == field::REASON => {
                if kind == Kind::Refusal && self.version == Version::V2 {
                    f.reason_code = self
                        .r
                        .attribute(el, inner_attr::REASON_CODE)?
                        .map(Cow::into_owned);
                }
                let v = self.string(el)?;
                set(&self.r, &mut f.reason, v, el)
            }
            Kind::SupplementRequest if name == field::MISSING_DOCUMENTS => {
                let v = self.names_list(el, field::DOCUMENT)?;
                set(&self.r, &mut f.missing, v, el)
            }
            Kind::SupplementRequest if Some(name) == n.supplement_due => {
                let v = self.date(el)?;
                set(&self.r, &mut f.due, v, el)
            }
            Kind::Refusal if Some(name) == n.refusal_legal_basis => {
                let v = self.string(el)?;
                set(&self.r, &mut f.legal_basis, v, el)
            }
            Kind::Processing if name == n.processing_status => {
                let v = match &*self.text(el)? {
                    status::STARTED => Status::Started,
                    status::EXTENDED => Status::Extended,
                    status::STOPPED => Status::Stopped,
                    other => {
                        return Err(
                            self.invalid(el, format!("unknown processing status {other:?}"))
                        );
                    }
                };
                set(&self.r, &mut f.status, v, el)
            }
            Kind::Processing if name == field::NEW_APPOINTMENT => {
                let v = self.date(el)?;
                set(&self.r, &mut f.new_appointment, v, el)
            }
            Kind::Processing if name == field::NOTE => {
                let v = self.string(el)?;
                set(&self.r, &mut f.note, v, el)
            }
            Kind::ResultReady if self.version == Version::V1 && name == field::LICENCE_V1 => {
                let v = self.licence_v1(el)?;
                set(&self.r, &mut f.document, v, el)
            }
            Kind::ResultReady if self.version == Version::V2 && name == field::RESULT_V2 => {
                let v = self.result_v2(el)?;
                set(&self.r, &mut f.document, v, el)
            }
            Kind::HandedToPost if name == n.tracking => {
                let v = self.parse(el, false)?;
                set(&self.r, &mut f.tracking, v, el)
            }
            Kind::HandedToPost if name == field::ITEM_COUNT => {
                let v = self.parse(el, false)?;
                set(&self.r, &mut f.items, v, el)
            }
            Kind::HandedToPost if name == field::HANDED_AT => {
                let v = self.date_time(el)?;
                set(&self.r, &mut f.handed_at, v, el)
            }
            Kind::HandedToPost if name == field::POSTAL_WORKER => {
                let v = self.string(el)?;
                set(&self.r, &mut f.postal_worker, v, el)
            }
            Kind::HandedToPost if Some(name) == n.seal => {
                let v = self.string(el)?;
                set(&self.r, &mut f.seal, v, el)
            }
            _ => Err(self.unknown(el)),
        }
    }

    /// v1: `<GiayPhep so=".." hang="B C1" ngayCap=".." ngayHetHan=".."/>`.
    fn licence_v1(&mut self, el: &Element<'a>) -> XmlResult<IssuedDocument> {
        let number = self
            .r
            .required_attribute(el, inner_attr::LICENCE_NUMBER)?
            .trim()
            .to_owned();
        let classes = self.r.required_attribute(el, inner_attr::CLASSES)?;
        let categories: Vec<String> = classes
            .split_ascii_whitespace()
            .map(str::to_owned)
            .collect();
        if number.is_empty() || categories.is_empty() {
            return Err(self.invalid(el, "licence number and class must not be empty"));
        }
        let issued_on = self
            .date_attr(el, inner_attr::ISSUED_ON, true)?
            .unwrap_or_default();
        let valid_until = self.date_attr(el, inner_attr::VALID_UNTIL, false)?;
        // The element has no content; an element with content is read to its end and must be blank.
        let rest = self.r.text(el)?;
        if !rest.trim().is_empty() {
            return Err(self.invalid(
                el,
                format!("element {} has no text content", field::LICENCE_V1),
            ));
        }
        Ok(IssuedDocument {
            title: wire::V1_LICENCE_TITLE.to_owned(),
            number,
            serial: None,
            categories,
            issued_on,
            valid_until,
        })
    }

    /// v2: `<KetQua>` with `TenGiayTo, SoGiayPhep, SoSeri?, HangGiayPhep+, NgayCap, NgayHetHan?`.
    fn result_v2(&mut self, parent: &Element<'a>) -> XmlResult<IssuedDocument> {
        let (mut title, mut number, mut serial, mut issued_on, mut valid_until) =
            (None, None, None, None, None);
        let mut categories = Vec::new();
        if parent.is_self_closing() {
            return Err(self.missing(parent, field::LICENCE_NUMBER));
        }
        while let Some(el) = self.r.next_child()? {
            match el.local_name() {
                field::TITLE => {
                    let v = self.string(&el)?;
                    set(&self.r, &mut title, v, &el)?;
                }
                field::LICENCE_NUMBER => {
                    let v = self.string(&el)?;
                    set(&self.r, &mut number, v, &el)?;
                }
                field::SERIAL => {
                    let v = self.string(&el)?;
                    set(&self.r, &mut serial, v, &el)?;
                }
                field::CLASS => {
                    if categories.len() == self.r.limits().max_list_items {
                        return Err(self.r.error_at_element(
                            &el,
                            AdapterErrorKind::LimitExceeded,
                            "too many classes",
                        ));
                    }
                    categories.push(self.string(&el)?);
                }
                field::ISSUED_ON => {
                    let v = self.date(&el)?;
                    set(&self.r, &mut issued_on, v, &el)?;
                }
                field::VALID_UNTIL => {
                    let v = self.date(&el)?;
                    set(&self.r, &mut valid_until, v, &el)?;
                }
                _ => return Err(self.unknown(&el)),
            }
        }
        if categories.is_empty() {
            return Err(self.missing(parent, field::CLASS));
        }
        Ok(IssuedDocument {
            title: title.ok_or_else(|| self.missing(parent, field::TITLE))?,
            number: number.ok_or_else(|| self.missing(parent, field::LICENCE_NUMBER))?,
            serial,
            categories,
            issued_on: issued_on.ok_or_else(|| self.missing(parent, field::ISSUED_ON))?,
            valid_until,
        })
    }
}

/// The notice messages, recognised once per message rather than by comparing names for every field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Acceptance,
    SupplementRequest,
    Refusal,
    Processing,
    ResultReady,
    HandedToPost,
}

impl Kind {
    fn of(root_name: &str) -> Kind {
        match root_name {
            root::ACCEPTANCE => Kind::Acceptance,
            root::SUPPLEMENT_REQUEST => Kind::SupplementRequest,
            root::REFUSAL => Kind::Refusal,
            root::PROCESSING => Kind::Processing,
            root::RESULT_READY => Kind::ResultReady,
            // The caller dispatches only the six notice roots here.
            _ => Kind::HandedToPost,
        }
    }
}

struct Head {
    message_id: String,
    sent_at: Timestamp,
}

enum Status {
    Started,
    Extended,
    Stopped,
}

#[derive(Default)]
struct NoticeFields {
    appointment: Option<Date>,
    received_at: Option<Timestamp>,
    reason: Option<String>,
    reason_code: Option<String>,
    legal_basis: Option<String>,
    missing: Option<Vec<String>>,
    due: Option<Date>,
    status: Option<Status>,
    new_appointment: Option<Date>,
    note: Option<String>,
    document: Option<IssuedDocument>,
    tracking: Option<hoso_core::TrackingNumber>,
    items: Option<u32>,
    handed_at: Option<Timestamp>,
    postal_worker: Option<String>,
    seal: Option<String>,
}

// ---- encoding ----

/// The first field of `notice` that version 1 cannot carry, if any: encoding it in v1 would lose data.
fn v1_cannot_carry(notice: &Notice) -> Option<&'static str> {
    match notice {
        Notice::Accepted {
            received_at: Some(_),
            ..
        } => Some("the time of receipt"),
        Notice::SupplementRequested { due: Some(_), .. } => Some("the supplement deadline"),
        Notice::Refused {
            reason_code: Some(_),
            ..
        } => Some("the reason code"),
        Notice::Refused {
            legal_basis: Some(_),
            ..
        } => Some("the legal basis"),
        Notice::ResultReady { document } if document.serial.is_some() => Some("the serial number"),
        Notice::ResultReady { document } if document.title != wire::V1_LICENCE_TITLE => {
            Some("a document title other than the licence's")
        }
        Notice::ResultReady { document }
            if document
                .categories
                .iter()
                .any(|c| c.contains(char::is_whitespace)) =>
        {
            Some("a licence class containing spaces")
        }
        Notice::ResultHandedToPost { seal: Some(_), .. } => Some("the seal id"),
        _ => None,
    }
}

struct Encoder {
    w: XmlWriter,
    version: Version,
    names: &'static Names,
}

fn date_text(date: Date) -> String {
    let mut s = String::with_capacity(10);
    wire::format_date(date, &mut s);
    s
}

fn date_time_text(at: Timestamp) -> String {
    let mut s = String::with_capacity(19);
    wire::format_date_time(at, &mut s);
    s
}

impl Encoder {
    fn new(version: Version) -> Self {
        Self {
            w: XmlWriter::new(),
            version,
            names: version.names(),
        }
    }

    fn open_root(&mut self, name: &str, message_id: &str, sent_at: Timestamp) {
        let sent = date_time_text(sent_at);
        let attrs = [
            ("xmlns", self.version.namespace()),
            (attr::VERSION, self.version.number()),
            (attr::MESSAGE_ID, message_id),
            (attr::SENT_AT, sent.as_str()),
        ];
        self.w.open(name, &attrs);
    }

    fn head(
        &mut self,
        dossier: &DossierCode,
        agency: Option<&AgencyCode>,
        reference: Option<&AgencyRef>,
    ) {
        self.w.leaf(self.names.dossier, &[], dossier.as_ref());
        if let (Some(name), Some(agency)) = (self.names.agency, agency) {
            self.w.leaf(name, &[], agency.as_ref());
        }
        if let Some(reference) = reference {
            self.w.leaf(self.names.reference, &[], reference.as_str());
        }
    }

    fn opt(&mut self, name: Option<&'static str>, value: Option<&str>) {
        if let (Some(name), Some(value)) = (name, value) {
            self.w.leaf(name, &[], value);
        }
    }

    fn documents(&mut self, list: &str, documents: &[SubmittedDocument]) {
        if documents.is_empty() {
            self.w.leaf(list, &[], "");
            return;
        }
        self.w.open(list, &[]);
        for d in documents {
            let (originals, copies) = (d.originals.to_string(), d.copies.to_string());
            let pages = d.pages.map(|p| p.to_string());
            let mut attrs = vec![
                (inner_attr::ORIGINALS, originals.as_str()),
                (inner_attr::COPIES, copies.as_str()),
            ];
            if let (Version::V2, Some(pages)) = (self.version, &pages) {
                attrs.push((inner_attr::PAGES, pages.as_str()));
            }
            self.w.leaf(field::DOCUMENT, &attrs, &d.name);
        }
        self.w.close(list);
    }

    fn outbound(mut self, message: &OutboundMessage) -> Result<Vec<u8>, String> {
        // Version 1 has no page counts; they stay in the dossier's own record and are not sent (README).
        if let (Version::V1, OutboundMessage::Submission(s)) = (self.version, message)
            && s.applicant.email.is_some()
        {
            return Err(
                "version 1 has no field for the applicant's e-mail; encode in version 2".into(),
            );
        }
        match message {
            OutboundMessage::Submission(s) => {
                self.open_root(root::SUBMISSION, &s.message_id, s.sent_at);
                self.head(&s.dossier, None, None);
                self.w.leaf(field::PROCEDURE, &[], s.procedure.as_ref());
                self.w.open(field::APPLICANT, &[]);
                let a = &s.applicant;
                self.w.leaf(field::NAME, &[], &a.name);
                if let Some(id) = &a.citizen_id {
                    self.w.leaf(field::CITIZEN_ID, &[], id.reveal());
                }
                if let Some(phone) = &a.phone {
                    self.w.leaf(field::PHONE, &[], phone.reveal());
                }
                if let Some(address) = &a.address {
                    self.w.leaf(field::ADDRESS, &[], address);
                }
                self.opt(self.names.email, a.email.as_deref());
                self.w.close(field::APPLICANT);
                self.documents(field::DOCUMENTS, &s.documents);
                self.w.leaf(field::FEE, &[], &s.fee.0.to_string());
                match self.version {
                    Version::V1 => self.w.leaf(
                        field::RESULT_BY_POST_V1,
                        &[],
                        if s.result_by_post { "1" } else { "0" },
                    ),
                    Version::V2 => self.w.leaf(
                        field::RESULT_FORM_V2,
                        &[],
                        if s.result_by_post {
                            result_form::BY_POST
                        } else {
                            result_form::AT_DESK
                        },
                    ),
                }
                self.w.close(root::SUBMISSION);
            }
            OutboundMessage::SupplementDelivered(s) => {
                self.open_root(root::SUPPLEMENT_DELIVERED, &s.message_id, s.sent_at);
                self.head(&s.dossier, None, s.reference.as_ref());
                self.documents(field::DOCUMENTS, &s.documents);
                self.w.close(root::SUPPLEMENT_DELIVERED);
            }
            OutboundMessage::Withdrawal(s) => {
                self.open_root(root::WITHDRAWAL, &s.message_id, s.sent_at);
                self.head(&s.dossier, None, s.reference.as_ref());
                self.w.leaf(field::REASON, &[], &s.reason);
                self.w.close(root::WITHDRAWAL);
            }
            other => {
                return Err(format!(
                    "message {:?} has no form in this format",
                    other.kind()
                ));
            }
        }
        self.w.finish().map_err(|e| e.to_string())
    }

    fn receipt(mut self, r: &SubmissionReceipt) -> Result<Vec<u8>, String> {
        self.open_root(root::RECEIPT, &r.idempotency_key, r.received_at);
        self.head(&r.dossier, Some(&r.agency), Some(&r.reference));
        self.w.close(root::RECEIPT);
        self.w.finish().map_err(|e| e.to_string())
    }

    fn notice(mut self, m: &AgencyMessage) -> Result<Vec<u8>, String> {
        if self.version == Version::V1
            && let Some(field) = v1_cannot_carry(&m.notice)
        {
            return Err(format!(
                "version 1 has no field for {field}; encode in version 2"
            ));
        }
        let n = self.names;
        let root_name = match &m.notice {
            Notice::Accepted { .. } => root::ACCEPTANCE,
            Notice::SupplementRequested { .. } => root::SUPPLEMENT_REQUEST,
            Notice::Refused { .. } => root::REFUSAL,
            Notice::Processing { .. } => root::PROCESSING,
            Notice::ResultReady { .. } => root::RESULT_READY,
            Notice::ResultHandedToPost { .. } => root::HANDED_TO_POST,
            other => {
                return Err(format!(
                    "notice {:?} has no form in this format",
                    other.kind()
                ));
            }
        };
        self.open_root(root_name, &m.message_id, m.sent_at);
        self.head(&m.dossier, Some(&m.agency), m.reference.as_ref());
        match &m.notice {
            Notice::Accepted {
                appointment,
                received_at,
            } => {
                self.w.leaf(n.appointment, &[], &date_text(*appointment));
                self.opt(n.received_at, received_at.map(date_time_text).as_deref());
            }
            Notice::SupplementRequested {
                reason,
                missing,
                due,
            } => {
                self.w.leaf(field::REASON, &[], reason);
                if missing.is_empty() {
                    self.w.leaf(field::MISSING_DOCUMENTS, &[], "");
                } else {
                    self.w.open(field::MISSING_DOCUMENTS, &[]);
                    for item in missing {
                        self.w.leaf(field::DOCUMENT, &[], item);
                    }
                    self.w.close(field::MISSING_DOCUMENTS);
                }
                self.opt(n.supplement_due, due.map(date_text).as_deref());
            }
            Notice::Refused {
                reason,
                reason_code,
                legal_basis,
            } => {
                match (self.version, reason_code) {
                    (Version::V2, Some(code)) => {
                        self.w
                            .leaf(field::REASON, &[(inner_attr::REASON_CODE, code)], reason)
                    }
                    _ => self.w.leaf(field::REASON, &[], reason),
                }
                self.opt(n.refusal_legal_basis, legal_basis.as_deref());
            }
            Notice::Processing { update, note } => {
                let (code, new_date) = match update {
                    ProcessingUpdate::Started => (status::STARTED, None),
                    ProcessingUpdate::Stopped => (status::STOPPED, None),
                    ProcessingUpdate::Extended { new_appointment } => {
                        (status::EXTENDED, Some(*new_appointment))
                    }
                    other => {
                        return Err(format!(
                            "processing update {other:?} has no form in this format"
                        ));
                    }
                };
                self.w.leaf(n.processing_status, &[], code);
                if let Some(date) = new_date {
                    self.w.leaf(field::NEW_APPOINTMENT, &[], &date_text(date));
                }
                if let Some(note) = note {
                    self.w.leaf(field::NOTE, &[], note);
                }
            }
            Notice::ResultReady { document: d } => match self.version {
                Version::V1 => {
                    let classes = d.categories.join(" ");
                    let issued = date_text(d.issued_on);
                    let until = d.valid_until.map(date_text);
                    let mut attrs = vec![
                        (inner_attr::LICENCE_NUMBER, d.number.as_str()),
                        (inner_attr::CLASSES, classes.as_str()),
                        (inner_attr::ISSUED_ON, issued.as_str()),
                    ];
                    if let Some(until) = &until {
                        attrs.push((inner_attr::VALID_UNTIL, until.as_str()));
                    }
                    self.w.leaf(field::LICENCE_V1, &attrs, "");
                }
                Version::V2 => {
                    self.w.open(field::RESULT_V2, &[]);
                    self.w.leaf(field::TITLE, &[], &d.title);
                    self.w.leaf(field::LICENCE_NUMBER, &[], &d.number);
                    if let Some(serial) = &d.serial {
                        self.w.leaf(field::SERIAL, &[], serial);
                    }
                    for class in &d.categories {
                        self.w.leaf(field::CLASS, &[], class);
                    }
                    self.w.leaf(field::ISSUED_ON, &[], &date_text(d.issued_on));
                    if let Some(until) = d.valid_until {
                        self.w.leaf(field::VALID_UNTIL, &[], &date_text(until));
                    }
                    self.w.close(field::RESULT_V2);
                }
            },
            Notice::ResultHandedToPost {
                tracking,
                items,
                handed_at,
                postal_worker,
                seal,
            } => {
                self.w.leaf(n.tracking, &[], tracking.as_ref());
                self.w.leaf(field::ITEM_COUNT, &[], &items.to_string());
                self.w
                    .leaf(field::HANDED_AT, &[], &date_time_text(*handed_at));
                if let Some(worker) = postal_worker {
                    self.w.leaf(field::POSTAL_WORKER, &[], worker);
                }
                self.opt(n.seal, seal.as_deref());
            }
            _ => {}
        }
        if let Some(officer) = &m.officer {
            self.w.leaf(n.officer, &[], officer);
        }
        self.w.close(root_name);
        self.w.finish().map_err(|e| e.to_string())
    }
}

impl AgencyCodec for LicensingCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(WireFormat::Xml)
            .with_versions(Version::ALL.map(|v| v.number()))
            .with_namespace_check(true)
            .with_max_input_bytes(self.limits.max_input_bytes)
            .with_outbound([
                OutboundKind::Submission,
                OutboundKind::SupplementDelivered,
                OutboundKind::Withdrawal,
            ])
            .with_notices([
                NoticeKind::Accepted,
                NoticeKind::SupplementRequested,
                NoticeKind::Refused,
                NoticeKind::Processing,
                NoticeKind::ResultReady,
                NoticeKind::ResultHandedToPost,
            ])
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        match self.decode_any(bytes)? {
            Decoded::Notice(m) => Ok(m),
            other => Err(self.wrong_message("a notice from the authority", &other)),
        }
    }

    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        Encoder::new(self.version)
            .outbound(message)
            .map_err(|e| self.invalid(e))
    }

    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        match self.decode_any(bytes)? {
            Decoded::Outbound(m) => Ok(m),
            other => Err(self.wrong_message("a message to the authority", &other)),
        }
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        match self.decode_any(bytes)? {
            Decoded::Receipt(r) => Ok(r),
            other => Err(self.wrong_message("a receipt", &other)),
        }
    }

    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        Encoder::new(self.version)
            .receipt(receipt)
            .map_err(|e| self.invalid(e))
    }

    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        Encoder::new(self.version)
            .notice(message)
            .map_err(|e| self.invalid(e))
    }
}
