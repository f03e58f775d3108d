//! Conformance checks for postal carrier adapters, where the agency checks do not fit: each takes the
//! adapter under test and the [`CarrierSimulator`] behind it (in process, or behind an HTTP front in the
//! carrier's format), and panics with a precise message when the contract is broken.
//!
//! Every check starts from a simulator with no orders.

use hoso_core::adapter::AdapterErrorKind;
use hoso_core::carrier::{OrderLeg, PostalCarrier, PostalStep, StatusMapping, TrackingCursor};
use jiff::Timestamp;

use crate::carrier_sim::{CarrierSimulator, Outage, UNKNOWN_CODE, sample_order};

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_772_413_200 + minute * 60).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Placing the same order twice gives the same waybill and one order at the carrier.
pub async fn order_is_placed_once_per_number(carrier: &dyn PostalCarrier, sim: &CarrierSimulator) {
    let order = sample_order(OrderLeg::Pickup);
    let first = carrier
        .create_order(&order)
        .await
        .unwrap_or_else(|e| panic!("placing the sample pickup order failed: {e}"));
    assert_eq!(
        first.order, order.number,
        "the waybill answers another order"
    );
    let again = carrier
        .create_order(&order)
        .await
        .unwrap_or_else(|e| panic!("placing the same order again failed: {e}"));
    assert_eq!(again, first, "the same order number gave another waybill");
    assert_eq!(
        sim.orders_placed(),
        1,
        "the same order number made two orders"
    );
    let back = carrier
        .create_order(&sample_order(OrderLeg::Return))
        .await
        .unwrap_or_else(|e| panic!("placing the sample return order failed: {e}"));
    assert_ne!(back.item, first.item, "two orders share an item code");
    assert_eq!(
        sim.orders_placed(),
        2,
        "the return order is not an order of its own"
    );
}

/// An order to an address the carrier cannot route (no administrative unit, no postal code) is a `Rejected`
/// error that no retry mends, and no order.
pub async fn bad_address_is_rejected(carrier: &dyn PostalCarrier, sim: &CarrierSimulator) {
    let mut order = sample_order(OrderLeg::Return);
    order.receiver.address.unit = None;
    order.receiver.address.postal_code = None;
    let err = match carrier.create_order(&order).await {
        Ok(w) => {
            panic!("an order to an address with no unit and no postal code was accepted: {w:?}")
        }
        Err(e) => e,
    };
    assert_eq!(err.kind(), AdapterErrorKind::Rejected, "{err}");
    assert!(!err.is_retryable(), "a refused address is retryable: {err}");
    assert_eq!(sim.orders_placed(), 0, "a refused order was placed");
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("0912345678"),
        "the error shows a phone number whole: {text}"
    );
}

/// The feed is read from a cursor, page by page, each report with its raw code and item, and ends with an
/// empty page that keeps the cursor.
pub async fn feed_is_read_from_a_cursor(carrier: &dyn PostalCarrier, sim: &CarrierSimulator) {
    let order = sample_order(OrderLeg::Pickup);
    let waybill = carrier
        .create_order(&order)
        .await
        .unwrap_or_else(|e| panic!("placing the sample order failed: {e}"));
    let steps = [
        PostalStep::Collected,
        PostalStep::InTransit,
        PostalStep::Delivered {
            recipient: hoso_core::event::Recipient::Applicant,
        },
    ];
    let published: Vec<_> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| sim.publish(&order.number, *s, at(i as i64 * 60)))
        .collect();
    let first = carrier
        .track(TrackingCursor::default(), 2)
        .await
        .unwrap_or_else(|e| panic!("reading the feed failed: {e}"));
    assert_eq!(
        first.events.len(),
        2,
        "a page of 2 brought {} reports",
        first.events.len()
    );
    let second = carrier
        .track(first.next, 2)
        .await
        .unwrap_or_else(|e| panic!("reading on from the cursor failed: {e}"));
    assert_eq!(
        second.events.len(),
        1,
        "reading on brought {} reports, not the third",
        second.events.len()
    );
    let end = carrier
        .track(second.next, 2)
        .await
        .unwrap_or_else(|e| panic!("reading past the end failed: {e}"));
    assert!(end.events.is_empty(), "the feed goes on past its end");
    assert_eq!(end.next, second.next, "an empty page moved the cursor");
    let read: Vec<_> = first.events.iter().chain(&second.events).collect();
    for (got, sent) in read.iter().zip(&published) {
        assert_eq!(got.code, sent.code, "the raw code changed on the way");
        assert_eq!(got.id, sent.id, "the report's id changed on the way");
        assert_eq!(got.order, order.number, "the report names another order");
        assert_eq!(
            got.item.as_ref(),
            Some(&waybill.item),
            "the report names another item"
        );
        assert_eq!(got.at, sent.at, "the report's time changed on the way");
    }
}

