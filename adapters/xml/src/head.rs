//! What opens the body of every message: the dossier, the agency and the agency's reference for the dossier.

use hoso_core::adapter::AgencyRef;
use hoso_core::{AgencyCode, DossierCode};

use crate::{EncodeError, Envelope, FormatVersion, XmlWriter};

/// The element names of the dossier, the agency and the reference, in one version of a format. A version
/// without an agency field has `agency: None`: its messages are about the codec's own agency.
#[derive(Debug, Clone, Copy)]
pub struct HeadNames {
    /// The dossier's code.
    pub dossier: &'static str,
    /// The agency's code, in the versions that carry it.
    pub agency: Option<&'static str>,
    /// The agency's reference for the dossier (its receipt number).
    pub reference: &'static str,
}

impl<V: FormatVersion> Envelope<V> {
    /// Writes the dossier, the agency where the version has the field, and the reference when given.
    ///
    /// # Errors
    /// `Unsupported` when `agency` is another agency than `own` and the version has no agency field: written
    /// without it, the message would read back as `own`'s.
    pub fn write_head(
        &self,
        w: &mut XmlWriter,
        names: &HeadNames,
        own: &AgencyCode,
        dossier: &DossierCode,
        agency: Option<&AgencyCode>,
        reference: Option<&AgencyRef>,
    ) -> Result<(), EncodeError> {
        w.leaf(names.dossier, &[], dossier.as_str());
        match (names.agency, agency) {
            (Some(name), Some(agency)) => w.leaf(name, &[], agency.as_str()),
            (None, Some(agency)) if agency != own => {
                return Err(format!(
                    "this version of {} cannot name agency {agency} (it has no agency field)",
                    self.format
                )
                .into());
            }
            _ => {}
        }
        if let Some(reference) = reference {
            w.leaf(names.reference, &[], reference.as_str());
        }
        Ok(())
    }
}
