//! The transport and the retry layer against an agency that misbehaves, on loopback: for each fault, no
//! dossier is lost, none is filed twice, and the error the caller sees says what happened.
//!
//! These tests run over real sockets, on the wall clock, and assert outcomes only (what was filed, how many
//! requests the agency saw, the error's kind and message), never how long something took: timeouts are seconds
//! where an answer on loopback takes milliseconds, and each step that must happen before another waits for it
//! instead of sleeping. The layer's schedule in time (waits, attempt timeouts, the deadline) is tested on
//! tokio's paused clock in `src/resilient/tests.rs`.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use common::*;
use hoso_core::adapter::{
    AdapterErrorKind, AgencyAdapter, AgencyMessage, AgencyRef, AgencySide, Notice,
};
use hoso_core::custody::Sha256Digest;
use hoso_http::AuditRecord;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn failures(records: &[AuditRecord]) -> Vec<&hoso_http::FailureRecord> {
    records
        .iter()
        .filter_map(|r| match r {
            AuditRecord::Failure(f) => Some(f),
            _ => None,
        })
        .collect()
}

fn responses(records: &[AuditRecord]) -> Vec<&hoso_http::ResponseRecord> {
    records
        .iter()
        .filter_map(|r| match r {
            AuditRecord::Response(f) => Some(f),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn answer_later_than_the_timeout_is_retried_and_the_dossier_filed_once() {
    let agency = Agency::default();
    agency.then(Fault::SlowAfterFiling(Duration::from_secs(60)));
    let server = agency.serve().await;
    let (client, audit) = client(&server.uri(), SHORT_TIMEOUT, fast_policy());

    let message = submission(1);
    let receipt = client.send(&message).await.unwrap();

    assert_eq!(&receipt.dossier, message.dossier());
    assert_eq!(agency.requests(), 2, "the timed-out attempt and the retry");
    assert_eq!(agency.filings(), 1);
    assert_eq!(agency.most_filings_of_one_dossier(), 1);
    let records = audit.records();
    let failed = failures(&records);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempt, 1);
    assert_eq!(failed[0].error_kind, "timeout");
    assert!(
        failed[0].message.contains("no answer within 2000 ms"),
        "{}",
        failed[0].message
    );
    let answered = responses(&records);
    assert_eq!(answered.len(), 1);
    assert_eq!((answered[0].attempt, answered[0].status), (2, 201));
}

#[tokio::test]
async fn server_errors_are_retried_until_the_agency_files_the_dossier() {
    for status in [500, 502, 503, 504] {
        let agency = Agency::default();
        agency.then_status(status, 2);
        let server = agency.serve().await;
        let (client, audit) = client(&server.uri(), TIMEOUT, fast_policy());

        let receipt = client.send(&submission(2)).await;

        assert!(receipt.is_ok(), "{status}: {receipt:?}");
        assert_eq!(agency.requests(), 3, "{status}");
        assert_eq!(agency.filings(), 1, "{status}");
        let statuses: Vec<(u32, u16)> = responses(&audit.records())
            .iter()
            .map(|r| (r.attempt, r.status))
            .collect();
        assert_eq!(statuses, [(1, status), (2, status), (3, 201)], "{status}");
    }
}

fn in_an_hour() -> String {
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(
            &(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1)),
        )
        .unwrap()
}

#[tokio::test]
async fn rate_limit_and_unavailability_are_retried_after_what_retry_after_asks() {
    // (status, Retry-After, what the agency asked for); the policy caps the wait at 150 ms.
    for (status, retry_after, asked_ms) in [
        (429, "1".to_owned(), 1000..=1000),
        (503, "2".to_owned(), 2000..=2000),
        (429, in_an_hour(), 3_590_000..=3_600_000),
        (503, in_an_hour(), 3_590_000..=3_600_000),
    ] {
        let agency = Agency::default();
        agency.then(Fault::Status(status, Some(retry_after.clone())));
        let server = agency.serve().await;
        let (client, audit) = client(&server.uri(), TIMEOUT, fast_policy());

        client.send(&submission(3)).await.unwrap();

        assert_eq!(agency.requests(), 2, "{status} {retry_after}");
        assert_eq!(agency.filings(), 1, "{status} {retry_after}");
        let first = responses(&audit.records())[0].clone();
        assert_eq!(first.status, status);
        let asked = first.retry_after_ms.unwrap();
        assert!(
            asked_ms.contains(&asked),
            "{status} {retry_after}: {asked} ms"
        );
    }
}

#[tokio::test]
async fn the_deadline_stops_retries_before_the_attempts_run_out() {
    // Two server errors are retried at once (milliseconds of backoff); then the agency asks to wait longer than
    // the deadline allows. Had the transport not handed the layer its Retry-After, the backoff would have
    // retried and filed the dossier; had the layer waited for it, the call would take minutes.
    for (status, retry_after, kind) in [
        (429, "120".to_owned(), AdapterErrorKind::RateLimited),
        (503, in_an_hour(), AdapterErrorKind::Unavailable),
    ] {
        let agency = Agency::default();
        agency.then_status(500, 2);
        agency.then(Fault::Status(status, Some(retry_after.clone())));
        let server = agency.serve().await;
        let policy = fast_policy()
            .with_max_attempts(50)
            .with_max_retry_after(Duration::from_secs(7200))
            .with_deadline(Duration::from_secs(30));
        let (client, _) = client(&server.uri(), TIMEOUT, policy);

        let error = client.send(&submission(7)).await.unwrap_err();

        assert_eq!(error.kind(), kind, "{status} {retry_after}");
        assert!(error.is_retryable(), "the caller may send it again later");
        assert_eq!(error.agency_code(), Some(status.to_string().as_str()));
        assert!(
            error.message().starts_with("gave up after 3 attempts in ")
                && error
                    .message()
                    .contains("(the next attempt would start after the deadline)"),
            "{error}"
        );
        assert_eq!(agency.requests(), 3, "{status} {retry_after}");
        assert_eq!(agency.filings(), 0, "{status} {retry_after}");
    }
}

#[tokio::test]
async fn refusals_surface_at_once_with_their_normalised_kind_and_the_agency_code() {
    for (status, kind) in [
        (400, AdapterErrorKind::Rejected),
        (401, AdapterErrorKind::Unauthorized),
        (403, AdapterErrorKind::Unauthorized),
        (404, AdapterErrorKind::NotFound),
        (409, AdapterErrorKind::Rejected),
        (422, AdapterErrorKind::Rejected),
    ] {
        let agency = Agency::default();
        agency.then_status(status, 1);
        let server = agency.serve().await;
        let (client, _) = client(&server.uri(), TIMEOUT, fast_policy());

        let error = client.send(&submission(4)).await.unwrap_err();

        assert_eq!(error.kind(), kind, "{status}");
        assert!(!error.is_retryable(), "{status}");
        assert_eq!(error.agency_code(), Some(status.to_string().as_str()));
        assert!(
            error.to_string().contains(&format!("HTTP status {status}")),
            "{error}"
        );
        assert_eq!(agency.requests(), 1, "{status}: not retried");
        assert_eq!(agency.filings(), 0, "{status}");
    }
}

#[tokio::test]
async fn malformed_receipt_surfaces_at_once_and_a_resend_gets_the_receipt_without_filing_again() {
    let agency = Agency::default();
    agency.then(Fault::MalformedAfterFiling);
    let server = agency.serve().await;
    let (client, _) = client(&server.uri(), TIMEOUT, fast_policy());
    let message = submission(5);

    let error = client.send(&message).await.unwrap_err();
    assert_eq!(error.kind(), AdapterErrorKind::InvalidPayload);
    assert!(!error.is_retryable());
    assert!(error.location().is_some(), "the codec says where: {error}");
    assert_eq!(agency.requests(), 1, "a malformed answer is not retried");
    assert_eq!(agency.filings(), 1, "the agency did file it");

    // Nothing lost: the same message again (same idempotency key) brings the receipt; nothing filed twice.
    let receipt = client.send(&message).await.unwrap();
    assert_eq!(&receipt.dossier, message.dossier());
    assert_eq!(agency.filings(), 1);
    assert_eq!(agency.most_filings_of_one_dossier(), 1);
}

#[tokio::test]
async fn giving_up_says_how_many_attempts_were_made_and_a_later_resend_files_once() {
    let agency = Agency::default();
    agency.then_status(503, 3);
    let server = agency.serve().await;
    let (client, _) = client(&server.uri(), TIMEOUT, fast_policy().with_max_attempts(3));
    let message = submission(6);

    let error = client.send(&message).await.unwrap_err();
    assert_eq!(error.kind(), AdapterErrorKind::Unavailable);
    assert!(error.is_retryable(), "the caller may send it again later");
    assert_eq!(error.agency_code(), Some("503"));
    assert!(
        error.message().starts_with("gave up after 3 attempts"),
        "{error}"
    );
    assert!(error.message().contains("no attempt left"), "{error}");
    assert_eq!(agency.requests(), 3);
    assert_eq!(agency.filings(), 0);

    client.send(&message).await.unwrap();
    assert_eq!(agency.filings(), 1);
}

#[tokio::test]
async fn agency_down_for_a_while_then_back_gets_the_dossier_once() {
    let agency = Agency::default();
    // The agency's port, held but not listening: connections are refused, and no other test can take it.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    let policy = fast_policy()
        .with_max_attempts(1000)
        .with_backoff(Duration::from_millis(10), Duration::from_millis(40));
    let (client, audit) = client(&format!("http://{addr}"), TIMEOUT, policy);
    let send = tokio::spawn(async move { client.send(&submission(8)).await });

    // The agency comes back once two attempts have found it down.
    until("two refused connections", || {
        failures(&audit.records()).len() >= 2
    })
    .await;
    let listener = socket.listen(128).unwrap().into_std().unwrap();
    let server = MockServer::builder().listener(listener).start().await;
    agency.mount(&server).await;
    let receipt = send.await.unwrap().unwrap();

    assert_eq!(&receipt.dossier, submission(8).dossier());
    assert_eq!(agency.filings(), 1);
    assert_eq!(
        agency.requests(),
        1,
        "only the attempt after it came back reached it"
    );
    let records = audit.records();
    let failed = failures(&records);
    assert!(failed.len() >= 2, "{} failed attempts", failed.len());
    assert!(
        failed.iter().all(
            |f| f.error_kind == "unavailable" && f.message == "could not connect to the agency"
        )
    );
}

/// An agency behind a raw socket: reads a request, files it, and on the first connection writes half of its
/// answer and drops the socket.
async fn agency_that_hangs_up_mid_answer(agency: Agency) -> (SocketAddr, Arc<AtomicU32>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicU32::new(0));
    let count = Arc::clone(&connections);
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            let agency = agency.clone();
            tokio::spawn(async move {
                let (head, body) = read_request(&mut socket).await;
                let key = head
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix("idempotency-key: ")
                            .or(l.strip_prefix("Idempotency-Key: "))
                    })
                    .map(str::to_owned);
                let receipt = agency.file(key.as_deref(), &body).unwrap();
                let head = format!(
                    "HTTP/1.1 201 Created\r\ncontent-type: application/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    receipt.len()
                );
                socket.write_all(head.as_bytes()).await.unwrap();
                if n == 1 {
                    socket
                        .write_all(&receipt[..receipt.len() / 2])
                        .await
                        .unwrap();
                    socket.flush().await.unwrap();
                    // Dropped here: the connection ends mid-body.
                } else {
                    socket.write_all(&receipt).await.unwrap();
                    socket.shutdown().await.unwrap();
                }
            });
        }
    });
    (addr, connections)
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> (String, Vec<u8>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.unwrap();
        assert!(n > 0, "client closed before sending a request");
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = socket.read(&mut chunk).await.unwrap();
        assert!(n > 0, "client closed mid-request");
        buffer.extend_from_slice(&chunk[..n]);
    }
    (head, buffer[head_end..head_end + length].to_vec())
}

