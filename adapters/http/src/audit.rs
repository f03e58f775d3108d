//! The audit trail of every exchange with an agency: what was sent, what came back, bound together by hash.
//!
//! Each request gets a [`RequestRecord`] before it leaves, and each outcome a [`ResponseRecord`] (the agency
//! answered, whatever the status) or a [`FailureRecord`] (no answer: timeout, connection refused or lost).
//! The outcome repeats the SHA-256 of the request body, so that a response cannot be shown against a request
//! it did not answer (X-Road's `requestHash` does the same). Records carry hashes and sizes, never the bodies,
//! so the trail holds no personal data; keep the bodies elsewhere if the law asks for them, and check them
//! against the hashes here.

use std::fmt;
use std::io::Write;
use std::sync::{Mutex, PoisonError};

use hoso_core::custody::Sha256Digest;
use hoso_core::{AgencyCode, DossierCode};
use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "record", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuditRecord {
    /// A request about to be sent.
    Request(RequestRecord),
    /// The agency's answer to a request.
    Response(ResponseRecord),
    /// A request that got no answer.
    Failure(FailureRecord),
}

impl AuditRecord {
    /// The exchange the record belongs to (its request and its outcome share it).
    pub fn exchange(&self) -> u64 {
        match self {
            AuditRecord::Request(r) => r.exchange,
            AuditRecord::Response(r) => r.exchange,
            AuditRecord::Failure(r) => r.exchange,
        }
    }

    /// The dossier the exchange is about, when known.
    pub fn dossier(&self) -> Option<&DossierCode> {
        match self {
            AuditRecord::Request(r) => r.dossier.as_ref(),
            AuditRecord::Response(r) => r.dossier.as_ref(),
            AuditRecord::Failure(r) => r.dossier.as_ref(),
        }
    }
}

/// A request, recorded before it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RequestRecord {
    /// The exchange: a number unique per transport, shared by the request and its outcome.
    pub exchange: u64,
    /// The agency.
    pub agency: AgencyCode,
    /// The dossier, when the request is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<DossierCode>,
    /// 1 for the first attempt of a call, 2 for its first retry, and so on.
    pub attempt: u32,
    /// The HTTP method.
    pub method: String,
    /// The path below the agency's base URL.
    pub path: String,
    /// The `Idempotency-Key` sent, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    /// SHA-256 of the request body.
    pub body_sha256: Sha256Digest,
    /// Size of the request body in bytes.
    pub body_bytes: u64,
    /// When the request was sent.
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub sent_at: Timestamp,
}

/// The agency's answer to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResponseRecord {
    /// The exchange, as in its [`RequestRecord`].
    pub exchange: u64,
    /// The agency.
    pub agency: AgencyCode,
    /// The dossier, when the request was about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<DossierCode>,
    /// The attempt, as in the request.
    pub attempt: u32,
    /// SHA-256 of the request body this answers (binds the response to its request).
    pub request_sha256: Sha256Digest,
    /// The HTTP status.
    pub status: u16,
    /// SHA-256 of the response body.
    pub body_sha256: Sha256Digest,
    /// Size of the response body in bytes.
    pub body_bytes: u64,
    /// The `Retry-After` the agency asked for, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    /// When the whole answer was read.
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub received_at: Timestamp,
    /// Time from sending the request to reading the whole answer, in microseconds.
    pub elapsed_us: u64,
}

/// A request that got no answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FailureRecord {
    /// The exchange, as in its [`RequestRecord`].
    pub exchange: u64,
    /// The agency.
    pub agency: AgencyCode,
    /// The dossier, when the request was about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<DossierCode>,
    /// The attempt, as in the request.
    pub attempt: u32,
    /// SHA-256 of the request body that got no answer.
    pub request_sha256: Sha256Digest,
    /// The HTTP status, when the failure came after the status line (e.g. the connection dropped mid-body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The normalised error kind (`timeout`, `unavailable`, ...).
    pub error_kind: String,
    /// What happened.
    pub message: String,
    /// When the failure was seen.
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub failed_at: Timestamp,
    /// Time from sending the request to the failure, in microseconds.
    pub elapsed_us: u64,
}

/// Where audit records go: a database, a log file, a queue. Called in order for each exchange (request first,
/// then its outcome), from the task that makes the request, so it should not block for long.
pub trait AuditSink: Send + Sync + fmt::Debug {
    /// Keeps one record. An error is logged by the transport (with `tracing`, at level `error`) and does not
    /// stop the exchange: the agency may already have acted on the request.
    fn record(&self, record: &AuditRecord) -> Result<(), AuditError>;
}

/// A sink could not keep a record.
#[derive(Debug, thiserror::Error)]
#[error("audit sink could not keep record of exchange {exchange}: {source}")]
pub struct AuditError {
    /// The exchange whose record was lost.
    pub exchange: u64,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// Keeps records in memory, in order; for tests and short programs.
///
/// ```
/// use hoso_http::{AuditSink, MemoryAuditSink};
/// let sink = MemoryAuditSink::default();
/// assert!(sink.records().is_empty());
/// ```
#[derive(Debug, Default)]
pub struct MemoryAuditSink {
    records: Mutex<Vec<AuditRecord>>,
}

impl MemoryAuditSink {
    /// A copy of the records kept so far.
    pub fn records(&self) -> Vec<AuditRecord> {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Takes the records kept so far, leaving the sink empty.
    pub fn take(&self) -> Vec<AuditRecord> {
        std::mem::take(&mut *self.records.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl AuditSink for MemoryAuditSink {
    fn record(&self, record: &AuditRecord) -> Result<(), AuditError> {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(record.clone());
        Ok(())
    }
}

/// Writes each record as one line of JSON (JSON Lines) to a writer, flushing after each.
///
/// ```
/// use hoso_http::JsonLinesAuditSink;
/// let sink = JsonLinesAuditSink::new(Vec::<u8>::new());
/// assert!(sink.into_inner().is_empty());
/// ```
pub struct JsonLinesAuditSink<W> {
    writer: Mutex<W>,
}

impl<W: Write> JsonLinesAuditSink<W> {
    /// A sink writing to `writer` (a file, a buffer).
    pub fn new(writer: W) -> Self {
        Self {
            writer: Mutex::new(writer),
        }
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.writer
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl<W> fmt::Debug for JsonLinesAuditSink<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLinesAuditSink").finish_non_exhaustive()
    }
}

impl<W: Write + Send> AuditSink for JsonLinesAuditSink<W> {
    fn record(&self, record: &AuditRecord) -> Result<(), AuditError> {
        let mut line = serde_json::to_vec(record).map_err(|e| AuditError {
            exchange: record.exchange(),
            source: e.into(),
        })?;
        line.push(b'\n');
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        writer
            .write_all(&line)
            .and_then(|()| writer.flush())
            .map_err(|source| AuditError {
                exchange: record.exchange(),
                source,
            })
    }
}
