//! The subcommands. Each answers its exit code: 0 success, 1 a finding (invalid, untrusted, broken), 2 a
//! failure to read or a usage error.

#[cfg(feature = "day")]
pub(crate) mod day;
pub(crate) mod decode;
pub(crate) mod due_date;
pub(crate) mod schema;
#[cfg(feature = "serve")]
pub(crate) mod serve;
pub(crate) mod timeline;
pub(crate) mod validate;
pub(crate) mod verify;

/// Success.
pub(crate) const OK: u8 = 0;
/// Something checked was found wrong.
pub(crate) const FOUND: u8 = 1;
/// Something could not be read, or the command was misused.
pub(crate) const FAILED: u8 = 2;

/// The checker of `--agency CODE`: messages for that agency only, or by default for the agency of each
/// message's dossier code.
pub(crate) fn checker(agency: Option<&str>) -> Result<hoso_cli::check::Checker, u8> {
    use hoso_cli::check::Checker;
    match agency {
        None => Ok(Checker::new()),
        Some(code) => code.parse().map(Checker::for_agency).map_err(|e| {
            eprintln!("error: --agency {code:?}: {e}");
            FAILED
        }),
    }
}

/// Writes `bytes` to standard output; a closed pipe (`| head`) ends the output quietly.
pub(crate) fn print(bytes: &[u8]) -> u8 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("error: writing the output: {e}");
            FAILED
        }
    }
}

/// A runtime for a command that talks to a store or runs simulators: `workers` threads (0: the current
/// thread only).
pub(crate) fn runtime(workers: usize) -> Result<tokio::runtime::Runtime, u8> {
    let mut builder = if workers == 0 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(workers);
        b
    };
    builder.enable_all().build().map_err(|e| {
        eprintln!("error: cannot start the runtime: {e}");
        FAILED
    })
}
