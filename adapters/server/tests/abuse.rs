//! Requests an attacker or a broken client sends, written on a raw socket: a request that is not HTTP, a
//! body larger than the limit sent in chunks (no `Content-Length` to refuse it by), and a body that never
//! finishes. Each is refused with its status within a bound far above the server's own limit; what is
//! asserted is the answer, not the time it took. (Oversized heads, a known oversized length and slow
//! headers are in `service.rs`; guessing, enumeration and the throttle in `lookup.rs`; a replayed push in
//! `gateway.rs`.)

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::TestServer;
use hoso_core::store::MemoryStore;
use hoso_server::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Far above every limit the tests set: reached only if the server never answers.
const BOUND: Duration = Duration::from_secs(30);

/// A gateway path whose agency code is well formed (no agency is configured: the body is read first).
const PUSH: &str = "/api/v1/agencies/000.00.01.H56/messages";

/// Sends `request` on a new connection and reads until the server closes it or `BOUND` passes; gives what
/// the server wrote.
async fn exchange(server: &TestServer, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(BOUND, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    answer.extend_from_slice(&buf[..n]);
                    // One answer is all these tests need: stop at the end of its head.
                    if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within {BOUND:?}");
    String::from_utf8_lossy(&answer).into_owned()
}

fn status_line(answer: &str) -> &str {
    answer.lines().next().unwrap_or("")
}

#[tokio::test]
async fn a_request_that_is_not_http_is_refused() {
    let server = TestServer::start().await;
    for garbage in [
        &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 a TLS hello\r\n\r\n"[..],
        b"GET /healthz\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n",
    ] {
        let answer = exchange(&server, garbage).await;
        assert!(
            status_line(&answer).starts_with("HTTP/1.1 400"),
            "{:?}: {answer:?}",
            String::from_utf8_lossy(garbage)
        );
    }
    // The server goes on serving.
    assert_eq!(server.get("/healthz").await.status(), 200);
    server.shutdown().await;
}

#[tokio::test]
async fn a_chunked_body_past_the_limit_is_refused() {
    let server = TestServer::start_with(Arc::new(MemoryStore::new()), |c| {
        c.with_limits(Limits::default().with_max_body_bytes(1024))
    })
    .await;
    let mut request = format!(
        "POST {PUSH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..8 {
        request.extend_from_slice(b"200\r\n");
        request.extend_from_slice(&[b'x'; 0x200]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let answer = exchange(&server, &request).await;
    assert!(
        status_line(&answer).starts_with("HTTP/1.1 413"),
        "{answer:?}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_body_that_never_finishes_is_answered_408_at_the_request_timeout() {
    let server = TestServer::start_with(Arc::new(MemoryStore::new()), |c| {
        c.with_limits(Limits::default().with_request_timeout(Duration::from_millis(200)))
    })
    .await;
    // 100 bytes announced, 10 sent, and the connection kept open.
    let request = format!(
        "POST {PUSH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\n\r\n0123456789"
    );
    let answer = exchange(&server, request.as_bytes()).await;
    assert!(
        status_line(&answer).starts_with("HTTP/1.1 408"),
        "{answer:?}"
    );
    server.shutdown().await;
}
