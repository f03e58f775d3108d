//! The authority's notices about a dossier: acceptance, supplement request, refusal, processing updates, the
//! result and its handover to the post.

use std::borrow::Cow;

use hoso_core::adapter::{AgencyMessage, IssuedDocument, Notice};
use hoso_xml::{Element, HandoverFields, Head, NoticeFields, XmlResult};

use super::{Common, Decoder};
use crate::wire::{V1_LICENCE_TITLE, Version, field, inner_attr, root};

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

#[derive(Default)]
struct Fields {
    notice: NoticeFields,
    document: Option<IssuedDocument>,
    handover: HandoverFields,
}

impl<'a> Decoder<'a> {
    pub(super) fn notice(&mut self, head: Head, root: &Element<'a>) -> XmlResult<AgencyMessage> {
        let mut c = Common::default();
        let mut f = Fields::default();
        let kind = Kind::of(root.local_name());
        while let Some(el) = self.m.next_child()? {
            if self.common(&el, &mut c)? {
                continue;
            }
            self.notice_field(kind, &el, &mut f)?;
        }
        let n = self.names;
        let missing = |name: &str| self.m.missing(root, name);
        let notice = match kind {
            Kind::Acceptance => f.notice.accepted(&self.m, root, &n.notice)?,
            Kind::SupplementRequest => f.notice.supplement_requested(&self.m, root, &n.notice)?,
            Kind::Refusal => f.notice.refused(&self.m, root, &n.notice)?,
            Kind::Processing => f.notice.processing(&self.m, root, &n.notice)?,
            Kind::ResultReady => Notice::ResultReady {
                document: f.document.ok_or_else(|| {
                    missing(if self.version() == Version::V1 {
                        field::LICENCE_V1
                    } else {
                        field::RESULT_V2
                    })
                })?,
            },
            Kind::HandedToPost => f.handover.into_notice(&self.m, root, &n.notice.handover)?,
        };
        Ok(AgencyMessage {
            message_id: head.message_id,
            agency: self.agency(&mut c, root)?,
            dossier: self.dossier(&mut c, root)?,
            reference: c.reference,
            sent_at: head.sent_at,
            officer: c.officer,
            notice,
        })
    }

    fn notice_field(&mut self, kind: Kind, el: &Element<'a>, f: &mut Fields) -> XmlResult<()> {
        let (n, m) = (self.names, &mut self.m);
        let v2 = m.version() == Version::V2;
        let name = el.local_name();
        match kind {
            Kind::Acceptance if name == n.notice.appointment => {
                let v = m.date(el)?;
                m.set(&mut f.notice.appointment, v, el)
            }
            Kind::Acceptance if Some(name) == n.notice.received_at => {
                let v = m.date_time(el)?;
                m.set(&mut f.notice.received_at, v, el)
            }
            Kind::SupplementRequest | Kind::Refusal if name == field::REASON => {
                if kind == Kind::Refusal && v2 {
                    f.notice.reason_code = m
                        .attribute(el, inner_attr::REASON_CODE)?
                        .map(Cow::into_owned);
                }
                let v = m.string(el)?;
                m.set(&mut f.notice.reason, v, el)
            }
            Kind::SupplementRequest if name == field::MISSING_DOCUMENTS => {
                let v = m.list(el, field::DOCUMENT, "missing documents", |m, item| {
                    m.string(item)
                })?;
                m.set(&mut f.notice.missing, v, el)
            }
            Kind::SupplementRequest if Some(name) == n.notice.supplement_due => {
                let v = m.date(el)?;
                m.set(&mut f.notice.due, v, el)
            }
            Kind::Refusal if Some(name) == n.notice.legal_basis => {
                let v = m.string(el)?;
                m.set(&mut f.notice.legal_basis, v, el)
            }
            Kind::Processing => m.processing_field(el, &n.notice.processing, &mut f.notice),
            Kind::ResultReady if !v2 && name == field::LICENCE_V1 => {
                let v = self.licence_v1(el)?;
                self.m.set(&mut f.document, v, el)
            }
            Kind::ResultReady if v2 && name == field::RESULT_V2 => {
                let v = self.result_v2(el)?;
                self.m.set(&mut f.document, v, el)
            }
            Kind::HandedToPost => m.handover_field(el, &n.notice.handover, &mut f.handover),
            _ => Err(m.unknown(el)),
        }
    }

