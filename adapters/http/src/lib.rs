//! HTTP transport for `hoso` agency adapters, and the layer that makes any adapter survive faults.
//!
//! - [`HttpTransport`] implements the core's [`AgencyTransport`](hoso_core::adapter::AgencyTransport) with
//!   reqwest and rustls: base URL, bearer token or API-key header, connect and total timeouts, a bounded
//!   response size, an [audit record](audit) of every request and outcome bound together by SHA-256, and a
//!   `tracing` span per exchange carrying the dossier code and attempt, never a body.
//! - [`Resilient`] wraps any [`AgencyAdapter`](hoso_core::adapter::AgencyAdapter) from outside: retries with
//!   exponential backoff and jitter for retryable errors only, `Retry-After` honoured on 429 and 503, a timeout
//!   per attempt and a deadline per call, and an [idempotency key](idempotency_key) derived from the dossier
//!   code and the message's content, sent as `Idempotency-Key`, so that a retried submission is filed once.
//!
//! The retry policy, the keys, the audit records and what each failure looks like to the caller are described
//! in `docs/transport.md`.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use hoso_http::{Auth, HttpTransport, MemoryAuditSink, Resilient, RetryPolicy};
//! use hoso_licensing::{LicensingAdapter, LicensingCodec, Version};
//!
//! let agency: hoso_core::AgencyCode = "000.00.15.H22".parse()?;
//! let audit = Arc::new(MemoryAuditSink::default());
//! let transport = HttpTransport::builder(agency.clone(), "https://gplx.example.gov.vn/api")
//!     .auth(Auth::ApiKey { header: "X-API-Key".into(), key: "secret".into() })
//!     .timeout(Duration::from_secs(20))
//!     .audit(audit.clone())
//!     .build()?;
//! let adapter = Resilient::builder(LicensingAdapter::new(
//!     LicensingCodec::new(agency, Version::V2),
//!     Arc::new(transport),
//! ))
//! .policy(RetryPolicy::default().with_deadline(Duration::from_secs(60)))
//! .build();
//! // `adapter.send(&message).await` files a dossier; `adapter.poll(&reference).await` reads the agency's notices.
//! # let _ = adapter;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod audit;
mod context;
mod idempotency;
mod resilient;
mod retry;
mod transport;

pub use audit::{
    AuditError, AuditRecord, AuditSink, FailureRecord, JsonLinesAuditSink, MemoryAuditSink,
    RequestRecord, ResponseRecord,
};
pub use idempotency::{KeyPolicy, idempotency_key};
pub use resilient::{Resilient, ResilientBuilder};
pub use retry::{RetryPolicy, parse_retry_after};
pub use transport::{
    Auth, HttpTransport, HttpTransportBuilder, IDEMPOTENCY_KEY, TransportBuildError,
};
