//! The golden samples: each decodes as its type and survives a round trip field for field, and one version's
//! schema refuses the other's (the kit validates them against the committed schema, and holds that schema to
//! the generated one, in `conformance.rs`).

use std::path::{Path, PathBuf};

use hoso_police::codec::{decode, encode};
use hoso_police::wire::{MessageType, Version};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample_path(version: Version, message_type: MessageType) -> PathBuf {
    crate_dir().join(format!(
        "samples/v{}/{}.json",
        version.number(),
        message_type.as_str()
    ))
}

fn schema_path(version: Version) -> PathBuf {
    crate_dir().join(format!("schema/police-v{}.schema.json", version.number()))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_message_type_has_a_sample_in_every_version_and_it_decodes_as_that_type() {
    for version in Version::ALL {
        for message_type in MessageType::ALL {
            let bytes = read(&sample_path(version, message_type));
            let message =
                decode(&bytes).unwrap_or_else(|e| panic!("{version} {message_type:?}: {e}"));
            assert_eq!(message.version(), version);
            assert_eq!(message.message_type(), message_type);
        }
    }
}

#[test]
fn decode_encode_decode_is_identity_for_every_sample() {
    for version in Version::ALL {
        for message_type in MessageType::ALL {
            let bytes = read(&sample_path(version, message_type));
            let first = decode(&bytes).unwrap();
            let encoded = encode(&first).unwrap();
            let second = decode(&encoded).unwrap();
            assert_eq!(first, second, "{version} {message_type:?}");
            // And the encoding is the sample's JSON value, field for field.
            let sample: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let again: serde_json::Value = serde_json::from_slice(&encoded).unwrap();
            assert_eq!(sample, again, "{version} {message_type:?}");
        }
    }
}

#[test]
fn a_sample_of_one_version_does_not_validate_against_the_other_schema() {
    // The schemas really tell the versions apart: v1's field names are not v2's.
    let v1: serde_json::Value = serde_json::from_slice(&read(&schema_path(Version::V1))).unwrap();
    let validator = jsonschema::validator_for(&v1).unwrap();
    let sample: serde_json::Value = serde_json::from_slice(&read(&sample_path(
        Version::V2,
        MessageType::DossierSubmission,
    )))
    .unwrap();
    assert!(!validator.is_valid(&sample));
}

#[test]
fn the_readme_shows_every_sample_as_committed() {
    let readme = std::fs::read_to_string(crate_dir().join("README.md")).unwrap();
    for version in Version::ALL {
        for message_type in MessageType::ALL {
            let sample = String::from_utf8(read(&sample_path(version, message_type))).unwrap();
            assert!(
                readme.contains(&sample),
                "README lacks samples/v{}/{}.json",
                version.number(),
                message_type.as_str()
            );
        }
    }
}