    /// v1: `<GiayPhep so=".." hang="B C1" ngayCap=".." ngayHetHan=".."/>`. The classes are an `xs:list` of
    /// at least one token (`gplx-v1.xsd`; a blank attribute is refused as empty), and at most
    /// [`Limits::max_list_items`](hoso_xml::Limits) of them, the bound v2's `HangGiayPhep` elements have.
    fn licence_v1(&mut self, el: &Element<'a>) -> XmlResult<IssuedDocument> {
        let m = &mut self.m;
        let number = m
            .required_attribute(el, inner_attr::LICENCE_NUMBER)?
            .into_owned();
        let classes = m.required_attribute(el, inner_attr::CLASSES)?;
        let mut categories = Vec::new();
        for class in classes.split_ascii_whitespace() {
            m.check_list_len(categories.len(), el, "classes")?;
            categories.push(class.to_owned());
        }
        let issued_on = m
            .date_attribute(el, inner_attr::ISSUED_ON)?
            .ok_or_else(|| {
                m.invalid(
                    el,
                    format!(
                        "element {} lacks attribute {}",
                        el.local_name(),
                        inner_attr::ISSUED_ON
                    ),
                )
            })?;
        let valid_until = m.date_attribute(el, inner_attr::VALID_UNTIL)?;
        m.no_content(el)?;
        Ok(IssuedDocument {
            title: V1_LICENCE_TITLE.to_owned(),
            number,
            serial: None,
            categories,
            issued_on,
            valid_until,
        })
    }

    /// v2: `<KetQua>` with `TenGiayTo, SoGiayPhep, SoSeri?, HangGiayPhep+, NgayCap, NgayHetHan?`.
    fn result_v2(&mut self, parent: &Element<'a>) -> XmlResult<IssuedDocument> {
        let m = &mut self.m;
        let (mut title, mut number, mut serial, mut issued_on, mut valid_until) =
            (None, None, None, None, None);
        let mut categories = Vec::new();
        if parent.is_self_closing() {
            return Err(m.missing(parent, field::LICENCE_NUMBER));
        }
        while let Some(el) = m.next_child()? {
            match el.local_name() {
                field::TITLE => {
                    let v = m.string(&el)?;
                    m.set(&mut title, v, &el)?;
                }
                field::LICENCE_NUMBER => {
                    let v = m.string(&el)?;
                    m.set(&mut number, v, &el)?;
                }
                field::SERIAL => {
                    let v = m.string(&el)?;
                    m.set(&mut serial, v, &el)?;
                }
                field::CLASS => {
                    m.check_list_len(categories.len(), &el, "classes")?;
                    categories.push(m.string(&el)?);
                }
                field::ISSUED_ON => {
                    let v = m.date(&el)?;
                    m.set(&mut issued_on, v, &el)?;
                }
                field::VALID_UNTIL => {
                    let v = m.date(&el)?;
                    m.set(&mut valid_until, v, &el)?;
                }
                _ => return Err(m.unknown(&el)),
            }
        }
        if categories.is_empty() {
            return Err(m.missing(parent, field::CLASS));
        }
        let missing = |name: &str| m.missing(parent, name);
        Ok(IssuedDocument {
            title: title.ok_or_else(|| missing(field::TITLE))?,
            number: number.ok_or_else(|| missing(field::LICENCE_NUMBER))?,
            serial,
            categories,
            issued_on: issued_on.ok_or_else(|| missing(field::ISSUED_ON))?,
            valid_until,
        })
    }
}