/// A code the carrier's table does not hold comes through raw and maps to `Unknown`.
pub async fn unknown_codes_come_through_raw(carrier: &dyn PostalCarrier, sim: &CarrierSimulator) {
    let order = sample_order(OrderLeg::Return);
    carrier
        .create_order(&order)
        .await
        .unwrap_or_else(|e| panic!("placing the sample order failed: {e}"));
    sim.publish_code(&order.number, UNKNOWN_CODE, at(0));
    let page = carrier
        .track(TrackingCursor::default(), 10)
        .await
        .unwrap_or_else(|e| panic!("a report with an unknown code broke the feed: {e}"));
    let got = page
        .events
        .first()
        .unwrap_or_else(|| panic!("the unknown code's report was dropped"));
    assert_eq!(got.code, UNKNOWN_CODE, "the unknown code was changed");
    assert_eq!(
        carrier.status_table().map(&got.code),
        StatusMapping::Unknown,
        "an unknown code was guessed"
    );
}

/// Outages (5xx, time-outs) are retryable errors of the kinds `Unavailable` and `Timeout`.
pub async fn outages_are_retryable(carrier: &dyn PostalCarrier, sim: &CarrierSimulator) {
    for (outage, kind) in [
        (Outage::ServerError, AdapterErrorKind::Unavailable),
        (Outage::Timeout, AdapterErrorKind::Timeout),
    ] {
        sim.fail_next(outage, 1);
        let err = match carrier.track(TrackingCursor::default(), 10).await {
            Ok(_) => panic!("{outage:?} did not fail the read"),
            Err(e) => e,
        };
        assert_eq!(err.kind(), kind, "{outage:?}: {err}");
        assert!(err.is_retryable(), "{outage:?} is not retryable: {err}");
    }
    carrier
        .track(TrackingCursor::default(), 10)
        .await
        .unwrap_or_else(|e| panic!("the feed does not come back after an outage: {e}"));
}

/// The status table holds each code once and has a code for every step a dossier's journey needs.
pub fn status_table_is_complete(carrier: &dyn PostalCarrier) {
    let table = carrier.status_table();
    assert!(
        table.duplicate_codes().is_empty(),
        "codes given twice: {:?}",
        table.duplicate_codes()
    );
    for step in [
        PostalStep::Collected,
        PostalStep::InTransit,
        PostalStep::OutForDelivery,
        PostalStep::Delivered {
            recipient: hoso_core::event::Recipient::Applicant,
        },
        PostalStep::Returned,
    ] {
        assert!(
            table.code_for(step).is_some(),
            "the table has no code for {step:?}"
        );
    }
    assert!(
        table
            .entries
            .iter()
            .any(|e| matches!(e.step, Some(PostalStep::DeliveryAttempted { .. }))),
        "the table has no code for a failed delivery attempt"
    );
}

/// Runs every carrier check, each against a fresh simulator that `fresh` connects the adapter to.
pub async fn all_carrier_checks<F, Fut, C>(fresh: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = (C, CarrierSimulator)>,
    C: PostalCarrier,
{
    let (c, sim) = fresh().await;
    status_table_is_complete(&c);
    order_is_placed_once_per_number(&c, &sim).await;
    let (c, sim) = fresh().await;
    bad_address_is_rejected(&c, &sim).await;
    let (c, sim) = fresh().await;
    feed_is_read_from_a_cursor(&c, &sim).await;
    let (c, sim) = fresh().await;
    unknown_codes_come_through_raw(&c, &sim).await;
    let (c, sim) = fresh().await;
    outages_are_retryable(&c, &sim).await;
}
