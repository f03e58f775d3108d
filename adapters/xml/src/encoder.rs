//! What every message encoder of an XML format holds: the writer, the envelope, the version and the agency it
//! speaks for; and what it writes the same way in every format (the root, the head, the result form, the
//! notice's root name).

use hoso_core::adapter::{AgencyMessage, AgencyRef, Notice, NoticeKind};
use hoso_core::{AgencyCode, DossierCode};
use jiff::Timestamp;

use crate::{EncodeError, Envelope, FormatVersion, HeadNames, NoticeNames, XmlWriter};

/// The notices a format carries, each with the name of its root element.
pub type NoticeRoots = [(NoticeKind, &'static str)];

/// The element that says how the applicant takes the result, and its values: `(text, by post)`. The first
/// value of each meaning is the one written; every one listed is read.
///
/// ```
/// use hoso_xml::{ResultFormNames, XmlWriter};
/// const V2: ResultFormNames = ResultFormNames {
///     name: "HinhThucNhanKetQua",
///     values: &[("BUU_DIEN", true), ("TRUC_TIEP", false)],
/// };
/// let mut w = XmlWriter::new();
/// V2.write(&mut w, true);
/// let xml = String::from_utf8(w.finish()?)?;
/// assert!(xml.contains("<HinhThucNhanKetQua>BUU_DIEN</HinhThucNhanKetQua>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ResultFormNames {
    /// The element's name.
    pub name: &'static str,
    /// Its values and what each means: `true` by post, `false` at the desk.
    pub values: &'static [(&'static str, bool)],
}

impl ResultFormNames {
    /// Writes the element for `by_post`; nothing when the table has no value of that meaning.
    pub fn write(&self, w: &mut XmlWriter, by_post: bool) {
        if let Some((text, _)) = self.values.iter().find(|(_, v)| *v == by_post) {
            w.leaf(self.name, &[], text);
        }
    }
}

/// The writer of one message in one version of a format, with the envelope's parts written the same way for
/// every format. An agency crate's encoder holds one beside its own names table.
///
/// ```
/// use hoso_core::adapter::{Notice, NoticeKind};
/// use hoso_xml::{DateFormat, DateTimeFormat, Envelope, HeadNames, MessageEncoder, NoticeRoots};
/// # hoso_xml::format_versions! { pub enum Version { V1 => ("urn:example:v1", "1", optional) } }
/// static ENVELOPE: Envelope<Version> = Envelope {
///     format: "the example office's format",
///     versions: &Version::ALL,
///     namespace_prefix: "urn:example:",
///     version_attribute: "phienBan",
///     message_id_attribute: "maThongDiep",
///     sent_at_attribute: "thoiGianGui",
///     date: DateFormat { pattern: "yyyy-MM-dd" },
///     date_time: DateTimeFormat { pattern: "yyyy-MM-ddTHH:mm:ss+07:00" },
///     inner_attributes: |_| &[],
/// };
/// const HEAD: HeadNames = HeadNames { dossier: "MaHoSo", agency: None, reference: "SoBienNhan" };
/// const ROOTS: &NoticeRoots = &[(NoticeKind::Refused, "TuChoiHoSo")];
///
/// let agency = "000.00.15.H22".parse()?;
/// let mut e = MessageEncoder::new(&ENVELOPE, Version::V1, &HEAD, &agency);
/// let refused = Notice::Refused { reason: "Thiếu giấy tờ".into(), reason_code: None, legal_basis: None };
/// let root = MessageEncoder::<Version>::notice_root(ROOTS, &refused)?;
/// e.open_root(root, "m-1", "2026-03-02T01:00:00Z".parse()?);
/// e.head(&"000.00.15.H22-260302-0001".parse()?, None, None)?;
/// e.w.close(root);
/// let xml = String::from_utf8(e.finish()?)?;
/// assert!(xml.contains(r#"<TuChoiHoSo xmlns="urn:example:v1" phienBan="1" maThongDiep="m-1""#), "{xml}");
/// // A notice the format has no root for is an error, not a message of another kind.
/// let paid = Notice::ObligationPaid { amount: hoso_core::Vnd(50_000), receipt: None };
/// assert!(MessageEncoder::<Version>::notice_root(ROOTS, &paid).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct MessageEncoder<'a, V: 'static> {
    /// The writer of the message's elements.
    pub w: XmlWriter,
    envelope: &'static Envelope<V>,
    version: V,
    head: &'static HeadNames,
    agency: &'a AgencyCode,
}

