//! Golden files: committed files that must hold exactly what the code writes (the samples as the encoder
//! writes them, a JSON Schema as the wire types generate it), with one way to rewrite them after a
//! deliberate change: run the adapter's tests with `HOSO_BLESS=1`, and commit the result.
//!
//! ```no_run
//! // A committed schema generated from the wire types (hoso-judicial's, say):
//! let generated = serde_json::json!({ "type": "object" });
//! hoso_testkit::committed_json_schema_is_generated("schema/my-v1.schema.json".as_ref(), &generated);
//! ```

use std::path::Path;

use hoso_core::adapter::AgencySide;

use crate::Sample;

/// Whether the run is to rewrite golden files (`HOSO_BLESS=1`) rather than compare them.
pub fn blessing() -> bool {
    std::env::var_os("HOSO_BLESS").is_some_and(|v| v == "1")
}

/// How to bless the files of the package under test (`cargo test` sets `CARGO_PKG_NAME` for its tests).
fn bless_command() -> String {
    match std::env::var("CARGO_PKG_NAME") {
        Ok(name) => format!("HOSO_BLESS=1 cargo test -p {name}"),
        Err(_) => "HOSO_BLESS=1 cargo test".to_owned(),
    }
}

/// Check: the file at `path` holds exactly `written`. When blessing ([`blessing`]) a file that differs (or is
/// missing) is first rewritten.
///
/// # Panics
/// If the file differs, naming it, its first differing line, and the command that rewrites it.
pub fn golden_file(path: &Path, written: &[u8]) {
    compare(path, written, blessing());
}

fn compare(path: &Path, written: &[u8], bless: bool) {
    let committed = std::fs::read(path).ok();
    if bless && committed.as_deref() != Some(written) {
        std::fs::write(path, written)
            .unwrap_or_else(|e| panic!("cannot bless {}: {e}", path.display()));
        return;
    }
    let Some(committed) = committed else {
        panic!(
            "{} is missing; `{}` writes it",
            path.display(),
            bless_command()
        );
    };
    if committed == written {
        return;
    }
    let (committed, written) = (
        String::from_utf8_lossy(&committed),
        String::from_utf8_lossy(written),
    );
    let line = committed
        .lines()
        .zip(written.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| committed.lines().count().min(written.lines().count()));
    panic!(
        "{} is not what the code writes, from line {}:\n  committed: {:?}\n  written:   {:?}\n\
         after a deliberate change run `{}` and commit the result",
        path.display(),
        line + 1,
        committed.lines().nth(line).unwrap_or("(end of file)"),
        written.lines().nth(line).unwrap_or("(end of file)"),
        bless_command()
    );
}

/// Check: every sample is byte for byte what the encoder writes for the message it decodes to (the samples
/// are the format's golden files: decode → encode gives back the file). Blessing rewrites them.
pub fn samples_are_what_the_encoder_writes(codec: &dyn AgencySide, samples: &[Sample]) {
    encoder_writes(codec, samples, blessing());
}

fn encoder_writes(codec: &dyn AgencySide, samples: &[Sample], bless: bool) {
    for sample in samples {
        let message = codec
            .decode_any(&sample.bytes)
            .unwrap_or_else(|e| panic!("{}: does not decode: {e}", sample.path.display()));
        let written = codec.encode_any(&message).unwrap_or_else(|e| {
            panic!(
                "{}: decoded but does not encode: {e}",
                sample.path.display()
            )
        });
        compare(&sample.path, &written, bless);
    }
}

/// Check: the committed JSON Schema at `path` is `generated` (the schema the wire types generate), written
/// pretty with a final newline, so that schema and code cannot drift. Blessing rewrites it.
pub fn committed_json_schema_is_generated(path: &Path, generated: &serde_json::Value) {
    let mut text = serde_json::to_string_pretty(generated)
        .unwrap_or_else(|e| panic!("the generated schema does not serialise: {e}"));
    text.push('\n');
    golden_file(path, text.as_bytes());
}

#[cfg(test)]
mod tests {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use hoso_core::adapter::AgencySide;

    use super::{compare, encoder_writes};
    use crate::Sample;

    fn failure(f: impl FnOnce()) -> String {
        let e = catch_unwind(AssertUnwindSafe(f)).expect_err("the check passed");
        e.downcast_ref::<String>().cloned().unwrap_or_default()
    }

    /// A police sample as its encoder writes it passes; the same message laid out otherwise fails, naming it.
    #[test]
    fn a_sample_the_encoder_writes_otherwise_fails() {
        let dir = std::env::temp_dir().join(format!("hoso-golden-samples-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let codec =
            hoso_police::PoliceCodec::new("CA.H01".parse().unwrap(), hoso_police::Version::V2);
        let committed = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../police/samples/v2/statusUpdate.json"
        );
        let written = codec
            .encode_any(
                &codec
                    .decode_any(&std::fs::read(committed).unwrap())
                    .unwrap(),
            )
            .unwrap();
        let path = dir.join("statusUpdate.json");
        std::fs::write(&path, &written).unwrap();
        let sample = |bytes: Vec<u8>| Sample {
            path: path.clone(),
            bytes,
        };
        encoder_writes(&codec, &[sample(written.clone())], false);
        let value: serde_json::Value = serde_json::from_slice(&written).unwrap();
        let compact = serde_json::to_vec(&value).unwrap();
        assert_ne!(compact, written);
        std::fs::write(&path, &compact).unwrap();
        let said = failure(|| encoder_writes(&codec, &[sample(compact.clone())], false));
        assert!(
            said.contains("statusUpdate.json is not what the code writes"),
            "{said}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_differing_file_fails_naming_its_line_and_blessing_rewrites_only_what_differs() {
        let dir = std::env::temp_dir().join(format!("hoso-golden-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("sample.json");
        std::fs::write(&path, "{\n  \"a\": 1\n}\n").unwrap();
        compare(&path, b"{\n  \"a\": 1\n}\n", false);
        let said = failure(|| compare(&path, b"{\n  \"a\": 2\n}\n", false));
        assert!(said.contains("from line 2"), "{said}");
        assert!(
            said.contains("HOSO_BLESS=1 cargo test -p hoso-testkit"),
            "{said}"
        );
        compare(&path, b"{\n  \"a\": 2\n}\n", true);
        assert_eq!(std::fs::read(&path).unwrap(), b"{\n  \"a\": 2\n}\n");
        let missing = dir.join("missing.json");
        assert!(failure(|| compare(&missing, b"x", false)).contains("is missing"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
