//! The licensing codec (XML), encoding in version 1: any bytes decode or fail with a located error, and what
//! decodes survives encode then decode.
#![no_main]

use std::sync::LazyLock;

use hoso_licensing::{LicensingCodec, Version};
use libfuzzer_sys::fuzz_target;

static CODEC: LazyLock<LicensingCodec> =
    LazyLock::new(|| LicensingCodec::new(hoso_fuzz::agency(hoso_fuzz::LICENSING), Version::V1));

fuzz_target!(|data: &[u8]| hoso_fuzz::xml_codec(&CODEC, data));
