//! Checks one document: its format told from its first bytes, then its syntax, its codec (the typed decode
//! the library itself uses) and, for JSON, its shipped JSON Schema.
//!
//! XML messages are checked by their codec, which refuses everything their XSD refuses that `hoso` reads
//! (the conformance kit checks the samples against the XSDs with `xmllint`); no XSD engine is run here.

use std::borrow::Cow;

use hoso_core::AgencyCode;
use hoso_core::adapter::{AgencyMessage, AgencySide, Decoded, Location, SubmissionReceipt};
use serde::Serialize;

use crate::format::{Format, Unrecognised, sniff};
use crate::schemas::Compiled;

/// The largest document read whole by default (16 MiB): larger files are refused unread.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Which step found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stage {
    /// The format could not be told (empty, binary, another namespace, unknown JSON).
    Format,
    /// The document is too large to read.
    Size,
    /// Not well-formed JSON, or not UTF-8.
    Syntax,
    /// The codec refused it.
    Codec,
    /// The JSON Schema refused it.
    Schema,
}

/// What is wrong with a document, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The step that found it.
    pub stage: Stage,
    /// The format, when it was told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// What is wrong (never personal data: the codecs quote field names, not values).
    pub message: String,
    /// Where: a line and column, or a JSON path.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "location")]
    pub location: Option<Location>,
}

fn location<S: serde::Serializer>(l: &Option<Location>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(None)?;
    match l {
        Some(Location::Line { line, column }) => {
            map.serialize_entry("line", line)?;
            map.serialize_entry("column", column)?;
        }
        Some(Location::JsonPath(path)) => map.serialize_entry("path", path)?,
        Some(other) => map.serialize_entry("at", &other.to_string())?,
        None => {}
    }
    map.end()
}

impl Problem {
    fn new(stage: Stage, format: Option<Format>, message: impl Into<String>) -> Self {
        Self {
            stage,
            format,
            message: message.into(),
            location: None,
        }
    }

    fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// A document larger than `limit` bytes, refused unread.
    pub fn too_large(size: u64, limit: u64) -> Self {
        Self::new(
            Stage::Size,
            None,
            format!("{size} bytes, more than the {limit} bytes read whole (see --max-bytes)"),
        )
    }
}

/// A document that passed every check, and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Its format.
    pub format: Format,
    /// The format's version, when the format has versions (`v1`, `v2`): borrowed for the versions every
    /// format has, so that checking a message allocates nothing for it.
    pub version: Option<Cow<'static, str>>,
    /// What kind of document it is within its format (`notice`, `outbound`, `receipt`, …).
    pub kind: &'static str,
    held: Held,
}

/// What a checked document decoded to: an agency message is kept as the codec gave it and rendered only
/// when asked for ([`Checked::content`]), so that `hoso validate` pays for no rendering.
#[derive(Debug, Clone, PartialEq)]
enum Held {
    Agency(Decoded),
    /// Decoded by a codec of a format that carries no agency (the JSON ones) for a placeholder agency: the
    /// agency shown is that of the message's own dossier code.
    AgencyOfDossier(Decoded),
    Value(serde_json::Value),
}

impl Checked {
    /// The normalised content, as `hoso decode` prints it.
    ///
    /// ```
    /// let checker = hoso_cli::check::Checker::new();
    /// let ok = checker.check(include_bytes!("../../../police/samples/v2/resultReady.json")).unwrap();
    /// assert_eq!(ok.kind, "notice");
    /// assert!(ok.content().unwrap().is_object());
    /// ```
    ///
    /// # Errors
    /// A [`Problem`] of [`Stage::Codec`] if the content cannot be rendered as JSON.
    pub fn content(&self) -> Result<serde_json::Value, Problem> {
        let rendered = match &self.held {
            Held::Value(value) => return Ok(value.clone()),
            Held::Agency(Decoded::Notice(m)) => serde_json::to_value(m),
            Held::AgencyOfDossier(Decoded::Notice(m)) => serde_json::to_value(AgencyMessage {
                agency: m.dossier.agency_code(),
                ..m.clone()
            }),
            Held::Agency(Decoded::Outbound(m)) | Held::AgencyOfDossier(Decoded::Outbound(m)) => {
                serde_json::to_value(m)
            }
            Held::Agency(Decoded::Receipt(r)) => serde_json::to_value(r),
            Held::AgencyOfDossier(Decoded::Receipt(r)) => serde_json::to_value(SubmissionReceipt {
                agency: r.dossier.agency_code(),
                ..r.clone()
            }),
        };
        rendered.map_err(|e| Problem::new(Stage::Codec, Some(self.format), e.to_string()))
    }
}

