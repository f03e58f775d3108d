//! The decoder's errors: what kind of problem a payload has and where, and how an error is worded so that it
//! never quotes a value that may be personal.

use std::fmt;

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind, Location};

/// What kind of problem a payload has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ends in the middle of a JSON value.
    Truncated,
    /// Not JSON: a syntax error, bytes that are not UTF-8, trailing characters, or nesting past serde_json's
    /// recursion limit (128; unreachable with this format's fixed-depth types, kept as a syntax error).
    Syntax,
    /// A value of the wrong JSON type.
    WrongType,
    /// An enumerated value outside its closed set (status codes are an open set and never give this).
    UnknownVariant,
    /// A required field is absent.
    MissingField,
    /// A field appears twice in one object.
    DuplicateField,
    /// A text longer than the format allows.
    TextTooLong,
    /// An array longer than the format allows.
    TooManyItems,
    /// A value of the right type that breaks a rule (an identifier, a date, a number's range).
    InvalidValue,
}

impl DecodeErrorKind {
    /// Whether this is a breach of a decoding limit rather than a malformed message.
    pub fn is_limit(self) -> bool {
        matches!(self, Self::TextTooLong | Self::TooManyItems)
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Truncated => "truncated JSON",
            Self::Syntax => "malformed JSON",
            Self::WrongType => "wrong type",
            Self::UnknownVariant => "unknown value",
            Self::MissingField => "missing field",
            Self::DuplicateField => "duplicate field",
            Self::TextTooLong => "text too long",
            Self::TooManyItems => "too many items",
            Self::InvalidValue => "invalid value",
        }
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A payload that cannot be decoded: what is wrong and where.
///
/// Messages never quote personal data: an error under `applicant` names the field, not its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is larger than [`Limits::max_body_bytes`](super::Limits::max_body_bytes); it was not parsed.
    #[error("the body is {size} bytes, over the limit of {limit}")]
    BodyTooLarge {
        /// The body's size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// `schemaVersion` names a version this crate does not speak.
    #[error("unsupported schema version {version} (this adapter reads versions 1 and 2)")]
    UnsupportedVersion {
        /// The version number found.
        version: u64,
    },
    /// The payload is not a valid message.
    #[error("{kind} at {path} (line {line}, column {column}): {message}")]
    Invalid {
        /// What kind of problem.
        kind: DecodeErrorKind,
        /// The JSON path of the offending value, e.g. `$.payload.documents[3].pageCount` (`$` is the root).
        path: String,
        /// 1-based line of the input where parsing stopped.
        line: usize,
        /// 1-based column of the input where parsing stopped.
        column: usize,
        /// The parser's words (personal data withheld, at most 300 characters).
        message: String,
    },
}

impl DecodeError {
    /// The kind of an [`DecodeError::Invalid`] error.
    pub fn kind(&self) -> Option<DecodeErrorKind> {
        match self {
            DecodeError::Invalid { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// The JSON path of an [`DecodeError::Invalid`] error.
    pub fn path(&self) -> Option<&str> {
        match self {
            DecodeError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// The error at `path`; `kind` is the kind recorded where it was raised, if it was (see [`super::classify`]).
pub(super) fn invalid(
    path: &str,
    error: &serde_json::Error,
    kind: Option<DecodeErrorKind>,
) -> DecodeError {
    let path = if path == "." || path.is_empty() {
        "$".to_owned()
    } else {
        format!("$.{path}")
    };
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let raw = full.strip_suffix(&suffix).unwrap_or(&full);
    let kind = kind.unwrap_or_else(|| raised_by_the_parser(error));
    let message = if echoes_no_personal_data(&path, kind) {
        truncate(raw, 300)
    } else {
        // serde's words may quote the value ("invalid type: integer `912345678`"): name the problem only.
        format!("{kind} (value withheld: the field may hold personal data)")
    };
    DecodeError::Invalid {
        kind,
        path,
        line: error.line(),
        column: error.column(),
        message,
    }
}

/// Fields known to hold no personal data: codes, versions, dates, counts, amounts. An error at any other field
/// withholds the value serde's message would quote.
const NON_PERSONAL_FIELDS: &[&str] = &[
    "schemaVersion",
    "messageType",
    "messageId",
    "sentAt",
    "dossierCode",
    "policeReference",
    "procedure",
    "code",
    "version",
    "effectiveFrom",
    "status",
    "reasonCode",
    "changedAt",
    "occurredAt",
    "returnMethod",
    "resultDelivery",
    "documents",
    "pageCount",
    "pages",
    "originals",
    "copies",
    "originalCount",
    "copyCount",
    "fees",
    "kind",
    "amount",
    "amountDue",
    "payment",
    "dueDate",
    "paymentDueDate",
    "date",
    "newAppointmentDate",
    "validUntil",
    "collectBy",
    "trackingNumber",
];

/// Whether serde's message for an error of `kind` at `path` may be shown: its kind never quotes a value (field
/// names, lengths, the parser's own words), or `path` ends at a field of [`NON_PERSONAL_FIELDS`] (or an item of
/// one), outside the applicant and the addresses.
fn echoes_no_personal_data(path: &str, kind: DecodeErrorKind) -> bool {
    use DecodeErrorKind::*;
    if matches!(
        kind,
        Truncated | Syntax | MissingField | DuplicateField | TextTooLong | TooManyItems
    ) {
        return true;
    }
    if path == "$" {
        // The root is an object or nothing: its only value errors name a JSON type.
        return true;
    }
    let personal_parent = ["applicant", "address", "deliveryAddress"]
        .iter()
        .any(|field| path.contains(&format!(".{field}")));
    let last = path.rsplit('.').next().unwrap_or(path);
    let field = last.split('[').next().unwrap_or(last);
    !personal_parent && NON_PERSONAL_FIELDS.contains(&field)
}

/// The kind of an error serde_json raised itself: end of input, syntax, or a token of the wrong type (the only
/// data error it raises; every other comes from a visitor and is recorded where it is raised).
fn raised_by_the_parser(error: &serde_json::Error) -> DecodeErrorKind {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => DecodeErrorKind::Truncated,
        Category::Io | Category::Syntax => DecodeErrorKind::Syntax,
        Category::Data => DecodeErrorKind::WrongType,
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

impl DecodeError {
    /// The normalised kind of the port: limits are [`AdapterErrorKind::LimitExceeded`], versions
    /// [`AdapterErrorKind::UnsupportedVersion`], the rest [`AdapterErrorKind::InvalidPayload`].
    pub fn adapter_kind(&self) -> AdapterErrorKind {
        match self {
            DecodeError::BodyTooLarge { .. } => AdapterErrorKind::LimitExceeded,
            DecodeError::UnsupportedVersion { .. } => AdapterErrorKind::UnsupportedVersion,
            DecodeError::Invalid { kind, .. } if kind.is_limit() => AdapterErrorKind::LimitExceeded,
            DecodeError::Invalid { .. } => AdapterErrorKind::InvalidPayload,
        }
    }

    /// This error as the port's [`AdapterError`], with its JSON path as the location.
    pub fn into_adapter_error(self, agency: &AgencyCode) -> AdapterError {
        let kind = self.adapter_kind();
        let location = self.path().map(|p| Location::JsonPath(p.to_owned()));
        let error = AdapterError::new(kind, agency.clone(), self.to_string());
        let error = match location {
            Some(location) => error.with_location(location),
            None => error,
        };
        error.with_source(self)
    }
}
