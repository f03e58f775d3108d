//! The transport's configuration: base URLs, credentials, limits, and one attempt per exchange.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use hoso_core::adapter::{AdapterErrorKind, AgencyTransport};
use hoso_http::{Auth, HttpTransport, MemoryAuditSink, TransportBuildError};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn base_urls_must_be_https_or_plain_http_to_loopback() {
    for (url, accepted) in [
        ("https://gplx.example.gov.vn", true),
        ("https://gplx.example.gov.vn/api/v2/", true),
        ("http://127.0.0.1:8080", true),
        ("http://localhost:8080", true),
        ("http://[::1]:8080", true),
        ("http://gplx.example.gov.vn", false),
        ("http://10.0.0.7", false),
        ("ftp://gplx.example.gov.vn", false),
        ("gplx.example.gov.vn", false),
        ("https://gplx.example.gov.vn/?token=x", false),
    ] {
        let built = HttpTransport::builder(agency(), url).build();
        assert_eq!(built.is_ok(), accepted, "{url}: {built:?}");
    }
    assert!(matches!(
        HttpTransport::builder(agency(), "http://gplx.example.gov.vn").build(),
        Err(TransportBuildError::PlainHttpToRemoteHost { .. })
    ));
}

#[test]
fn credentials_never_show_in_debug_output_or_errors() {
    let builder = HttpTransport::builder(agency(), "https://gplx.example.gov.vn")
        .auth(Auth::Bearer("s3cr3t-token".into()));
    assert!(!format!("{builder:?}").contains("s3cr3t"));
    let transport = builder.build().unwrap();
    assert!(!format!("{transport:?}").contains("s3cr3t"));

    let bad = HttpTransport::builder(agency(), "https://gplx.example.gov.vn")
        .auth(Auth::ApiKey {
            header: "X-API-Key".into(),
            key: "s3cr3t\nInjected: yes".into(),
        })
        .build()
        .unwrap_err();
    assert!(matches!(bad, TransportBuildError::InvalidHeader { .. }));
    assert!(!bad.to_string().contains("s3cr3t"), "{bad}");
    let bad_name = HttpTransport::builder(agency(), "https://gplx.example.gov.vn")
        .auth(Auth::ApiKey {
            header: "X API Key".into(),
            key: "k".into(),
        })
        .build();
    assert!(matches!(
        bad_name,
        Err(TransportBuildError::InvalidHeader { .. })
    ));
}

#[tokio::test]
async fn bearer_token_and_api_key_are_sent_with_every_request() {
    for (auth, name, value) in [
        (
            Auth::Bearer("t0k3n".into()),
            "authorization",
            "Bearer t0k3n",
        ),
        (
            Auth::ApiKey {
                header: "X-API-Key".into(),
                key: "k3y".into(),
            },
            "x-api-key",
            "k3y",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header(name, value))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let transport = HttpTransport::builder(agency(), server.uri())
            .auth(auth)
            .build()
            .unwrap();
        let response = transport.exchange(get("/ping")).await.unwrap();
        assert_eq!(response.status, 204, "{name}");
    }
}

#[tokio::test]
async fn an_error_status_is_an_answer_for_the_adapter_to_read_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/busy"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3"))
        .expect(1)
        .mount(&server)
        .await;
    let audit = Arc::new(MemoryAuditSink::default());
    let transport = HttpTransport::builder(agency(), server.uri())
        .audit(audit.clone())
        .build()
        .unwrap();

    let response = transport.exchange(get("/busy")).await.unwrap();

    assert_eq!(response.status, 503);
    assert_eq!(response.retry_after, Some(Duration::from_secs(3)));
    assert_eq!(audit.records().len(), 2);
}

#[tokio::test]
async fn an_answer_larger_than_the_limit_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 10_000]))
        .mount(&server)
        .await;
    let transport = HttpTransport::builder(agency(), server.uri())
        .max_response_bytes(1_000)
        .build()
        .unwrap();

    let error = transport.exchange(get("/big")).await.unwrap_err();

    assert_eq!(error.kind(), AdapterErrorKind::LimitExceeded);
    assert!(!error.is_retryable());
    assert!(
        error.message().contains("larger than 1000 bytes"),
        "{error}"
    );
}

#[tokio::test]
async fn a_path_that_does_not_start_with_a_slash_is_refused_before_sending() {
    let transport = HttpTransport::builder(agency(), "http://127.0.0.1:9")
        .build()
        .unwrap();
    let error = transport.exchange(get("@evil.example/")).await.unwrap_err();
    assert_eq!(error.kind(), AdapterErrorKind::InvalidPayload);
}
