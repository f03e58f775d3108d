//! Reading the fields of a message inside its envelope: set-once fields, trimmed text, parsed values,
//! personal data, dates in the format's own patterns and bounded lists, each error at its element.

use std::borrow::Cow;
use std::str::FromStr;

use hoso_core::adapter::{AdapterError, AdapterErrorKind};
use hoso_core::contact::PhoneNumber;
use hoso_core::{AgencyCode, CitizenId};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::{Element, Envelope, FormatVersion, Limits, XmlReader, XmlResult};

/// The reader of one message's fields, in the version its envelope named; built by [`Envelope::open`].
///
/// Text is read trimmed: a leaf whose text is blank is refused where a value is read ([`MessageReader::text`]
/// and everything built on it). A field read twice into the same slot is refused by [`MessageReader::set`].
/// Personal data (citizen ID and phone numbers) is parsed with the core's types and never quoted whole in an
/// error. Every error carries the line and column of the element at fault.
pub struct MessageReader<'a, V: 'static> {
    r: XmlReader<'a>,
    version: V,
    envelope: &'static Envelope<V>,
}

/// Shows the version and the reader's position only, never the input (which holds personal data).
impl<V: FormatVersion> std::fmt::Debug for MessageReader<'_, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageReader")
            .field("format", &self.envelope.format)
            .field("version", &self.version.to_string())
            .field("reader", &self.r)
            .finish()
    }
}

impl<'a, V: FormatVersion> MessageReader<'a, V> {
    pub(crate) fn new(r: XmlReader<'a>, version: V, envelope: &'static Envelope<V>) -> Self {
        Self {
            r,
            version,
            envelope,
        }
    }

    /// The version the message is in.
    pub fn version(&self) -> V {
        self.version
    }

