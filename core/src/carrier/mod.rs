//! The postal carrier port: how `hoso` orders the carriage of a dossier and of its result from a postal
//! operator, and reads back what happened to the item.
//!
//! A dossier has at most two orders: a **pickup order** (the applicant to the agency's one-stop desk,
//! [`OrderLeg::Pickup`]) and a **return order** (the agency to the recipient, [`OrderLeg::Return`]). Each is
//! numbered from the dossier code ([`OrderNumber`]), which is the idempotency key: placing the same order
//! twice gives the same waybill, never two orders. The operator's tracking reports come as
//! [`CarrierEvent`]s, read from a cursor ([`PostalCarrier::track`]) or pushed ([`PostalCarrier::parse_webhook`]),
//! each with the operator's own status code kept raw. A [`StatusTable`] (data, one per operator) maps a code
//! onto a [`PostalStep`], and [`PostalStep::event_kind`] turns a step on a leg into the core's postal-leg
//! event; a code the table does not hold is [`StatusMapping::Unknown`], reported and never guessed.
//!
//! The outbox rule that places orders, the dispatcher that sends them and the tracking poller that applies the
//! feed live in [`crate::service`]; `docs/carrier.md` gives the decisions.

mod error;
mod feed;
mod order;
mod port;
mod status;

pub use error::CarrierError;
pub use feed::{CarrierEvent, TrackingCursor, TrackingPage};
pub use order::{CarrierOrder, OrderLeg, OrderNumber, OrderNumberError, Party, Waybill};
pub use port::{MAX_EVENTS_PER_PAGE, PostalCarrier};
pub use status::{PostalStep, StatusEntry, StatusMapping, StatusTable, StepError};
