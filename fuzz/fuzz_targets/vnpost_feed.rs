//! VNPost's JSON: the first byte picks the decoder (tracking feed, order reply, token, order), the rest is
//! the body. Any body is read or refused with a typed error; a feed or an order read survives encode then
//! decode.
#![no_main]

use std::sync::LazyLock;

use hoso_core::carrier::OrderNumber;
use hoso_vnpost::VnpostCodec;
use libfuzzer_sys::fuzz_target;

static CODEC: LazyLock<VnpostCodec> = LazyLock::new(|| VnpostCodec::new("HOSO"));
static ORDER: LazyLock<OrderNumber> = LazyLock::new(|| {
    "000.00.01.H56-260302-0001"
        .parse()
        .unwrap_or_else(|e| panic!("the target's order number: {e}"))
});

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    match pick % 4 {
        0 => match CODEC.decode_feed(body) {
            Ok(page) => {
                let bytes = CODEC.encode_feed(&page).unwrap_or_else(|e| panic!("{e}"));
                let again = CODEC.decode_feed(&bytes).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(again, page);
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        },
        1 => {
            if let Err(e) = CODEC.decode_order_reply(body, &ORDER) {
                assert!(!e.to_string().is_empty());
            }
        }
        2 => {
            if let Err(e) = CODEC.decode_token(body) {
                assert!(!e.to_string().is_empty());
            }
        }
        _ => match CODEC.decode_order(body) {
            Ok(order) => {
                if let Ok(bytes) = CODEC.encode_order(&order) {
                    let again = CODEC.decode_order(&bytes).unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(again, order);
                }
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        },
    }
});
