//! Bad input from VNPost: typed errors with the JSON path, and no personal data in them.

use hoso_core::adapter::AdapterErrorKind;
use hoso_core::carrier::{CarrierError, OrderLeg};
use hoso_testkit::carrier_sim::sample_order;
use hoso_vnpost::VnpostCodec;

fn codec() -> VnpostCodec {
    VnpostCodec::new("HCC-KH-0001")
}

fn feed(doc: &str) -> Vec<u8> {
    format!(r#"{{"_embedded":{{"rh:doc":[{doc}]}},"lastId":1}}"#).into_bytes()
}

const GOOD_DOC: &str = r#"{"_id":1,"orderNumber":"000.00.01.H56-260302-0001","itemCode":"EH300000012VN","statusCode":"200","statusMessage":"x","statusTime":"2026-03-02T09:10:00+07:00"}"#;

fn at(err: &CarrierError) -> String {
    err.location().map(ToString::to_string).unwrap_or_default()
}

#[test]
fn every_field_error_of_the_feed_names_its_path() {
    for (doc, path) in [
        (
            GOOD_DOC.replace("EH300000012VN", "EH300000013VN"),
            "$._embedded.rh:doc[0].itemCode",
        ),
        (
            GOOD_DOC.replace("000.00.01.H56-260302-0001", "ORDER-1"),
            "$._embedded.rh:doc[0].orderNumber",
        ),
        (
            GOOD_DOC.replace("2026-03-02T09:10:00+07:00", "02/03/2026 09:10"),
            "$._embedded.rh:doc[0].statusTime",
        ),
        (
            GOOD_DOC.replace("\"_id\":1", "\"_id\":\"x\""),
            "$._embedded.rh:doc[0]._id",
        ),
        (
            GOOD_DOC.replace("\"statusCode\":\"200\",", ""),
            "$._embedded.rh:doc[0]",
        ),
    ] {
        let err = codec().decode_feed(&feed(&doc)).unwrap_err();
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{err}");
        assert_eq!(at(&err), path, "{err}");
    }
    let err = codec()
        .decode_feed(br#"{"_embedded":{"rh:doc":[]},"lastId":"#)
        .unwrap_err();
    assert!(err.message().contains("truncated"), "{err}");
    let err = codec()
        .decode_feed(br#"{"_embedded":{"rh:doc":[]},"lastId":1} x"#)
        .unwrap_err();
    assert!(err.message().contains("trailing"), "{err}");
    let err = codec().decode_feed(&vec![b' '; (1 << 20) + 1]).unwrap_err();
    assert_eq!(err.kind(), AdapterErrorKind::LimitExceeded);
}

#[test]
fn a_bad_order_never_quotes_a_phone() {
    let order = sample_order(OrderLeg::Pickup);
    let mut json: serde_json::Value =
        serde_json::from_slice(&codec().encode_order(&order).unwrap()).unwrap();
    json["SenderTel"] = serde_json::json!(912345678u64);
    let err = codec()
        .decode_order(&serde_json::to_vec(&json).unwrap())
        .unwrap_err();
    assert_eq!(at(&err), "$.SenderTel");
    assert!(!format!("{err} {err:?}").contains("912345678"), "{err:?}");
    json["SenderTel"] = serde_json::json!("0912345678");
    json["Extra"] = serde_json::json!(1);
    let err = codec()
        .decode_order(&serde_json::to_vec(&json).unwrap())
        .unwrap_err();
    assert!(err.message().contains("unknown field"), "{err}");
    let m: hoso_vnpost::wire::MOrder =
        serde_json::from_slice(&codec().encode_order(&order).unwrap()).unwrap();
    assert!(!format!("{m:?}").contains("0912345"), "{m:?}");
}

#[test]
fn a_reply_without_an_item_code_or_with_a_bad_one_is_refused() {
    let order = sample_order(OrderLeg::Pickup).number;
    let err = codec()
        .decode_order_reply(br#"{"Status":"100"}"#, &order)
        .unwrap_err();
    assert_eq!(at(&err), "$.ItemCode");
    let err = codec()
        .decode_order_reply(br#"{"Status":"100","ItemCode":"EH1VN"}"#, &order)
        .unwrap_err();
    assert_eq!(at(&err), "$.ItemCode");
    let err = codec()
        .decode_order_reply(br#"{"Status":100}"#, &order)
        .unwrap_err();
    assert_eq!(at(&err), "$.Status");
}

/// A NUL character (`\u0000`) in a string is refused at its JSON path, never quoted: no store or XML document
/// holds one. An escaped backslash before `u0000` is not one.
#[test]
fn a_nul_character_is_refused_at_its_path() {
    let nul = GOOD_DOC.replace("\"statusMessage\":\"x\"", r#""statusMessage":"x\u0000""#);
    let err = codec().decode_feed(&feed(&nul)).unwrap_err();
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{err}");
    assert_eq!(at(&err), "$._embedded.rh:doc[0].statusMessage", "{err}");
    assert!(err.message().contains("NUL"), "{err}");
    let backslash = GOOD_DOC.replace("\"statusMessage\":\"x\"", r#""statusMessage":"x\\u0000""#);
    assert!(codec().decode_feed(&feed(&backslash)).is_ok());
}
