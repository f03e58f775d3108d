//! The police's and the judicial office's codecs against their shipped JSON Schemas: a message a codec
//! accepts conforms to the schema of its version. `hoso validate` relies on it to check those messages with
//! the codec alone (`hoso_cli::check::SchemaRun`); the conformance kit checks it on documents derived from the
//! samples, and this target searches for a message that breaks it.
#![no_main]

use std::sync::LazyLock;

use hoso_core::adapter::AgencySide;
use libfuzzer_sys::fuzz_target;

/// A codec, the key of its envelope that names the version, and the schemas of versions 1 and 2.
struct Format {
    codec: Box<dyn AgencySide + Send + Sync>,
    version_key: &'static str,
    schemas: [jsonschema::Validator; 2],
}

fn validator(text: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(text).expect("a shipped schema is JSON");
    jsonschema::validator_for(&schema).expect("a shipped schema compiles")
}

static FORMATS: LazyLock<[Format; 2]> = LazyLock::new(|| {
    let police = hoso_fuzz::agency(hoso_fuzz::POLICE);
    let judicial = hoso_fuzz::agency(hoso_fuzz::JUDICIAL);
    [
        Format {
            codec: Box::new(hoso_police::PoliceCodec::new(police, hoso_police::Version::V2)),
            version_key: "schemaVersion",
            schemas: [hoso_police::schema::V1, hoso_police::schema::V2].map(validator),
        },
        Format {
            codec: Box::new(hoso_judicial::JudicialCodec::new(
                judicial,
                hoso_judicial::Version::V2,
            )),
            version_key: "version",
            schemas: [hoso_judicial::schema::V1, hoso_judicial::schema::V2].map(validator),
        },
    ]
});

fuzz_target!(|data: &[u8]| {
    for format in FORMATS.iter() {
        if format.codec.decode_any(data).is_err() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_slice(data).expect("a message a codec accepts is JSON");
        let version = value.get(format.version_key).and_then(|v| v.as_u64());
        let schema = &format.schemas[usize::from(version != Some(1))];
        if let Some(error) = schema.iter_errors(&value).next() {
            panic!(
                "the codec accepts a message its schema (version {version:?}) refuses: {error} at {}",
                error.instance_path()
            );
        }
    }
});
