//! The hostile-input corpus (`fuzz/hostile/<decoder>/`, written by `fuzz/hostile/generate.py` from the
//! decoders' samples) replayed against every decoder: entity bombs, external entities, deep nesting, huge
//! attributes and strings, invalid UTF-8, UTF-16 with and without a byte order mark, wrong and duplicated
//! namespaces, duplicated fields, overflowing numbers, character references to control characters, truncated
//! documents.
//!
//! For every file: a typed error that says where (line and column, a JSON path, a byte offset, or the entry
//! it names), no personal data of the sample quoted whole, an answer within a generous bound (a hang, not
//! slowness, is what it catches), and no memory kept or grown: decoding the file again allocates nothing that
//! outlives the call, and what a call allocates is bounded by a multiple of the file's size.
//!
//! One test in its own binary: the allocation counts are the process's, so no other test may run beside it.

use std::alloc::System;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hoso_core::adapter::{AdapterError, AgencySide};
use hoso_core::calendar::HolidaySchedule;
use hoso_core::carrier::CarrierError;
use hoso_core::custody::{AnchorsError, EvidenceError, EvidenceFile, TrustAnchors};
use hoso_core::{AgencyCode, Catalogue};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Why a decoder refused a file, and where.
#[derive(Debug)]
struct Refusal {
    at: Option<String>,
    message: String,
}

type Verdict = Result<(), Refusal>;

/// A decoder under test: bytes in, its verdict out.
type Decode = Box<dyn Fn(&[u8]) -> Verdict>;

fn adapter_error(e: &AdapterError) -> Refusal {
    Refusal {
        at: e.location().map(ToString::to_string),
        message: e.to_string(),
    }
}

fn carrier_error(e: &CarrierError) -> Refusal {
    Refusal {
        at: e.location().map(|l| l.to_string()),
        message: e.to_string(),
    }
}

/// Text decoders take `&str`: bytes that are not UTF-8 are refused at the first bad byte.
fn text(bytes: &[u8]) -> Result<&str, Refusal> {
    std::str::from_utf8(bytes).map_err(|e| Refusal {
        at: Some(format!("byte {}", e.valid_up_to())),
        message: e.to_string(),
    })
}

fn line_column(line: usize, column: usize) -> Option<String> {
    Some(format!("line {line}, column {column}"))
}

fn agency(code: &str) -> AgencyCode {
    code.parse().unwrap()
}

fn agency_side(codec: &dyn AgencySide, bytes: &[u8]) -> Verdict {
    codec
        .decode_any(bytes)
        .map(|_| ())
        .map_err(|e| adapter_error(&e))
}

fn evidence(bytes: &[u8]) -> Verdict {
    EvidenceFile::from_bytes(bytes).map(|_| ()).map_err(|e| {
        let at = match &e {
            EvidenceError::Malformed { line, column, .. } => line_column(*line, *column),
            EvidenceError::NotCanonical { offset } => Some(format!("byte {offset}")),
            EvidenceError::UnsupportedSchemaVersion { .. } => Some("$.schema_version".into()),
            _ => None,
        };
        Refusal {
            at,
            message: e.to_string(),
        }
    })
}

fn anchors(bytes: &[u8]) -> Verdict {
    TrustAnchors::from_json(bytes).map(|_| ()).map_err(|e| {
        let at = match &e {
            AnchorsError::Malformed { line, column, .. } => line_column(*line, *column),
            AnchorsError::UnsupportedSchemaVersion { .. } => Some("$.schema_version".into()),
            // Located by the anchor they name.
            AnchorsError::DuplicateKeyId(k)
            | AnchorsError::InvalidPublicKey(k)
            | AnchorsError::EmptyValidity(k) => Some(format!("anchor {k}")),
            _ => None,
        };
        Refusal {
            at,
            message: e.to_string(),
        }
    })
}

fn catalogue(bytes: &[u8]) -> Verdict {
    Catalogue::from_json(text(bytes)?).map(|_| ()).map_err(|e| {
        let message = e.to_string();
        let at = match &e {
            hoso_core::procedure::CatalogueError::Json { line, column, .. } => {
                line_column(*line, *column)
            }
            // The others start with the entry's path: "procedures[0].field: ...".
            _ => message
                .starts_with("procedures[")
                .then(|| message.split(':').next().unwrap_or_default().to_owned()),
        };
        Refusal { at, message }
    })
}

fn holidays(bytes: &[u8]) -> Verdict {
    HolidaySchedule::from_json(text(bytes)?)
        .map(|_| ())
        .map_err(|e| {
            let message = e.to_string();
            let at = match &e {
                hoso_core::calendar::ScheduleError::Syntax { line, column, .. } => {
                    line_column(*line, *column)
                }
                // The others name the JSON path of the entry ("$.days_off[2]: ...", "... at $.year", "at $").
                _ => message
                    .split_whitespace()
                    .find(|w| w.starts_with('$'))
                    .map(|w| w.trim_end_matches(':').to_owned()),
            };
            Refusal { at, message }
        })
}

