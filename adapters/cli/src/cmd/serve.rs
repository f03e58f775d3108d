//! `hoso serve --store URL [--listen ADDR] [--agencies FILE] [--service-points FILE] [--operator-token-sha256 HEX]… [--notify SPEC [--notify-from ADDRESS] [--notify-ca FILE] [--notify-every SECONDS]]`: the post office's
//! service (hoso-server) over the store, until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::HeaderName;
use hoso_cli::lang::Lang;
use hoso_core::Catalogue;
use hoso_server::{Directory, NotifyLoop, Server, ServerConfig, TokenDigest};

use super::{FAILED, OK};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The event store: sqlite:PATH (created if missing) or postgres://…
    #[arg(long)]
    store: String,
    /// The address to listen on (port 0: any free port, printed on standard error).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The agencies allowed to push to the gateway, with their formats and credentials (a JSON file; see
    /// `docs/cli.md`). Without it the gateway refuses every push.
    #[arg(long)]
    agencies: Option<PathBuf>,
    /// The service points `GET /diem-phuc-vu` searches (a CSV file; see `docs/service-points.md`). Without
    /// it the directory is empty and its page says so.
    #[arg(long)]
    service_points: Option<PathBuf>,
    /// Behind a reverse proxy: the header in which the proxy gives the client's address (e.g.
    /// x-forwarded-for), for the lookup's throttle. Ignored otherwise, since a client could set it.
    #[arg(long)]
    client_ip_header: Option<HeaderName>,
    /// An operator's bearer token, as its SHA-256 in 64 hexadecimal digits (`printf %s "$TOKEN" |
    /// sha256sum`): it may list the overdue complaints (`GET /api/v1/complaints/overdue`). Repeat it for
    /// several operators. Without it that list answers 401 to everyone.
    #[arg(long = "operator-token-sha256", value_name = "HEX", value_parser = digest)]
    operators: Vec<TokenDigest>,
    /// Where the citizens' notifications go while the server runs: `file:PATH` (JSON lines) or an SMTP
    /// server, `smtps://[USER@]HOST[:PORT]`, `smtp+starttls://…` or `smtp://localhost[:PORT]` (see `docs/cli.md`);
    /// with a user, the password is read from the environment variable HOSO_SMTP_PASSWORD. Without it no
    /// notification is sent: they wait in the outbox.
    #[arg(long, value_name = "SPEC")]
    notify: Option<String>,
    /// The sender's address of the e-mail notifications (with an SMTP --notify).
    #[arg(long, value_name = "ADDRESS")]
    notify_from: Option<String>,
    /// With an smtps:// or smtp+starttls:// --notify: a PEM file of the certificates (the operator's own
    /// CA) that the SMTP server's certificate is checked against, instead of the platform's roots.
    #[arg(long, value_name = "FILE")]
    notify_ca: Option<PathBuf>,
    /// The pause between two rounds of notifications, in seconds (a round sends every message due; the
    /// pause starts when it ends): from 1 to 3600.
    #[arg(long, value_name = "SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    notify_every: u64,
}

/// A token digest from the command line (a digest is no secret: the token is not recoverable from it).
fn digest(hex: &str) -> Result<TokenDigest, String> {
    TokenDigest::from_hex(hex)
        .ok_or_else(|| "not 64 hexadecimal digits (a SHA-256 digest)".to_owned())
}

pub(crate) fn run(args: &Args, _lang: Lang) -> u8 {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .init();
    let agencies = match &args.agencies {
        None => Vec::new(),
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return FAILED;
                }
            };
            match hoso_cli::serve::read_agencies(&text, |name| std::env::var(name).ok()) {
                Ok(agencies) => agencies,
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    return FAILED;
                }
            }
        }
    };
    let directory = match &args.service_points {
        None => Directory::empty(),
        Some(path) => match Directory::load(path) {
            Ok(directory) => directory,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return FAILED;
            }
        },
    };
    let catalogue = match Catalogue::shipped() {
        Ok(catalogue) => catalogue,
        Err(e) => {
            eprintln!("error: the shipped catalogue: {e}");
            return FAILED;
        }
    };
    let notifier = match &args.notify {
        None => None,
        Some(spec) => match hoso_cli::notify::notifier(
            &hoso_cli::notify::NotifySpec::new(spec)
                .from(args.notify_from.as_deref())
                .ca_file(args.notify_ca.as_deref()),
            |name| std::env::var(name).ok(),
        ) {
            Ok(notifier) => Some(notifier),
            Err(e) => {
                eprintln!("error: {e}");
                return FAILED;
            }
        },
    };
    let runtime = match super::runtime(2) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let result: Result<(), String> = runtime.block_on(async {
        let store = hoso_cli::store::open(&args.store)
            .await
            .map_err(|e| format!("{}: {e}", args.store))?;
        let mut config = ServerConfig::new(store, args.listen, catalogue).with_directory(directory);
        for agency in agencies {
            config = config.with_agency(agency);
        }
        for operator in &args.operators {
            config = config.with_operator(*operator);
        }
        if let Some(notifier) = notifier {
            let every = std::time::Duration::from_secs(args.notify_every);
            config = config.with_notifications(NotifyLoop::new(notifier).with_interval(every));
        }
        if let Some(header) = &args.client_ip_header {
            config = config.with_client_ip_header(header.clone());
        }
        let bound = Server::new(config)
            .bind()
            .await
            .map_err(|e| e.to_string())?;
        eprintln!(
            "serving on http://{}/tra-cuu (Ctrl-C stops)",
            bound.local_addr()
        );
        bound.run(stop()).await.map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => OK,
        Err(e) => {
            eprintln!("error: {e}");
            FAILED
        }
    }
}

/// Completes on Ctrl-C, or on SIGTERM (what a service manager sends).
async fn stop() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    () = interrupt => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => interrupt.await,
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
}
