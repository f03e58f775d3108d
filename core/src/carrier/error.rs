//! One error type for every carrier adapter, with the adapters' normalised kinds.

use std::fmt;

use crate::adapter::{AdapterError, AdapterErrorKind, Location};

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error from a postal carrier's adapter: what kind (the same normalised kinds as agency adapters), which
/// carrier, what happened and where, and whether a retry can help.
///
/// Messages never carry personal data whole (phone numbers, ID numbers): adapters quote field names and JSON
/// paths, not the values of such fields.
///
/// ```
/// use hoso_core::adapter::{AdapterErrorKind, Location};
/// use hoso_core::carrier::CarrierError;
/// let err = CarrierError::new(AdapterErrorKind::Rejected, "vnpost", "the receiver's district is unknown")
///     .with_carrier_code("102")
///     .with_location(Location::JsonPath("$.ReceiverDistrict".into()));
/// assert!(!err.is_retryable());
/// assert_eq!(err.to_string(), "carrier vnpost: rejected: the receiver's district is unknown (carrier code 102) at $.ReceiverDistrict");
/// ```
#[derive(Debug, thiserror::Error)]
pub struct CarrierError {
    kind: AdapterErrorKind,
    carrier: String,
    message: String,
    retryable: bool,
    carrier_code: Option<String>,
    location: Option<Location>,
    #[source]
    source: Option<Source>,
}

impl CarrierError {
    /// An error of `kind` from `carrier`; retryable as the kind says by default.
    pub fn new(
        kind: AdapterErrorKind,
        carrier: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        CarrierError {
            kind,
            carrier: carrier.into(),
            message: message.into(),
            retryable: kind.is_retryable(),
            carrier_code: None,
            location: None,
            source: None,
        }
    }

    /// The error a transport failure (connection refused, time-out) becomes for `carrier`: same kind, message
    /// and retryability.
    pub fn from_transport(carrier: impl Into<String>, e: AdapterError) -> Self {
        let mut err = CarrierError::new(e.kind(), carrier, e.message().to_owned())
            .with_retryable(e.is_retryable());
        err.location = e.location().cloned();
        err.with_source(e)
    }

    /// Sets where in the payload the problem is.
    pub fn with_location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the carrier's own status or error code.
    pub fn with_carrier_code(mut self, code: impl Into<String>) -> Self {
        self.carrier_code = Some(code.into());
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

    /// The carrier whose adapter failed.
    pub fn carrier(&self) -> &str {
        &self.carrier
    }

    /// What happened, in words (never personal data).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether trying again later can help.
    pub fn is_retryable(&self) -> bool {
        self.retryable
    }

    /// The carrier's own code, when it sent one.
    pub fn carrier_code(&self) -> Option<&str> {
        self.carrier_code.as_deref()
    }

    /// Where in the payload the problem is.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }
}

impl fmt::Display for CarrierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "carrier {}: {}: {}",
            self.carrier, self.kind, self.message
        )?;
        if let Some(code) = &self.carrier_code {
            write!(f, " (carrier code {code})")?;
        }
        if let Some(location) = &self.location {
            write!(f, " at {location}")?;
        }
        Ok(())
    }
}
