//! The service around the pages: health and readiness, the limits on bodies, headers and slow clients,
//! and graceful shutdown. (The request log has a test binary of its own: `request_log.rs`.)

mod common;

use std::sync::Arc;
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
