//! The pull decoder: the office's XML, either version, into [`LandMessage`].

use std::borrow::Cow;
use std::str::FromStr;

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, AgencyRef, DossierSubmission, IssuedDocument,
    Notice, ObligationLine, OutboundMessage, ProcessingUpdate, SubmissionApplicant,
    SubmissionReceipt, SubmittedDocument, SupplementDelivery, Withdrawal,
};
use hoso_core::{AdminGeneration, AgencyCode, DossierCode, Vnd};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::wire::{
    self, AdminUnits, LandDetails, LandMessage, LandSubmission, Names, Parcel, Version, attr,
    field, result_form, root, status,
};
use hoso_xml::{Element, XmlReader, XmlResult};

mod parts;

/// The messages of the format, by root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Submission,
    SupplementDelivered,
    Withdrawal,
    Receipt,
    Acceptance,
    SupplementRequest,
    Refusal,
    Processing,
    FinancialObligation,
    PaymentConfirmed,
    ResultReady,
    HandedToPost,
}

impl Kind {
    fn of(root_name: &str) -> Option<Kind> {
        Some(match root_name {
            root::SUBMISSION => Kind::Submission,
            root::SUPPLEMENT_DELIVERED => Kind::SupplementDelivered,
            root::WITHDRAWAL => Kind::Withdrawal,
            root::RECEIPT => Kind::Receipt,
            root::ACCEPTANCE => Kind::Acceptance,
            root::SUPPLEMENT_REQUEST => Kind::SupplementRequest,
            root::REFUSAL => Kind::Refusal,
            root::PROCESSING => Kind::Processing,
            root::FINANCIAL_OBLIGATION => Kind::FinancialObligation,
            root::PAYMENT_CONFIRMED => Kind::PaymentConfirmed,
            root::RESULT_READY => Kind::ResultReady,
            root::HANDED_TO_POST => Kind::HandedToPost,
            _ => return None,
        })
    }

    /// A message from the office about a dossier (carries the officer).
    fn is_notice(self) -> bool {
        !matches!(
            self,
            Kind::Submission | Kind::SupplementDelivered | Kind::Withdrawal | Kind::Receipt
        )
    }
}

/// Reads the version from the root's namespace and `phienBan`.
pub(super) fn version_of(
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
                "root element {} is in namespace {namespace:?}, not the land registry's ({}v1, {}v2)",
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

pub(super) struct Decoder<'a> {
    pub(super) r: XmlReader<'a>,
    pub(super) version: Version,
    pub(super) names: &'static Names,
    /// The office the codec speaks for: the agency of messages that do not name one (v1).
    pub(super) agency: &'a AgencyCode,
}

