//! One error type for every agency adapter, with a normalised kind (the way sqlx normalises driver errors).

use std::fmt;

use crate::AgencyCode;

/// What went wrong, normalised across agencies so that callers can match on it.
///
/// The agency's own code, when it sent one, is kept beside it in [`AdapterError::agency_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AdapterErrorKind {
    /// The payload is not a well-formed message of the agency's format (syntax, namespace, a missing or bad
    /// field, a forbidden construct such as a DOCTYPE, bytes that are not UTF-8).
    InvalidPayload,
    /// The payload is in a version of the format this adapter does not speak.
    UnsupportedVersion,
    /// The payload breaks a decoding limit (size, nesting depth, text length, list length), or a message to
    /// encode holds a text or list longer than the format allows.
    LimitExceeded,
    /// The message is well-formed but cannot be expressed in the agency's format (e.g. a field that the
    /// chosen version lacks is required), or the adapter does not offer this operation.
    Unsupported,
    /// The agency understood the request and refused it (HTTP 400/409/422 or an explicit refusal code).
    Rejected,
    /// The agency does not know the dossier or reference (HTTP 404).
    NotFound,
    /// The agency did not accept the credentials (HTTP 401/403).
    Unauthorized,
    /// The agency asked to slow down (HTTP 429).
    RateLimited,
    /// The agency's system is down or failing (HTTP 5xx, connection refused or reset).
    Unavailable,
    /// No answer in time.
    Timeout,
}

impl AdapterErrorKind {
    /// Whether trying the same request again later can help, by default for this kind.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::RateLimited | Self::Unavailable | Self::Timeout)
    }

    /// A short name for messages and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidPayload => "invalid payload",
            Self::UnsupportedVersion => "unsupported version",
            Self::LimitExceeded => "limit exceeded",
            Self::Unsupported => "unsupported",
            Self::Rejected => "rejected",
            Self::NotFound => "not found",
            Self::Unauthorized => "unauthorized",
            Self::RateLimited => "rate limited",
            Self::Unavailable => "unavailable",
            Self::Timeout => "timeout",
        }
    }

    /// The kind for an HTTP status code that is not a success, if the code is an error at all.
    ///
    /// ```
    /// use hoso_core::adapter::AdapterErrorKind;
    /// assert_eq!(AdapterErrorKind::from_http_status(429), Some(AdapterErrorKind::RateLimited));
    /// assert_eq!(AdapterErrorKind::from_http_status(200), None);
    /// ```
    pub fn from_http_status(status: u16) -> Option<Self> {
        Some(match status {
            200..=399 => return None,
            401 | 403 => Self::Unauthorized,
            404 | 410 => Self::NotFound,
            408 | 504 => Self::Timeout,
            413 => Self::LimitExceeded,
            429 => Self::RateLimited,
            400..=499 => Self::Rejected,
            _ => Self::Unavailable,
        })
    }
}

impl fmt::Display for AdapterErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in a payload a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Location {
    /// A position in a text payload (XML): 1-based line and column (column counted in characters).
    Line {
        /// 1-based line.
        line: u32,
        /// 1-based column, in characters.
        column: u32,
    },
    /// A JSON path such as `$.applicant.documents[2].name`.
    JsonPath(String),
}

impl Location {
    /// The line and column of a byte offset in `input` (1-based; the column counts characters, and bytes
    /// that are not UTF-8 count one each).
    ///
    /// ```
    /// use hoso_core::adapter::Location;
    /// assert_eq!(Location::of_offset(b"<a>\n  <b>", 6), Location::Line { line: 2, column: 3 });
    /// ```
    pub fn of_offset(input: &[u8], offset: usize) -> Self {
        let (line, column) = crate::json::line_column(input, offset);
        Location::Line {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line { line, column } => write!(f, "line {line}, column {column}"),
            Location::JsonPath(path) => write!(f, "{path}"),
        }
    }
}

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error from an agency adapter: what kind, which agency, what happened and where, and whether a retry can
/// help.
///
/// Messages never carry personal data whole (citizen ID numbers, phone numbers): adapters quote field names and
/// positions, not values, for such fields.
///
/// ```
/// use hoso_core::adapter::{AdapterError, AdapterErrorKind, Location};
/// # let agency: hoso_core::AgencyCode = "000.00.15.H22".parse().unwrap();
/// let err = AdapterError::new(AdapterErrorKind::InvalidPayload, agency, "missing element MaHoSo")
///     .with_location(Location::Line { line: 3, column: 5 });
/// assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
/// assert!(!err.is_retryable());
/// assert!(err.to_string().contains("line 3, column 5"));
/// ```
#[derive(Debug, thiserror::Error)]
pub struct AdapterError {
    kind: AdapterErrorKind,
    agency: AgencyCode,
    message: String,
    retryable: bool,
    agency_code: Option<String>,
    location: Option<Location>,
    #[source]
    source: Option<Source>,
}

