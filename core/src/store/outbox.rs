//! The transactional outbox: messages to other systems, written in the same transaction as the events that
//! cause them, then claimed, sent and completed by a dispatcher, at least once.
//!
//! A message moves `pending → (claimed under a lease) → done`, or back to pending with a later attempt time
//! and the error, or to the dead letters after [`OutboxPolicy::max_attempts`]. A claim counts as an attempt,
//! so a message whose sending crashes the dispatcher every time still ends among the dead letters instead of
//! looping. A lease that expires (a crashed or stalled dispatcher) makes the message claimable again: the
//! receiver sees it at least once, and the message's [`key`](NewOutboxMessage::key) is the idempotency key
//! that makes the second delivery harmless.

use std::fmt;
use std::str::FromStr;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::{AgencyCode, DossierCode};

/// Where an outbox message goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Destination {
    /// An agency's system, through its adapter.
    Agency(AgencyCode),
    /// The National Public Service Portal (Cổng Dịch vụ công quốc gia): status sync.
    Portal,
    /// The postal operator's order and tracking API.
    Postal,
    /// The citizen (SMS, e-mail), through a notifier.
    Citizen,
}

impl Destination {
    /// The destination's family, without the agency.
    pub fn kind(&self) -> DestinationKind {
        match self {
            Destination::Agency(_) => DestinationKind::Agency,
            Destination::Portal => DestinationKind::Portal,
            Destination::Postal => DestinationKind::Postal,
            Destination::Citizen => DestinationKind::Citizen,
        }
    }
}

/// A destination's family, for claiming by consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DestinationKind {
    /// Agencies' systems.
    Agency,
    /// The national portal.
    Portal,
    /// The postal operator.
    Postal,
    /// Citizens.
    Citizen,
}

impl DestinationKind {
    /// The text stores keep: the prefix of [`Destination`]'s text form.
    pub fn as_str(self) -> &'static str {
        match self {
            DestinationKind::Agency => "agency",
            DestinationKind::Portal => "portal",
            DestinationKind::Postal => "postal",
            DestinationKind::Citizen => "citizen",
        }
    }
}

/// `agency:000.00.15.H22`, `portal`, `postal`, `citizen`: the form stores keep.
impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Agency(code) => write!(f, "agency:{code}"),
            other => f.write_str(other.kind().as_str()),
        }
    }
}

/// A destination's text is not one of the known forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not an outbox destination (agency:CODE, portal, postal or citizen)")]
pub struct DestinationError {
    /// The offending text (at most 64 characters of it).
    pub value: String,
}

impl FromStr for Destination {
    type Err = DestinationError;
    fn from_str(s: &str) -> Result<Self, DestinationError> {
        let err = || DestinationError {
            value: s.chars().take(64).collect(),
        };
        Ok(match s {
            "portal" => Destination::Portal,
            "postal" => Destination::Postal,
            "citizen" => Destination::Citizen,
            _ => {
                let code = s.strip_prefix("agency:").ok_or_else(err)?;
                Destination::Agency(code.parse().map_err(|_| err())?)
            }
        })
    }
}

impl Serialize for Destination {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Destination {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A message to write to the outbox with the events that cause it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOutboxMessage {
    /// The idempotency key, unique in the outbox: the receiver's deduplication key (the agency message id, for
    /// instance). A message whose key is already in the outbox is not written again.
    pub key: String,
    /// Where it goes.
    pub destination: Destination,
    /// What to send, as JSON (the consumer for the destination knows its shape).
    pub payload: serde_json::Value,
    /// Not to be sent before this time; `None`: at once.
    pub not_before: Option<Timestamp>,
}

impl NewOutboxMessage {
    /// A message to `destination`, sent at once.
    pub fn new(
        key: impl Into<String>,
        destination: Destination,
        payload: serde_json::Value,
    ) -> Self {
        NewOutboxMessage {
            key: key.into(),
            destination,
            payload,
            not_before: None,
        }
    }
}

/// Where an outbox message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting to be sent, or claimed and being sent.
    Pending,
    /// Sent and acknowledged.
    Done,
    /// Given up after too many attempts; waits for an operator.
    Dead,
}

impl OutboxStatus {
    /// The text stores keep.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Done => "done",
            OutboxStatus::Dead => "dead",
        }
    }

    /// The status from its text.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => OutboxStatus::Pending,
            "done" => OutboxStatus::Done,
            "dead" => OutboxStatus::Dead,
            _ => return None,
        })
    }
}

/// An outbox message as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// The store's id for it.
    pub id: u64,
    /// The dossier whose events caused it.
    pub dossier: DossierCode,
    /// The idempotency key.
    pub key: String,
    /// Where it goes.
    pub destination: Destination,
    /// What to send.
    pub payload: serde_json::Value,
    /// Where it stands.
    pub status: OutboxStatus,
    /// Claims so far (each claim is an attempt).
    pub attempts: u32,
    /// Not to be claimed before this time; `None`: at once.
    pub next_attempt_at: Option<Timestamp>,
    /// The error of the last failed attempt.
    pub last_error: Option<String>,
    /// When it was written.
    pub created_at: Timestamp,
}

/// A claim on an outbox message: whoever holds it may complete or reschedule the message until `until`, and
/// after that only if nobody else claimed it in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Lease {
    /// The message.
    pub message: u64,
    /// Which claim this is (the message's attempt number): a later claim invalidates this one.
    pub token: u32,
    /// When the lease runs out.
    pub until: Timestamp,
}

/// A claimed message and its lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The message (its `attempts` counts this claim).
    pub message: OutboxMessage,
    /// The lease to complete or reschedule it with.
    pub lease: Lease,
}

/// How a dispatcher claims: how long a lease lasts and when a message becomes a dead letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxPolicy {
    /// How long a claim holds a message.
    pub lease: SignedDuration,
    /// The attempts after which a message that still fails is a dead letter.
    pub max_attempts: u32,
    /// At most this many messages per claim.
    pub batch: usize,
}

impl Default for OutboxPolicy {
    /// Leases of 60 s, 8 attempts, 32 messages per claim.
    fn default() -> Self {
        OutboxPolicy {
            lease: SignedDuration::from_secs(60),
            max_attempts: 8,
            batch: 32,
        }
    }
}

/// How many outbox messages are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxCounts {
    /// Pending (including claimed).
    pub pending: u64,
    /// Done.
    pub done: u64,
    /// Dead letters.
    pub dead: u64,
}
