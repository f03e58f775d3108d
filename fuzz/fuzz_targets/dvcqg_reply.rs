//! The national portal's replies: the first two bytes are the HTTP status, the rest the body. Any reply is
//! read or refused with a typed error that names where.
#![no_main]

use std::sync::LazyLock;

use hoso_core::adapter::WireFormat;
use hoso_dvcqg::{DvcqgCodec, PortalProfile};
use libfuzzer_sys::fuzz_target;

static CODEC: LazyLock<DvcqgCodec> = LazyLock::new(|| {
    DvcqgCodec::new(
        hoso_fuzz::agency(hoso_fuzz::LICENSING),
        PortalProfile::new(hoso_fuzz::agency(hoso_fuzz::LICENSING)),
    )
});

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, body @ ..] => (u16::from_le_bytes([*a, *b]), body),
        _ => (200, data),
    };
    match CODEC.decode_reply(status, body) {
        Ok(reply) => {
            let err = reply.into_error(CODEC.portal(), "a call");
            assert!(!err.message().is_empty());
        }
        Err(e) => hoso_fuzz::check_error(WireFormat::Json, &e),
    }
});
