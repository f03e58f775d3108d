//! The samples: what `hoso` sends is the committed order, and what VNPost answers decodes as written.

use hoso_core::adapter::AdapterErrorKind;
use hoso_core::carrier::{OrderLeg, OrderNumber, StatusMapping, TrackingCursor};
use hoso_testkit::carrier_sim::sample_order;
use hoso_vnpost::{VNPOST_STATUS, VnpostCodec};

fn sample(name: &str) -> Vec<u8> {
    let path = format!("{}/samples/v1/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn codec() -> VnpostCodec {
    VnpostCodec::new("HCC-KH-0001")
}

#[test]
fn the_sample_pickup_order_is_what_the_codec_writes() {
    let written: serde_json::Value = serde_json::from_slice(
        &codec()
            .encode_order(&sample_order(OrderLeg::Pickup))
            .unwrap(),
    )
    .unwrap();
    let committed: serde_json::Value = serde_json::from_slice(&sample("order.json")).unwrap();
    assert_eq!(written, committed);
    // And the carrier's side reads it back to the same order (each end's province as its 2025 unit).
    let read = codec().decode_order(&sample("order.json")).unwrap();
    let order = sample_order(OrderLeg::Pickup);
    assert_eq!(
        (read.number, &read.sender.name, read.receiver.phone),
        (order.number, &order.sender.name, order.receiver.phone)
    );
}

#[test]
fn replies_decode_to_a_waybill_or_a_refusal_with_its_status() {
    let order: OrderNumber = "000.00.01.H56-260302-0001".parse().unwrap();
    let waybill = codec()
        .decode_order_reply(&sample("order-reply.json"), &order)
        .unwrap();
    assert_eq!(waybill.item.as_str(), "EH300000012VN");
    let err = codec()
        .decode_order_reply(&sample("order-refused.json"), &order)
        .unwrap_err();
    assert_eq!(err.kind(), AdapterErrorKind::Rejected);
    assert_eq!(err.carrier_code(), Some("102"));
    assert!(!err.is_retryable());
    let other: OrderNumber = "000.00.01.H56-260302-0002".parse().unwrap();
    let err = codec()
        .decode_order_reply(&sample("order-reply.json"), &other)
        .unwrap_err();
    assert_eq!(
        err.location().map(ToString::to_string).as_deref(),
        Some("$.OrderNumber")
    );
}

#[test]
fn the_feed_keeps_raw_codes_and_its_cursor() {
    let page = codec().decode_feed(&sample("tracking.json")).unwrap();
    assert_eq!(page.next, TrackingCursor(43));
    let codes: Vec<_> = page
        .events
        .iter()
        .map(|e| (e.id.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("vnpost-41", "200"),
            ("vnpost-42", "300"),
            ("vnpost-43", "888")
        ]
    );
    assert_eq!(page.events[0].at, "2026-03-02T02:10:00Z".parse().unwrap());
    assert_eq!(page.events[2].order.leg, OrderLeg::Return);
    assert_eq!(page.events[2].item, None);
    assert_eq!(VNPOST_STATUS.map("888"), StatusMapping::Unknown);
    // Written back by the carrier's side, the page reads the same.
    let again = codec()
        .decode_feed(&codec().encode_feed(&page).unwrap())
        .unwrap();
    assert_eq!(again, page);
}

#[test]
fn the_token_reply_decodes_and_never_shows_in_debug() {
    let token = codec().decode_token(&sample("token.json")).unwrap();
    assert!(token.starts_with("eyJ"));
    let reply: hoso_vnpost::wire::TokenReply =
        serde_json::from_slice(&sample("token.json")).unwrap();
    assert!(!format!("{reply:?}").contains("eyJ"));
}

#[test]
fn the_status_table_holds_each_code_once() {
    assert!(VNPOST_STATUS.duplicate_codes().is_empty());
}
