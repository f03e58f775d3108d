//! The land registry codec (XML), encoding in version 2: any bytes decode or fail with a located error, and
//! what decodes survives encode then decode.
#![no_main]

use std::sync::LazyLock;

use hoso_land::{LandCodec, Version};
use libfuzzer_sys::fuzz_target;

static CODEC: LazyLock<LandCodec> =
    LazyLock::new(|| LandCodec::new(hoso_fuzz::agency(hoso_fuzz::LAND), Version::V2));

fuzz_target!(|data: &[u8]| hoso_fuzz::xml_codec(&CODEC, data));
