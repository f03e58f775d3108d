//! 1,000 concurrent lookups (tra cứu hồ sơ) against the same number of concurrent requests for the lookup
//! form, a page the same server renders without reading the store, in the same run.
//!
//! The store is SQLite in a temporary directory holding 1,000 sample dossiers, each through its whole life.
//! Each round sends 1,000 requests at once from one reqwest client (one connection each) and times each
//! from send to the last byte: the form page (the floor), lookups with the right digits (each a different
//! dossier: read, replayed, rendered), and lookups of unknown codes; the three alternate over 5 rounds. The
//! `summary:` lines give each lookup's p50 and p99 as a ratio of the form's in the same run. The lookup's timing floor is set to
//! zero here so that the work is measured; a deployed server adds its floor (250 ms by default) to every
//! lookup, by design. The throttle is set out of reach (the unknown codes would trip it otherwise).

use std::sync::Arc;
use std::time::{Duration, Instant};

use hoso_benches::percentile;
use hoso_benches::summary::Summary;
use hoso_core::Catalogue;
use hoso_core::service::{Changes, DossierService};
use hoso_core::store::CommandId;
use hoso_server::{LookupPolicy, Server, ServerConfig};
use hoso_sqlite::SqliteStore;

const DOSSIERS: u32 = 1_000;
/// Rounds of each kind of request, 1,000 at once each time.
const ROUNDS: u32 = 5;

/// Sends `urls` at once and gives each one's latency, sorted, and how many were sent twice; every answer
/// must have status `expected`.
///
/// A keep-alive connection that the server closes at capacity (idle connections give way to a waiting
/// client) may be the one the client has just reused: the request then gets no answer. As a browser does
/// (RFC 9112 §9.3.1.1 lets a client retry an idempotent request), the request is sent once more; its
/// latency runs from the first send, and the retries are counted and reported.
async fn round(
    client: &reqwest::Client,
    urls: Vec<String>,
    expected: u16,
) -> (Vec<Duration>, usize) {
    async fn get(client: &reqwest::Client, url: &str) -> Result<u16, reqwest::Error> {
        let r = client.get(url).send().await?;
        let status = r.status().as_u16();
        r.bytes().await?;
        Ok(status)
    }
    let mut tasks = tokio::task::JoinSet::new();
    for url in urls {
        let client = client.clone();
        tasks.spawn(async move {
            let t = Instant::now();
            match get(&client, &url).await {
                Ok(status) => (status, t.elapsed(), false),
                Err(first) => {
                    let status = get(&client, &url)
                        .await
                        .unwrap_or_else(|e| panic!("{url}: {first:?}, then {e:?}"));
                    (status, t.elapsed(), true)
                }
            }
        });
    }
    let mut latencies = Vec::new();
    let mut retried = 0;
    while let Some(done) = tasks.join_next().await {
        let (status, elapsed, again) = done.unwrap();
        assert_eq!(status, expected, "an answer not of the kind measured");
        latencies.push(elapsed);
        retried += usize::from(again);
    }
    latencies.sort_unstable();
    (latencies, retried)
}

fn report(
    name: &str,
    wall: Duration,
    latencies: &[Duration],
    retried: usize,
) -> (Duration, Duration) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (p50, p99) = (percentile(latencies, 0.50), percentile(latencies, 0.99));
    println!(
        "{name}: {DOSSIERS} concurrent, {ROUNDS} rounds, {:.0} ms a round; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {retried} sent twice",
        ms(wall),
        ms(p50),
        ms(p99),
        ms(*latencies.last().unwrap()),
    );
    (p50, p99)
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("hoso-bench-server-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Arc::new(SqliteStore::open(dir.join("hoso.db")).await.unwrap());
    let service = DossierService::new(store.clone());
    let mut codes = Vec::new();
    for seq in 1..=DOSSIERS {
        let events = hoso_core::demo::lifecycle(seq);
        let code = hoso_core::demo::header(seq).code.to_string();
        service
            .open(
                CommandId::new(format!("open-{code}")),
                events[0].clone(),
                Changes::events(events[1..].to_vec()),
            )
            .await
            .unwrap();
        codes.push(code);
    }
    let config = ServerConfig::new(
        store,
        "127.0.0.1:0".parse().unwrap(),
        Catalogue::shipped().unwrap(),
    )
    .with_lookup(
        LookupPolicy::default()
            .with_floor(Duration::ZERO)
            .with_max_failures(u32::MAX, u32::MAX),
    );
    let bound = Server::new(config).bind().await.unwrap();
    let base = format!("http://{}", bound.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(bound.run(async {
        let _ = stopped.await;
    }));
    // reqwest comes without a default crypto provider in this workspace (`rustls-no-provider`).
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1_100)
        .build()
        .unwrap();

    let form = || {
        (0..DOSSIERS)
            .map(|_| format!("{base}/tra-cuu"))
            .collect::<Vec<_>>()
    };
    let found = || {
        codes
            .iter()
            .map(|c| format!("{base}/tra-cuu?ma={c}&so=1234"))
            .collect::<Vec<_>>()
    };
    let unknown = || {
        codes
            .iter()
            .map(|c| {
                format!(
                    "{base}/tra-cuu?ma={}&so=1234",
                    c.replace("260302", "260303")
                )
            })
            .collect::<Vec<_>>()
    };
    // A warm-up round of each opens the connections and the store's pages.
    for (urls, expected) in [(form(), 200), (found(), 200), (unknown(), 404)] {
        round(&client, urls, expected).await;
    }
    // The three kinds in alternating rounds, so that a busy machine slows them alike; each kind's
    // latencies are pooled over its rounds.
    let names = [
        "lookup form, no store (floor)",
        "lookups, right digits",
        "lookups, unknown codes",
    ];
    let mut pooled: [(Duration, Vec<Duration>, usize); 3] = Default::default();
    for _ in 0..ROUNDS {
        for (kind, (urls, expected)) in [(form(), 200), (found(), 200), (unknown(), 404)]
            .into_iter()
            .enumerate()
        {
            let t = Instant::now();
            let (latencies, retried) = round(&client, urls, expected).await;
            pooled[kind].0 += t.elapsed();
            pooled[kind].1.extend(latencies);
            pooled[kind].2 += retried;
        }
    }
    let results: Vec<_> = names
        .iter()
        .zip(pooled.iter_mut())
        .map(|(name, (wall, latencies, retried))| {
            latencies.sort_unstable();
            report(name, *wall / ROUNDS, latencies, *retried)
        })
        .collect();
    let (floor50, floor99) = results[0];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    // The lookup's latency, the form's (the floor) and their ratio; no goal was set.
    for (name, (p50, p99)) in [("found", results[1]), ("unknown", results[2])] {
        for (quantile, value, floor) in [("p50", p50, floor50), ("p99", p99, floor99)] {
            Summary::new(&format!("server_lookup_{name}_{quantile}"), ms(value), "ms")
                .floor(ms(floor))
                .lower_is_better()
                .print();
        }
    }
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