/// Every field a message may carry, as read.
#[derive(Default)]
struct Fields {
    dossier: Option<DossierCode>,
    agency: Option<AgencyCode>,
    reference: Option<AgencyRef>,
    officer: Option<String>,
    procedure: Option<hoso_core::ProcedureCode>,
    workflow: Option<String>,
    /// v1's flat units, with the offset of the first one for errors.
    province: Option<u32>,
    district: Option<u32>,
    commune: Option<u32>,
    units_at: Option<usize>,
    units: Option<AdminUnits>,
    applicant: Option<SubmissionApplicant>,
    parcels: Option<Vec<Parcel>>,
    documents: Option<Vec<SubmittedDocument>>,
    fee: Option<Vnd>,
    result_by_post: Option<bool>,
    received_at: Option<Timestamp>,
    reason: Option<String>,
    reason_code: Option<String>,
    legal_basis: Option<String>,
    missing: Option<Vec<String>>,
    due: Option<Date>,
    status: Option<(&'static str, usize)>,
    new_appointment: Option<Date>,
    note: Option<String>,
    appointment: Option<Date>,
    notice_number: Option<String>,
    charges: Option<Vec<ObligationLine>>,
    total: Option<(Vnd, usize)>,
    payment_due: Option<Date>,
    amount_paid: Option<Vnd>,
    payment_receipt: Option<String>,
    certificate: Option<IssuedDocument>,
    tracking: Option<hoso_core::TrackingNumber>,
    items: Option<u32>,
    handed_at: Option<Timestamp>,
    postal_worker: Option<String>,
    seal: Option<String>,
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

struct Head {
    message_id: String,
    sent_at: Timestamp,
}

impl<'a> Decoder<'a> {
    /// Reads the message whose root is `root`, given the root's `maThongDiep` and `thoiGianGui`.
    pub(super) fn message(
        &mut self,
        root: &Element<'a>,
        message_id: Option<Cow<'_, str>>,
        sent_at: Option<Cow<'_, str>>,
    ) -> XmlResult<LandMessage> {
        let kind = Kind::of(root.local_name())
            .ok_or_else(|| self.invalid(root, format!("unknown message {}", root.local_name())))?;
        let lacks = |name: &str| {
            self.invalid(
                root,
                format!("element {} lacks attribute {name}", root.local_name()),
            )
        };
        let message_id = message_id
            .ok_or_else(|| lacks(attr::MESSAGE_ID))?
            .into_owned();
        if message_id.trim().is_empty() {
            return Err(self.invalid(root, format!("attribute {} is empty", attr::MESSAGE_ID)));
        }
        let sent_at = sent_at.ok_or_else(|| lacks(attr::SENT_AT))?;
        let sent_at = wire::parse_date_time(&sent_at).ok_or_else(|| {
            self.invalid(
                root,
                format!(
                    "attribute {} is not a date-time {}",
                    attr::SENT_AT,
                    wire::DATE_TIME_FORMAT
                ),
            )
        })?;
        if root.is_self_closing() {
            return Err(self.invalid(root, format!("message {} is empty", root.local_name())));
        }
        let mut f = Fields::default();
        while let Some(el) = self.r.next_child()? {
            self.field(kind, &el, &mut f)?;
        }
        self.build(
            kind,
            root,
            Head {
                message_id,
                sent_at,
            },
            f,
        )
    }

    fn invalid(&self, el: &Element<'_>, message: impl Into<String>) -> Box<AdapterError> {
        self.r
            .error_at_element(el, AdapterErrorKind::InvalidPayload, message)
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

    /// `Ok` when `allowed`, else the element is unexpected here.
    fn only(&self, allowed: bool, el: &Element<'_>) -> XmlResult<()> {
        if allowed {
            Ok(())
        } else {
            Err(self.unknown(el))
        }
    }

    fn list_limit(&self, len: usize, el: &Element<'_>, what: &str) -> XmlResult<()> {
        let max = self.r.limits().max_list_items;
        if len >= max {
            return Err(self.r.error_at_element(
                el,
                AdapterErrorKind::LimitExceeded,
                format!("more than {max} {what}"),
            ));
        }
        Ok(())
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

    /// A whole number written with digits only (no sign, no spaces inside).
    fn whole<T: FromStr>(&mut self, el: &Element<'a>) -> XmlResult<T> {
        let text = self.text(el)?;
        if text.bytes().all(|b| b.is_ascii_digit())
            && let Ok(v) = text.parse::<T>()
        {
            return Ok(v);
        }
        Err(self.invalid(
            el,
            format!(
                "element {} {text:?} is not a whole number in range",
                el.local_name()
            ),
        ))
    }

    fn money(&mut self, el: &Element<'a>) -> XmlResult<Vnd> {
        self.whole::<u64>(el).map(Vnd)
    }

    /// A code of exactly `width` digits.
    fn code(&mut self, el: &Element<'a>, width: usize) -> XmlResult<u32> {
        let text = self.text(el)?;
        if text.len() == width
            && text.bytes().all(|b| b.is_ascii_digit())
            && let Ok(v) = text.parse::<u32>()
        {
            return Ok(v);
        }
        Err(self.invalid(
            el,
            format!(
                "element {} {text:?} is not a code of {width} digits",
                el.local_name()
            ),
        ))
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

    /// Reads one child of the root into `f`.
    fn field(&mut self, kind: Kind, el: &Element<'a>, f: &mut Fields) -> XmlResult<()> {
        let n = self.names;
        let name = el.local_name();
        let notice = kind.is_notice();
        if name == field::DOSSIER {
            let v = self.parse(el, false)?;
            set(&self.r, &mut f.dossier, v, el)
        } else if Some(name) == n.agency {
            let v = self.parse(el, false)?;
            set(&self.r, &mut f.agency, v, el)
        } else if name == field::REFERENCE {
            self.only(kind != Kind::Submission, el)?;
            let v = AgencyRef(self.string(el)?);
            set(&self.r, &mut f.reference, v, el)
        } else if name == n.officer {
            self.only(notice, el)?;
            let v = self.string(el)?;
            set(&self.r, &mut f.officer, v, el)
        } else if name == field::PROCEDURE {
            self.only(kind == Kind::Submission, el)?;
            let v = self.parse(el, false)?;
            set(&self.r, &mut f.procedure, v, el)
        } else if name == n.workflow {
            self.only(kind == Kind::Submission, el)?;
            let v = self.string(el)?;
            set(&self.r, &mut f.workflow, v, el)
        } else if self.version == Version::V1
            && matches!(name, field::PROVINCE | field::DISTRICT | field::COMMUNE)
        {
            self.only(kind == Kind::Submission, el)?;
            f.units_at.get_or_insert(el.offset());
            match name {
                field::PROVINCE => {
                    let v = self.code(el, 2)?;
                    set(&self.r, &mut f.province, v, el)
                }
                field::DISTRICT => {
                    let v = self.code(el, 3)?;
                    set(&self.r, &mut f.district, v, el)
                }
                _ => {
                    let v = self.code(el, 5)?;
                    set(&self.r, &mut f.commune, v, el)
                }
            }
        } else if self.version == Version::V2 && name == field::ADMIN_UNITS {
            self.only(kind == Kind::Submission, el)?;
            let v = self.admin_units(el)?;
            set(&self.r, &mut f.units, v, el)
        } else if name == field::APPLICANT {
            self.only(kind == Kind::Submission, el)?;
            let v = self.applicant(el)?;
            set(&self.r, &mut f.applicant, v, el)
        } else if name == field::PARCELS {
            self.only(kind == Kind::Submission, el)?;
            let v = self.parcels(el)?;
            set(&self.r, &mut f.parcels, v, el)
        } else if name == field::DOCUMENTS {
            self.only(
                matches!(kind, Kind::Submission | Kind::SupplementDelivered),
                el,
            )?;
            let v = self.documents(el)?;
            set(&self.r, &mut f.documents, v, el)
        } else if name == field::FEE {
            self.only(kind == Kind::Submission, el)?;
            let v = self.money(el)?;
            set(&self.r, &mut f.fee, v, el)
        } else if self.version == Version::V1 && name == field::RESULT_BY_POST_V1 {
            self.only(kind == Kind::Submission, el)?;
            let text = self.text(el)?;
            let v = match &*text {
                "true" | "1" => true,
                "false" | "0" => false,
                other => {
                    return Err(self.invalid(
                        el,
                        format!("element {name} {other:?} is not true, false, 1 or 0"),
                    ));
                }
            };
            set(&self.r, &mut f.result_by_post, v, el)
        } else if self.version == Version::V2 && name == field::RESULT_FORM_V2 {
            self.only(kind == Kind::Submission, el)?;
            let text = self.text(el)?;
            let v = match &*text {
                result_form::BY_POST => true,
                result_form::AT_DESK => false,
                other => {
                    return Err(self.invalid(
                        el,
                        format!(
                            "element {name} {other:?} is not {} or {}",
                            result_form::BY_POST,
                            result_form::AT_DESK
                        ),
                    ));
                }
            };
            set(&self.r, &mut f.result_by_post, v, el)
        } else if name == field::RECEIVED_AT {
            self.only(kind == Kind::Receipt, el)?;
            let v = self.date_time(el)?;
            set(&self.r, &mut f.received_at, v, el)
        } else if Some(name) == n.received_at {
            self.only(kind == Kind::Acceptance, el)?;
            let v = self.date_time(el)?;
            set(&self.r, &mut f.received_at, v, el)
        } else if name == field::REASON {
            self.only(
                matches!(
                    kind,
                    Kind::Withdrawal | Kind::SupplementRequest | Kind::Refusal
                ),
                el,
            )?;
            if kind == Kind::Refusal
                && let Some(code) = self.r.attribute(el, attr::REASON_CODE)?
            {
                let code = code.trim().to_owned();
                set(&self.r, &mut f.reason_code, code, el)?;
            }
            let v = self.string(el)?;
            set(&self.r, &mut f.reason, v, el)
        } else if Some(name) == n.legal_basis {
            self.only(kind == Kind::Refusal, el)?;
            let v = self.string(el)?;
            set(&self.r, &mut f.legal_basis, v, el)
        } else if name == field::MISSING_DOCUMENTS {
            self.only(kind == Kind::SupplementRequest, el)?;
            let v = self.missing(el)?;
            set(&self.r, &mut f.missing, v, el)
        } else if Some(name) == n.supplement_due {
            self.only(kind == Kind::SupplementRequest, el)?;
            let v = self.date(el)?;
            set(&self.r, &mut f.due, v, el)
        } else if name == n.appointment {
            self.only(kind == Kind::Acceptance, el)?;
            let v = self.date(el)?;
            set(&self.r, &mut f.appointment, v, el)
        } else if name == n.processing_status {
            self.only(kind == Kind::Processing, el)?;
            let text = self.text(el)?;
            let v = match &*text {
                status::STARTED => status::STARTED,
                status::EXTENDED => status::EXTENDED,
                status::STOPPED => status::STOPPED,
                other => {
                    return Err(self.invalid(
                        el,
                        format!("element {name} {other:?} is not a known processing status"),
                    ));
                }
            };
            set(&self.r, &mut f.status, (v, el.offset()), el)
        } else if name == field::NEW_APPOINTMENT {
            self.only(kind == Kind::Processing, el)?;
            let v = self.date(el)?;
            set(&self.r, &mut f.new_appointment, v, el)
        } else if name == field::NOTE {
            self.only(kind == Kind::Processing, el)?;
            let v = self.string(el)?;
            set(&self.r, &mut f.note, v, el)
        } else if Some(name) == n.notice_number {
            self.only(kind == Kind::FinancialObligation, el)?;
            let v = self.string(el)?;
            set(&self.r, &mut f.notice_number, v, el)
        } else if name == field::CHARGES {
            self.only(kind == Kind::FinancialObligation, el)?;
            let v = self.charges(el)?;
            set(&self.r, &mut f.charges, v, el)
        } else if name == field::TOTAL {
            self.only(kind == Kind::FinancialObligation, el)?;
            let v = self.money(el)?;
            set(&self.r, &mut f.total, (v, el.offset()), el)
        } else if name == field::PAYMENT_DUE {
            self.only(kind == Kind::FinancialObligation, el)?;
            let v = self.date(el)?;
            set(&self.r, &mut f.payment_due, v, el)
        } else if name == field::AMOUNT_PAID {
            self.only(kind == Kind::PaymentConfirmed, el)?;
            let v = self.money(el)?;
            set(&self.r, &mut f.amount_paid, v, el)
        } else if Some(name) == n.payment_receipt {
            self.only(kind == Kind::PaymentConfirmed, el)?;
            let v = self.string(el)?;
            set(&self.r, &mut f.payment_receipt, v, el)
        } else if name == field::CERTIFICATE {
            self.only(kind == Kind::ResultReady, el)?;
            let v = self.certificate(el)?;
            set(&self.r, &mut f.certificate, v, el)
        } else if name == n.tracking {
            self.only(kind == Kind::HandedToPost, el)?;
            let v = self.parse(el, false)?;
            set(&self.r, &mut f.tracking, v, el)
        } else if name == field::ITEM_COUNT {
            self.only(kind == Kind::HandedToPost, el)?;
            let v = self.whole(el)?;
            set(&self.r, &mut f.items, v, el)
        } else if name == field::HANDED_AT {
            self.only(kind == Kind::HandedToPost, el)?;
            let v = self.date_time(el)?;
            set(&self.r, &mut f.handed_at, v, el)
        } else if name == field::POSTAL_WORKER {
            self.only(kind == Kind::HandedToPost, el)?;
            let v = self.string(el)?;
            set(&self.r, &mut f.postal_worker, v, el)
        } else if Some(name) == n.seal {
            self.only(kind == Kind::HandedToPost, el)?;
            let v = self.string(el)?;
            set(&self.r, &mut f.seal, v, el)
        } else {
            Err(self.unknown(el))
        }
    }

    /// Assembles the message once every child is read; a missing field is an error at the root.
    fn build(
        &self,
        kind: Kind,
        root: &Element<'_>,
        head: Head,
        f: Fields,
    ) -> XmlResult<LandMessage> {
        let missing = |name: &str| {
            self.invalid(
                root,
                format!("message {} lacks element {name}", root.local_name()),
            )
        };
        let dossier = f.dossier.ok_or_else(|| missing(field::DOSSIER))?;
        if let Some(agency) = &f.agency
            && !kind.is_notice()
            && agency != self.agency
        {
            return Err(self.invalid(
                root,
                format!(
                    "message is addressed to agency {agency}, not {}",
                    self.agency
                ),
            ));
        }
        let Head {
            message_id,
            sent_at,
        } = head;
        let outbound = |o: OutboundMessage| Ok(LandMessage::Outbound(o));
        let notice = match kind {
            Kind::Submission => {
                let units = match (f.units, f.units_at) {
                    (Some(u), _) => Some(u),
                    (None, Some(at)) => Some(self.units(
                        at,
                        AdminGeneration::Pre2025,
                        f.province,
                        f.district,
                        f.commune,
                    )?),
                    (None, None) => None,
                };
                return Ok(LandMessage::Submission(LandSubmission {
                    submission: DossierSubmission {
                        message_id,
                        sent_at,
                        dossier,
                        procedure: f.procedure.ok_or_else(|| missing(field::PROCEDURE))?,
                        applicant: f.applicant.ok_or_else(|| missing(field::APPLICANT))?,
                        documents: f.documents.ok_or_else(|| missing(field::DOCUMENTS))?,
                        fee: f.fee.ok_or_else(|| missing(field::FEE))?,
                        result_by_post: f.result_by_post.ok_or_else(|| {
                            missing(match self.version {
                                Version::V1 => field::RESULT_BY_POST_V1,
                                _ => field::RESULT_FORM_V2,
                            })
                        })?,
                    },
                    land: LandDetails {
                        workflow: f.workflow,
                        units,
                        parcels: f.parcels.unwrap_or_default(),
                    },
                }));
            }
            Kind::SupplementDelivered => {
                return outbound(OutboundMessage::SupplementDelivered(SupplementDelivery {
                    message_id,
                    sent_at,
                    dossier,
                    reference: f.reference,
                    documents: f.documents.ok_or_else(|| missing(field::DOCUMENTS))?,
                }));
            }
            Kind::Withdrawal => {
                return outbound(OutboundMessage::Withdrawal(Withdrawal {
                    message_id,
                    sent_at,
                    dossier,
                    reference: f.reference,
                    reason: f.reason.ok_or_else(|| missing(field::REASON))?,
                }));
            }
            Kind::Receipt => {
                return Ok(LandMessage::Receipt(SubmissionReceipt {
                    agency: f.agency.unwrap_or_else(|| self.agency.clone()),
                    dossier,
                    reference: f.reference.ok_or_else(|| missing(field::REFERENCE))?,
                    idempotency_key: message_id,
                    received_at: f.received_at.ok_or_else(|| missing(field::RECEIVED_AT))?,
                }));
            }
            Kind::Acceptance => Notice::Accepted {
                appointment: f
                    .appointment
                    .ok_or_else(|| missing(self.names.appointment))?,
                received_at: f.received_at,
            },
            Kind::SupplementRequest => Notice::SupplementRequested {
                reason: f.reason.ok_or_else(|| missing(field::REASON))?,
                missing: f.missing.ok_or_else(|| missing(field::MISSING_DOCUMENTS))?,
                due: f.due,
            },
            Kind::Refusal => Notice::Refused {
                reason: f.reason.ok_or_else(|| missing(field::REASON))?,
                reason_code: f.reason_code,
                legal_basis: f.legal_basis,
            },
            Kind::Processing => {
                let (status, at) = f
                    .status
                    .ok_or_else(|| missing(self.names.processing_status))?;
                let update = match (status, f.new_appointment) {
                    (status::EXTENDED, Some(new_appointment)) => {
                        ProcessingUpdate::Extended { new_appointment }
                    }
                    (status::EXTENDED, None) => {
                        return Err(self.r.error_at_offset(
                            at,
                            AdapterErrorKind::InvalidPayload,
                            format!("status {status} needs {}", field::NEW_APPOINTMENT),
                        ));
                    }
                    (_, Some(_)) => {
                        return Err(self.r.error_at_offset(
                            at,
                            AdapterErrorKind::InvalidPayload,
                            format!(
                                "{} is given only with status {}",
                                field::NEW_APPOINTMENT,
                                status::EXTENDED
                            ),
                        ));
                    }
                    (status::STOPPED, None) => ProcessingUpdate::Stopped,
                    (_, None) => ProcessingUpdate::Started,
                };
                Notice::Processing {
                    update,
                    note: f.note,
                }
            }
            Kind::FinancialObligation => {
                let lines = f.charges.ok_or_else(|| missing(field::CHARGES))?;
                let (total, at) = f.total.ok_or_else(|| missing(field::TOTAL))?;
                let sum = Vnd::sum(lines.iter().map(|l| l.amount));
                if sum != Some(total) {
                    return Err(self.r.error_at_offset(
                        at,
                        AdapterErrorKind::InvalidPayload,
                        format!(
                            "{} {} is not the sum of the charges ({})",
                            field::TOTAL,
                            total.0,
                            sum.map_or_else(|| "overflow".to_owned(), |s| s.0.to_string())
                        ),
                    ));
                }
                Notice::FinancialObligation {
                    lines,
                    total,
                    due: f.payment_due,
                }
            }
            Kind::PaymentConfirmed => Notice::ObligationPaid {
                amount: f.amount_paid.ok_or_else(|| missing(field::AMOUNT_PAID))?,
                receipt: f.payment_receipt,
            },
            Kind::ResultReady => Notice::ResultReady {
                document: f.certificate.ok_or_else(|| missing(field::CERTIFICATE))?,
            },
            Kind::HandedToPost => Notice::ResultHandedToPost {
                tracking: f.tracking.ok_or_else(|| missing(self.names.tracking))?,
                items: f.items.ok_or_else(|| missing(field::ITEM_COUNT))?,
                handed_at: f.handed_at.ok_or_else(|| missing(field::HANDED_AT))?,
                postal_worker: f.postal_worker,
                seal: f.seal,
            },
        };
        Ok(LandMessage::Notice {
            message: AgencyMessage {
                message_id,
                agency: f.agency.unwrap_or_else(|| self.agency.clone()),
                dossier,
                reference: f.reference,
                sent_at,
                officer: f.officer,
                notice,
            },
            notice_number: f.notice_number,
        })
    }
}
