//! Which format a file is in, told from its first bytes: the XML namespace of an agency message, or the
//! top-level keys of a JSON document.
//!
//! Detection reads at most [`SNIFF_BYTES`] and never parses the whole input: it only picks the decoder, which
//! then checks everything.

use std::fmt;

use serde::Serialize;

/// How many bytes detection looks at.
pub const SNIFF_BYTES: usize = 16 * 1024;

/// A format `hoso validate` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Format {
    /// The licensing authority's XML (hồ sơ giấy phép lái xe; namespace `urn:hoso:gplx:v1`/`v2`).
    LicensingXml,
    /// The land registry's XML (đăng ký đất đai; namespace `urn:hoso:dangkydatdai:v1`/`v2`).
    LandXml,
    /// The police's JSON (`schemaVersion` 1 or 2, `messageType`, `payload`).
    PoliceJson,
    /// The judicial records office's JSON (phiếu lý lịch tư pháp; `version` 1 or 2, `messageType`,
    /// `dossierCode`, `payload`).
    JudicialJson,
    /// The national portal's dossier sync message (HoSoDongBoDVC, Cổng Dịch vụ công quốc gia).
    PortalDossier,
    /// The national portal's progress step (QuaTrinhXuLy).
    PortalProgress,
    /// A custody evidence file (hồ sơ chứng cứ; `docs/schemas/evidence.schema.json`).
    Evidence,
    /// A trust anchor file (`docs/schemas/anchors.schema.json`).
    TrustAnchors,
    /// A holiday schedule (lịch nghỉ lễ; `docs/schemas/holiday-schedule.schema.json`).
    HolidaySchedule,
    /// The procedure catalogue (danh mục thủ tục hành chính; `docs/schemas/procedure.schema.json`).
    ProcedureCatalogue,
}

impl Format {
    /// Every format, in the order `hoso validate --help` lists them.
    pub const ALL: [Format; 10] = [
        Format::LicensingXml,
        Format::LandXml,
        Format::PoliceJson,
        Format::JudicialJson,
        Format::PortalDossier,
        Format::PortalProgress,
        Format::Evidence,
        Format::TrustAnchors,
        Format::HolidaySchedule,
        Format::ProcedureCatalogue,
    ];

    /// The format's name in reports (`licensing-xml`, `evidence`, …).
    pub fn name(self) -> &'static str {
        match self {
            Format::LicensingXml => "licensing-xml",
            Format::LandXml => "land-xml",
            Format::PoliceJson => "police-json",
            Format::JudicialJson => "judicial-json",
            Format::PortalDossier => "portal-dossier",
            Format::PortalProgress => "portal-progress",
            Format::Evidence => "evidence",
            Format::TrustAnchors => "trust-anchors",
            Format::HolidaySchedule => "holiday-schedule",
            Format::ProcedureCatalogue => "procedure-catalogue",
        }
    }

    /// Whether the format is JSON (and so may come as NDJSON, one document a line).
    pub fn is_json(self) -> bool {
        !matches!(self, Format::LicensingXml | Format::LandXml)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why no format was recognised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unrecognised {
    /// Nothing but white space.
    #[error("empty input")]
    Empty,
    /// XML in a namespace no agency format uses.
    #[error(
        "XML in namespace {found:?}, which is no known format (urn:hoso:gplx:v1/v2, urn:hoso:dangkydatdai:v1/v2)"
    )]
    WrongNamespace {
        /// The namespace found (empty when the root names none).
        found: String,
    },
    /// A JSON object whose keys fit no known format.
    #[error("JSON object with keys {keys:?}, which fit no known format")]
    UnknownJson {
        /// The top-level keys read (at most the first 16).
        keys: Vec<String>,
    },
    /// Neither XML nor a JSON object.
    #[error("neither XML nor a JSON object (first byte 0x{first:02x} at byte {offset})")]
    NotText {
        /// The first byte that is not white space.
        first: u8,
        /// Its offset.
        offset: usize,
    },
}

/// Tells the format of `input` from its first [`SNIFF_BYTES`].
///
/// ```
/// use hoso_cli::format::{Format, detect};
/// let police = br#"{"schemaVersion": 2, "messageType": "statusUpdate", "payload": {}}"#;
/// assert_eq!(detect(police), Ok(Format::PoliceJson));
/// let land = br#"<?xml version="1.0"?><NopHoSo xmlns="urn:hoso:dangkydatdai:v2"/>"#;
/// assert_eq!(detect(land), Ok(Format::LandXml));
/// ```
///
/// # Errors
/// [`Unrecognised`] when the input is empty, XML of another namespace, JSON of another shape, or neither.
pub fn detect(input: &[u8]) -> Result<Format, Unrecognised> {
    let head = input.get(..SNIFF_BYTES).unwrap_or(input);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(offset) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(Unrecognised::Empty);
    };
    match head[offset] {
        b'<' => detect_xml(&head[offset..]),
        b'{' => detect_json(&head[offset..]),
        first => Err(Unrecognised::NotText { first, offset }),
    }
}

fn detect_xml(head: &[u8]) -> Result<Format, Unrecognised> {
    let found = namespace(head).unwrap_or_default();
    if found.starts_with("urn:hoso:gplx:") {
        Ok(Format::LicensingXml)
    } else if found.starts_with("urn:hoso:dangkydatdai:") {
        Ok(Format::LandXml)
    } else {
        Err(Unrecognised::WrongNamespace { found })
    }
}

