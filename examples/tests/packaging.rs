//! Every crate meant for others declares what a registry and its users need (description, licence, readme,
//! documentation, keywords, categories, docs.rs settings, a rust-version) and carries the licence texts; the
//! crates that are not meant for others say so. That the crates also package and build from their packages
//! alone is checked by `.ci/package` (`cargo package`), which takes a build of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The workspace's members that are not published.
const UNPUBLISHED: &[&str] = &["hoso-examples", "hoso-benches"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the examples crate is inside the workspace")
        .to_path_buf()
}

fn packages() -> Vec<Value> {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata gives JSON");
    metadata["packages"]
        .as_array()
        .expect("a list of packages")
        .clone()
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn the_licence_texts_are_whole() {
    let root = workspace_root();
    let apache = text(&root.join("LICENSE-APACHE"));
    for part in [
        "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION",
        "4. Redistribution.",
        "END OF TERMS AND CONDITIONS",
        "APPENDIX: How to apply the Apache License to your work.",
    ] {
        assert!(apache.contains(part), "LICENSE-APACHE lacks {part:?}");
    }
    let mit = text(&root.join("LICENSE-MIT"));
    assert!(mit.starts_with("MIT License"));
    assert!(mit.contains("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND"));
}

#[test]
fn every_publishable_crate_declares_its_metadata_and_carries_the_licences() {
    let root = workspace_root();
    let apache = text(&root.join("LICENSE-APACHE"));
    let mit = text(&root.join("LICENSE-MIT"));
    let mut published = 0;
    for package in packages() {
        let name = package["name"].as_str().expect("a name");
        let manifest = PathBuf::from(package["manifest_path"].as_str().expect("a manifest"));
        let dir = manifest.parent().expect("a crate directory");
        // `publish = false` is an empty list of registries.
        let unpublished = package["publish"].as_array().is_some_and(Vec::is_empty);
        if UNPUBLISHED.contains(&name) {
            assert!(unpublished, "{name} must say `publish = false`");
            continue;
        }
        assert!(
            !unpublished,
            "{name} says `publish = false`; add it to UNPUBLISHED if that is meant"
        );
        published += 1;
        let field = |key: &str| package[key].as_str().unwrap_or_default().to_owned();
        assert!(!field("description").is_empty(), "{name}: no description");
        assert_eq!(field("license"), "MIT OR Apache-2.0", "{name}: licence");
        assert_eq!(
            field("documentation"),
            format!("https://docs.rs/{name}"),
            "{name}: documentation"
        );
        assert!(
            !field("repository").contains("example.invalid"),
            "{name}: a placeholder repository"
        );
        assert!(!field("rust_version").is_empty(), "{name}: no rust-version");
        let readme = field("readme");
        assert!(!readme.is_empty(), "{name}: no readme");
        assert!(
            dir.join(&readme).is_file(),
            "{name}: readme {readme} is missing"
        );
        let keywords = package["keywords"].as_array().cloned().unwrap_or_default();
        assert!(
            (1..=5).contains(&keywords.len()),
            "{name}: 1 to 5 keywords, not {}",
            keywords.len()
        );
        for keyword in &keywords {
            let k = keyword.as_str().unwrap_or_default();
            assert!(
                k.len() <= 20
                    && k.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}: keyword {k:?} is not one crates.io takes"
            );
        }
        assert!(
            package["categories"]
                .as_array()
                .is_some_and(|c| !c.is_empty()),
            "{name}: no categories"
        );
        assert_eq!(
            package["metadata"]["docs"]["rs"]["all-features"],
            Value::Bool(true),
            "{name}: docs.rs must build every feature"
        );
        assert_eq!(
            text(&dir.join("LICENSE-APACHE")),
            apache,
            "{name}: LICENSE-APACHE"
        );
        assert_eq!(text(&dir.join("LICENSE-MIT")), mit, "{name}: LICENSE-MIT");
        let docs = text(&dir.join(&readme));
        let lib_docs = dir.join("src/lib.rs");
        let features_documented = docs.contains("## Features")
            || (lib_docs.is_file() && text(&lib_docs).contains("//! ## Features"));
        assert!(
            features_documented,
            "{name}: its docs have no Features section"
        );
    }
    assert!(published >= 10, "only {published} publishable crates found");
}
