//! The rule that calls for carrier orders: which events of a dossier cause a postal order, written to the
//! outbox in the same append as those events.
//!
//! - `PickupRequested` (the applicant asked the post to collect the dossier, Decision 45/2016/QĐ-TTg Art 6)
//!   causes the **pickup order** (applicant → agency).
//! - `ProcessingFinished` on a dossier whose result goes back by post (postal form "receive the result" or
//!   "both", Decision 45/2016/QĐ-TTg Art 9) causes the **return order** (agency → recipient).
//!
//! A dossier taken in at a post office counter needs no pickup order: the counter clerk seals and posts it.

use serde::{Deserialize, Serialize};

use crate::Dossier;
use crate::carrier::{OrderLeg, OrderNumber};
use crate::event::{Event, EventKind};
use crate::store::{Destination, NewOutboxMessage, StoreError, StoreErrorKind};

/// What a postal outbox message asks for: placing the order of this number. The dispatcher builds the order
/// itself from the dossier when it sends it, so the outbox never holds a second copy of personal data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PostalOrderRequest {
    /// The order to place.
    pub order: OrderNumber,
}

impl PostalOrderRequest {
    /// The outbox message that places `order`, keyed `postal/{order number}`: the same order is written
    /// once, however many times its cause is recorded.
    pub fn message(order: OrderNumber) -> Result<NewOutboxMessage, StoreError> {
        let key = format!("postal/{order}");
        let payload = serde_json::to_value(PostalOrderRequest { order }).map_err(|e| {
            StoreError::new(
                StoreErrorKind::Invalid,
                format!("postal order request {key} as JSON: {e}"),
            )
        })?;
        Ok(NewOutboxMessage::new(key, Destination::Postal, payload))
    }

    /// Reads the request back from an outbox payload.
    pub fn from_payload(payload: &serde_json::Value) -> Result<Self, String> {
        serde_json::from_value(payload.clone()).map_err(|e| {
            format!(
                "the payload is not a postal order request: {}",
                crate::store::payload::json_error(&e)
            )
        })
    }
}

/// The orders `events` (just applied to `dossier`, which already holds them) call for.
///
/// ```
/// use hoso_core::carrier::OrderLeg;
/// use hoso_core::service::{PostalOrderRequest, postal_orders};
/// use hoso_core::{Dossier, demo};
/// let events = demo::lifecycle(1);
/// let dossier = Dossier::from_events(&events).unwrap();
/// let orders = postal_orders(&dossier, &events).unwrap();
/// let legs: Vec<OrderLeg> = orders
///     .iter()
///     .map(|m| PostalOrderRequest::from_payload(&m.payload).unwrap().order.leg)
///     .collect();
/// // The sample dossier was taken in at a counter (no pickup) and goes back by post.
/// assert_eq!(legs, [OrderLeg::Return]);
/// ```
pub fn postal_orders(
    dossier: &Dossier,
    events: &[Event],
) -> Result<Vec<NewOutboxMessage>, StoreError> {
    let returns_by_post = dossier.header().postal_form.returns_result();
    events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::PickupRequested => Some(OrderLeg::Pickup),
            EventKind::ProcessingFinished if returns_by_post => Some(OrderLeg::Return),
            _ => None,
        })
        .map(|leg| PostalOrderRequest::message(OrderNumber::new(dossier.code().clone(), leg)))
        .collect()
}
