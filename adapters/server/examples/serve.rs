//! Starts the server over an SQLite store until Ctrl-C (what `hoso serve` will do):
//!
//! ```sh
//! cargo run -p hoso-server --example serve -- --store sqlite:target/hoso-day/hoso.db --listen 127.0.0.1:8080 \
//!     --service-points adapters/server/data/service-points.csv
//! ```
//!
//! Then open `http://127.0.0.1:8080/tra-cuu` or `http://127.0.0.1:8080/thu-tuc/1.002820`. The request log
//! goes to standard error.

use std::net::SocketAddr;
use std::sync::Arc;

use hoso_core::Catalogue;
use hoso_server::{Directory, ServerConfig, serve};
use hoso_sqlite::SqliteStore;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let mut store_url = String::from("sqlite:hoso.db");
    let mut listen: SocketAddr = "127.0.0.1:8080".parse()?;
    let mut directory = Directory::empty();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--store" => store_url = args.next().ok_or("--store needs a URL (sqlite:PATH)")?,
            "--listen" => listen = args.next().ok_or("--listen needs an address")?.parse()?,
            "--service-points" => {
                directory = Directory::load(
                    args.next()
                        .ok_or("--service-points needs a path (docs/service-points.md)")?,
                )?;
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}: --store URL --listen ADDR [--service-points CSV]"
                )
                .into());
            }
        }
    }
    let store = SqliteStore::open_url(&store_url).await?;
    let config =
        ServerConfig::new(Arc::new(store), listen, Catalogue::shipped()?).with_directory(directory);
    eprintln!("serving on http://{listen}/tra-cuu (Ctrl-C stops)");
    serve(config, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
