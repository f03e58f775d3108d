//! The Notifier port: telling citizens where their dossier is (e-mail and SMS are adapters, `hoso-notify`).
//!
//! What a notification says is decided where the events are appended: the service writes one
//! [`Destination::Citizen`](crate::store::Destination::Citizen) outbox message per event that calls for it
//! ([`crate::service::citizen_notices`]), keyed `citizen/{dossier}/{event id}`, in the same transaction as
//! the event. The message holds a [`CitizenNotice`]: the dossier, the event and the facts the text needs (a
//! due date, the missing papers, a tracking number), never the recipient's address. The
//! [`NotifyDispatcher`](crate::service::NotifyDispatcher) loads the dossier when it sends, reads the
//! applicant's [`NotifyPreference`] from its header (no preference: nothing is sent), renders the
//! bilingual text ([`template`]) and hands a [`Notification`] to a [`Notifier`].
//!
//! ```
//! use hoso_core::notify::{CitizenNotice, Language, Notice, template};
//! let notice = CitizenNotice {
//!     dossier: hoso_core::demo::header(1).code,
//!     event: hoso_core::EventId::from_u128(7),
//!     at: "2026-03-03T01:30:00Z".parse().unwrap(),
//!     notice: Notice::HandedToAgency { due: Some(jiff::civil::date(2026, 3, 10)) },
//! };
//! let text = template::render(&notice, Language::En);
//! assert!(text.subject.contains("handed to the agency"));
//! assert!(text.body.contains("2026-03-10") && text.body.contains("10/03/2026"));
//! ```

pub mod preference;
pub mod template;

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::contact::PhoneNumber;
use crate::{DossierCode, EventId, TrackingNumber};

pub use preference::{EmailAddress, EmailError, Language, NotifyChannel, NotifyPreference};

/// What a citizen is told, with the facts the text needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Notice {
    /// The post handed the dossier to the agency's one-stop desk (`HandedToAgency`, the legal filing time,
    /// Decision 45/2016/QĐ-TTg Art 7(4)); `due`: the processing deadline that starts from it.
    HandedToAgency {
        /// The due date of the result, when it could be computed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<Date>,
    },
    /// The agency asked for more papers (`SupplementRequested`).
    SupplementRequested {
        /// What is missing, as the agency wrote it.
        missing: Vec<String>,
    },
    /// The post took the result from the agency and is carrying it to the recipient (`ResultCollected`).
    ResultSent {
        /// The return item's tracking number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tracking: Option<TrackingNumber>,
    },
    /// A postal worker is out delivering the result (`OutForDelivery`): sent before each attempt.
    OutForDelivery {
        /// Which attempt this is (1 for the first).
        attempt: u8,
        /// The return item's tracking number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tracking: Option<TrackingNumber>,
    },
}

/// The payload of a citizen outbox message: which event of which dossier to tell about, and what to say.
/// It holds no address: the dispatcher reads the applicant's preference from the dossier when it sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenNotice {
    /// The dossier.
    pub dossier: DossierCode,
    /// The event that calls for it.
    pub event: EventId,
    /// When the event happened.
    pub at: Timestamp,
    /// What to say.
    #[serde(flatten)]
    pub notice: Notice,
}

impl CitizenNotice {
    /// The outbox key, also the notification's idempotency key: one per dossier and event.
    pub fn key(&self) -> String {
        format!("citizen/{}/{}", self.dossier, self.event)
    }
}

/// Where a notification goes: personal data, shown redacted by `Debug` and `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Contact {
    /// An e-mail address.
    Email(EmailAddress),
    /// A phone number, for SMS.
    Sms(PhoneNumber),
}

impl Contact {
    /// The channel's name (`email`, `sms`).
    pub fn channel(&self) -> &'static str {
        match self {
            Contact::Email(_) => "email",
            Contact::Sms(_) => "sms",
        }
    }
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Contact::Email(e) => write!(f, "email {e}"),
            Contact::Sms(p) => write!(f, "sms {p}"),
        }
    }
}

/// A rendered notification, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The idempotency key (the outbox message's key): the same key is the same notification, however
    /// often it is handed over.
    pub key: String,
    /// The dossier it is about.
    pub dossier: DossierCode,
    /// To whom.
    pub to: Contact,
    /// The language the text starts with.
    pub language: Language,
    /// The text.
    pub text: template::Rendered,
}

/// What a [`Notifier`] did with a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// Handed to the channel.
    Sent,
    /// The notifier already holds a notification with this key: not sent again.
    AlreadySent,
}

/// How a notification failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotifyErrorKind {
    /// The channel is down or refused for now (a 4xx SMTP reply, a connection failure): try again later.
    Unavailable,
    /// The channel refused the message for good (a 5xx SMTP reply).
    Rejected,
    /// The notifier does not serve this contact's channel.
    Unsupported,
}

/// A notification failed. Its message never holds the recipient's address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{notifier}: {message}")]
pub struct NotifyError {
    /// The kind.
    pub kind: NotifyErrorKind,
    /// The notifier's name.
    pub notifier: String,
    /// What happened.
    pub message: String,
}

impl NotifyError {
    /// An error of `kind` from `notifier`.
    pub fn new(kind: NotifyErrorKind, notifier: &str, message: impl Into<String>) -> Self {
        NotifyError {
            kind,
            notifier: notifier.to_owned(),
            message: message.into(),
        }
    }

    /// Whether another attempt later can help.
    pub fn is_retryable(&self) -> bool {
        self.kind == NotifyErrorKind::Unavailable
    }
}

/// A channel to citizens; object-safe, so that a dispatcher holds `Arc<dyn Notifier>`.
///
/// One attempt per call; [`NotifyError::is_retryable`] says whether another can help, and the dispatcher
/// retries. A notifier should carry [`Notification::key`] to the channel (an e-mail's `Message-ID`), or
/// remember it, so that a notification handed over twice (after a lease ran out mid-send) is recognisable.
#[async_trait::async_trait]
pub trait Notifier: Send + Sync + fmt::Debug {
    /// The notifier's name, for logs and errors (`smtp`, `file`).
    fn name(&self) -> &str;

    /// Sends one notification.
    async fn send(&self, notification: &Notification) -> Result<Delivery, NotifyError>;
}
