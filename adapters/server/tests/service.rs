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

/// A raw keep-alive connection that has sent one request and read its answer's head.
async fn answered_connection(addr: std::net::SocketAddr, path: &str) -> tokio::net::TcpStream {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    send(&mut stream, path).await;
    let head = read_head(&mut stream).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    stream
}

async fn send(stream: &mut tokio::net::TcpStream, path: &str) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: hoso.test\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
}

/// Reads until the end of an answer's head (or the connection closes), within a bound far above what the
/// tests expect and below the header read timeout they set.
async fn read_head(stream: &mut tokio::net::TcpStream) -> String {
    let mut head = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte).await {
                Ok(1) => head.push(byte[0]),
                _ => break,
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within the bound");
    String::from_utf8_lossy(&head).into_owned()
}

/// Whether the server has closed `stream` (its answer's body, if any, read first), within the bound.
async fn closed_by_server(stream: &mut tokio::net::TcpStream) -> bool {
    closed_within(stream, Duration::from_secs(30)).await
}

/// Whether the server closes `stream` within `bound` (what it still sends is read and dropped).
async fn closed_within(stream: &mut tokio::net::TcpStream, bound: Duration) -> bool {
    let mut buf = [0u8; 4096];
    tokio::time::timeout(bound, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return true,
                Ok(_) => {}
            }
        }
    })
    .await
    .unwrap_or(false)
}

/// Limits of `connections` places and a header read timeout (the keep-alive idle time too) of 120 s: a
/// client served only once an idle connection timed out would not be within the tests' bound.
fn capacity(connections: usize) -> Limits {
    let mut limits = Limits::default().with_header_read_timeout(Duration::from_secs(120));
    limits.max_connections = connections;
    limits
}

#[tokio::test]
async fn at_capacity_idle_keep_alive_connections_give_way_to_a_new_client() {
    let server =
        TestServer::start_with(Arc::new(MemoryStore::new()), |c| c.with_limits(capacity(2))).await;
    let mut first = answered_connection(server.addr, "/healthz").await;
    let mut second = answered_connection(server.addr, "/healthz").await;
    // Both places are held by idle connections; a third client is served (not after 120 s).
    let _third = answered_connection(server.addr, "/healthz").await;
    // It needed one place: the longest-open connection gave way, and the other one is left open (closing
    // every idle connection would race with requests their client may be sending on them).
    assert!(
        closed_by_server(&mut first).await,
        "the first idle connection was closed"
    );
    assert!(
        !closed_within(&mut second, Duration::from_millis(500)).await,
        "one connection gives way per waiting client"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn at_capacity_a_connection_in_the_middle_of_a_request_answers_it_and_then_gives_way() {
    let store = Arc::new(TestStore::new(false, true));
    common::seed(store.clone(), 6).await;
    let server = TestServer::start_with(store.clone(), |c| c.with_limits(capacity(1))).await;
    let lookup = format!("/tra-cuu?ma={}&so={ID_DIGITS}", sample_code());
    let mut busy = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    send(&mut busy, &lookup).await;
    store.entered.notified().await;
    // The only place is busy: a new client waits, and is not answered before the lookup is.
    let waiting = tokio::spawn(answered_connection(server.addr, "/healthz"));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!waiting.is_finished(), "served beyond the capacity");
    store.proceed.notify_one();
    let head = read_head(&mut busy).await;
    assert!(
        head.starts_with("HTTP/1.1 200"),
        "the lookup in flight is answered: {head}"
    );
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );
    assert!(
        closed_by_server(&mut busy).await,
        "and its connection closed after it"
    );
    waiting.await.unwrap();
    server.shutdown().await;
}
