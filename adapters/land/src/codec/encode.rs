//! The encoder: [`LandMessage`] into the office's XML, in one version, in the order of its XSD.

use hoso_core::adapter::{
    AgencyMessage, AgencyRef, Notice, OutboundMessage, SubmissionReceipt, SubmittedDocument,
};
use hoso_core::{AdminGeneration, AgencyCode, DossierCode};
use jiff::Timestamp;

use hoso_xml::{EncodeError, XmlWriter};

use crate::wire::{
    AdminUnits, ENVELOPE, LandDetails, LandMessage, LandSubmission, Names, Version, attr, code_set,
    field, result_form, root,
};

pub(super) struct Encoder<'a> {
    w: XmlWriter,
    version: Version,
    names: &'static Names,
    agency: &'a AgencyCode,
}

/// A message written, or why it cannot be.
pub(super) type EncodeResult<T> = Result<T, EncodeError>;

/// The first field of `notice` that the version whose names are `names` cannot carry, if any: encoding it would
/// lose data.
fn cannot_carry(
    names: &Names,
    notice: &Notice,
    notice_number: Option<&str>,
) -> Option<&'static str> {
    if let Some(field) = names.notice.cannot_carry(notice) {
        return Some(field);
    }
    match notice {
        Notice::FinancialObligation { .. }
            if notice_number.is_some() && names.notice_number.is_none() =>
        {
            Some("the notice number")
        }
        Notice::ObligationPaid {
            receipt: Some(_), ..
        } if names.payment_receipt.is_none() => Some("the payment receipt number"),
        Notice::ResultReady { document }
            if document.serial.is_some() && names.certificate_serial.is_none() =>
        {
            Some("the certificate's registry number")
        }
        _ => None,
    }
}

impl<'a> Encoder<'a> {
    pub(super) fn new(version: Version, agency: &'a AgencyCode) -> Self {
        Self {
            w: XmlWriter::new(),
            version,
            names: version.names(),
            agency,
        }
    }

    pub(super) fn message(self, message: &LandMessage) -> EncodeResult<Vec<u8>> {
        match message {
            LandMessage::Submission(s) => self.submission(s),
            LandMessage::Outbound(o) => self.outbound(o),
            LandMessage::Notice {
                message,
                notice_number,
            } => self.notice(message, notice_number.as_deref()),
            LandMessage::Receipt(r) => self.receipt(r),
        }
    }

    fn open_root(&mut self, name: &str, message_id: &str, sent_at: Timestamp) {
        ENVELOPE.open_root(&mut self.w, self.version, name, message_id, sent_at);
    }

    fn head(
        &mut self,
        dossier: &DossierCode,
        agency: Option<&AgencyCode>,
        reference: Option<&AgencyRef>,
    ) -> EncodeResult<()> {
        ENVELOPE.write_head(
            &mut self.w,
            &self.names.head,
            self.agency,
            dossier,
            agency,
            reference,
        )
    }

    fn documents(&mut self, documents: &[SubmittedDocument]) {
        self.w.open(field::DOCUMENTS, &[]);
        for d in documents {
            self.w.open(field::DOCUMENT, &[]);
            self.w.leaf(field::TITLE, &[], &d.name);
            self.w.leaf(field::ORIGINALS, &[], &d.originals.to_string());
            self.w.leaf(field::COPIES, &[], &d.copies.to_string());
            if let Some(pages) = d.pages {
                self.w.leaf(field::PAGES, &[], &pages.to_string());
            }
            self.w.close(field::DOCUMENT);
        }
        self.w.close(field::DOCUMENTS);
    }

    fn units(&mut self, units: &AdminUnits) -> EncodeResult<()> {
        let code = |c: hoso_core::AdminUnitCode| {
            format!("{:0width$}", c.code(), width = c.level().code_width())
        };
        let generation = units.generation();
        let set = match generation {
            AdminGeneration::Pre2025 => code_set::PRE_2025,
            AdminGeneration::From2025 => code_set::FROM_2025,
            other => return Err(format!("administrative units of generation {other}").into()),
        };
        if self.version == Version::V1 {
            if generation != AdminGeneration::Pre2025 {
                return Err("version 1 carries pre-2025 administrative units only".into());
            }
        } else {
            self.w.open(field::ADMIN_UNITS, &[(attr::CODE_SET, set)]);
        }
        self.w.leaf(field::PROVINCE, &[], &code(units.province));
        if let Some(district) = units.district {
            self.w.leaf(field::DISTRICT, &[], &code(district));
        }
        self.w.leaf(field::COMMUNE, &[], &code(units.commune));
        if self.version != Version::V1 {
            self.w.close(field::ADMIN_UNITS);
        }
        Ok(())
    }

