//! The server going away mid-run: calls fail with a retryable `Unavailable`, nothing is half-written, and
//! the same store works again once the server is back. The test stops and starts the throwaway server that
//! `.ci/with-postgres` runs (`HOSO_PG_DATA`, `HOSO_PG_BIN`, `HOSO_PG_SERVER_OPTIONS`), so it is a test binary
//! of its own: no other test runs while the server is down.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use hoso_core::store::{Append, EventStore, ExpectedVersion, StoreErrorKind};
use hoso_postgres::PgStore;
use hoso_testkit::store_checks::sample_stream;
use sqlx::postgres::PgPoolOptions;

/// The throwaway server's control: its data directory, binaries and start options.
struct Server {
    data: String,
    bin: String,
    options: String,
}

impl Server {
    fn from_env() -> Option<Server> {
        Some(Server {
            data: std::env::var("HOSO_PG_DATA").ok()?,
            bin: std::env::var("HOSO_PG_BIN").ok()?,
            options: std::env::var("HOSO_PG_SERVER_OPTIONS").ok()?,
        })
    }

    fn pg_ctl(&self, args: &[&str]) {
        let pg_ctl = format!("{}/pg_ctl", self.bin);
        let mut command = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", &pg_ctl]);
            c
        } else {
            Command::new(&pg_ctl)
        };
        let status = command
            .args(["-D", &self.data, "-w"])
            .args(args)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run pg_ctl");
        assert!(status.success(), "pg_ctl {args:?}: {status}");
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[test]
fn a_server_that_goes_away_gives_retryable_errors_and_comes_back() {
    if !common::server_is_up() {
        return;
    }
    let Some(server) = Server::from_env() else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** hoso-postgres: the server-restart test needs the throwaway server of .ci/with-postgres \
             (HOSO_PG_DATA, HOSO_PG_BIN, HOSO_PG_SERVER_OPTIONS): it checks NOTHING against this server ***\n"
        );
        return;
    };
    hoso_testkit::block_on_threaded(async move {
        let options = common::fresh_database().await;
        // A short acquire timeout, so that a down server is reported in seconds, not the default 30 s.
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(2))
            .connect_with(options)
            .await
            .expect("pool");
        let store = PgStore::from_pool(pool).await.expect("open");
        let (first, first_events) = sample_stream(1);
        store
            .append(Append::new(
                first.clone(),
                ExpectedVersion::NoStream,
                first_events.clone(),
            ))
            .await
            .expect("append before");

        server.pg_ctl(&["-m", "fast", "stop"]);
        let (second, second_events) = sample_stream(2);
        let during = Append::new(
            second.clone(),
            ExpectedVersion::NoStream,
            second_events[..3].to_vec(),
        );
        let err = store
            .append(during.clone())
            .await
            .expect_err("the server is down");
        assert_eq!(err.kind(), StoreErrorKind::Unavailable, "{err}");
        assert!(err.is_retryable());
        let err = store
            .read_stream(&first, 0)
            .await
            .expect_err("the server is down");
        assert_eq!(err.kind(), StoreErrorKind::Unavailable, "{err}");

        server.pg_ctl(&[
            "-o",
            &server.options,
            "-l",
            &format!("{}/../restart.log", server.data),
            "start",
        ]);
        // The caller retries what is retryable; a minute is only run out by a server that never returns.
        let give_up = Instant::now() + Duration::from_secs(60);
        let outcome = loop {
            match store.append(during.clone()).await {
                Ok(o) => break o,
                Err(e) if e.is_retryable() && Instant::now() < give_up => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                Err(e) => panic!("after the restart: {e}"),
            }
        };
        assert_eq!(outcome.appended, 3, "the failed append had written nothing");
        assert_eq!(
            store
                .read_stream(&first, 0)
                .await
                .expect("read after")
                .len(),
            first_events.len()
        );
        assert_eq!(
            store.stream_version(&second).await.expect("version"),
            Some(3)
        );
        let all = store.read_all(0, 1_000).await.expect("read all");
        assert_eq!(all.events.len(), first_events.len() + 3);
    });
}
