//! The encoder: the port's messages into the authority's XML, in one version.

use hoso_core::adapter::{
    AgencyMessage, AgencyRef, Notice, OutboundMessage, SubmissionReceipt, SubmittedDocument,
};
use hoso_core::{AgencyCode, DossierCode};
use hoso_xml::{EncodeError, XmlWriter};
use jiff::Timestamp;

use crate::wire::{
    ENVELOPE, Names, V1_LICENCE_TITLE, Version, field, inner_attr, result_form, root,
};

/// The first field of `notice` that `version` (whose names are `names`) cannot carry, if any: encoding it would
/// lose data.
fn cannot_carry(version: Version, names: &Names, notice: &Notice) -> Option<&'static str> {
    if let Some(field) = names.notice.cannot_carry(notice) {
        return Some(field);
    }
    let Notice::ResultReady { document } = notice else {
        return None;
    };
    if version != Version::V1 {
        None
    } else if document.serial.is_some() {
        Some("the serial number")
    } else if document.title != V1_LICENCE_TITLE {
        Some("a document title other than the licence's")
    } else if document
        .categories
        .iter()
        .any(|c| c.contains(char::is_whitespace))
    {
        Some("a licence class containing spaces")
    } else {
        None
    }
}

pub(super) struct Encoder<'a> {
    w: XmlWriter,
    version: Version,
    names: &'static Names,
    agency: &'a AgencyCode,
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

    fn open_root(&mut self, name: &str, message_id: &str, sent_at: Timestamp) {
        ENVELOPE.open_root(&mut self.w, self.version, name, message_id, sent_at);
    }

    fn head(
        &mut self,
        dossier: &DossierCode,
        agency: Option<&AgencyCode>,
        reference: Option<&AgencyRef>,
    ) -> Result<(), EncodeError> {
        ENVELOPE.write_head(
            &mut self.w,
            &self.names.head,
            self.agency,
            dossier,
            agency,
            reference,
        )
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

    pub(super) fn outbound(mut self, message: &OutboundMessage) -> Result<Vec<u8>, EncodeError> {
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
                self.head(&s.dossier, None, None)?;
                self.w.leaf(field::PROCEDURE, &[], s.procedure.as_ref());
                self.w.open(field::APPLICANT, &[]);
                self.names.applicant.write(&mut self.w, &s.applicant)?;
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
                self.head(&s.dossier, None, s.reference.as_ref())?;
                self.documents(field::DOCUMENTS, &s.documents);
                self.w.close(root::SUPPLEMENT_DELIVERED);
            }
            OutboundMessage::Withdrawal(s) => {
                self.open_root(root::WITHDRAWAL, &s.message_id, s.sent_at);
                self.head(&s.dossier, None, s.reference.as_ref())?;
                self.w.leaf(field::REASON, &[], &s.reason);
                self.w.close(root::WITHDRAWAL);
            }
            other => {
                return Err(
                    format!("message {:?} has no form in this format", other.kind()).into(),
                );
            }
        }
        Ok(self.w.finish()?)
    }

    pub(super) fn receipt(mut self, r: &SubmissionReceipt) -> Result<Vec<u8>, EncodeError> {
        self.open_root(root::RECEIPT, &r.idempotency_key, r.received_at);
        self.head(&r.dossier, Some(&r.agency), Some(&r.reference))?;
        self.w.close(root::RECEIPT);
        Ok(self.w.finish()?)
    }

    pub(super) fn notice(mut self, m: &AgencyMessage) -> Result<Vec<u8>, EncodeError> {
        if let Some(field) = cannot_carry(self.version, self.names, &m.notice) {
            return Err(format!(
                "version {} has no field for {field}; encode in version 2",
                self.version.number()
            )
            .into());
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
                return Err(format!("notice {:?} has no form in this format", other.kind()).into());
            }
        };
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
            Notice::ResultReady { document: d } => match self.version {
                Version::V1 => {
                    let classes = d.categories.join(" ");
                    let issued = ENVELOPE.date_text(d.issued_on);
                    let until = d.valid_until.map(|d| ENVELOPE.date_text(d));
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
                    self.w
                        .leaf(field::ISSUED_ON, &[], &ENVELOPE.date_text(d.issued_on));
                    if let Some(until) = d.valid_until {
                        self.w
                            .leaf(field::VALID_UNTIL, &[], &ENVELOPE.date_text(until));
                    }
                    self.w.close(field::RESULT_V2);
                }
            },
            _ => {}
        }
        ENVELOPE.end_notice(self.w, n.officer, m.officer.as_deref(), root_name)
    }
}