/// When the shipped JSON Schema of an agency's JSON format (police, judicial) is run.
///
/// Those schemas are generated (`schemars`) from the very wire types the codecs decode into, and the
/// conformance kit holds each codec to refusing every document derived from its samples that the schema
/// refuses (`hoso_testkit::samples_validate_against_json_schema`), while the fuzz target `schema_agreement`
/// searches for a document one accepts and the other refuses. So a message the codec accepts conforms to its
/// schema, and one it refuses is reported by the codec, which runs first. Running the schema as well would
/// find nothing more, at 2.6 times the codec's cost (`docs/cli.md`, Performance); [`SchemaRun::Always`] runs
/// it anyway, to check that claim on a user's own files. Every other JSON format's schema always runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SchemaRun {
    /// The agencies' schemas are implied by their codecs and not run (the default).
    #[default]
    ImpliedByCodec,
    /// Every schema runs on every document, after the codec (`hoso validate --always-schema`).
    Always,
}

static POLICE_V1: Compiled = Compiled::new("police-v1");
static POLICE_V2: Compiled = Compiled::new("police-v2");
static JUDICIAL_V1: Compiled = Compiled::new("judicial-v1");
static JUDICIAL_V2: Compiled = Compiled::new("judicial-v2");
static PORTAL_DOSSIER: Compiled = Compiled::new("portal-dossier");
static PORTAL_PROGRESS: Compiled = Compiled::new("portal-progress");
static EVIDENCE: Compiled = Compiled::new("evidence");
static ANCHORS: Compiled = Compiled::new("anchors");
static HOLIDAYS: Compiled = Compiled::new("holiday-schedule");
static PROCEDURE: Compiled = Compiled::new("procedure");

/// The agency a message is read for when neither the caller nor the message names one.
const UNNAMED_AGENCY: &str = "000.00.00.H01";

/// Checks documents.
#[derive(Debug, Clone)]
pub struct Checker {
    agency: Option<AgencyCode>,
    unnamed: AgencyCode,
    schema: SchemaRun,
    /// The JSON formats' codecs, built once (`Checker::reading_for`): they read every message for the same
    /// agency.
    police: hoso_police::PoliceCodec,
    judicial: hoso_judicial::JudicialCodec,
}

impl Default for Checker {
    fn default() -> Self {
        Self::new()
    }
}

impl Checker {
    /// A checker that reads each agency message for the agency of its dossier code (the receiving agency,
    /// mã cơ quan, is the part of the code before the date): an XML message, which names the agency it is
    /// addressed to, for the agency of the first dossier code in it; a JSON one, whose format names none and
    /// whose codec's verdict does not depend on it, for a placeholder, its content showing its dossier's.
    pub fn new() -> Self {
        // A constant, checked by the tests.
        let unnamed: AgencyCode = UNNAMED_AGENCY.parse().expect("a valid agency code");
        Self::reading_for(None, unnamed)
    }

    /// The codecs of the formats that carry no agency (the JSON ones) read for the checker's agency, or a
    /// placeholder, since their verdict does not depend on it (the agency shown is then the dossier's,
    /// [`Held::AgencyOfDossier`]); so a message is not searched for a dossier code first.
    fn reading_for(agency: Option<AgencyCode>, unnamed: AgencyCode) -> Self {
        let reading = agency.clone().unwrap_or_else(|| unnamed.clone());
        Self {
            police: hoso_police::PoliceCodec::new(reading.clone(), hoso_police::Version::V2),
            judicial: hoso_judicial::JudicialCodec::new(reading, hoso_judicial::Version::V2),
            agency,
            unnamed,
            schema: SchemaRun::default(),
        }
    }

    /// The same checker, running the agencies' JSON Schemas as `run` says.
    ///
    /// ```
    /// use hoso_cli::check::{Checker, SchemaRun};
    /// let sample = include_bytes!("../../../judicial/samples/v1/application.json");
    /// let (implied, always) = (Checker::new(), Checker::new().schema_run(SchemaRun::Always));
    /// assert_eq!(implied.check(sample), always.check(sample));
    /// ```
    pub fn schema_run(self, run: SchemaRun) -> Self {
        Self {
            schema: run,
            ..self
        }
    }

