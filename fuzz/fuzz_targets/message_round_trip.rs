//! Encode then decode is the identity for every message kind of every agency format: the input picks a
//! sample message (one per kind, per format, per version) and rewrites its values (texts, numbers, flags,
//! list items) through its serde form; a message the version can carry decodes back to itself, one it cannot
//! is refused with a typed error.
#![no_main]

use std::sync::{Arc, LazyLock};

use arbitrary::{Arbitrary, Result, Unstructured};
use hoso_core::adapter::{AgencySide, Decoded};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

struct Sample {
    codec: Arc<dyn AgencySide>,
    message: Decoded,
}

static SAMPLES: LazyLock<Vec<Sample>> = LazyLock::new(|| {
    use hoso_fuzz::{LAND, LICENSING, POLICE, agency};
    let codecs: [(&str, Arc<dyn AgencySide>); 6] = [
        (
            "adapters/licensing/samples/v1",
            Arc::new(hoso_licensing::LicensingCodec::new(
                agency(LICENSING),
                hoso_licensing::Version::V1,
            )),
        ),
        (
            "adapters/licensing/samples/v2",
            Arc::new(hoso_licensing::LicensingCodec::new(
                agency(LICENSING),
                hoso_licensing::Version::V2,
            )),
        ),
        (
            "adapters/land/samples/v1",
            Arc::new(hoso_land::LandCodec::new(
                agency(LAND),
                hoso_land::Version::V1,
            )),
        ),
        (
            "adapters/land/samples/v2",
            Arc::new(hoso_land::LandCodec::new(
                agency(LAND),
                hoso_land::Version::V2,
            )),
        ),
        (
            "adapters/police/samples/v1",
            Arc::new(hoso_police::PoliceCodec::new(
                agency(POLICE),
                hoso_police::Version::V1,
            )),
        ),
        (
            "adapters/police/samples/v2",
            Arc::new(hoso_police::PoliceCodec::new(
                agency(POLICE),
                hoso_police::Version::V2,
            )),
        ),
    ];
    let mut samples = Vec::new();
    for (dir, codec) in codecs {
        let dir = hoso_fuzz::repository().join(dir);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let message = codec
                .decode_any(&bytes)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            samples.push(Sample {
                codec: codec.clone(),
                message,
            });
        }
    }
    samples
});

/// Rewrites some of the values of `value`, as the input says.
fn rewrite(u: &mut Unstructured<'_>, value: &mut Value) -> Result<()> {
    match value {
        Value::Object(members) => {
            for (_, v) in members.iter_mut() {
                rewrite(u, v)?;
            }
        }
        Value::Array(items) => {
            match u.int_in_range(0u8..=7)? {
                0 if !items.is_empty() => {
                    let at = u.choose_index(items.len())?;
                    items.remove(at);
                }
                1 if !items.is_empty() => {
                    let at = u.choose_index(items.len())?;
                    items.push(items[at].clone());
                }
                _ => {}
            }
            for v in items.iter_mut() {
                rewrite(u, v)?;
            }
        }
        Value::String(s) if u.ratio(1u8, 3)? => {
            // Any text, blank and padded ones included: the XML decoders read texts trimmed and refuse blank
            // ones, so their encoders refuse to write such a text (InvalidPayload), and a NUL is refused by
            // every encoder; what is written decodes back to itself.
            *s = String::arbitrary(u)?;
        }
        Value::Number(n) if u.ratio(1u8, 3)? => {
            *n = if n.is_i64() && n.as_i64().is_some_and(|x| x < 0) {
                i64::arbitrary(u)?.into()
            } else {
                u64::arbitrary(u)?.into()
            };
        }
        Value::Bool(b) if u.ratio(1u8, 3)? => *b = bool::arbitrary(u)?,
        _ => {}
    }
    Ok(())
}

fn rewritten<T>(u: &mut Unstructured<'_>, message: &T) -> Option<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let mut value = serde_json::to_value(message).ok()?;
    let agency = value.get("agency").cloned();
    rewrite(u, &mut value).ok()?;
    // The identity holds for messages of the codec's own agency: a message of another is refused by the
    // encoder (formats without an agency field) or written with its agency and then refused by this
    // codec's decoder as addressed to another. The kit check `another_agencys_message_is_not_written_as_ours`
    // covers that case; here the agency stays the sample's.
    if let (Some(agency), Some(slot)) = (agency, value.get_mut("agency")) {
        *slot = agency;
    }
    // A value the domain types refuse (a malformed tracking number, a date out of range) is no message.
    serde_json::from_value(value).ok()
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(pick) = u.choose_index(SAMPLES.len()) else {
        return;
    };
    let sample = &SAMPLES[pick];
    let message = match &sample.message {
        Decoded::Notice(m) => rewritten(&mut u, m).map(Decoded::Notice),
        Decoded::Outbound(m) => rewritten(&mut u, m).map(Decoded::Outbound),
        Decoded::Receipt(r) => rewritten(&mut u, r).map(Decoded::Receipt),
    };
    if let Some(message) = message {
        hoso_fuzz::round_trip(&*sample.codec, &message);
    }
});
