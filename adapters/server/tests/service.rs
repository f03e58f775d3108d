//! The service around the pages: health and readiness, the limits on bodies, headers and slow clients,
//! graceful shutdown, and the request log.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{ID_DIGITS, TestServer, TestStore, sample_code};
use hoso_core::store::MemoryStore;
use hoso_server::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn health_answers_and_readiness_reads_the_store() {
    let server = TestServer::start().await;
    let health = server.get("/healthz").await;
    assert_eq!(health.status(), 200);
    let ready = server.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(server.get("/no-such-page").await.status(), 404);
    server.shutdown().await;
}

#[tokio::test]
async fn readiness_fails_when_the_store_fails() {
    let server = TestServer::start_with(Arc::new(TestStore::new(true, false)), |c| c).await;
    assert_eq!(server.get("/healthz").await.status(), 200);
    let ready = server.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["reason"], "store_failed");
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_accepting_and_lets_the_request_in_flight_finish() {
    let store = Arc::new(TestStore::new(false, true));
    common::seed(store.clone(), 6).await;
    let mut server = TestServer::start_with(store.clone(), |c| c).await;
    let in_flight = {
        let client = server.client.clone();
        let url = server.url(&format!("/tra-cuu?ma={}&so={ID_DIGITS}", sample_code()));
        tokio::spawn(async move { client.get(url).send().await })
    };
    store.entered.notified().await;
    let stopped = server.begin_shutdown();
    // New connections are refused once the listener is closed (polled within a generous bound).
    let refused = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            if tokio::net::TcpStream::connect(server.addr).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(
        refused.is_ok(),
        "the listener still accepts after shutdown began"
    );
    store.proceed.notify_one();
    let answer = in_flight.await.unwrap().unwrap();
    assert_eq!(answer.status(), 200, "the request in flight is answered");
    stopped.await.unwrap().unwrap();
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let server = TestServer::start_with(Arc::new(MemoryStore::new()), |c| {
        c.with_limits(Limits::default().with_max_body_bytes(1024))
    })
    .await;
    let r = server
        .client
        .post(server.url("/tra-cuu"))
        .body(vec![b'x'; 4096])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_and_too_many_headers_are_refused() {
    let server = TestServer::start().await;
    let big = "x".repeat(32 * 1024);
    let r = server
        .client
        .get(server.url("/healthz"))
        .header("x-big", big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 431);
    let mut many = server.client.get(server.url("/healthz"));
    for n in 0..100 {
        many = many.header(format!("x-h{n}"), "1");
    }
    assert_eq!(many.send().await.unwrap().status(), 431);
    server.shutdown().await;
}

#[tokio::test]
async fn a_client_that_sends_its_headers_too_slowly_is_disconnected() {
    let server = TestServer::start_with(Arc::new(MemoryStore::new()), |c| {
        c.with_limits(Limits::default().with_header_read_timeout(Duration::from_millis(200)))
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // The client never finishes its headers; the server closes the connection (a bound far above the
    // timeout: the outcome is asserted, not the time it took).
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the slow client is still connected");
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
    server.shutdown().await;
}

/// A subscriber that keeps every event's fields as text.
#[derive(Default, Clone)]
struct Capture(Arc<Mutex<Vec<String>>>);

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Line<'a>(&'a mut String);
        impl tracing::field::Visit for Line<'_> {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{}={value:?} ", field.name()));
            }
        }
        let mut line = format!("{} ", event.metadata().target());
        event.record(&mut Line(&mut line));
        self.0.lock().unwrap().push(line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn the_request_log_names_the_path_and_status_but_never_the_query_or_the_client() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = TestServer::start().await;
    let code = sample_code();
    assert_eq!(
        server
            .get(&format!("/tra-cuu?ma={code}&so=4321"))
            .await
            .status(),
        404
    );
    assert_eq!(
        server
            .get(&format!("/tra-cuu?ma={code}&so={ID_DIGITS}"))
            .await
            .status(),
        200
    );
    server.shutdown().await;
    let lines = capture.0.lock().unwrap().clone();
    let requests: Vec<_> = lines
        .iter()
        .filter(|l| l.starts_with("hoso_server::request"))
        .collect();
    assert_eq!(requests.len(), 2, "{lines:#?}");
    assert!(
        requests[0].contains("path=/tra-cuu") && requests[0].contains("status=404"),
        "{}",
        requests[0]
    );
    // The server's own lines (the client's are reqwest's and hyper's); the one naming the listen address
    // is not about a client.
    for line in lines
        .iter()
        .filter(|l| l.starts_with("hoso") && !l.contains("message=serving"))
    {
        for secret in [
            "4321",
            ID_DIGITS,
            "127.0.0.1",
            "Nguy",
            "079090001234",
            "0912345678",
        ] {
            assert!(!line.contains(secret), "{secret} logged: {line}");
        }
    }
}
