//! The text content of a leaf.

use std::borrow::Cow;

use hoso_core::adapter::AdapterErrorKind;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::{Element, XmlReader, XmlResult};
use crate::chars::{first_forbidden, forbidden_character, forbidden_reference, is_xml_char};

impl<'a> XmlReader<'a> {
    /// The text content of `element` (whose start tag was just read), entities resolved; reads its end tag.
    ///
    /// Text, CDATA, character references and the five predefined entities are joined; comments are skipped.
    ///
    /// # Errors
    /// `LimitExceeded` past [`Limits::max_text_bytes`](crate::Limits::max_text_bytes) (at the element);
    /// `InvalidPayload` for an undeclared entity, a character reference that is malformed or names a
    /// character XML 1.0 forbids (`&#0;`, `&#x1;`, `&#xFFFE;`, a surrogate such as `&#xD800;`; at the
    /// reference), or a child element.
    pub fn text(&mut self, element: &Element<'a>) -> XmlResult<Cow<'a, str>> {
        if element.empty {
            return Ok(Cow::Borrowed(""));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            let piece: Cow<'a, str> = match self.read()? {
                // quick-xml checks UTF-8, not XML's characters: a control character written as it is would
                // pass (XML 1.0 §2.2).
                Event::Text(t) => self.xml_chars(t.xml10_content())?,
                // Line ends are normalised in CDATA too (XML 1.0 §2.11 applies to the whole document).
                Event::CData(c) => self.xml_chars(c.xml10_content())?,
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => c.to_string(),
                        Ok(Some(c)) => {
                            return Err(self
                                .error(AdapterErrorKind::InvalidPayload, forbidden_reference(c)));
                        }
                        Ok(None) => {
                            let name = r.xml10_content();
                            match resolve_predefined_entity(&name) {
                                Some(s) => s.to_owned(),
                                None => {
                                    return Err(self.error(
                                        AdapterErrorKind::InvalidPayload,
                                        format!("undeclared entity &{name};"),
                                    ));
                                }
                            }
                        }
                        Err(e) => {
                            return Err(Box::new(
                                (*self.error(
                                    AdapterErrorKind::InvalidPayload,
                                    "invalid character reference",
                                ))
                                .with_source(e),
                            ));
                        }
                    };
                    Cow::Owned(resolved)
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(text.unwrap_or(Cow::Borrowed("")));
                }
                Event::Comment(_) => continue,
                other => return Err(self.unexpected(&other)),
            };
            text = Some(match text {
                None => piece,
                Some(mut acc) => {
                    acc.to_mut().push_str(&piece);
                    acc
                }
            });
            if text
                .as_ref()
                .is_some_and(|t| t.len() > self.limits.max_text_bytes)
            {
                return Err(self.error_at_element(
                    element,
                    AdapterErrorKind::LimitExceeded,
                    format!(
                        "text of {} exceeds the limit of {} bytes",
                        element.local_name(),
                        self.limits.max_text_bytes
                    ),
                ));
            }
        }
    }

    /// `text` if every character of it is one XML 1.0 allows.
    fn xml_chars<'t>(&self, text: Cow<'t, str>) -> XmlResult<Cow<'t, str>> {
        match first_forbidden(&text) {
            None => Ok(text),
            Some(c) => Err(self.error(AdapterErrorKind::InvalidPayload, forbidden_character(c))),
        }
    }
}