    /// The agency the errors are attributed to.
    pub fn agency(&self) -> &'a AgencyCode {
        self.r.agency()
    }

    /// The limits the message is read with.
    pub fn limits(&self) -> Limits {
        self.r.limits()
    }

    /// The next child of the element last entered, or `None` at its end tag (see [`XmlReader::next_child`]).
    ///
    /// # Errors
    /// As [`XmlReader::next_child`].
    #[inline]
    pub fn next_child(&mut self) -> XmlResult<Option<Element<'a>>> {
        self.r.next_child()
    }

    /// An attribute of `el` (see [`XmlReader::attribute`]).
    ///
    /// # Errors
    /// As [`XmlReader::attribute`].
    pub fn attribute<'e>(
        &self,
        el: &'e Element<'a>,
        name: &str,
    ) -> XmlResult<Option<Cow<'e, str>>> {
        self.r.attribute(el, name)
    }

    /// Several attributes of `el` in one pass (see [`XmlReader::attributes`]).
    ///
    /// # Errors
    /// As [`XmlReader::attributes`].
    pub fn attributes<'e, const N: usize>(
        &self,
        el: &'e Element<'a>,
        names: [&str; N],
    ) -> XmlResult<[Option<Cow<'e, str>>; N]> {
        self.r.attributes(el, names)
    }

    /// A required attribute of `el`, trimmed and not blank.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if it is missing or blank; as [`XmlReader::attribute`].
    pub fn required_attribute<'e>(
        &self,
        el: &'e Element<'a>,
        name: &str,
    ) -> XmlResult<Cow<'e, str>> {
        let value = self.r.required_attribute(el, name)?;
        trimmed(value).ok_or_else(|| {
            self.invalid(
                el,
                format!("attribute {name} of {} is empty", el.local_name()),
            )
        })
    }

    /// Reads the end of the root and what follows it.
    ///
    /// # Errors
    /// As [`XmlReader::expect_end_of_document`].
    pub fn finish(mut self) -> XmlResult<()> {
        self.r.expect_end_of_document()
    }

    /// An `InvalidPayload` error at `el`.
    pub fn invalid(&self, el: &Element<'_>, message: impl Into<String>) -> Box<AdapterError> {
        self.r
            .error_at_element(el, AdapterErrorKind::InvalidPayload, message)
    }

    /// An error at a byte offset of the input (for a rule checked once the element is behind; see
    /// [`Element::offset`]).
    pub fn error_at_offset(
        &self,
        offset: usize,
        kind: AdapterErrorKind,
        message: impl Into<String>,
    ) -> Box<AdapterError> {
        self.r.error_at_offset(offset, kind, message)
    }

    /// The error for an element the format does not have in this place in this version.
    pub fn unknown(&self, el: &Element<'_>) -> Box<AdapterError> {
        self.invalid(
            el,
            format!(
                "unexpected element {} in version {}",
                el.local_name(),
                self.version
            ),
        )
    }

    /// The error for a root element that is no message of the format.
    pub fn unknown_message(&self, root: &Element<'_>) -> Box<AdapterError> {
        self.invalid(
            root,
            format!(
                "unknown message {} in {}",
                root.local_name(),
                self.envelope.format
            ),
        )
    }

    /// The error for a required child `name` that `parent` lacks, at `parent`.
    pub fn missing(&self, parent: &Element<'_>, name: &str) -> Box<AdapterError> {
        self.invalid(
            parent,
            format!("element {} lacks element {name}", parent.local_name()),
        )
    }

    /// `Ok` when `allowed`, else `el` is [unknown](MessageReader::unknown) here.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` when not `allowed`.
    #[inline]
    pub fn only(&self, allowed: bool, el: &Element<'_>) -> XmlResult<()> {
        if allowed {
            Ok(())
        } else {
            Err(self.unknown(el))
        }
    }

    /// Puts `value`, read from `el`, into `slot`, which must be empty: a field given twice is an error.
    ///
    /// # Errors
    /// `InvalidPayload` at the second occurrence.
    #[inline]
    pub fn set<T>(&self, slot: &mut Option<T>, value: T, el: &Element<'_>) -> XmlResult<()> {
        if slot.is_some() {
            return Err(self.invalid(el, format!("element {} appears twice", el.local_name())));
        }
        *slot = Some(value);
        Ok(())
    }

    /// The text of the leaf `el`, trimmed; blank text is refused.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if the text is blank; as [`XmlReader::text`].
    pub fn text(&mut self, el: &Element<'a>) -> XmlResult<Cow<'a, str>> {
        let text = self.r.text(el)?;
        trimmed(text)
            .ok_or_else(|| self.invalid(el, format!("element {} is empty", el.local_name())))
    }

    /// [`MessageReader::text`], owned.
    ///
    /// # Errors
    /// As [`MessageReader::text`].
    pub fn string(&mut self, el: &Element<'a>) -> XmlResult<String> {
        self.text(el).map(Cow::into_owned)
    }

    /// Reads `el`, which must have no content but blank text (a leaf that carries its values as attributes).
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if it has text; as [`XmlReader::text`].
    pub fn no_content(&mut self, el: &Element<'a>) -> XmlResult<()> {
        if self.r.text(el)?.trim().is_empty() {
            Ok(())
        } else {
            Err(self.invalid(
                el,
                format!("element {} has no text content", el.local_name()),
            ))
        }
    }

    /// Parses the text of `el` as a `T` that is not personal data: the error quotes the value.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if the text is blank or does not parse.
    pub fn parse<T>(&mut self, el: &Element<'a>) -> XmlResult<T>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let text = self.text(el)?;
        text.parse::<T>().map_err(|e| {
            self.invalid(
                el,
                format!("element {} {text:?} is not valid: {e}", el.local_name()),
            )
        })
    }

    /// Parses personal data: the error never quotes the value, only what the type's own (redacting) error
    /// says.
    fn personal<T>(&mut self, el: &Element<'a>) -> XmlResult<T>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let text = self.text(el)?;
        text.parse::<T>()
            .map_err(|e| self.invalid(el, format!("element {} is not valid: {e}", el.local_name())))
    }

    /// The text of `el` as a citizen ID number (personal data: never quoted whole in the error).
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if blank or not a valid citizen ID.
    pub fn citizen_id(&mut self, el: &Element<'a>) -> XmlResult<CitizenId> {
        self.personal(el)
    }

    /// The text of `el` as a phone number (personal data: never quoted whole in the error).
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if blank or not a valid phone number.
    pub fn phone(&mut self, el: &Element<'a>) -> XmlResult<PhoneNumber> {
        self.personal(el)
    }

    /// A whole number written with digits only (no sign, no spaces or separators inside), within `T`.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` otherwise.
    pub fn whole<T: FromStr>(&mut self, el: &Element<'a>) -> XmlResult<T> {
        let text = self.text(el)?;
        whole(&text).ok_or_else(|| {
            self.invalid(
                el,
                format!(
                    "element {} {text:?} is not a whole number in range",
                    el.local_name()
                ),
            )
        })
    }

    /// The attribute `name` of `el`, whose `value` was read, as a whole number (see [`MessageReader::whole`]).
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if it is not one.
    pub fn whole_attribute<T: FromStr>(
        &self,
        el: &Element<'_>,
        name: &str,
        value: &str,
    ) -> XmlResult<T> {
        whole(value).ok_or_else(|| {
            self.invalid(
                el,
                format!("attribute {name} {value:?} is not a whole number in range"),
            )
        })
    }

    /// The text of `el`, which must be one of `choices` (`(text, value)`), as its value.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` for any other text.
    pub fn choice<T: Copy>(&mut self, el: &Element<'a>, choices: &[(&str, T)]) -> XmlResult<T> {
        let text = self.text(el)?;
        if let Some((_, value)) = choices.iter().find(|(t, _)| *t == text) {
            return Ok(*value);
        }
        let known: Vec<&str> = choices.iter().map(|(t, _)| *t).collect();
        Err(self.invalid(
            el,
            format!(
                "element {} {text:?} is not one of {}",
                el.local_name(),
                known.join(", ")
            ),
        ))
    }

    /// The text of `el` as a date in the format's date pattern.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if it is not one.
    pub fn date(&mut self, el: &Element<'a>) -> XmlResult<Date> {
        let text = self.text(el)?;
        let format = self.envelope.date;
        format.parse(&text).ok_or_else(|| {
            self.invalid(
                el,
                format!(
                    "element {} {text:?} is not a date {}",
                    el.local_name(),
                    format.pattern
                ),
            )
        })
    }

    /// The attribute `name` of `el` as a date in the format's date pattern, `None` if absent.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if it is not a date.
    pub fn date_attribute(&self, el: &Element<'a>, name: &str) -> XmlResult<Option<Date>> {
        let Some(text) = self.r.attribute(el, name)? else {
            return Ok(None);
        };
        let format = self.envelope.date;
        format.parse(text.trim()).map(Some).ok_or_else(|| {
            self.invalid(
                el,
                format!("attribute {name} {text:?} is not a date {}", format.pattern),
            )
        })
    }

    /// The text of `el` as an instant in the format's date-time pattern.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` if it is not one.
    pub fn date_time(&mut self, el: &Element<'a>) -> XmlResult<Timestamp> {
        let text = self.text(el)?;
        let format = self.envelope.date_time;
        format.parse(&text).ok_or_else(|| {
            self.invalid(
                el,
                format!(
                    "element {} {text:?} is not a date-time {}",
                    el.local_name(),
                    format.pattern
                ),
            )
        })
    }

    /// Refuses a list item `el` when the list already holds `len` items, the most [`Limits::max_list_items`]
    /// allows; `what` names the items (`documents`).
    ///
    /// # Errors
    /// `LimitExceeded` at `el`.
    #[inline]
    pub fn check_list_len(&self, len: usize, el: &Element<'_>, what: &str) -> XmlResult<()> {
        let max = self.r.limits().max_list_items;
        if len >= max {
            return Err(self.r.error_at_element(
                el,
                AdapterErrorKind::LimitExceeded,
                format!("more than {max} {what}"),
            ));
        }
        Ok(())
    }

    /// The items of the list element `list`: every child must be named `item` and is read by `read`; at most
    /// [`Limits::max_list_items`] of them (`what` names them in the error). A self-closing list is empty.
    ///
    /// # Errors
    /// `InvalidPayload` at a child of another name; `LimitExceeded` at the first item past the bound; those
    /// of `read`.
    pub fn list<T>(
        &mut self,
        list: &Element<'a>,
        item: &str,
        what: &str,
        mut read: impl FnMut(&mut Self, &Element<'a>) -> XmlResult<T>,
    ) -> XmlResult<Vec<T>> {
        let mut items = Vec::new();
        if list.is_self_closing() {
            return Ok(items);
        }
        while let Some(el) = self.r.next_child()? {
            if el.local_name() != item {
                return Err(self.unknown(&el));
            }
            self.check_list_len(items.len(), &el, what)?;
            items.push(read(self, &el)?);
        }
        Ok(items)
    }
}

/// `text` without surrounding whitespace, borrowed when nothing was removed; `None` if blank.
fn trimmed(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(match text {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
        Cow::Owned(_) if t.len() == text.len() => text,
        Cow::Owned(_) => Cow::Owned(t.to_owned()),
    })
}

/// Digits only, within `T`.
fn whole<T: FromStr>(text: &str) -> Option<T> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}
