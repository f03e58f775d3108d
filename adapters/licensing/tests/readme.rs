//! The README shows every sample exactly as it is in `samples/`.

#[test]
fn the_readme_shows_every_sample_verbatim() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(format!("{dir}/README.md")).unwrap();
    for version in ["v1", "v2"] {
        for entry in std::fs::read_dir(format!("{dir}/samples/{version}")).unwrap() {
            let path = entry.unwrap().path();
            let sample = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let block = format!("`samples/{version}/{name}`\n\n```xml\n{sample}```");
            assert!(
                readme.contains(&block),
                "README lacks {version}/{name} as it is on disk"
            );
        }
    }
}