impl<'a, V: FormatVersion> MessageEncoder<'a, V> {
    /// An empty message in `version` of the format whose envelope is `envelope`, for the codec of `agency`.
    pub fn new(
        envelope: &'static Envelope<V>,
        version: V,
        head: &'static HeadNames,
        agency: &'a AgencyCode,
    ) -> Self {
        MessageEncoder {
            w: XmlWriter::trimmed(),
            envelope,
            version,
            head,
            agency,
        }
    }

    /// The version written.
    pub fn version(&self) -> V {
        self.version
    }

    /// The agency the codec speaks for.
    pub fn agency(&self) -> &'a AgencyCode {
        self.agency
    }

    /// The envelope of the format.
    pub fn envelope(&self) -> &'static Envelope<V> {
        self.envelope
    }

    /// Opens the root element `name`: namespace, version, message id and send time
    /// ([`Envelope::open_root`]).
    pub fn open_root(&mut self, name: &str, message_id: &str, sent_at: Timestamp) {
        self.envelope
            .open_root(&mut self.w, self.version, name, message_id, sent_at);
    }

    /// Writes the dossier, the agency and the reference ([`Envelope::write_head`]).
    ///
    /// # Errors
    /// As [`Envelope::write_head`]: another agency than the codec's, in a version without an agency field.
    pub fn head(
        &mut self,
        dossier: &DossierCode,
        agency: Option<&AgencyCode>,
        reference: Option<&AgencyRef>,
    ) -> Result<(), EncodeError> {
        self.envelope.write_head(
            &mut self.w,
            self.head,
            self.agency,
            dossier,
            agency,
            reference,
        )
    }

    /// The root element of `notice` in a format whose notices are `roots`.
    ///
    /// # Errors
    /// `Unsupported` when the format has no message for that kind of notice.
    pub fn notice_root(roots: &NoticeRoots, notice: &Notice) -> Result<&'static str, EncodeError> {
        let kind = notice.kind();
        roots
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, name)| *name)
            .ok_or_else(|| format!("notice {kind:?} has no form in this format").into())
    }

    /// Opens notice `m`: its root element (from `roots`), the head with the message's agency and reference,
    /// and the fields of the notices every format writes alike ([`Envelope::write_common_notice`]). Answers
    /// the root, to end the notice with, and whether the notice's fields are written: when not, the format
    /// writes its own.
    ///
    /// # Errors
    /// A notice the format has no message for, a head the version cannot carry, or a processing update
    /// without a status code in the format.
    pub fn open_notice(
        &mut self,
        roots: &NoticeRoots,
        names: &NoticeNames,
        m: &AgencyMessage,
    ) -> Result<(&'static str, bool), EncodeError> {
        let root = Self::notice_root(roots, &m.notice)?;
        self.open_root(root, &m.message_id, m.sent_at);
        self.head(&m.dossier, Some(&m.agency), m.reference.as_ref())?;
        let written = self
            .envelope
            .write_common_notice(&mut self.w, names, &m.notice)?;
        Ok((root, written))
    }

    /// Ends a notice opened by [`MessageEncoder::open_notice`]: the officer, where the message names one and
    /// the format has a field for it, then the root element; the message's bytes.
    ///
    /// # Errors
    /// As [`MessageEncoder::finish`].
    pub fn end_notice(
        self,
        officer_name: &str,
        officer: Option<&str>,
        root: &str,
    ) -> Result<Vec<u8>, EncodeError> {
        self.envelope
            .end_notice(self.w, officer_name, officer, root)
    }

    /// The message's bytes.
    ///
    /// # Errors
    /// The first value of the message that would not read back ([`crate::Unwritable`]): a character XML
    /// cannot carry, a blank or padded value, or what is past the decoders' default [`crate::Limits`].
    pub fn finish(self) -> Result<Vec<u8>, EncodeError> {
        Ok(self.w.finish()?)
    }
}