    /// A checker that reads every agency message for `agency`: a message addressed to another is invalid.
    pub fn for_agency(agency: AgencyCode) -> Self {
        let unnamed = Self::new().unnamed;
        Self::reading_for(Some(agency), unnamed)
    }

    fn agency_of(&self, bytes: &[u8]) -> AgencyCode {
        self.agency
            .clone()
            .or_else(|| named_agency(bytes))
            .unwrap_or_else(|| self.unnamed.clone())
    }

    /// Checks `bytes`: format, syntax, codec and schema.
    ///
    /// ```
    /// use hoso_cli::check::{Checker, Stage};
    /// use hoso_cli::format::Format;
    /// let checker = Checker::new();
    /// let ok = checker.check(include_bytes!("../../../licensing/samples/v2/nop-ho-so.xml")).unwrap();
    /// assert_eq!((ok.format, ok.kind), (Format::LicensingXml, "outbound"));
    /// let truncated = &include_bytes!("../../../police/samples/v2/statusUpdate.json")[..60];
    /// let problem = checker.check(truncated).unwrap_err();
    /// assert_eq!(problem.stage, Stage::Syntax);
    /// ```
    ///
    /// # Errors
    /// The first [`Problem`] found.
    pub fn check(&self, bytes: &[u8]) -> Result<Checked, Problem> {
        let sniffed = sniff(bytes).map_err(|e| {
            let location = match &e {
                Unrecognised::NotText { offset, .. } => Some(Location::of_offset(bytes, *offset)),
                _ => None,
            };
            Problem::new(Stage::Format, None, e.to_string()).at(location)
        })?;
        let format = sniffed.format;
        match format {
            Format::LicensingXml => {
                let codec = hoso_licensing::LicensingCodec::new(
                    self.agency_of(bytes),
                    hoso_licensing::Version::V2,
                );
                agency(format, codec.decode_any(bytes), bytes)
            }
            Format::LandXml => {
                let codec =
                    hoso_land::LandCodec::new(self.agency_of(bytes), hoso_land::Version::V2);
                agency(format, codec.decode_any(bytes), bytes)
            }
            Format::PoliceJson => {
                let schemas = [&POLICE_V1, &POLICE_V2];
                let decoded = self.police.decode_any(bytes);
                self.agency_json(format, bytes, sniffed.version, schemas, decoded)
            }
            Format::JudicialJson => {
                let schemas = [&JUDICIAL_V1, &JUDICIAL_V2];
                let decoded = self.judicial.decode_any(bytes);
                self.agency_json(format, bytes, sniffed.version, schemas, decoded)
            }
            Format::PortalDossier => {
                let value = json(format, bytes)?;
                let typed: hoso_dvcqg::HoSoDongBoDVC = typed(format, bytes)?;
                schema_check(format, &PORTAL_DOSSIER, &value)?;
                content(format, None, "dossier_sync", &typed)
            }
            Format::PortalProgress => {
                let value = json(format, bytes)?;
                let typed: hoso_dvcqg::QuaTrinhXuLy = typed(format, bytes)?;
                schema_check(format, &PORTAL_PROGRESS, &value)?;
                content(format, None, "progress_step", &typed)
            }
            Format::Evidence => {
                let value = json(format, bytes)?;
                let file = hoso_core::custody::EvidenceFile::from_bytes(bytes).map_err(|e| {
                    let location = match &e {
                        hoso_core::custody::EvidenceError::Malformed { line, column, .. } => {
                            Some(line_column(*line, *column))
                        }
                        _ => None,
                    };
                    Problem::new(Stage::Codec, Some(format), e.to_string()).at(location)
                })?;
                schema_check(format, &EVIDENCE, &value)?;
                content(format, None, "evidence", &file)
            }
            Format::TrustAnchors => {
                let value = json(format, bytes)?;
                let anchors = hoso_core::custody::TrustAnchors::from_json(bytes)
                    .map_err(|e| Problem::new(Stage::Codec, Some(format), e.to_string()))?;
                schema_check(format, &ANCHORS, &value)?;
                Ok(Checked {
                    format,
                    version: None,
                    kind: "trust_anchors",
                    held: Held::Value(value_of(&anchors.to_json(), format)?),
                })
            }
            Format::HolidaySchedule => {
                let value = json(format, bytes)?;
                let text = utf8(format, bytes)?;
                let schedule = hoso_core::calendar::HolidaySchedule::from_json(text)
                    .map_err(|e| Problem::new(Stage::Codec, Some(format), e.to_string()))?;
                schema_check(format, &HOLIDAYS, &value)?;
                content(format, None, "holiday_schedule", &schedule)
            }
            Format::ProcedureCatalogue => {
                let value = json(format, bytes)?;
                let text = utf8(format, bytes)?;
                let catalogue = hoso_core::Catalogue::from_json(text)
                    .map_err(|e| Problem::new(Stage::Codec, Some(format), e.to_string()))?;
                let procedures = value.get("procedures").and_then(|p| p.as_array());
                for (i, procedure) in procedures.into_iter().flatten().enumerate() {
                    schema_check(format, &PROCEDURE, procedure).map_err(|mut p| {
                        p.location = Some(Location::JsonPath(format!(
                            "$.procedures[{i}]{}",
                            p.location.map(|l| l.to_string()).unwrap_or_default()
                        )));
                        p
                    })?;
                }
                Ok(Checked {
                    format,
                    version: None,
                    kind: "procedure_catalogue",
                    held: Held::Value(value_of(&catalogue.to_json(), format)?),
                })
            }
        }
    }
}

