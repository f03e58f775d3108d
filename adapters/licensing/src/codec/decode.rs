//! The pull decoder: the authority's XML, either version, into [`Decoded`]. The envelope and the way fields
//! are read are `hoso-xml`'s; here are the authority's names and the mapping.

use hoso_core::adapter::{
    AgencyRef, DossierSubmission, OutboundMessage, SubmissionReceipt, SubmittedDocument,
    SupplementDelivery, Withdrawal,
};
use hoso_core::{AgencyCode, DossierCode, Vnd};
use hoso_xml::{Element, Head, Limits, MessageReader, XmlResult};

use crate::wire::{ENVELOPE, Names, Version, field, inner_attr, root};
use hoso_core::adapter::Decoded;

mod notice;

/// Decodes one message of either direction, in any supported version.
pub(super) fn decode(bytes: &[u8], limits: Limits, agency: &AgencyCode) -> XmlResult<Decoded> {
    let (m, root, head) = ENVELOPE.open(bytes, limits, agency)?;
    let mut d = Decoder {
        names: m.version().names(),
        m,
    };
    let decoded = d.message(head, &root)?;
    d.m.finish()?;
    Ok(decoded)
}

struct Decoder<'a> {
    m: MessageReader<'a, Version>,
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

impl<'a> Decoder<'a> {
    fn message(&mut self, head: Head, root: &Element<'a>) -> XmlResult<Decoded> {
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
            _ => Err(self.m.unknown_message(root)),
        }
    }

    fn version(&self) -> Version {
        self.m.version()
    }

    /// Reads a common field if `el` is one; `Ok(false)` if it is not.
    fn common(&mut self, el: &Element<'a>, c: &mut Common) -> XmlResult<bool> {
        let name = el.local_name();
        if name == self.names.head.dossier {
            let v = self.m.parse(el)?;
            self.m.set(&mut c.dossier, v, el)?;
        } else if name == self.names.head.reference {
            let v = AgencyRef(self.m.string(el)?);
            self.m.set(&mut c.reference, v, el)?;
        } else if Some(name) == self.names.head.agency {
            let v = self.m.parse(el)?;
            self.m.set(&mut c.agency, v, el)?;
        } else if name == self.names.officer {
            let v = self.m.string(el)?;
            self.m.set(&mut c.officer, v, el)?;
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    /// The dossier every message names, or an error at the root.
    fn dossier(&self, c: &mut Common, root: &Element<'_>) -> XmlResult<DossierCode> {
        c.dossier
            .take()
            .ok_or_else(|| self.m.missing(root, self.names.head.dossier))
    }

    /// The agency: v1 names none (it is the codec's), v2 names it in every message from the authority.
    fn agency(&self, c: &mut Common, root: &Element<'_>) -> XmlResult<AgencyCode> {
        match (self.version(), self.names.head.agency) {
            (Version::V1, _) | (_, None) => Ok(self.m.agency().clone()),
            (_, Some(name)) => c.agency.take().ok_or_else(|| self.m.missing(root, name)),
        }
    }

    /// A list of `GiayTo` elements with name text and counts as attributes.
    fn documents(&mut self, list: &Element<'a>) -> XmlResult<Vec<SubmittedDocument>> {
        let version = self.version();
        self.m.list(list, field::DOCUMENT, "documents", |m, el| {
            let [originals, copies, pages] = m.attributes(
                el,
                [inner_attr::ORIGINALS, inner_attr::COPIES, inner_attr::PAGES],
            )?;
            let count = |name: &str, value: Option<&str>| match value {
                Some(value) => m.whole_attribute(el, name, value),
                None => Err(m.invalid(
                    el,
                    format!("element {} lacks attribute {name}", el.local_name()),
                )),
            };
            let originals = count(inner_attr::ORIGINALS, originals.as_deref())?;
            let copies = count(inner_attr::COPIES, copies.as_deref())?;
            let pages = match (version, pages) {
                (Version::V1, _) | (_, None) => None,
                (_, Some(pages)) => Some(m.whole_attribute(el, inner_attr::PAGES, &pages)?),
            };
            Ok(SubmittedDocument {
                name: m.string(el)?,
                originals,
                copies,
                pages,
            })
        })
    }

    fn submission(&mut self, head: Head, root: &Element<'a>) -> XmlResult<OutboundMessage> {
        let mut c = Common::default();
        let (mut procedure, mut applicant, mut documents, mut fee, mut by_post) =
            (None, None, None, None, None);
        let form = self.names.result_form;
        while let Some(el) = self.m.next_child()? {
            if self.common(&el, &mut c)? {
                continue;
            }
            match el.local_name() {
                field::PROCEDURE => {
                    let v = self.m.parse(&el)?;
                    self.m.set(&mut procedure, v, &el)?;
                }
                field::APPLICANT => {
                    let v = self.m.applicant(&el, &self.names.applicant)?;
                    self.m.set(&mut applicant, v, &el)?;
                }
                field::DOCUMENTS => {
                    let v = self.documents(&el)?;
                    self.m.set(&mut documents, v, &el)?;
                }
                field::FEE => {
                    let v = self.m.whole(&el)?;
                    self.m.set(&mut fee, Vnd(v), &el)?;
                }
                name if name == form.name => {
                    let v = self.m.choice(&el, form.values)?;
                    self.m.set(&mut by_post, v, &el)?;
                }
                _ => return Err(self.m.unknown(&el)),
            }
        }
        let missing = |name: &str| self.m.missing(root, name);
        Ok(OutboundMessage::Submission(DossierSubmission {
            message_id: head.message_id,
            sent_at: head.sent_at,
            dossier: self.dossier(&mut c, root)?,
            procedure: procedure.ok_or_else(|| missing(field::PROCEDURE))?,
            applicant: applicant.ok_or_else(|| missing(field::APPLICANT))?,
            documents: documents.ok_or_else(|| missing(field::DOCUMENTS))?,
            fee: fee.ok_or_else(|| missing(field::FEE))?,
            result_by_post: by_post.ok_or_else(|| missing(form.name))?,
        }))
    }

    fn supplement_delivered(
        &mut self,
        head: Head,
        root: &Element<'a>,
    ) -> XmlResult<OutboundMessage> {
        let mut c = Common::default();
        let mut documents = None;
        while let Some(el) = self.m.next_child()? {
            if self.common(&el, &mut c)? {
                continue;
            }
            self.m.only(el.local_name() == field::DOCUMENTS, &el)?;
            let v = self.documents(&el)?;
            self.m.set(&mut documents, v, &el)?;
        }
        Ok(OutboundMessage::SupplementDelivered(SupplementDelivery {
            message_id: head.message_id,
            sent_at: head.sent_at,
            dossier: self.dossier(&mut c, root)?,
            reference: c.reference,
            documents: documents.ok_or_else(|| self.m.missing(root, field::DOCUMENTS))?,
        }))
    }

    fn withdrawal(&mut self, head: Head, root: &Element<'a>) -> XmlResult<OutboundMessage> {
        let mut c = Common::default();
        let mut reason = None;
        while let Some(el) = self.m.next_child()? {
            if self.common(&el, &mut c)? {
                continue;
            }
            self.m.only(el.local_name() == field::REASON, &el)?;
            let v = self.m.string(&el)?;
            self.m.set(&mut reason, v, &el)?;
        }
        Ok(OutboundMessage::Withdrawal(Withdrawal {
            message_id: head.message_id,
            sent_at: head.sent_at,
            dossier: self.dossier(&mut c, root)?,
            reference: c.reference,
            reason: reason.ok_or_else(|| self.m.missing(root, field::REASON))?,
        }))
    }

    fn receipt(&mut self, head: Head, root: &Element<'a>) -> XmlResult<SubmissionReceipt> {
        let mut c = Common::default();
        while let Some(el) = self.m.next_child()? {
            if !self.common(&el, &mut c)? {
                return Err(self.m.unknown(&el));
            }
        }
        Ok(SubmissionReceipt {
            agency: self.agency(&mut c, root)?,
            dossier: self.dossier(&mut c, root)?,
            reference: c
                .reference
                .ok_or_else(|| self.m.missing(root, self.names.head.reference))?,
            idempotency_key: head.message_id,
            received_at: head.sent_at,
        })
    }
}
