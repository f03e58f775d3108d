//! The pull decoder: the office's XML, either version, into [`LandMessage`]. The envelope and the way fields
//! are read are `hoso-xml`'s; here are the office's names and the mapping.

use hoso_core::adapter::{
    AgencyRef, IssuedDocument, ObligationLine, SubmissionApplicant, SubmittedDocument,
};
use hoso_core::{AgencyCode, DossierCode, Vnd};
use hoso_xml::{Element, HandoverFields, Limits, MessageReader, NoticeFields, XmlResult};
use jiff::civil::Date;

use crate::wire::{AdminUnits, ENVELOPE, LandMessage, Names, Parcel, Version, attr, field, root};

mod assemble;
mod parts;

/// The reader of the office's messages.
type Reader<'a> = MessageReader<'a, Version>;

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

/// Decodes one message of either direction, in any supported version, with everything it carries.
pub(super) fn decode(bytes: &[u8], limits: Limits, agency: &AgencyCode) -> XmlResult<LandMessage> {
    let (m, root, head) = ENVELOPE.open(bytes, limits, agency)?;
    let kind = Kind::of(root.local_name()).ok_or_else(|| m.unknown_message(&root))?;
    let mut d = Decoder {
        names: m.version().names(),
        m,
        agency,
    };
    let mut f = Fields::default();
    while let Some(el) = d.m.next_child()? {
        d.field(kind, &el, &mut f)?;
    }
    let message = d.build(kind, &root, head, f)?;
    d.m.finish()?;
    Ok(message)
}

struct Decoder<'a> {
    m: Reader<'a>,
    names: &'static Names,
    /// The office the codec speaks for: the agency of messages that do not name one (v1).
    agency: &'a AgencyCode,
}

/// Every field a message may carry, as read.
#[derive(Default)]
struct Fields {
    /// What an acceptance, a supplement request or a refusal carries (a receipt's time and a withdrawal's
    /// reason too).
    notice: NoticeFields,
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
    notice_number: Option<String>,
    charges: Option<Vec<ObligationLine>>,
    total: Option<(Vnd, usize)>,
    payment_due: Option<Date>,
    amount_paid: Option<Vnd>,
    payment_receipt: Option<String>,
    certificate: Option<IssuedDocument>,
    handover: HandoverFields,
}

impl<'a> Decoder<'a> {
    /// A code of exactly `width` digits.
    fn code(&mut self, el: &Element<'a>, width: usize) -> XmlResult<u32> {
        let text = self.m.text(el)?;
        if text.len() == width
            && text.bytes().all(|b| b.is_ascii_digit())
            && let Ok(v) = text.parse::<u32>()
        {
            return Ok(v);
        }
        Err(self.m.invalid(
            el,
            format!(
                "element {} {text:?} is not a code of {width} digits",
                el.local_name()
            ),
        ))
    }

    fn money(&mut self, el: &Element<'a>) -> XmlResult<Vnd> {
        self.m.whole::<u64>(el).map(Vnd)
    }

