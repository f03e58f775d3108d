//! What a carrier reports about its items: events with the carrier's raw status codes, read from a cursor.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::OrderNumber;
use crate::TrackingNumber;

/// Where a reader of a carrier's tracking feed stands: the carrier's id of the last entry read (VNPost's
/// `lastId`); 0 before the first.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct TrackingCursor(pub u64);

/// One report of a carrier about an item, as the carrier gave it: its status code is kept raw and mapped by
/// the carrier's [`StatusTable`](super::StatusTable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierEvent {
    /// The carrier's id for this report, unique per carrier: the key that makes it apply once.
    pub id: String,
    /// The order it is about.
    pub order: OrderNumber,
    /// The item, when the report names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<TrackingNumber>,
    /// The carrier's status code, raw.
    pub code: String,
    /// The carrier's words for it (`statusMessage`).
    pub message: String,
    /// When it happened, as the carrier says.
    pub at: Timestamp,
}

/// A page of a carrier's tracking feed: the reports after a cursor, in the carrier's order, and the cursor
/// to read on from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TrackingPage {
    /// The reports.
    pub events: Vec<CarrierEvent>,
    /// Where the next read starts (the same cursor when the page is empty).
    pub next: TrackingCursor,
}