struct Decoder {
    dir: &'static str,
    decode: Decode,
}

fn decoders() -> Vec<Decoder> {
    // Each for the agency its samples are addressed to.
    let licensing =
        hoso_licensing::LicensingCodec::new(agency("000.00.15.H22"), hoso_licensing::Version::V2);
    let land = hoso_land::LandCodec::new(agency("000.00.26.H26"), hoso_land::Version::V2);
    let police = hoso_police::PoliceCodec::new(agency("CA.H01"), hoso_police::Version::V2);
    let vnpost = hoso_vnpost::VnpostCodec::new("HOSO");
    let portal = agency("000.00.00.G22");
    let dvcqg = hoso_dvcqg::DvcqgCodec::new(portal.clone(), hoso_dvcqg::PortalProfile::new(portal));
    vec![
        Decoder {
            dir: "licensing",
            decode: Box::new(move |b| agency_side(&licensing, b)),
        },
        Decoder {
            dir: "land",
            decode: Box::new(move |b| agency_side(&land, b)),
        },
        Decoder {
            dir: "police",
            decode: Box::new(move |b| agency_side(&police, b)),
        },
        Decoder {
            dir: "vnpost",
            decode: Box::new(move |b| {
                vnpost
                    .decode_feed(b)
                    .map(|_| ())
                    .map_err(|e| carrier_error(&e))
            }),
        },
        Decoder {
            dir: "dvcqg",
            decode: Box::new(move |b| {
                dvcqg
                    .decode_reply(200, b)
                    .map(|_| ())
                    .map_err(|e| adapter_error(&e))
            }),
        },
        Decoder {
            dir: "catalogue",
            decode: Box::new(catalogue),
        },
        Decoder {
            dir: "holidays",
            decode: Box::new(holidays),
        },
        Decoder {
            dir: "evidence",
            decode: Box::new(evidence),
        },
        Decoder {
            dir: "anchors",
            decode: Box::new(anchors),
        },
    ]
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/hostile")
}

/// A hang, not a slow machine: every file is decoded in well under a millisecond on a loaded laptop.
const BOUND: Duration = Duration::from_secs(10);

/// Personal data of the samples the corpus is made from: never quoted whole in an error.
const PERSONAL: [&str; 4] = ["001090012345", "0912345678", "079085001234", "0903123456"];

/// Checks one file; returns what went wrong, if anything.
fn check(decoder: &Decoder, path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).unwrap();
    let what = path.display();
    // The first call may fill lazily built tables; the calls after it are the ones measured.
    let started = Instant::now();
    let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (decoder.decode)(&bytes)));
    let elapsed = started.elapsed();
    let refusal = match first {
        Err(_) => return Some(format!("{what}: the decoder panicked")),
        Ok(Ok(())) => return Some(format!("{what}: decoded instead of refused")),
        Ok(Err(refusal)) => refusal,
    };
    if elapsed > BOUND {
        return Some(format!("{what}: took {elapsed:?}"));
    }
    if refusal.at.is_none() {
        return Some(format!(
            "{what}: an error that says not where: {}",
            refusal.message
        ));
    }
    if refusal.message.is_empty() {
        return Some(format!("{what}: an error without a message"));
    }
    if let Some(p) = PERSONAL.iter().find(|p| refusal.message.contains(*p)) {
        return Some(format!("{what}: the error quotes {p}: {}", refusal.message));
    }
    drop(refusal);

    const CALLS: usize = 3;
    let region = Region::new(GLOBAL);
    for _ in 0..CALLS {
        drop((decoder.decode)(&bytes));
    }
    let change = region.change();
    // Every block allocated was freed (a reallocated block is counted once, by the size it was freed at).
    if change.allocations > change.deallocations
        || change.bytes_allocated > change.bytes_deallocated
    {
        return Some(format!(
            "{what}: {CALLS} calls kept memory allocated ({change:?})"
        ));
    }
    // Reading a file may copy it a few times (text, unescaped values, the error's context), never expand
    // it: an entity expanded or a structure built per byte would be far past this.
    let per_call = change.bytes_allocated / CALLS;
    let bound = 16 * bytes.len() + (1 << 20);
    if per_call > bound {
        return Some(format!(
            "{what}: {per_call} bytes allocated per call for {} bytes of input (bound {bound})",
            bytes.len()
        ));
    }
    None
}

#[test]
fn every_hostile_input_is_a_located_error_without_hang_or_memory_growth() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for decoder in decoders() {
        let dir = corpus().join(decoder.dir);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        assert!(
            files.len() >= 15,
            "{}: only {} files",
            dir.display(),
            files.len()
        );
        for path in files {
            checked += 1;
            failures.extend(check(&decoder, &path));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
