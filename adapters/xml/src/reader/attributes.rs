//! The attributes of an element.

use std::borrow::Cow;

use hoso_core::adapter::AdapterErrorKind;
use quick_xml::events::attributes::{AttrError, Attribute};

use super::{Element, XmlReader, XmlResult};
use crate::chars::{first_forbidden, forbidden_character, forbidden_reference};

/// The attributes the elements below a document's root may carry, by element local name: a closed format's
/// table, for [`XmlReader::close_attributes`]. An element not listed may carry none. Namespace declarations
/// and prefixed attributes (`xsi:type`) belong to XML and other vocabularies and are always allowed.
pub type AttributeTable = &'static [(&'static str, &'static [&'static str])];

impl<'a> XmlReader<'a> {
    /// Closes the format's attributes: from now on, an element [`next_child`](XmlReader::next_child) reads
    /// that carries an unqualified attribute `table` does not give its name is an `InvalidPayload` error at
    /// the element, whether or not the decoder would have looked at it. ([`Envelope::open`](crate::Envelope::open)
    /// closes them with the format's table for the message's version.)
    ///
    /// ```
    /// let agency: hoso_core::AgencyCode = "000.00.15.H22".parse()?;
    /// let input = br#"<R xmlns="urn:example:v1"><GiayTo banChinh="1" mau="x">Don</GiayTo></R>"#;
    /// let (mut reader, _root) = hoso_xml::open(input, hoso_xml::Limits::default(), &agency)?;
    /// reader.close_attributes(&[("GiayTo", &["banChinh", "banSao"])]);
    /// let err = reader.next_child().unwrap_err();
    /// assert!(err.message().contains("unknown attribute mau on element GiayTo"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn close_attributes(&mut self, table: AttributeTable) {
        self.closed_attributes = Some(table);
    }

    /// Refuses an attribute of `element` the closed table does not allow.
    pub(super) fn check_attributes(&self, element: &Element<'a>) -> XmlResult<()> {
        let Some(table) = self.closed_attributes else {
            return Ok(());
        };
        let name = element.local_name();
        let allowed: &[&str] = table
            .iter()
            .find(|(element, _)| *element == name)
            .map_or(&[], |(_, attributes)| attributes);
        for attr in element.start.attributes() {
            let attr = self.well_formed(element, attr)?;
            let key = attr.key.into_inner();
            if key != "xmlns" && !key.contains(':') && !allowed.contains(&key) {
                return Err(self.error_at_element(
                    element,
                    AdapterErrorKind::InvalidPayload,
                    format!("unknown attribute {key} on element {name}"),
                ));
            }
        }
        Ok(())
    }

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
        // A forbidden character, resolved from a reference or written as it is (which quick-xml lets
        // through: it checks UTF-8, not XML's characters).
        if let Some(c) = first_forbidden(&value) {
            let referenced = matches!(value, Cow::Owned(_)) && attr.value.contains("&#");
            let what = if referenced {
                forbidden_reference(c)
            } else {
                forbidden_character(c)
            };
            return Err(self.error_at_element(
                element,
                AdapterErrorKind::InvalidPayload,
                format!("attribute {name} of {}: {what}", element.local_name()),
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
