//! The kit's carrier checks, over HTTP against the carrier simulator behind VNPost's wire format.

mod common;

use std::sync::Arc;

use hoso_core::adapter::AdapterErrorKind;
use hoso_core::carrier::{OrderLeg, PostalCarrier, TrackingCursor};
use hoso_testkit::carrier_checks;
use hoso_testkit::carrier_sim::sample_order;

/// The carrier and its simulator, with the HTTP front kept alive for as long as the carrier is used.
#[derive(Debug)]
struct Live {
    carrier: hoso_vnpost::VnpostCarrier,
    _server: Arc<hoso_testkit::carrier_http::CarrierHttpSimulator>,
}

#[async_trait::async_trait]
impl PostalCarrier for Live {
    fn name(&self) -> &str {
        self.carrier.name()
    }
    fn status_table(&self) -> &hoso_core::carrier::StatusTable {
        self.carrier.status_table()
    }
    async fn create_order(
        &self,
        order: &hoso_core::carrier::CarrierOrder,
    ) -> Result<hoso_core::carrier::Waybill, hoso_core::carrier::CarrierError> {
        self.carrier.create_order(order).await
    }
    async fn cancel(
        &self,
        order: &hoso_core::carrier::OrderNumber,
    ) -> Result<(), hoso_core::carrier::CarrierError> {
        self.carrier.cancel(order).await
    }
    async fn track(
        &self,
        after: TrackingCursor,
        limit: usize,
    ) -> Result<hoso_core::carrier::TrackingPage, hoso_core::carrier::CarrierError> {
        self.carrier.track(after, limit).await
    }
}

#[test]
fn vnpost_passes_the_carrier_checks_over_http() {
    hoso_testkit::block_on(carrier_checks::all_carrier_checks(|| async {
        let (carrier, sim, _front, server) = common::connected().await;
        (
            Live {
                carrier,
                _server: Arc::new(server),
            },
            sim,
        )
    }));
}

#[test]
fn an_expired_token_is_renewed_once_within_the_call() {
    hoso_testkit::block_on(async {
        let (carrier, sim, front, _server) = common::connected().await;
        carrier
            .create_order(&sample_order(OrderLeg::Pickup))
            .await
            .expect("order");
        assert_eq!(front.tokens_issued(), 1);
        front.expire();
        carrier
            .track(TrackingCursor::default(), 10)
            .await
            .expect("read after expiry");
        assert_eq!(front.tokens_issued(), 2, "the token was not renewed");
        assert_eq!(sim.orders_placed(), 1);
    });
}

#[test]
fn cancelling_reaches_the_carrier_and_an_unknown_order_is_not_found() {
    hoso_testkit::block_on(async {
        let (carrier, sim, _front, _server) = common::connected().await;
        let order = sample_order(OrderLeg::Return);
        let err = carrier
            .cancel(&order.number)
            .await
            .expect_err("no such order yet");
        assert_eq!(err.kind(), AdapterErrorKind::NotFound, "{err}");
        carrier.create_order(&order).await.expect("order");
        carrier.cancel(&order.number).await.expect("cancel");
        carrier.cancel(&order.number).await.expect("cancel again");
        assert_eq!(sim.cancelled(), vec![order.number]);
    });
}

#[test]
fn an_address_vnpost_cannot_place_is_refused_before_sending() {
    hoso_testkit::block_on(async {
        let (carrier, sim, front, _server) = common::connected().await;
        let mut order = sample_order(OrderLeg::Pickup);
        order.receiver.address.unit = "2025:province:02".parse().ok();
        order.receiver.address.postal_code = None;
        let err = carrier.create_order(&order).await.expect_err("refused");
        assert_eq!(err.kind(), AdapterErrorKind::Rejected);
        assert_eq!(
            err.location().map(ToString::to_string).as_deref(),
            Some("$.ReceiverProvince")
        );
        assert_eq!(front.tokens_issued(), 0, "something was sent");
        assert_eq!(sim.orders_placed(), 0);
    });
}
