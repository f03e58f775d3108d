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
    sniff(input).map(|sniffed| sniffed.format)
}

/// What the first bytes tell: the format and, for the agencies' JSON envelopes, the version number they
/// name (`schemaVersion` for the police's, `version` for the judicial office's), read in the same pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sniffed {
    pub(crate) format: Format,
    pub(crate) version: Option<u64>,
}

/// [`detect`], with the envelope's version number.
pub(crate) fn sniff(input: &[u8]) -> Result<Sniffed, Unrecognised> {
    let head = input.get(..SNIFF_BYTES).unwrap_or(input);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(offset) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(Unrecognised::Empty);
    };
    match head[offset] {
        b'<' => detect_xml(&head[offset..]).map(|format| Sniffed {
            format,
            version: None,
        }),
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

/// The top-level keys that tell the JSON formats apart, as bits.
mod key {
    pub(super) const VERSION: u16 = 1;
    pub(super) const SCHEMA_VERSION: u16 = 1 << 1;
    pub(super) const MESSAGE_TYPE: u16 = 1 << 2;
    pub(super) const DOSSIER_CODE: u16 = 1 << 3;
    pub(super) const PAYLOAD: u16 = 1 << 4;
    pub(super) const MA_HO_SO: u16 = 1 << 5;
    pub(super) const NOI_DUNG_XU_LY: u16 = 1 << 6;
    pub(super) const NGUOI_XU_LY: u16 = 1 << 7;
    pub(super) const RECORDS: u16 = 1 << 8;
    pub(super) const REGISTRY: u16 = 1 << 9;
    pub(super) const ANCHORS: u16 = 1 << 10;
    pub(super) const PROCEDURES: u16 = 1 << 11;
    pub(super) const YEAR: u16 = 1 << 12;
    pub(super) const DAYS_OFF: u16 = 1 << 13;
    pub(super) const OFFICIAL: u16 = 1 << 14;
    pub(super) const REFERENCES: u16 = 1 << 15;

    /// The bit of `key`, 0 for a key that tells nothing.
    pub(super) fn bit(key: &[u8]) -> u16 {
        match key {
            b"version" => VERSION,
            b"schemaVersion" => SCHEMA_VERSION,
            b"messageType" => MESSAGE_TYPE,
            b"dossierCode" => DOSSIER_CODE,
            b"payload" => PAYLOAD,
            b"MaHoSo" => MA_HO_SO,
            b"NoiDungXuLy" => NOI_DUNG_XU_LY,
            b"NguoiXuLy" => NGUOI_XU_LY,
            b"records" => RECORDS,
            b"registry" => REGISTRY,
            b"anchors" => ANCHORS,
            b"procedures" => PROCEDURES,
            b"year" => YEAR,
            b"days_off" => DAYS_OFF,
            b"official" => OFFICIAL,
            b"references" => REFERENCES,
            _ => 0,
        }
    }
}

/// The format the top-level keys `seen` tell, by the first rule that holds. `complete` says whether every
/// key has been read: a rule that needs a key to be absent holds only then.
fn format_of(seen: u16, complete: bool) -> Option<Format> {
    use key::*;
    let has = |bits: u16| seen & bits != 0;
    // The police's envelope says `schemaVersion` where the judicial office's says `version`: with both
    // `schemaVersion` and `messageType` it is the police's, whatever else follows.
    if has(SCHEMA_VERSION) && has(MESSAGE_TYPE) {
        return Some(Format::PoliceJson);
    }
    if !complete {
        return None;
    }
    let format = if has(VERSION) && !has(SCHEMA_VERSION) && has(MESSAGE_TYPE | DOSSIER_CODE) {
        Format::JudicialJson
    } else if has(MESSAGE_TYPE) || (has(SCHEMA_VERSION) && has(PAYLOAD)) {
        Format::PoliceJson
    } else if has(MA_HO_SO) && has(NOI_DUNG_XU_LY | NGUOI_XU_LY) {
        Format::PortalProgress
    } else if has(MA_HO_SO) {
        Format::PortalDossier
    } else if has(RECORDS | REGISTRY) {
        Format::Evidence
    } else if has(ANCHORS) {
        Format::TrustAnchors
    } else if has(PROCEDURES) {
        Format::ProcedureCatalogue
    } else if has(YEAR) && has(DAYS_OFF | OFFICIAL | REFERENCES) {
        Format::HolidaySchedule
    } else {
        return None;
    };
    Some(format)
}

fn detect_json(head: &[u8]) -> Result<Sniffed, Unrecognised> {
    if let Some(sniffed) = compact_police_header(head) {
        return Ok(sniffed);
    }
    let (mut seen, mut early) = (0, None);
    let (mut schema_version, mut version) = (None, None);
    top_level_members(head, |name, value| {
        let bit = key::bit(name);
        if bit == key::SCHEMA_VERSION {
            schema_version = plain_number(value);
        } else if bit == key::VERSION {
            version = plain_number(value);
        }
        seen |= bit;
        early = format_of(seen, false);
        early.is_none()
    });
    if let Some(format) = early.or_else(|| format_of(seen, true)) {
        let version = match format {
            Format::PoliceJson => schema_version,
            Format::JudicialJson => version,
            _ => None,
        };
        return Ok(Sniffed { format, version });
    }
    let mut keys = Vec::new();
    top_level_members(head, |name, _| {
        keys.push(String::from_utf8_lossy(name).into_owned());
        keys.len() < 16
    });
    Err(Unrecognised::UnknownJson { keys })
}

/// The police's envelope as the police and this crate's encoder write it, compact and header first
/// (`{"schemaVersion":2,"messageType":…`): told by comparing bytes, the scan of [`top_level_members`] being
/// most of what detection costs on a batch of police messages. Gives what that scan gives, the police's
/// format on its first two keys with the version the first names (a test holds the two to the same answer);
/// `None` for any other form, which the scan reads.
fn compact_police_header(head: &[u8]) -> Option<Sniffed> {
    let rest = head.strip_prefix(br#"{"schemaVersion":"#)?;
    let digits = rest
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !rest[digits..].starts_with(br#","messageType":"#) {
        return None;
    }
    Some(Sniffed {
        format: Format::PoliceJson,
        version: Some(plain_number(&rest[..=digits])?),
    })
}

/// The plain unsigned integer `value` starts with (the bytes after a key's colon), if it is one.
fn plain_number(value: &[u8]) -> Option<u64> {
    let digits = value.iter().take_while(|b| b.is_ascii_digit()).count();
    let ends = value
        .get(digits)
        .is_none_or(|b| matches!(b, b',' | b'}' | b' ' | b'\t' | b'\r' | b'\n'));
    if digits == 0 || !ends {
        return None;
    }
    std::str::from_utf8(&value[..digits]).ok()?.parse().ok()
}

/// The offset of the quote that closes the string starting at `start` (`head.len()` when it is cut off):
/// the first `"` not escaped, found with `memchr` (most of a message's bytes are inside strings; a loop over
/// the bytes of short strings instead measured slower on the police's messages).
fn string_end(head: &[u8], start: usize) -> usize {
    let mut at = start;
    while let Some(found) = head
        .get(at..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        let j = at + found;
        if head[j] == b'"' {
            return j;
        }
        at = j + 2;
    }
    head.len()
}

/// Calls `member` with each key of the outermost object that appears in `head` and the bytes after its
/// colon (white space skipped), until it returns `false`. A cheap scan, not a parse: it tracks strings and
/// nesting only, and what it misses the decoder reports.
fn top_level_members(head: &[u8], mut member: impl FnMut(&[u8], &[u8]) -> bool) {
    let mut depth = 0usize;
    let mut i = 0;
    while i < head.len() {
        match head[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                let end = string_end(head, start);
                if depth == 1 {
                    let after = head.get(end + 1..).unwrap_or_default();
                    let colon = after.iter().position(|b| !b.is_ascii_whitespace());
                    if let Some(at) = colon.filter(|&at| after[at] == b':') {
                        let value = &after[at + 1..];
                        let skip = value.iter().take_while(|b| b.is_ascii_whitespace()).count();
                        if !member(&head[start..end], &value[skip..]) {
                            return;
                        }
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
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
    fn the_compact_police_header_is_told_as_the_scan_tells_it() {
        let scanned = |head: &[u8]| {
            let mut shown = head.to_vec();
            // A space after the brace is not the compact form: the scan reads it.
            shown.insert(1, b' ');
            detect_json(&shown)
        };
        for head in [
            &br#"{"schemaVersion":2,"messageType":"statusUpdate","payload":{}}"#[..],
            br#"{"schemaVersion":1,"messageType":"x"}"#,
            br#"{"schemaVersion":12,"messageType":"x"}"#,
        ] {
            let fast = compact_police_header(head).expect("the compact form");
            assert_eq!(Ok(fast), scanned(head), "{}", String::from_utf8_lossy(head));
        }
        for other in [
            &br#"{"schemaVersion":"2","messageType":"x"}"#[..],
            br#"{"schemaVersion":,"messageType":"x"}"#,
            br#"{"schemaVersion":99999,"messageType":"x"}"#,
            br#"{"schemaVersion":2, "messageType":"x"}"#,
            br#"{"schemaVersion":2,"payload":{}}"#,
            br#"{"schemaVersion":2"#,
        ] {
            assert_eq!(
                compact_police_header(other),
                None,
                "{}",
                String::from_utf8_lossy(other)
            );
        }
        // Every police sample as the police's encoder writes it takes the comparison.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../police/samples");
        let mut compared = 0;
        for version in ["v1", "v2"] {
            for entry in std::fs::read_dir(format!("{dir}/{version}")).unwrap() {
                let path = entry.unwrap().path();
                let bytes = std::fs::read(&path).unwrap();
                let message = hoso_police::codec::decode(&bytes).unwrap();
                let written = hoso_police::codec::encode(&message).unwrap();
                let fast = compact_police_header(&written);
                assert!(fast.is_some(), "{}", path.display());
                assert_eq!(Ok(fast.unwrap()), scanned(&written), "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared >= 10, "{compared} samples");
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
    fn the_envelopes_version_is_read_from_the_outermost_object_only() {
        let version = |json: &[u8]| sniff(json).unwrap().version;
        let police = br#"{"payload": {"schemaVersion": 7, "s": "\"schemaVersion\": 9"}, "messageType": "x", "schemaVersion": 2}"#;
        assert_eq!(version(police), Some(2));
        assert_eq!(
            version(br#"{"schemaVersion": "2", "messageType": "x"}"#),
            None
        );
        assert_eq!(
            version(br#"{"schemaVersion": 2.5, "messageType": "x"}"#),
            None
        );
        assert_eq!(version(br#"{"version":1,"messageType":"x"}"#), Some(1));
        // Only an agency's envelope has a version here.
        assert_eq!(version(br#"{"version": 1, "anchors": []}"#), None);
    }

    #[test]
    fn a_string_ends_at_its_first_unescaped_quote_short_or_long() {
        let long = format!("\"{}\\\"{}\" x", "a".repeat(40), "b".repeat(5));
        assert_eq!(string_end(long.as_bytes(), 1), 48);
        assert_eq!(string_end(br#""ab\"c" x"#, 1), 6);
        assert_eq!(string_end(br#""ab\\" x"#, 1), 5);
        // Cut off, and cut off after a backslash.
        assert_eq!(string_end(br#""abc"#, 1), 4);
        assert_eq!(string_end(br#""ab\"#, 1), 4);
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
