//! The encoder: the port's messages into the authority's XML, in one version.

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AgencyMessage, Notice, OutboundMessage, SubmissionReceipt, SubmittedDocument,
};
use hoso_xml::{EncodeError, MessageEncoder};

use crate::wire::{ENVELOPE, NOTICES, Names, V1_LICENCE_TITLE, Version, field, inner_attr, root};

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
        .any(|c| c.is_empty() || c.contains(char::is_whitespace))
    {
        // v1 writes the classes as one space-separated attribute: an empty class, or one with a space,
        // would read back as no class or as two.
        Some("a licence class that is empty or contains spaces")
    } else {
        None
    }
}

pub(super) struct Encoder<'a> {
    m: MessageEncoder<'a, Version>,
    names: &'static Names,
}

impl<'a> Encoder<'a> {
    pub(super) fn new(version: Version, agency: &'a AgencyCode) -> Self {
        let names = version.names();
        let m = MessageEncoder::new(&ENVELOPE, version, &names.head, agency);
        Self { m, names }
    }

    fn documents(&mut self, list: &str, documents: &[SubmittedDocument]) {
        if documents.is_empty() {
            self.m.w.empty(list, &[]);
            return;
        }
        self.m.w.open(list, &[]);
        for d in documents {
            let (originals, copies) = (d.originals.to_string(), d.copies.to_string());
            let pages = d.pages.map(|p| p.to_string());
            let mut attrs = vec![
                (inner_attr::ORIGINALS, originals.as_str()),
                (inner_attr::COPIES, copies.as_str()),
            ];
            if let (Version::V2, Some(pages)) = (self.m.version(), &pages) {
                attrs.push((inner_attr::PAGES, pages.as_str()));
            }
            self.m.w.leaf(field::DOCUMENT, &attrs, &d.name);
        }
        self.m.w.close(list);
    }

    pub(super) fn outbound(mut self, message: &OutboundMessage) -> Result<Vec<u8>, EncodeError> {
        // Version 1 has no page counts; they stay in the dossier's own record and are not sent (README).
        if let (Version::V1, OutboundMessage::Submission(s)) = (self.m.version(), message)
            && s.applicant.email.is_some()
        {
            return Err(
                "version 1 has no field for the applicant's e-mail; encode in version 2".into(),
            );
        }
        match message {
            OutboundMessage::Submission(s) => {
                self.m.open_root(root::SUBMISSION, &s.message_id, s.sent_at);
                self.m.head(&s.dossier, None, None)?;
                self.m.w.leaf(field::PROCEDURE, &[], s.procedure.as_ref());
                self.m.w.open(field::APPLICANT, &[]);
                self.names.applicant.write(&mut self.m.w, &s.applicant)?;
                self.m.w.close(field::APPLICANT);
                self.documents(field::DOCUMENTS, &s.documents);
                self.m.w.leaf(field::FEE, &[], &s.fee.0.to_string());
                self.names
                    .result_form
                    .write(&mut self.m.w, s.result_by_post);
                self.m.w.close(root::SUBMISSION);
            }
            OutboundMessage::SupplementDelivered(s) => {
                self.m
                    .open_root(root::SUPPLEMENT_DELIVERED, &s.message_id, s.sent_at);
                self.m.head(&s.dossier, None, s.reference.as_ref())?;
                self.documents(field::DOCUMENTS, &s.documents);
                self.m.w.close(root::SUPPLEMENT_DELIVERED);
            }
            OutboundMessage::Withdrawal(s) => {
                self.m.open_root(root::WITHDRAWAL, &s.message_id, s.sent_at);
                self.m.head(&s.dossier, None, s.reference.as_ref())?;
                self.m.w.leaf(field::REASON, &[], &s.reason);
                self.m.w.close(root::WITHDRAWAL);
            }
            other => {
                return Err(
                    format!("message {:?} has no form in this format", other.kind()).into(),
                );
            }
        }
        self.m.finish()
    }

    pub(super) fn receipt(mut self, r: &SubmissionReceipt) -> Result<Vec<u8>, EncodeError> {
        self.m
            .open_root(root::RECEIPT, &r.idempotency_key, r.received_at);
        self.m
            .head(&r.dossier, Some(&r.agency), Some(&r.reference))?;
        self.m.w.close(root::RECEIPT);
        self.m.finish()
    }

    pub(super) fn notice(mut self, m: &AgencyMessage) -> Result<Vec<u8>, EncodeError> {
        if let Some(field) = cannot_carry(self.m.version(), self.names, &m.notice) {
            return Err(format!(
                "version {} has no field for {field}; encode in version 2",
                self.m.version().number()
            )
            .into());
        }
        let n = self.names;
        let (root_name, written) = self.m.open_notice(NOTICES, &n.notice, m)?;
        match &m.notice {
            _ if written => {}
            Notice::ResultReady { document: d } => match self.m.version() {
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
                    self.m.w.empty(field::LICENCE_V1, &attrs);
                }
                Version::V2 => {
                    self.m.w.open(field::RESULT_V2, &[]);
                    self.m.w.leaf(field::TITLE, &[], &d.title);
                    self.m.w.leaf(field::LICENCE_NUMBER, &[], &d.number);
                    if let Some(serial) = &d.serial {
                        self.m.w.leaf(field::SERIAL, &[], serial);
                    }
                    for class in &d.categories {
                        self.m.w.leaf(field::CLASS, &[], class);
                    }
                    self.m
                        .w
                        .leaf(field::ISSUED_ON, &[], &ENVELOPE.date_text(d.issued_on));
                    if let Some(until) = d.valid_until {
                        self.m
                            .w
                            .leaf(field::VALID_UNTIL, &[], &ENVELOPE.date_text(until));
                    }
                    self.m.w.close(field::RESULT_V2);
                }
            },
            _ => {}
        }
        self.m
            .end_notice(n.officer, m.officer.as_deref(), root_name)
    }
}
