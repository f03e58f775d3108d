//! The request log: one line per request, never the query string or the client's address.
//!
//! Alone in its test binary: `tracing` caches, per call site and for the whole process, whether anyone listens,
//! and a test without a subscriber running beside this one could make the log's call site silent to the
//! subscriber this test sets.

mod common;

use std::sync::{Arc, Mutex};

use common::{ID_DIGITS, TestServer, sample_code};

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