    pub(super) fn submission(mut self, s: &LandSubmission) -> EncodeResult<Vec<u8>> {
        let (m, land) = (&s.submission, &s.land);
        self.open_root(root::SUBMISSION, &m.message_id, m.sent_at);
        self.w.leaf(field::DOSSIER, &[], m.dossier.as_str());
        if let Some(name) = self.names.head.agency {
            self.w.leaf(name, &[], self.agency.as_str());
        }
        self.w.leaf(field::PROCEDURE, &[], m.procedure.as_ref());
        if let Some(workflow) = &land.workflow {
            self.w.leaf(self.names.workflow, &[], workflow);
        }
        if let Some(units) = &land.units {
            self.units(units)?;
        }
        self.w.open(field::APPLICANT, &[]);
        self.names.applicant.write(&mut self.w, &m.applicant)?;
        self.w.close(field::APPLICANT);
        if !land.parcels.is_empty() {
            self.w.open(field::PARCELS, &[]);
            for p in &land.parcels {
                self.w.open(field::PARCEL, &[]);
                self.w.leaf(field::PARCEL_NUMBER, &[], &p.number);
                self.w.leaf(field::MAP_SHEET, &[], &p.map_sheet);
                self.w.leaf(field::AREA, &[], &p.area.to_string());
                self.w.leaf(self.names.land_use, &[], p.land_use.as_str());
                if let Some(address) = &p.address {
                    self.w.leaf(self.names.parcel_address, &[], address);
                }
                self.w.close(field::PARCEL);
            }
            self.w.close(field::PARCELS);
        }
        self.documents(&m.documents);
        self.w.leaf(field::FEE, &[], &m.fee.0.to_string());
        match self.version {
            Version::V1 => self.w.leaf(
                field::RESULT_BY_POST_V1,
                &[],
                if m.result_by_post { "true" } else { "false" },
            ),
            _ => self.w.leaf(
                field::RESULT_FORM_V2,
                &[],
                if m.result_by_post {
                    result_form::BY_POST
                } else {
                    result_form::AT_DESK
                },
            ),
        }
        self.w.close(root::SUBMISSION);
        Ok(self.w.finish()?)
    }

    pub(super) fn outbound(self, message: &OutboundMessage) -> EncodeResult<Vec<u8>> {
        let mut e = self;
        match message {
            OutboundMessage::Submission(s) => e.submission(&LandSubmission {
                submission: s.clone(),
                land: LandDetails::default(),
            }),
            OutboundMessage::SupplementDelivered(m) => {
                e.open_root(root::SUPPLEMENT_DELIVERED, &m.message_id, m.sent_at);
                let agency = e.agency;
                e.head(&m.dossier, Some(agency), m.reference.as_ref())?;
                e.documents(&m.documents);
                e.w.close(root::SUPPLEMENT_DELIVERED);
                Ok(e.w.finish()?)
            }
            OutboundMessage::Withdrawal(m) => {
                e.open_root(root::WITHDRAWAL, &m.message_id, m.sent_at);
                let agency = e.agency;
                e.head(&m.dossier, Some(agency), m.reference.as_ref())?;
                e.w.leaf(field::REASON, &[], &m.reason);
                e.w.close(root::WITHDRAWAL);
                Ok(e.w.finish()?)
            }
            other => Err(format!("the land registry takes no {:?} message", other.kind()).into()),
        }
    }

    pub(super) fn receipt(mut self, r: &SubmissionReceipt) -> EncodeResult<Vec<u8>> {
        self.open_root(root::RECEIPT, &r.idempotency_key, r.received_at);
        self.head(&r.dossier, Some(&r.agency), Some(&r.reference))?;
        self.w.leaf(
            field::RECEIVED_AT,
            &[],
            &ENVELOPE.date_time_text(r.received_at),
        );
        self.w.close(root::RECEIPT);
        Ok(self.w.finish()?)
    }

