//! Decoding the land registry office's XML into core types (parcels with exact areas, administrative units,
//! financial obligation lines included), beside quick-xml merely reading the same bytes' events with their
//! attributes, in the same run (the harness is `hoso_benches::xml`).
//!
//! The batch is every sample of both versions (all twelve message kinds, both directions), repeated to 2,400
//! messages.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hoso_benches::xml;
use hoso_land::{LandCodec, LandMessage, Version};

fn decode(c: &mut Criterion) {
    let messages = xml::sample_batch("land");
    let codec = LandCodec::new("000.00.26.H26".parse().unwrap(), Version::V2);
    xml::compare_with_floor(
        c,
        "land",
        // Issues 5 and 6: at least 0.6× quick-xml's raw event reading on the same bytes.
        0.6,
        &messages,
        |m| {
            black_box(codec.decode_message(m).unwrap());
        },
        |m| {
            if let LandMessage::Notice { message, .. } = codec.decode_message(m).unwrap() {
                black_box(message.events());
            }
        },
    );
}

criterion_group!(benches, decode);
criterion_main!(benches);
