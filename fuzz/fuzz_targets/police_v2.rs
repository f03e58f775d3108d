//! The police codec (JSON), encoding in version 2: any bytes decode or fail with a typed error, and what
//! decodes survives encode then decode. The raw decoder (`hoso_police::codec::decode`) is fed the same bytes.
#![no_main]

use std::sync::LazyLock;

use hoso_police::{PoliceCodec, Version};
use libfuzzer_sys::fuzz_target;

static CODEC: LazyLock<PoliceCodec> =
    LazyLock::new(|| PoliceCodec::new(hoso_fuzz::agency(hoso_fuzz::POLICE), Version::V2));

fuzz_target!(|data: &[u8]| {
    if let Err(e) = hoso_police::codec::decode(data) {
        assert!(!e.to_string().is_empty());
    }
    hoso_fuzz::agency_side(&*CODEC, data);
});