/// The agency of the first dossier code in the first bytes: a word of letters, digits, dots and dashes, or
/// its tail after a dash (`NOP-000.00.26.H26-260202-0015`), that parses as a dossier code.
///
/// A code ends its word with `-YYMMDD-NNNN`, so each `-` that starts such an ending is a candidate (found
/// with `memchr`): the word around it is parsed whole, then from after each of its dashes.
fn named_agency(bytes: &[u8]) -> Option<AgencyCode> {
    let head = bytes.get(..crate::format::SNIFF_BYTES).unwrap_or(bytes);
    let in_word = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    memchr::memchr_iter(b'-', head)
        .filter(|&dash| {
            let end = dash + 12;
            head.get(dash..end).is_some_and(is_code_ending)
                && head.get(end).is_none_or(|b| !in_word(b))
        })
        .find_map(|dash| {
            let start = head[..dash]
                .iter()
                .rposition(|b| !in_word(b))
                .map_or(0, |at| at + 1);
            let word = &head[start..dash + 12];
            let starts = std::iter::once(0).chain(memchr::memchr_iter(b'-', word).map(|i| i + 1));
            starts
                .filter(|&at| at < word.len() - 12)
                .filter_map(|at| std::str::from_utf8(&word[at..]).ok())
                .find_map(|tail| tail.parse::<hoso_core::DossierCode>().ok())
        })
        .map(|code| code.agency_code())
}

/// Whether 12 bytes are a dossier code's ending, `-YYMMDD-NNNN` (a cheap test before the parse, which
/// builds an error for every other word).
fn is_code_ending(tail: &[u8]) -> bool {
    tail.iter().enumerate().all(|(i, b)| match i {
        0 | 7 => *b == b'-',
        _ => b.is_ascii_digit(),
    })
}

