//! The Python peer (`benches/peers/peer.py`) and the Rust decoders give the same verdict on every message the
//! bench `peer` times, on every sample, on the hostile corpus and on the samples broken one value at a time:
//! the comparison is of two decoders that make the same checks, or it means nothing.
//!
//! The test needs Python 3 with `venv` (`.ci/test` installs it): without it the test fails, saying so.

#[path = "peer_verdicts/mutations.rs"]
mod mutations;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hoso_benches::peer::{self, Codecs, Format};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where each message comes from, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Sample,
    BenchBatch,
    Hostile,
    Mutated,
}

/// Every message the comparison covers, with its source.
fn corpus() -> Vec<(Source, Format, Vec<u8>)> {
    let mut out = Vec::new();
    for format in Format::ALL {
        let name = format.name();
        let mut samples = Vec::new();
        for version in ["v1", "v2"] {
            samples.extend(files(
                &root().join(format!("adapters/{name}/samples/{version}")),
            ));
        }
        for path in samples {
            let bytes = std::fs::read(&path).expect("a sample");
            let mutated = match format {
                Format::Police => mutations::json(&bytes),
                _ => mutations::xml(&bytes),
            };
            out.extend(mutated.into_iter().map(|m| (Source::Mutated, format, m)));
            out.push((Source::Sample, format, bytes));
        }
        for path in files(&root().join(format!("fuzz/hostile/{name}"))) {
            let bytes = std::fs::read(&path).expect("a hostile input");
            out.push((Source::Hostile, format, bytes));
        }
    }
    // The bench's own batches: the XML samples a hundred times over (above once), the police's batch.
    for format in [Format::Licensing, Format::Land] {
        let batch = hoso_benches::xml::sample_batch(format.name());
        let per_round = batch.len() / 100;
        out.extend(
            batch
                .into_iter()
                .take(per_round)
                .map(|m| (Source::BenchBatch, format, m)),
        );
    }
    out.extend(
        hoso_benches::police::batch(1_000)
            .into_iter()
            .map(|m| (Source::BenchBatch, Format::Police, m)),
    );
    out
}

#[test]
fn the_peer_and_the_decoders_agree_on_every_message() {
    let corpus = corpus();
    let messages: Vec<(Format, Vec<u8>)> = corpus.iter().map(|(_, f, b)| (*f, b.clone())).collect();
    let theirs = peer::verdicts(&messages).unwrap_or_else(|e| panic!("the Python peer: {e}"));
    let codecs = Codecs::default();
    let mut tally: BTreeMap<(Format, Source), (usize, usize)> = BTreeMap::new();
    let mut disagreements = Vec::new();
    for ((source, format, bytes), theirs) in corpus.iter().zip(&theirs) {
        let ours = peer::rust_verdict(&codecs, *format, bytes);
        let entry = tally.entry((*format, *source)).or_default();
        entry.1 += 1;
        if &ours == theirs {
            entry.0 += 1;
        } else {
            disagreements.push(format!(
                "{format:?} {source:?}: rust `{ours}`, peer `{theirs}` on {:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(2000)])
            ));
        }
    }
    let (agreed, total) = tally.values().fold((0, 0), |(a, t), (x, y)| (a + x, t + y));
    for ((format, source), (a, t)) in &tally {
        eprintln!("{format:?} {source:?}: {a}/{t} verdicts agree");
    }
    let rejected = theirs.iter().filter(|v| v.starts_with("err")).count();
    eprintln!("peer verdicts: {agreed}/{total} agree ({rejected} messages refused by the peer)");
    assert!(
        disagreements.is_empty(),
        "{} of {total} verdicts differ:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