    pub(super) fn notice(
        mut self,
        m: &AgencyMessage,
        notice_number: Option<&str>,
    ) -> EncodeResult<Vec<u8>> {
        if let Some(what) = cannot_carry(self.names, &m.notice, notice_number) {
            return Err(format!("version {} cannot carry {what}", self.version.number()).into());
        }
        let root_name = match &m.notice {
            Notice::Accepted { .. } => root::ACCEPTANCE,
            Notice::SupplementRequested { .. } => root::SUPPLEMENT_REQUEST,
            Notice::Refused { .. } => root::REFUSAL,
            Notice::Processing { .. } => root::PROCESSING,
            Notice::FinancialObligation { .. } => root::FINANCIAL_OBLIGATION,
            Notice::ObligationPaid { .. } => root::PAYMENT_CONFIRMED,
            Notice::ResultReady { .. } => root::RESULT_READY,
            Notice::ResultHandedToPost { .. } => root::HANDED_TO_POST,
            other => {
                return Err(format!("notice {:?} has no form in this format", other.kind()).into());
            }
        };
        let n = self.names;
        self.open_root(root_name, &m.message_id, m.sent_at);
        self.head(&m.dossier, Some(&m.agency), m.reference.as_ref())?;
        match &m.notice {
            notice @ (Notice::Accepted { .. }
            | Notice::SupplementRequested { .. }
            | Notice::Refused { .. }
            | Notice::Processing { .. }
            | Notice::ResultHandedToPost { .. }) => {
                ENVELOPE.write_common_notice(&mut self.w, &n.notice, notice)?;
            }
            Notice::FinancialObligation { lines, total, due } => {
                if lines.is_empty() {
                    return Err("a financial obligation notice lists at least one charge".into());
                }
                if hoso_core::Vnd::sum(lines.iter().map(|l| l.amount)) != Some(*total) {
                    return Err("the total is not the sum of the charges".into());
                }
                if let (Some(name), Some(number)) = (n.notice_number, notice_number) {
                    self.w.leaf(name, &[], number);
                }
                self.w.open(field::CHARGES, &[]);
                for line in lines {
                    self.w.open(field::CHARGE, &[]);
                    if let Some(code) = &line.code {
                        self.w.leaf(field::CHARGE_CODE, &[], code);
                    }
                    self.w.leaf(field::CHARGE_NAME, &[], &line.name);
                    self.w.leaf(field::AMOUNT, &[], &line.amount.0.to_string());
                    self.w.close(field::CHARGE);
                }
                self.w.close(field::CHARGES);
                self.w.leaf(field::TOTAL, &[], &total.0.to_string());
                if let Some(due) = due {
                    self.w
                        .leaf(field::PAYMENT_DUE, &[], &ENVELOPE.date_text(*due));
                }
            }
            Notice::ObligationPaid { amount, receipt } => {
                self.w.leaf(field::AMOUNT_PAID, &[], &amount.0.to_string());
                if let (Some(name), Some(receipt)) = (n.payment_receipt, receipt) {
                    self.w.leaf(name, &[], receipt);
                }
            }
            Notice::ResultReady { document: d } => {
                if !d.categories.is_empty() || d.valid_until.is_some() {
                    return Err("a land certificate has no categories and no expiry date".into());
                }
                self.w.open(field::CERTIFICATE, &[]);
                self.w.leaf(field::TITLE, &[], &d.title);
                self.w.leaf(field::CERTIFICATE_NUMBER, &[], &d.number);
                if let (Some(name), Some(serial)) = (n.certificate_serial, &d.serial) {
                    self.w.leaf(name, &[], serial);
                }
                self.w
                    .leaf(field::ISSUED_ON, &[], &ENVELOPE.date_text(d.issued_on));
                self.w.close(field::CERTIFICATE);
            }
            _ => {}
        }
        ENVELOPE.end_notice(self.w, n.officer, m.officer.as_deref(), root_name)
    }
}