impl AdapterError {
    /// An error of `kind` from `agency`; retryable as the kind says by default.
    pub fn new(kind: AdapterErrorKind, agency: AgencyCode, message: impl Into<String>) -> Self {
        Self {
            kind,
            agency,
            message: message.into(),
            retryable: kind.is_retryable(),
            agency_code: None,
            location: None,
            source: None,
        }
    }

    /// Refuses to write, in the codec of agency `own`, a message that names agency `named`, for a format
    /// whose messages carry no agency: written, the message would read back as `own`'s. `Unsupported`, at
    /// `$`; `Ok` when the agencies are the same.
    ///
    /// ```
    /// use hoso_core::adapter::{AdapterError, AdapterErrorKind};
    /// let own: hoso_core::AgencyCode = "000.00.15.H22".parse()?;
    /// let other: hoso_core::AgencyCode = "000.00.12.H01".parse()?;
    /// assert!(AdapterError::unless_own_agency(&own, &own).is_ok());
    /// let e = AdapterError::unless_own_agency(&own, &other).unwrap_err();
    /// assert_eq!(e.kind(), AdapterErrorKind::Unsupported);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// `Unsupported` when `named` is not `own`.
    pub fn unless_own_agency(own: &AgencyCode, named: &AgencyCode) -> Result<(), AdapterError> {
        if own == named {
            return Ok(());
        }
        let message = format!(
            "a message of agency {named} cannot be written by the codec of {own}: the format carries no \
             agency, so it would read back as {own}'s"
        );
        Err(
            AdapterError::new(AdapterErrorKind::Unsupported, own.clone(), message)
                .with_location(Location::JsonPath("$".into())),
        )
    }

    /// Sets where in the payload the problem is.
    pub fn with_location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the agency's own error code.
    pub fn with_agency_code(mut self, code: impl Into<String>) -> Self {
        self.agency_code = Some(code.into());
        self
    }

    /// Overrides whether a retry can help.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl Into<Source>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The normalised kind.
    pub fn kind(&self) -> AdapterErrorKind {
        self.kind
    }

    /// The agency whose adapter failed.
    pub fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    /// What happened, in words (never personal data).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether trying again later can help.
    pub fn is_retryable(&self) -> bool {
        self.retryable
    }

    /// The agency's own error code, when it sent one.
    pub fn agency_code(&self) -> Option<&str> {
        self.agency_code.as_deref()
    }

    /// Where in the payload the problem is, when it is in a payload.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }
}

impl fmt::Display for AdapterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "agency {}: {}: {}", self.agency, self.kind, self.message)?;
        if let Some(code) = &self.agency_code {
            write!(f, " (agency code {code})")?;
        }
        if let Some(location) = &self.location {
            write!(f, " at {location}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_characters_not_bytes() {
        let text = "<a>\n<Tên>ồ</Tên>".as_bytes();
        let offset = text.iter().position(|&b| b == b'>').unwrap(); // first '>' on line 1
        assert_eq!(
            Location::of_offset(text, offset),
            Location::Line { line: 1, column: 3 }
        );
        let offset = text.len() - "</Tên>".len();
        assert_eq!(
            Location::of_offset(text, offset),
            Location::Line { line: 2, column: 7 }
        );
    }

    #[test]
    fn http_statuses_map_to_kinds_and_retryability() {
        for (status, kind, retryable) in [
            (400, AdapterErrorKind::Rejected, false),
            (401, AdapterErrorKind::Unauthorized, false),
            (404, AdapterErrorKind::NotFound, false),
            (409, AdapterErrorKind::Rejected, false),
            (413, AdapterErrorKind::LimitExceeded, false),
            (429, AdapterErrorKind::RateLimited, true),
            (500, AdapterErrorKind::Unavailable, true),
            (503, AdapterErrorKind::Unavailable, true),
            (504, AdapterErrorKind::Timeout, true),
        ] {
            assert_eq!(
                AdapterErrorKind::from_http_status(status),
                Some(kind),
                "{status}"
            );
            assert_eq!(kind.is_retryable(), retryable, "{status}");
        }
    }
}