/// The default namespace of the root element: the first `xmlns="…"` after the prolog.
fn namespace(head: &[u8]) -> Option<String> {
    let mut rest = head;
    // Skip the declaration, comments and processing instructions up to the root's start tag.
    loop {
        let start = rest.iter().position(|&b| b == b'<')?;
        rest = &rest[start..];
        if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            let end = rest.iter().position(|&b| b == b'>')?;
            rest = &rest[end + 1..];
        } else {
            break;
        }
    }
    let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
    let tag = &rest[..end];
    let at = tag.windows(6).position(|w| w == b"xmlns=")?;
    let value = &tag[at + 6..];
    let quote = *value.first()?;
    let value = &value[1..];
    let close = value.iter().position(|&b| b == quote)?;
    Some(String::from_utf8_lossy(&value[..close]).into_owned())
}

fn detect_json(head: &[u8]) -> Result<Format, Unrecognised> {
    let mut keys = top_level_keys(head);
    let has = |k: &str| keys.iter().any(|key| key == k);
    // The judicial office's envelope says `version` where the police's says `schemaVersion`.
    let format =
        if has("version") && !has("schemaVersion") && (has("messageType") || has("dossierCode")) {
            Format::JudicialJson
        } else if has("messageType") || (has("schemaVersion") && has("payload")) {
            Format::PoliceJson
        } else if has("MaHoSo") && (has("NoiDungXuLy") || has("NguoiXuLy")) {
            Format::PortalProgress
        } else if has("MaHoSo") {
            Format::PortalDossier
        } else if has("records") || has("registry") {
            Format::Evidence
        } else if has("anchors") {
            Format::TrustAnchors
        } else if has("procedures") {
            Format::ProcedureCatalogue
        } else if has("year") && (has("days_off") || has("official") || has("references")) {
            Format::HolidaySchedule
        } else {
            keys.truncate(16);
            return Err(Unrecognised::UnknownJson { keys });
        };
    Ok(format)
}

/// The keys of the outermost object that appear in `head` (a cheap scan, not a parse: it tracks strings
/// and nesting only; what it misses the decoder reports).
fn top_level_keys(head: &[u8]) -> Vec<String> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < head.len() {
        match head[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < head.len() && head[j] != b'"' {
                    j += if head[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(head.len());
                let next = head
                    .get(end + 1..)
                    .and_then(|r| r.iter().find(|b| !b.is_ascii_whitespace()));
                if depth == 1 && next == Some(&b':') {
                    keys.push(String::from_utf8_lossy(&head[start..end]).into_owned());
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_sample_is_recognised_as_its_format() {
        let cases: [(&[u8], Format); 9] = [
            (
                include_bytes!("../../licensing/samples/v1/nop-ho-so.xml"),
                Format::LicensingXml,
            ),
            (
                include_bytes!("../../land/samples/v2/bien-nhan.xml"),
                Format::LandXml,
            ),
            (
                include_bytes!("../../police/samples/v1/statusUpdate.json"),
                Format::PoliceJson,
            ),
            (
                include_bytes!("../../judicial/samples/v1/accepted.json"),
                Format::JudicialJson,
            ),
            (
                include_bytes!("../../judicial/samples/v2/application.json"),
                Format::JudicialJson,
            ),
            (
                include_bytes!("../../dvcqg/samples/HoSoDongBoDVC-tiep-nhan.json"),
                Format::PortalDossier,
            ),
            (
                include_bytes!("../../dvcqg/samples/QuaTrinhXuLy-bo-sung.json"),
                Format::PortalProgress,
            ),
            (
                include_bytes!("../../../docs/schemas/evidence.sample.json"),
                Format::Evidence,
            ),
            (
                include_bytes!("../../../docs/schemas/anchors.sample.json"),
                Format::TrustAnchors,
            ),
        ];
        for (bytes, format) in cases {
            assert_eq!(detect(bytes), Ok(format));
        }
        assert_eq!(
            detect(include_bytes!("../../../core/data/holidays/2026.json")),
            Ok(Format::HolidaySchedule)
        );
        assert_eq!(
            detect(include_bytes!("../../../core/data/procedures.json")),
            Ok(Format::ProcedureCatalogue)
        );
    }

    #[test]
    fn keys_inside_nested_objects_and_strings_do_not_count() {
        let json = br#"{"note": "\"anchors\": here", "inner": {"anchors": []}}"#;
        assert_eq!(
            detect(json),
            Err(Unrecognised::UnknownJson {
                keys: vec!["note".into(), "inner".into()]
            })
        );
    }

    #[test]
    fn another_namespace_is_named() {
        let xml = br#"<?xml version="1.0"?><!-- x --><NopHoSo xmlns='urn:other:v1'/>"#;
        assert_eq!(
            detect(xml),
            Err(Unrecognised::WrongNamespace {
                found: "urn:other:v1".into()
            })
        );
    }

    #[test]
    fn empty_and_binary_inputs_are_refused() {
        assert_eq!(detect(b" \n\t"), Err(Unrecognised::Empty));
        assert_eq!(
            detect(b"\n\x00\x01"),
            Err(Unrecognised::NotText {
                first: 0,
                offset: 1
            })
        );
    }
}
