//! The peer a user would pick instead of `hoso`'s decoders: a Python service (`benches/peers/peer.py`, lxml and
//! pydantic) that decodes the same licensing, land and police messages into strict typed models with the same
//! checks. This module sets it up once, runs it, and reads its verdicts and timings; the test
//! `peer_verdicts` and the bench `peer` share it.
//!
//! The peer reads a batch on standard input, each message framed as a line `FORMAT LENGTH` followed by
//! `LENGTH` bytes, and the line `end` after the last. Without arguments it then prints one verdict per message;
//! with `--serve` it prints `ready N` and answers each line `time FORMAT PATH` (`PATH` is `full` or, for
//! police, `pydantic`: `model_validate_json` alone) with `elapsed SECONDS` for one pass over that format's
//! messages.
//!
//! A verdict is one line, the same on both sides ([`rust_verdict`]):
//!
//! ```text
//! ok notice Accepted 000.00.15.H22-260115-0042
//! ok outbound Submission 000.00.15.H22-260115-0042
//! ok receipt Receipt 000.00.15.H22-260115-0042
//! err InvalidPayload
//! ```

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use hoso_core::adapter::{AdapterError, AgencySide, Decoded};
use hoso_land::LandCodec;
use hoso_licensing::LicensingCodec;
use hoso_police::PoliceCodec;

/// The agency format of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// The licensing authority's XML (`hoso-licensing`).
    Licensing,
    /// The land registry office's XML (`hoso-land`).
    Land,
    /// The police's JSON (`hoso-police`).
    Police,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Licensing, Format::Land, Format::Police];

    /// The name the peer's protocol (and the adapter's directory) uses.
    pub fn name(self) -> &'static str {
        match self {
            Format::Licensing => "licensing",
            Format::Land => "land",
            Format::Police => "police",
        }
    }
}

/// The codecs the Rust side decodes with, each for the agency its samples name.
#[derive(Debug)]
pub struct Codecs {
    licensing: LicensingCodec,
    land: LandCodec,
    police: PoliceCodec,
}

impl Default for Codecs {
    fn default() -> Self {
        let agency = |code: &str| code.parse().expect("a valid agency code");
        Self {
            licensing: LicensingCodec::new(agency("000.00.15.H22"), hoso_licensing::Version::V2),
            land: LandCodec::new(agency("000.00.26.H26"), hoso_land::Version::V2),
            police: PoliceCodec::new(agency("CA.H01"), hoso_police::Version::V2),
        }
    }
}

impl Codecs {
    /// Decodes `bytes` as `format` into core types (any message of either direction), as the benches do.
    ///
    /// # Errors
    /// The codec's error.
    pub fn decode(&self, format: Format, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        match format {
            Format::Licensing => self.licensing.decode_any(bytes),
            Format::Land => self.land.decode_message(bytes).map(Decoded::from),
            Format::Police => self.police.decode_any(bytes),
        }
    }
}

/// The verdict line of the Rust decoder on `bytes` (see the module's documentation).
pub fn rust_verdict(codecs: &Codecs, format: Format, bytes: &[u8]) -> String {
    match codecs.decode(format, bytes) {
        Ok(Decoded::Notice(m)) => format!("ok notice {:?} {}", m.notice.kind(), m.dossier),
        Ok(Decoded::Outbound(m)) => format!("ok outbound {:?} {}", m.kind(), m.dossier()),
        Ok(Decoded::Receipt(r)) => format!("ok receipt Receipt {}", r.dossier),
        Err(e) => format!("err {:?}", e.kind()),
    }
}

/// The workspace's root directory.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// The peer's Python, set up once per process by `benches/peers/setup` (a virtual environment under
/// `target/peer-venv` with the pinned requirements).
///
/// # Errors
/// What went wrong, said plainly: no `python3`, no `venv` module, a failed install.
pub fn python() -> Result<&'static Path, String> {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let setup = workspace().join("benches/peers/setup");
            let out = Command::new("bash")
                .arg(&setup)
                .current_dir(workspace())
                .stderr(Stdio::inherit())
                .output()
                .map_err(|e| format!("cannot run {}: {e}", setup.display()))?;
            if !out.status.success() {
                return Err(format!(
                    "{} failed ({}): the Python peer needs python3 with venv and pip \
                     (`apt-get install python3-venv`, as .ci/test does)",
                    setup.display(),
                    out.status
                ));
            }
            let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            Ok(PathBuf::from(path))
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// The peer's process, its batch sent.
#[derive(Debug)]
pub struct Peer {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// The peer's verdict on each of `messages`, in order.
///
/// # Errors
/// The peer cannot be set up or started, or does not give one verdict per message.
pub fn verdicts(messages: &[(Format, Vec<u8>)]) -> Result<Vec<String>, String> {
    let mut peer = Peer::start(messages, &[])?;
    let mut verdicts = Vec::with_capacity(messages.len());
    for _ in messages {
        verdicts.push(peer.line()?);
    }
    Ok(verdicts)
}

impl Peer {
    /// Starts the peer with `args` and sends it `messages`.
    fn start(messages: &[(Format, Vec<u8>)], args: &[&str]) -> Result<Self, String> {
        let script = workspace().join("benches/peers/peer.py");
        let mut child = Command::new(python()?)
            .arg(&script)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", script.display()))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("the peer's pipes are missing".to_owned());
        };
        let mut peer = Peer {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        };
        let mut batch = Vec::new();
        for (format, bytes) in messages {
            batch.extend_from_slice(format!("{} {}\n", format.name(), bytes.len()).as_bytes());
            batch.extend_from_slice(bytes);
        }
        batch.extend_from_slice(b"end\n");
        // The peer reads the whole batch before it writes anything, so one write cannot block on its output.
        peer.stdin
            .write_all(&batch)
            .and_then(|()| peer.stdin.flush())
            .map_err(|e| format!("sending the batch to the peer: {e}"))?;
        Ok(peer)
    }

    /// Starts the peer in `--serve` mode with `messages`, for [`Peer::time`].
    ///
    /// # Errors
    /// The peer cannot be set up or started, or does not answer `ready`.
    pub fn serve(messages: &[(Format, Vec<u8>)]) -> Result<Self, String> {
        let mut peer = Peer::start(messages, &["--serve"])?;
        let ready = peer.line()?;
        if ready != format!("ready {}", messages.len()) {
            return Err(format!("the peer answered {ready:?} to its batch"));
        }
        Ok(peer)
    }

    /// The time of one pass of the peer over the messages of `format` in its batch, by `path` (`full`: the
    /// same checks as the Rust decoder; `pydantic`: police's `model_validate_json` alone), as the peer
    /// measures it (the pipe's round trip is not counted).
    ///
    /// # Errors
    /// The peer's answer is not a time.
    pub fn time(&mut self, format: Format, path: &str) -> Result<Duration, String> {
        writeln!(self.stdin, "time {} {path}", format.name())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("asking the peer: {e}"))?;
        let answer = self.line()?;
        answer
            .strip_prefix("elapsed ")
            .and_then(|s| s.parse::<f64>().ok())
            .map(Duration::from_secs_f64)
            .ok_or_else(|| format!("the peer answered {answer:?}"))
    }

    fn line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        match self.stdout.read_line(&mut line) {
            Ok(0) => Err("the peer ended early (its error is above)".to_owned()),
            Ok(_) => Ok(line.trim_end().to_owned()),
            Err(e) => Err(format!("reading the peer: {e}")),
        }
    }
}

/// Stops the peer: it ends at the end of its input.
impl Drop for Peer {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit");
        let _ = self.child.wait();
    }
}
