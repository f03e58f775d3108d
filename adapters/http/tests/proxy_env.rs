//! The proxy environment variables are ignored: a child process of this test binary runs with `HTTP_PROXY`,
//! `HTTPS_PROXY` and `ALL_PROXY` (both cases) pointing at a loopback listener standing in for a proxy, and its
//! request with a bearer token must reach the agency directly, the proxy receiving nothing.
//!
//! Its own binary without the test harness, so that the environment is set only for the child process and
//! never changed under other tests' threads.

mod fake;

use std::process::Command;

use fake::FakeServer;
use hoso_core::adapter::{AgencyTransport, Method, TransportRequest};
use hoso_http::{Auth, HttpTransport};

const CHILD: &str = "HOSO_PROXY_ENV_TEST_AGENCY";
const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

fn main() {
    match std::env::var(CHILD) {
        Ok(agency_url) => child(&agency_url),
        Err(_) => parent(),
    }
}

fn parent() {
    let agency = FakeServer::start("agency");
    let proxy = FakeServer::start("proxy");
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .env(CHILD, &agency.url)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for var in PROXY_VARS {
        command.env(var, &proxy.url);
    }
    let status = command.status().unwrap();

    assert!(status.success(), "the child's request failed: {status}");
    assert_eq!(proxy.heads(), Vec::<String>::new(), "the proxy was used");
    let heads = agency.heads();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0].contains("authorization: bearer s3cr3t-token"),
        "{heads:?}"
    );
    println!("proxy environment variables ignored: ok");
}

fn child(agency_url: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let transport = HttpTransport::builder("000.00.15.H22".parse().unwrap(), agency_url)
        .auth(Auth::Bearer("s3cr3t-token".into()))
        .build()
        .unwrap();
    let response = runtime
        .block_on(transport.exchange(TransportRequest {
            method: Method::Get,
            path: "/ping".into(),
            content_type: None,
            idempotency_key: None,
            dossier: None,
            bearer_token: None,
            body: Vec::new(),
        }))
        .unwrap();
    assert_eq!(
        response.body, b"agency",
        "answered by the proxy, not the agency"
    );
}