    /// Reads one child of the root into `f`.
    fn field(&mut self, kind: Kind, el: &Element<'a>, f: &mut Fields) -> XmlResult<()> {
        let n = self.names;
        let name = el.local_name();
        let notice = kind.is_notice();
        if name == field::DOSSIER {
            let v = self.m.parse(el)?;
            self.m.set(&mut f.dossier, v, el)
        } else if Some(name) == n.head.agency {
            let v = self.m.parse(el)?;
            self.m.set(&mut f.agency, v, el)
        } else if name == field::REFERENCE {
            self.m.only(kind != Kind::Submission, el)?;
            let v = AgencyRef(self.m.string(el)?);
            self.m.set(&mut f.reference, v, el)
        } else if name == n.officer {
            self.m.only(notice, el)?;
            let v = self.m.string(el)?;
            self.m.set(&mut f.officer, v, el)
        } else if name == field::PROCEDURE {
            self.m.only(kind == Kind::Submission, el)?;
            let v = self.m.parse(el)?;
            self.m.set(&mut f.procedure, v, el)
        } else if name == n.workflow {
            self.m.only(kind == Kind::Submission, el)?;
            let v = self.m.string(el)?;
            self.m.set(&mut f.workflow, v, el)
        } else if self.m.version() == Version::V1
            && matches!(name, field::PROVINCE | field::DISTRICT | field::COMMUNE)
        {
            self.m.only(kind == Kind::Submission, el)?;
            f.units_at.get_or_insert(el.offset());
            match name {
                field::PROVINCE => {
                    let v = self.code(el, 2)?;
                    self.m.set(&mut f.province, v, el)
                }
                field::DISTRICT => {
                    let v = self.code(el, 3)?;
                    self.m.set(&mut f.district, v, el)
                }
                _ => {
                    let v = self.code(el, 5)?;
                    self.m.set(&mut f.commune, v, el)
                }
            }
        } else if self.m.version() == Version::V2 && name == field::ADMIN_UNITS {
            self.m.only(kind == Kind::Submission, el)?;
            let v = self.admin_units(el)?;
            self.m.set(&mut f.units, v, el)
        } else if name == field::APPLICANT {
            self.m.only(kind == Kind::Submission, el)?;
            let v = self.m.applicant(el, &self.names.applicant)?;
            self.m.set(&mut f.applicant, v, el)
        } else if name == field::PARCELS {
            self.m.only(kind == Kind::Submission, el)?;
            let v = self.parcels(el)?;
            self.m.set(&mut f.parcels, v, el)
        } else if name == field::DOCUMENTS {
            self.m.only(
                matches!(kind, Kind::Submission | Kind::SupplementDelivered),
                el,
            )?;
            let v = self.documents(el)?;
            self.m.set(&mut f.documents, v, el)
        } else if name == field::FEE {
            self.m.only(kind == Kind::Submission, el)?;
            let v = self.money(el)?;
            self.m.set(&mut f.fee, v, el)
        } else if name == n.result_form.name {
            self.m.only(kind == Kind::Submission, el)?;
            let v = self.m.choice(el, n.result_form.values)?;
            self.m.set(&mut f.result_by_post, v, el)
        } else if name == field::RECEIVED_AT {
            self.m.only(kind == Kind::Receipt, el)?;
            let v = self.m.date_time(el)?;
            self.m.set(&mut f.notice.received_at, v, el)
        } else if Some(name) == n.notice.received_at {
            self.m.only(kind == Kind::Acceptance, el)?;
            let v = self.m.date_time(el)?;
            self.m.set(&mut f.notice.received_at, v, el)
        } else if name == field::REASON {
            self.m.only(
                matches!(
                    kind,
                    Kind::Withdrawal | Kind::SupplementRequest | Kind::Refusal
                ),
                el,
            )?;
            if kind == Kind::Refusal
                && let Some(code) = self.m.attribute(el, attr::REASON_CODE)?
            {
                let code = code.trim().to_owned();
                self.m.set(&mut f.notice.reason_code, code, el)?;
            }
            let v = self.m.string(el)?;
            self.m.set(&mut f.notice.reason, v, el)
        } else if Some(name) == n.notice.legal_basis {
            self.m.only(kind == Kind::Refusal, el)?;
            let v = self.m.string(el)?;
            self.m.set(&mut f.notice.legal_basis, v, el)
        } else if name == field::MISSING_DOCUMENTS {
            self.m.only(kind == Kind::SupplementRequest, el)?;
            let v = self.missing(el)?;
            self.m.set(&mut f.notice.missing, v, el)
        } else if Some(name) == n.notice.supplement_due {
            self.m.only(kind == Kind::SupplementRequest, el)?;
            let v = self.m.date(el)?;
            self.m.set(&mut f.notice.due, v, el)
        } else if name == n.notice.appointment {
            self.m.only(kind == Kind::Acceptance, el)?;
            let v = self.m.date(el)?;
            self.m.set(&mut f.notice.appointment, v, el)
        } else if n.notice.processing.has(name) {
            self.m.only(kind == Kind::Processing, el)?;
            self.m
                .processing_field(el, &n.notice.processing, &mut f.notice)
        } else if Some(name) == n.notice_number {
            self.m.only(kind == Kind::FinancialObligation, el)?;
            let v = self.m.string(el)?;
            self.m.set(&mut f.notice_number, v, el)
        } else if name == field::CHARGES {
            self.m.only(kind == Kind::FinancialObligation, el)?;
            let v = self.charges(el)?;
            self.m.set(&mut f.charges, v, el)
        } else if name == field::TOTAL {
            self.m.only(kind == Kind::FinancialObligation, el)?;
            let v = self.money(el)?;
            self.m.set(&mut f.total, (v, el.offset()), el)
        } else if name == field::PAYMENT_DUE {
            self.m.only(kind == Kind::FinancialObligation, el)?;
            let v = self.m.date(el)?;
            self.m.set(&mut f.payment_due, v, el)
        } else if name == field::AMOUNT_PAID {
            self.m.only(kind == Kind::PaymentConfirmed, el)?;
            let v = self.money(el)?;
            self.m.set(&mut f.amount_paid, v, el)
        } else if Some(name) == n.payment_receipt {
            self.m.only(kind == Kind::PaymentConfirmed, el)?;
            let v = self.m.string(el)?;
            self.m.set(&mut f.payment_receipt, v, el)
        } else if name == field::CERTIFICATE {
            self.m.only(kind == Kind::ResultReady, el)?;
            let v = self.certificate(el)?;
            self.m.set(&mut f.certificate, v, el)
        } else if n.notice.handover.has(name) {
            self.m.only(kind == Kind::HandedToPost, el)?;
            self.m
                .handover_field(el, &n.notice.handover, &mut f.handover)
        } else {
            Err(self.m.unknown(el))
        }
    }
}
