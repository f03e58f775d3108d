//! Why the day stopped.

use std::path::PathBuf;

use hoso_core::adapter::AdapterError;
use hoso_core::service::ServiceError;
use hoso_core::store::StoreError;

use super::custody::CustodyError;

/// Why the day stopped.
#[derive(Debug, thiserror::Error)]
pub enum DayError {
    /// The state machine refused an event: a bug in the day's driver or an agency saying the impossible.
    #[error("dossier {dossier}: {source}")]
    Transition {
        /// The dossier.
        dossier: String,
        /// Why.
        source: hoso_core::TransitionError,
    },
    /// An agency exchange failed for good (after the transport's retries).
    #[error("dossier {dossier}: agency exchange failed: {source}")]
    Agency {
        /// The dossier.
        dossier: String,
        /// The adapter's error.
        source: Box<AdapterError>,
    },
    /// No adapter for an agency.
    #[error("no adapter registered for agency {0}")]
    NoAdapter(String),
    /// A custody record could not be made.
    #[error(transparent)]
    Custody(#[from] CustodyError),
    /// Calendar or deadline arithmetic failed.
    #[error("calendar: {0}")]
    Calendar(String),
    /// Writing an evidence file failed.
    #[error("writing {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The store refused or failed a write or a read.
    #[error("store: {0}")]
    Service(#[from] ServiceError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An agency message could not be delivered and is among the outbox's dead letters.
    #[error("dossier {dossier}: the message to the agency is a dead letter: {error}")]
    DeadLetter {
        /// The dossier.
        dossier: String,
        /// The last error.
        error: String,
    },
    /// The agency never reached a final answer within the polls allowed.
    #[error("dossier {0}: the agency did not answer within the polls allowed")]
    AgencySilent(String),
    /// The carrier's feed did not report a step the day waits for.
    #[error("dossier {0}: the carrier's feed did not report its {1}")]
    CarrierSilent(String, &'static str),
}

impl DayError {
    pub(super) fn agency(dossier: &str, source: AdapterError) -> Self {
        DayError::Agency {
            dossier: dossier.to_owned(),
            source: Box::new(source),
        }
    }
}

pub(super) fn calendar_error(e: impl std::fmt::Display) -> DayError {
    DayError::Calendar(e.to_string())
}
