//! The attributes of an element.

use std::borrow::Cow;

use hoso_core::adapter::AdapterErrorKind;
use quick_xml::events::attributes::{AttrError, Attribute};

use super::{Element, XmlReader, XmlResult};
use crate::chars::{forbidden_reference, is_xml_char};

impl<'a> XmlReader<'a> {
    /// The value of an unqualified attribute of `element`, entities resolved and whitespace normalised.
    ///
    /// # Errors
    /// `InvalidPayload` for malformed attributes and for a character reference to a character XML 1.0
    /// forbids (at the element); `LimitExceeded` past [`Limits::max_text_bytes`](crate::Limits::max_text_bytes).
    pub fn attribute<'e>(
        &self,
        element: &'e Element<'a>,
        name: &str,
    ) -> XmlResult<Option<Cow<'e, str>>> {
        for attr in element.start.attributes() {
            let attr = self.well_formed(element, attr)?;
            if attr.key.into_inner() != name {
                continue;
            }
            return self.value(element, &attr, name).map(Some);
        }
        Ok(None)
    }

    /// The values of several unqualified attributes of `element`, in one pass, in the order of `names`.
    ///
    /// # Errors
    /// As [`XmlReader::attribute`].
    pub fn attributes<'e, const N: usize>(
        &self,
        element: &'e Element<'a>,
        names: [&str; N],
    ) -> XmlResult<[Option<Cow<'e, str>>; N]> {
        self.collect_attributes(element, names, false)
    }

    /// Like [`XmlReader::attributes`], and `element` has no other attribute of its own: an unqualified
    /// attribute not in `names` is an error. Namespace declarations (`xmlns`, `xmlns:p`) and prefixed
    /// attributes (`xsi:schemaLocation`) belong to XML and to other vocabularies, and stay allowed.
    ///
    /// # Errors
    /// As [`XmlReader::attribute`]; and `InvalidPayload` at `element` for an unknown attribute.
    pub fn known_attributes<'e, const N: usize>(
        &self,
        element: &'e Element<'a>,
        names: [&str; N],
    ) -> XmlResult<[Option<Cow<'e, str>>; N]> {
        self.collect_attributes(element, names, true)
    }

    fn collect_attributes<'e, const N: usize>(
        &self,
        element: &'e Element<'a>,
        names: [&str; N],
        closed: bool,
    ) -> XmlResult<[Option<Cow<'e, str>>; N]> {
        let mut values: [Option<Cow<'e, str>>; N] = std::array::from_fn(|_| None);
        for attr in element.start.attributes() {
            let attr = self.well_formed(element, attr)?;
            let key = attr.key.into_inner();
            let Some(i) = names.iter().position(|n| *n == key) else {
                if closed && key != "xmlns" && !key.contains(':') {
                    return Err(self.error_at_element(
                        element,
                        AdapterErrorKind::InvalidPayload,
                        format!(
                            "unknown attribute {key} on element {}",
                            element.local_name()
                        ),
                    ));
                }
                continue;
            };
            let value = self.value(element, &attr, key)?;
            if let Some(slot) = values.get_mut(i) {
                *slot = Some(value);
            }
        }
        Ok(values)
    }

    /// An attribute as quick-xml parsed it, or an error at `element` if it is malformed.
    fn well_formed<'e>(
        &self,
        element: &Element<'a>,
        attr: Result<Attribute<'e>, AttrError>,
    ) -> XmlResult<Attribute<'e>> {
        attr.map_err(|e| {
            self.error_at_element(
                element,
                AdapterErrorKind::InvalidPayload,
                format!("malformed attribute: {e}"),
            )
        })
    }

    /// The normalised value of the attribute `name` of `element`, within the text limit.
    fn value<'e>(
        &self,
        element: &Element<'a>,
        attr: &Attribute<'e>,
        name: &str,
    ) -> XmlResult<Cow<'e, str>> {
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| {
                self.error_at_element(
                    element,
                    AdapterErrorKind::InvalidPayload,
                    format!("attribute {name} of {}: {e}", element.local_name()),
                )
            })?;
        // Only a value that was rewritten can hold a resolved character reference.
        if let Cow::Owned(resolved) = &value
            && attr.value.contains("&#")
            && let Some(c) = resolved.chars().find(|c| !is_xml_char(*c))
        {
            return Err(self.error_at_element(
                element,
                AdapterErrorKind::InvalidPayload,
                format!(
                    "attribute {name} of {}: {}",
                    element.local_name(),
                    forbidden_reference(c)
                ),
            ));
        }
        if value.len() > self.limits.max_text_bytes {
            return Err(self.error_at_element(
                element,
                AdapterErrorKind::LimitExceeded,
                format!(
                    "attribute {name} exceeds the limit of {} bytes",
                    self.limits.max_text_bytes
                ),
            ));
        }
        Ok(value)
    }

    /// Like [`XmlReader::attribute`], but missing is an `InvalidPayload` error.
    pub fn required_attribute<'e>(
        &self,
        element: &'e Element<'a>,
        name: &str,
    ) -> XmlResult<Cow<'e, str>> {
        self.attribute(element, name)?.ok_or_else(|| {
            self.error_at_element(
                element,
                AdapterErrorKind::InvalidPayload,
                format!("element {} lacks attribute {name}", element.local_name()),
            )
        })
    }
}
