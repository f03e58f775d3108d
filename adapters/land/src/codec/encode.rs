//! The encoder: [`LandMessage`] into the office's XML, in one version, in the order of its XSD.

use hoso_core::adapter::{
    AgencyMessage, Notice, OutboundMessage, SubmissionReceipt, SubmittedDocument,
};
use hoso_core::{AdminGeneration, AgencyCode};

use hoso_xml::{EncodeError, MessageEncoder};

use crate::wire::{
    AdminUnits, ENVELOPE, LandDetails, LandMessage, LandSubmission, NOTICES, Names, Version, attr,
    code_set, field, root,
};

pub(super) struct Encoder<'a> {
    m: MessageEncoder<'a, Version>,
    names: &'static Names,
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
        let names = version.names();
        let m = MessageEncoder::new(&ENVELOPE, version, &names.head, agency);
        Self { m, names }
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

    fn documents(&mut self, documents: &[SubmittedDocument]) {
        self.m.w.open(field::DOCUMENTS, &[]);
        for d in documents {
            self.m.w.open(field::DOCUMENT, &[]);
            self.m.w.leaf(field::TITLE, &[], &d.name);
            self.m
                .w
                .leaf(field::ORIGINALS, &[], &d.originals.to_string());
            self.m.w.leaf(field::COPIES, &[], &d.copies.to_string());
            if let Some(pages) = d.pages {
                self.m.w.leaf(field::PAGES, &[], &pages.to_string());
            }
            self.m.w.close(field::DOCUMENT);
        }
        self.m.w.close(field::DOCUMENTS);
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
        if self.m.version() == Version::V1 {
            if generation != AdminGeneration::Pre2025 {
                return Err("version 1 carries pre-2025 administrative units only".into());
            }
        } else {
            self.m.w.open(field::ADMIN_UNITS, &[(attr::CODE_SET, set)]);
        }
        self.m.w.leaf(field::PROVINCE, &[], &code(units.province));
        if let Some(district) = units.district {
            self.m.w.leaf(field::DISTRICT, &[], &code(district));
        }
        self.m.w.leaf(field::COMMUNE, &[], &code(units.commune));
        if self.m.version() != Version::V1 {
            self.m.w.close(field::ADMIN_UNITS);
        }
        Ok(())
    }

    pub(super) fn submission(mut self, s: &LandSubmission) -> EncodeResult<Vec<u8>> {
        let (m, land) = (&s.submission, &s.land);
        self.m.open_root(root::SUBMISSION, &m.message_id, m.sent_at);
        self.m.w.leaf(field::DOSSIER, &[], m.dossier.as_str());
        if let Some(name) = self.names.head.agency {
            self.m.w.leaf(name, &[], self.m.agency().as_str());
        }
        self.m.w.leaf(field::PROCEDURE, &[], m.procedure.as_ref());
        if let Some(workflow) = &land.workflow {
            self.m.w.leaf(self.names.workflow, &[], workflow);
        }
        if let Some(units) = &land.units {
            self.units(units)?;
        }
        self.m.w.open(field::APPLICANT, &[]);
        self.names.applicant.write(&mut self.m.w, &m.applicant)?;
        self.m.w.close(field::APPLICANT);
        if !land.parcels.is_empty() {
            self.m.w.open(field::PARCELS, &[]);
            for p in &land.parcels {
                self.m.w.open(field::PARCEL, &[]);
                self.m.w.leaf(field::PARCEL_NUMBER, &[], &p.number);
                self.m.w.leaf(field::MAP_SHEET, &[], &p.map_sheet);
                self.m.w.leaf(field::AREA, &[], &p.area.to_string());
                self.m.w.leaf(self.names.land_use, &[], p.land_use.as_str());
                if let Some(address) = &p.address {
                    self.m.w.leaf(self.names.parcel_address, &[], address);
                }
                self.m.w.close(field::PARCEL);
            }
            self.m.w.close(field::PARCELS);
        }
        self.documents(&m.documents);
        self.m.w.leaf(field::FEE, &[], &m.fee.0.to_string());
        self.names
            .result_form
            .write(&mut self.m.w, m.result_by_post);
        self.m.w.close(root::SUBMISSION);
        self.m.finish()
    }

    pub(super) fn outbound(self, message: &OutboundMessage) -> EncodeResult<Vec<u8>> {
        let mut e = self;
        match message {
            OutboundMessage::Submission(s) => e.submission(&LandSubmission {
                submission: s.clone(),
                land: LandDetails::default(),
            }),
            OutboundMessage::SupplementDelivered(m) => {
                e.m.open_root(root::SUPPLEMENT_DELIVERED, &m.message_id, m.sent_at);
                let agency = e.m.agency();
                e.m.head(&m.dossier, Some(agency), m.reference.as_ref())?;
                e.documents(&m.documents);
                e.m.w.close(root::SUPPLEMENT_DELIVERED);
                e.m.finish()
            }
            OutboundMessage::Withdrawal(m) => {
                e.m.open_root(root::WITHDRAWAL, &m.message_id, m.sent_at);
                let agency = e.m.agency();
                e.m.head(&m.dossier, Some(agency), m.reference.as_ref())?;
                e.m.w.leaf(field::REASON, &[], &m.reason);
                e.m.w.close(root::WITHDRAWAL);
                e.m.finish()
            }
            other => Err(format!("the land registry takes no {:?} message", other.kind()).into()),
        }
    }

    pub(super) fn receipt(mut self, r: &SubmissionReceipt) -> EncodeResult<Vec<u8>> {
        self.m
            .open_root(root::RECEIPT, &r.idempotency_key, r.received_at);
        self.m
            .head(&r.dossier, Some(&r.agency), Some(&r.reference))?;
        self.m.w.leaf(
            field::RECEIVED_AT,
            &[],
            &ENVELOPE.date_time_text(r.received_at),
        );
        self.m.w.close(root::RECEIPT);
        self.m.finish()
    }

    pub(super) fn notice(
        mut self,
        m: &AgencyMessage,
        notice_number: Option<&str>,
    ) -> EncodeResult<Vec<u8>> {
        if let Some(what) = cannot_carry(self.names, &m.notice, notice_number) {
            return Err(
                format!("version {} cannot carry {what}", self.m.version().number()).into(),
            );
        }
        let n = self.names;
        let (root_name, written) = self.m.open_notice(NOTICES, &n.notice, m)?;
        match &m.notice {
            _ if written => {}
            Notice::FinancialObligation { lines, total, due } => {
                if lines.is_empty() {
                    return Err("a financial obligation notice lists at least one charge".into());
                }
                if hoso_core::Vnd::sum(lines.iter().map(|l| l.amount)) != Some(*total) {
                    return Err("the total is not the sum of the charges".into());
                }
                if let (Some(name), Some(number)) = (n.notice_number, notice_number) {
                    self.m.w.leaf(name, &[], number);
                }
                self.m.w.open(field::CHARGES, &[]);
                for line in lines {
                    self.m.w.open(field::CHARGE, &[]);
                    if let Some(code) = &line.code {
                        self.m.w.leaf(field::CHARGE_CODE, &[], code);
                    }
                    self.m.w.leaf(field::CHARGE_NAME, &[], &line.name);
                    self.m
                        .w
                        .leaf(field::AMOUNT, &[], &line.amount.0.to_string());
                    self.m.w.close(field::CHARGE);
                }
                self.m.w.close(field::CHARGES);
                self.m.w.leaf(field::TOTAL, &[], &total.0.to_string());
                if let Some(due) = due {
                    self.m
                        .w
                        .leaf(field::PAYMENT_DUE, &[], &ENVELOPE.date_text(*due));
                }
            }
            Notice::ObligationPaid { amount, receipt } => {
                self.m
                    .w
                    .leaf(field::AMOUNT_PAID, &[], &amount.0.to_string());
                if let (Some(name), Some(receipt)) = (n.payment_receipt, receipt) {
                    self.m.w.leaf(name, &[], receipt);
                }
            }
            Notice::ResultReady { document: d } => {
                if !d.categories.is_empty() || d.valid_until.is_some() {
                    return Err("a land certificate has no categories and no expiry date".into());
                }
                self.m.w.open(field::CERTIFICATE, &[]);
                self.m.w.leaf(field::TITLE, &[], &d.title);
                self.m.w.leaf(field::CERTIFICATE_NUMBER, &[], &d.number);
                if let (Some(name), Some(serial)) = (n.certificate_serial, &d.serial) {
                    self.m.w.leaf(name, &[], serial);
                }
                self.m
                    .w
                    .leaf(field::ISSUED_ON, &[], &ENVELOPE.date_text(d.issued_on));
                self.m.w.close(field::CERTIFICATE);
            }
            _ => {}
        }
        self.m
            .end_notice(n.officer, m.officer.as_deref(), root_name)
    }
}