#[tokio::test]
async fn connection_reset_mid_answer_is_retried_and_the_dossier_filed_once() {
    let agency = Agency::default();
    let (addr, connections) = agency_that_hangs_up_mid_answer(agency.clone()).await;
    let (client, audit) = client(&format!("http://{addr}"), TIMEOUT, fast_policy());
    let message = submission(9);

    let receipt = client.send(&message).await.unwrap();

    assert_eq!(&receipt.dossier, message.dossier());
    assert_eq!(connections.load(Ordering::SeqCst), 2);
    assert_eq!(agency.filings(), 1);
    assert_eq!(agency.most_filings_of_one_dossier(), 1);
    let records = audit.records();
    let failed = failures(&records);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].status, Some(201));
    assert_eq!(failed[0].error_kind, "unavailable");
    assert_eq!(
        failed[0].message,
        "connection lost while reading the answer (HTTP 201)"
    );
}

#[tokio::test]
async fn the_same_status_message_delivered_twice_is_applied_once() {
    let codec = codec();
    let dossier = dossier(10);
    let accepted = AgencyMessage {
        message_id: "TB-000123".into(),
        agency: agency(),
        dossier: dossier.code().clone(),
        reference: Some(AgencyRef("BN-1".into())),
        sent_at: whole_seconds(hoso_core::demo::at(3 * 24 * 60)),
        officer: None,
        notice: Notice::Accepted {
            appointment: jiff::civil::date(2026, 3, 20),
            received_at: None,
        },
    };
    let bytes = codec.encode_notice(&accepted).unwrap();
    let server = MockServer::start().await;
    // The first read fails once (503), then the agency delivers the same notice as its messages 0 and 1.
    Mock::given(method("GET"))
        .and(path("/gplx/ho-so/BN-1/thong-diep/0"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    for n in 0..2 {
        Mock::given(method("GET"))
            .and(path(format!("/gplx/ho-so/BN-1/thong-diep/{n}")))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
            .mount(&server)
            .await;
    }
    let (client, _) = client(&server.uri(), TIMEOUT, fast_policy());

    let messages = client.poll(&AgencyRef("BN-1".into())).await.unwrap();
    assert_eq!(messages, [accepted.clone(), accepted]);

    let mut dossier = dossier;
    let before = dossier.history().len();
    for message in &messages {
        for event in message.events() {
            dossier.apply(&event).unwrap();
        }
    }
    assert_eq!(
        dossier.history().len(),
        before + 1,
        "the repeat changes nothing"
    );
    assert_eq!(dossier.agency_state(), hoso_core::AgencyState::Accepted);
}

#[tokio::test]
async fn audit_records_bind_each_answer_to_its_request_and_hold_no_personal_data() {
    let agency = Agency::default();
    agency.then_status(502, 1);
    let server = agency.serve().await;
    let (client, audit) = client(&server.uri(), TIMEOUT, fast_policy());
    let message = submission(11);

    let receipt = client.send(&message).await.unwrap();

    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    let records = audit.records();
    assert_eq!(records.len(), 4, "request and answer, twice");
    for (attempt, pair) in records.chunks(2).enumerate() {
        let (AuditRecord::Request(request), AuditRecord::Response(response)) = (&pair[0], &pair[1])
        else {
            panic!("expected a request then its answer: {pair:?}");
        };
        let attempt = u32::try_from(attempt).unwrap() + 1;
        assert_eq!((request.attempt, response.attempt), (attempt, attempt));
        assert_eq!(request.exchange, response.exchange);
        assert_eq!(request.body_sha256, Sha256Digest::of(&sent[0].body));
        assert_eq!(response.request_sha256, request.body_sha256);
        assert_eq!(request.dossier.as_ref(), Some(message.dossier()));
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, SUBMIT_PATH);
        assert_eq!(
            request.idempotency_key.as_deref(),
            Some(receipt.idempotency_key.as_str())
        );
    }
    let AuditRecord::Response(last) = &records[3] else {
        unreachable!()
    };
    assert_eq!(last.status, 201);
    assert_eq!(
        last.body_sha256,
        Sha256Digest::of(&codec().encode_receipt(&receipt).unwrap())
    );

    let hoso_core::adapter::OutboundMessage::Submission(s) = &message else {
        unreachable!()
    };
    let trail = serde_json::to_string(&records).unwrap();
    assert!(!trail.contains(&s.applicant.name));
    assert!(!trail.contains(s.applicant.citizen_id.as_ref().unwrap().reveal()));
}

#[tokio::test]
async fn the_idempotency_key_is_the_same_for_every_attempt_of_a_submission() {
    let agency = Agency::default();
    agency.then_status(500, 2);
    let server = agency.serve().await;
    let (client, _) = client(&server.uri(), TIMEOUT, fast_policy());
    let message = submission(12);

    client.send(&message).await.unwrap();

    let keys: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.headers
                .get("idempotency-key")
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let expected = hoso_http::idempotency_key(&message).unwrap();
    assert_eq!(keys, [expected.clone(), expected.clone(), expected]);
}
