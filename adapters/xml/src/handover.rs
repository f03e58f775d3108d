//! The notice that the result was handed to the post, which every agency's format reads and writes the same
//! way.

use hoso_core::TrackingNumber;
use hoso_core::adapter::Notice;
use jiff::Timestamp;

use crate::{Element, Envelope, FormatVersion, MessageReader, XmlResult, XmlWriter};

/// The element names of the notice that the result was handed to the post, in one version of a format.
#[derive(Debug, Clone, Copy)]
pub struct HandoverNames {
    /// The postal item's tracking number.
    pub tracking: &'static str,
    /// How many papers the item holds.
    pub items: &'static str,
    /// When it was handed over (in the format's date-time pattern).
    pub handed_at: &'static str,
    /// The postal worker who took it.
    pub postal_worker: &'static str,
    /// The seal on the item, in the versions that carry one.
    pub seal: Option<&'static str>,
}

impl HandoverNames {
    /// The field of `notice` (a handover to the post) that this version has no element for, if any: the seal.
    pub fn cannot_carry(&self, notice: &Notice) -> Option<&'static str> {
        match notice {
            Notice::ResultHandedToPost { seal: Some(_), .. } if self.seal.is_none() => {
                Some("the seal id")
            }
            _ => None,
        }
    }

    /// Whether `name` is one of the handover's elements.
    pub fn has(&self, name: &str) -> bool {
        [
            self.tracking,
            self.items,
            self.handed_at,
            self.postal_worker,
        ]
        .contains(&name)
            || self.seal == Some(name)
    }
}

/// The handover's fields as they are read, before the message is complete: fill it with
/// [`MessageReader::handover_field`], then make the notice with [`HandoverFields::into_notice`].
#[derive(Debug, Default)]
pub struct HandoverFields {
    tracking: Option<TrackingNumber>,
    items: Option<u32>,
    handed_at: Option<Timestamp>,
    postal_worker: Option<String>,
    seal: Option<String>,
}

impl HandoverFields {
    /// The [`Notice::ResultHandedToPost`] the fields make.
    ///
    /// # Errors
    /// `InvalidPayload` at `root` naming the first required field that is missing (the tracking number, the
    /// item count, the handover time).
    pub fn into_notice<V: FormatVersion>(
        self,
        m: &MessageReader<'_, V>,
        root: &Element<'_>,
        names: &HandoverNames,
    ) -> XmlResult<Notice> {
        let missing = |name: &str| m.missing(root, name);
        Ok(Notice::ResultHandedToPost {
            tracking: self.tracking.ok_or_else(|| missing(names.tracking))?,
            items: self.items.ok_or_else(|| missing(names.items))?,
            handed_at: self.handed_at.ok_or_else(|| missing(names.handed_at))?,
            postal_worker: self.postal_worker,
            seal: self.seal,
        })
    }
}

impl<'a, V: FormatVersion> MessageReader<'a, V> {
    /// Reads `el`, one of the handover's fields, into `fields`.
    ///
    /// # Errors
    /// `InvalidPayload` at `el` when it is none of the handover's fields, appears twice, or does not read (a
    /// malformed tracking number, a count that is no whole number, a time off the format's pattern).
    pub fn handover_field(
        &mut self,
        el: &Element<'a>,
        names: &HandoverNames,
        fields: &mut HandoverFields,
    ) -> XmlResult<()> {
        let name = el.local_name();
        if name == names.tracking {
            let v = self.parse(el)?;
            self.set(&mut fields.tracking, v, el)
        } else if name == names.items {
            let v = self.whole(el)?;
            self.set(&mut fields.items, v, el)
        } else if name == names.handed_at {
            let v = self.date_time(el)?;
            self.set(&mut fields.handed_at, v, el)
        } else if name == names.postal_worker {
            let v = self.string(el)?;
            self.set(&mut fields.postal_worker, v, el)
        } else if Some(name) == names.seal {
            let v = self.string(el)?;
            self.set(&mut fields.seal, v, el)
        } else {
            Err(self.unknown(el))
        }
    }
}

impl<V: FormatVersion> Envelope<V> {
    /// Writes the fields of a [`Notice::ResultHandedToPost`] (nothing for another notice). A seal is written
    /// only where the version has the field: the encoder refuses such a notice beforehand, so nothing is lost.
    pub fn write_handover(&self, w: &mut XmlWriter, names: &HandoverNames, notice: &Notice) {
        let Notice::ResultHandedToPost {
            tracking,
            items,
            handed_at,
            postal_worker,
            seal,
        } = notice
        else {
            return;
        };
        w.leaf(names.tracking, &[], tracking.as_ref());
        w.leaf(names.items, &[], &items.to_string());
        w.leaf(names.handed_at, &[], &self.date_time_text(*handed_at));
        if let Some(worker) = postal_worker {
            w.leaf(names.postal_worker, &[], worker);
        }
        if let (Some(name), Some(seal)) = (names.seal, seal) {
            w.leaf(name, &[], seal);
        }
    }
}
