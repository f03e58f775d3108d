//! Decoding the licensing authority's XML into core types, beside quick-xml merely reading the same bytes'
//! events with their attributes, in the same run (the harness is `hoso_benches::xml`).
//!
//! The batch is every sample of both versions (all message kinds, both directions), repeated to 2,200
//! messages.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hoso_benches::xml;
use hoso_core::adapter::{AgencySide, Decoded};
use hoso_licensing::{LicensingCodec, Version};

fn decode(c: &mut Criterion) {
    let messages = xml::sample_batch("licensing");
    let codec = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V2);
    xml::compare_with_floor(
        c,
        "licensing",
        // Issues 5 and 6: at least 0.6× quick-xml's raw event reading on the same bytes.
        0.6,
        &messages,
        |m| {
            black_box(codec.decode_any(m).unwrap());
        },
        |m| {
            if let Decoded::Notice(n) = codec.decode_any(m).unwrap() {
                black_box(n.events());
            }
        },
    );
}

criterion_group!(benches, decode);
criterion_main!(benches);
