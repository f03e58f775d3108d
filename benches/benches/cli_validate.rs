//! `hoso validate` over an NDJSON batch of 100,000 police messages: messages per second and peak memory,
//! against the police codec alone on the same messages in the same run, and the peak memory of a batch of
//! 10,000 against one of 100,000 (memory must not grow with the batch).
//!
//! The validate path is the library call the `hoso` binary makes (`hoso_cli::validate::validate`, report to
//! a sink): the batch streamed from a file line by line, each line's format told from its keys, parsed,
//! decoded by the codec (the police's JSON Schema is implied by the codec, `hoso_cli::check::SchemaRun`). The floor is
//! `PoliceCodec::decode_any` over the same lines already in memory. Peak memory is the process's high-water
//! resident set (`VmHWM` in `/proc/self/status`), reset before each run by writing 5 to
//! `/proc/self/clear_refs` (Linux).

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use hoso_benches::measure::callgrind;
use hoso_benches::summary::Summary;
use hoso_cli::check::Checker;
use hoso_cli::validate::{ReportFormat, ValidateOptions, validate};
use hoso_core::adapter::AgencySide;

const BIG: usize = 100_000;
const SMALL: usize = 10_000;
/// `n` messages, one a line, as the police write them (`hoso_benches::police::batch`, `schemaVersion` first);
/// with `sorted`, each written again through `serde_json::Value`, whose keys are sorted, so that the envelope's
/// `schemaVersion` comes after the payload: the worst order for format detection, which then reads the whole
/// line.
fn batch(n: usize, sorted: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for line in hoso_benches::police::batch(n) {
        if sorted {
            let value: serde_json::Value = serde_json::from_slice(&line).expect("JSON");
            out.extend_from_slice(value.to_string().as_bytes());
        } else {
            out.extend_from_slice(&line);
        }
        out.push(b'\n');
    }
    out
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn options() -> ValidateOptions {
    ValidateOptions {
        checker: Checker::new(),
        max_bytes: 16 << 20,
        format: ReportFormat::Text,
        verbose: false,
        styled: false,
        lang: hoso_cli::lang::Lang::En,
    }
}

/// Messages per second of `hoso validate` over the file, and the peak resident set during the run.
fn run_validate(path: &Path, n: usize) -> (f64, Option<u64>) {
    let reset = reset_peak();
    let started = Instant::now();
    let counts = validate(
        [path.to_owned()],
        &options(),
        &mut std::io::sink(),
        &mut || {},
    )
    .expect("a sink never fails");
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(
        counts.valid as usize, n,
        "every message of the batch is valid"
    );
    (n as f64 / elapsed, reset.then(peak_rss_kib).flatten())
}

/// The lines of a batch, split in memory.
fn split(bytes: &[u8]) -> Vec<&[u8]> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect()
}

/// Messages per second of `decode` over `lines`.
fn rate_per_line(lines: &[&[u8]], mut decode: impl FnMut(&[u8])) -> f64 {
    let started = Instant::now();
    for line in lines {
        decode(black_box(line));
    }
    lines.len() as f64 / started.elapsed().as_secs_f64()
}

fn run_codec(lines: &[&[u8]]) -> f64 {
    let codec = hoso_police::PoliceCodec::new(
        "000.00.01.H01".parse().expect("agency code"),
        hoso_police::Version::V2,
    );
    rate_per_line(lines, |line| {
        black_box(codec.decode_any(line).expect("decodes"));
    })
}

/// Messages per second of `Checker::check` (format, syntax, codec, schema) over the lines in memory: the
/// checks without the file, the line splitting and the report.
fn run_check(lines: &[&[u8]]) -> f64 {
    let checker = Checker::new();
    rate_per_line(lines, |line| {
        black_box(checker.check(line).expect("valid"));
    })
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    // One pass of 2,000 lines per workload, for `benches/callgrind` (instruction counts): the codec and
    // the checks over lines split beforehand, `validate` from the file.
    let bytes = batch(2_000, false);
    let file = dir.path().join("callgrind.ndjson");
    std::fs::write(&file, &bytes).expect("write");
    let lines = split(&bytes);
    if callgrind::run_requested(&[
        ("codec", &|| {
            run_codec(&lines);
        }),
        ("check", &|| {
            run_check(&lines);
        }),
        ("validate", &|| {
            run_validate(&file, 2_000);
        }),
    ]) {
        return;
    }
    drop(lines);
    drop(bytes);
    let (sent, sorted) = (batch(BIG, false), batch(BIG, true));
    let (big, big_sorted) = (
        dir.path().join("big.ndjson"),
        dir.path().join("sorted.ndjson"),
    );
    let small = dir.path().join("small.ndjson");
    std::fs::write(&small, batch(SMALL, false)).expect("write");
    std::fs::write(&big, &sent).expect("write");
    std::fs::write(&big_sorted, &sorted).expect("write");
    let (sent_lines, sorted_lines) = (split(&sent), split(&sorted));
    let mut runs: [Vec<f64>; 5] = Default::default();
    // Alternating, so that the machine's load falls on each measure alike.
    for _ in 0..3 {
        runs[0].push(run_codec(&sent_lines));
        runs[1].push(run_check(&sent_lines));
        runs[2].push(run_validate(&big, BIG).0);
        runs[3].push(run_codec(&sorted_lines));
        runs[4].push(run_validate(&big_sorted, BIG).0);
    }
    // Peak memory with no batch held in memory: streaming 100,000 lines against 10,000.
    drop((sent_lines, sorted_lines));
    drop((sent, sorted));
    let (_, big_peak) = run_validate(&big, BIG);
    let (_, small_peak) = run_validate(&small, SMALL);
    let [floor, check, rate, sorted_floor, sorted_rate] = runs.map(median);
    println!(
        "hoso validate, {BIG} police messages as the police write them (NDJSON file): {rate:.0} msgs/s; codec alone (PoliceCodec::decode_any, same lines in memory): {floor:.0} msgs/s; ratio {:.2}x (goal >= 0.9x)",
        rate / floor
    );
    println!(
        "Checker::check alone (format, agency, codec; lines in memory): {check:.0} msgs/s, {:.2}x the codec",
        check / floor
    );
    println!(
        "the same messages with their keys sorted (schemaVersion after the payload): {sorted_rate:.0} msgs/s; codec alone {sorted_floor:.0} msgs/s; ratio {:.2}x",
        sorted_rate / sorted_floor
    );
    match (small_peak, big_peak) {
        (Some(small), Some(big)) => {
            println!(
                "peak resident memory: {SMALL} messages {small} KiB, {BIG} messages {big} KiB: {:+.1}% (goal within 10%)",
                (big as f64 - small as f64) * 100.0 / small as f64
            );
            // Issue 16: the peak of a 100,000-message batch within 10% of a 10,000-message one's.
            Summary::new("cli_validate_peak_memory", big as f64, "KiB")
                .floor(small as f64)
                .goal_ratio(1.1)
                .lower_is_better()
                .print();
        }
        _ => println!(
            "peak resident memory: not measurable here (needs Linux /proc/self/clear_refs)"
        ),
    }
    // Issue 16: `hoso validate` at least 0.9× the codec alone on the same messages.
    Summary::new("cli_validate", rate, "msgs/s")
        .floor(floor)
        .goal_ratio(0.9)
        .print();
    Summary::new("cli_check", check, "msgs/s")
        .floor(floor)
        .print();
    Summary::new("cli_validate_sorted_keys", sorted_rate, "msgs/s")
        .floor(sorted_floor)
        .print();
}