fn line_column(line: usize, column: usize) -> Location {
    Location::Line {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

fn utf8(format: Format, bytes: &[u8]) -> Result<&str, Problem> {
    std::str::from_utf8(bytes).map_err(|e| {
        Problem::new(Stage::Syntax, Some(format), format!("not UTF-8: {e}"))
            .at(Some(Location::of_offset(bytes, e.valid_up_to())))
    })
}

/// The document as a JSON value, or its syntax error at its line and column.
fn json(format: Format, bytes: &[u8]) -> Result<serde_json::Value, Problem> {
    serde_json::from_slice(bytes).map_err(|e| syntax(format, &e))
}

fn syntax(format: Format, e: &serde_json::Error) -> Problem {
    let stage = if e.is_syntax() || e.is_eof() {
        Stage::Syntax
    } else {
        Stage::Codec
    };
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    Problem::new(stage, Some(format), message).at(Some(line_column(e.line(), e.column())))
}

fn typed<T: serde::de::DeserializeOwned>(format: Format, bytes: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(bytes).map_err(|e| syntax(format, &e))
}

fn schema_check(
    format: Format,
    schema: &Compiled,
    value: &serde_json::Value,
) -> Result<(), Problem> {
    let validator = schema
        .get()
        .map_err(|e| Problem::new(Stage::Schema, Some(format), e))?;
    // `is_valid` stops at the first failure and builds no error: the path every valid document takes.
    if validator.is_valid(value) {
        return Ok(());
    }
    match validator.iter_errors(value).next() {
        None => Ok(()),
        Some(error) => {
            let pointer = error.instance_path().to_string();
            Err(Problem::new(Stage::Schema, Some(format), error.to_string())
                .at(Some(Location::JsonPath(json_path(&pointer)))))
        }
    }
}

/// A JSON pointer (`/payload/status/0`) as the JSON path the codecs use (`$.payload.status[0]`).
fn json_path(pointer: &str) -> String {
    let mut path = String::from("$");
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token.bytes().all(|b| b.is_ascii_digit()) && !token.is_empty() {
            path.push_str(&format!("[{token}]"));
        } else {
            path.push('.');
            path.push_str(&token);
        }
    }
    path
}

impl Checker {
    /// An agency's JSON message: its codec, then, when [`SchemaRun::Always`] asks for it, the JSON Schema
    /// of the `version` its envelope names (version 1, or else version 2).
    fn agency_json(
        &self,
        format: Format,
        bytes: &[u8],
        version: Option<u64>,
        [v1, v2]: [&Compiled; 2],
        decoded: Result<Decoded, hoso_core::adapter::AdapterError>,
    ) -> Result<Checked, Problem> {
        let mut checked = match agency(format, decoded, bytes) {
            Ok(checked) => checked,
            Err(problem) => {
                // Bad syntax is reported as such, at its line and column, before what the codec says
                // (read without building a value: only the syntax matters here).
                typed::<serde::de::IgnoredAny>(format, bytes)?;
                return Err(problem);
            }
        };
        if self.schema == SchemaRun::Always {
            let value = json(format, bytes)?;
            let schema = if version == Some(1) { v1 } else { v2 };
            schema_check(format, schema, &value)?;
        }
        if self.agency.is_none()
            && let Held::Agency(decoded) = checked.held
        {
            checked.held = Held::AgencyOfDossier(decoded);
        }
        checked.version = version.map(|v| match v {
            1 => Cow::Borrowed("v1"),
            2 => Cow::Borrowed("v2"),
            v => Cow::Owned(format!("v{v}")),
        });
        Ok(checked)
    }
}

fn agency(
    format: Format,
    decoded: Result<Decoded, hoso_core::adapter::AdapterError>,
    bytes: &[u8],
) -> Result<Checked, Problem> {
    let decoded = decoded.map_err(|e| {
        // The JSON codec names the path as the location and the line and column in its message.
        let location = match e.location() {
            Some(Location::JsonPath(_)) => line_in(e.message()).or(e.location().cloned()),
            other => other.cloned(),
        };
        Problem::new(Stage::Codec, Some(format), e.message()).at(location)
    })?;
    let version = (!format.is_json()).then(|| xml_version(bytes)).flatten();
    let kind = match &decoded {
        Decoded::Notice(_) => "notice",
        Decoded::Outbound(_) => "outbound",
        Decoded::Receipt(_) => "receipt",
    };
    Ok(Checked {
        format,
        version,
        kind,
        held: Held::Agency(decoded),
    })
}

/// The `line N, column M` a message quotes.
fn line_in(message: &str) -> Option<Location> {
    let (_, rest) = message.split_once("line ")?;
    let (line, rest) = rest.split_once(", column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(line_column(line.parse().ok()?, column.parse().ok()?))
}

/// `v1` or `v2` from the namespace's last segment (`urn:hoso:gplx:v2`).
fn xml_version(bytes: &[u8]) -> Option<Cow<'static, str>> {
    let head = bytes.get(..crate::format::SNIFF_BYTES).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    let at = text.find("urn:hoso:")?;
    let urn: String = text[at..]
        .chars()
        .take_while(|c| !matches!(c, '"' | '\''))
        .collect();
    urn.rsplit(':').next().map(|v| match v {
        "v1" => Cow::Borrowed("v1"),
        "v2" => Cow::Borrowed("v2"),
        v => Cow::Owned(v.to_owned()),
    })
}

fn content<T: Serialize>(
    format: Format,
    version: Option<Cow<'static, str>>,
    kind: &'static str,
    value: &T,
) -> Result<Checked, Problem> {
    Ok(Checked {
        format,
        version,
        kind,
        held: Held::Value(
            serde_json::to_value(value)
                .map_err(|e| Problem::new(Stage::Codec, Some(format), e.to_string()))?,
        ),
    })
}

fn value_of(json: &str, format: Format) -> Result<serde_json::Value, Problem> {
    serde_json::from_str(json).map_err(|e| Problem::new(Stage::Codec, Some(format), e.to_string()))
}

#[cfg(test)]
mod tests;
