//! The trait a postal carrier's adapter implements.

use std::fmt;

use super::{CarrierError, CarrierEvent, CarrierOrder, OrderNumber, StatusTable, TrackingCursor};
use super::{TrackingPage, Waybill};
use crate::adapter::AdapterErrorKind;

/// The most reports one [`PostalCarrier::track`] call asks for.
pub const MAX_EVENTS_PER_PAGE: usize = 500;

/// The exchange with a postal operator's order and tracking API; object-safe, so that a dispatcher holds
/// `Arc<dyn PostalCarrier>`.
///
/// As with agency adapters, a carrier adapter makes one attempt per call and says through
/// [`CarrierError::is_retryable`] whether another can help; retries and time-outs wrap it from outside.
#[async_trait::async_trait]
pub trait PostalCarrier: Send + Sync + fmt::Debug {
    /// The carrier's name, as event ids, command ids and checkpoints record it (`vnpost`).
    fn name(&self) -> &str;

    /// The carrier's status codes.
    fn status_table(&self) -> &StatusTable;

    /// Places `order` once, under its number: placing an order whose number the carrier already holds
    /// answers with the waybill it gave the first time, and never makes a second order.
    async fn create_order(&self, order: &CarrierOrder) -> Result<Waybill, CarrierError>;

    /// Cancels the order (before collection). Cancelling an order already cancelled succeeds.
    async fn cancel(&self, order: &OrderNumber) -> Result<(), CarrierError>;

    /// At most `limit` reports after `after`, in the carrier's order, and the cursor to read on from. Reports
    /// may come again, out of order, or not at all: their [`CarrierEvent::id`]s make them apply once.
    async fn track(
        &self,
        after: TrackingCursor,
        limit: usize,
    ) -> Result<TrackingPage, CarrierError>;

    /// Reads the reports a carrier pushes (a webhook call's body). By default the carrier pushes nothing:
    /// an `Unsupported` error.
    fn parse_webhook(&self, body: &[u8]) -> Result<Vec<CarrierEvent>, CarrierError> {
        let _ = body;
        Err(CarrierError::new(
            AdapterErrorKind::Unsupported,
            self.name(),
            "this carrier pushes no reports; read its tracking feed",
        ))
    }
}
