//! The notice that the result was handed to the post, which every agency's format writes the same way.

use hoso_core::adapter::Notice;

use crate::{Envelope, FormatVersion, XmlWriter};

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
