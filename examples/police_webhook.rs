//! A police webhook receiver in axum, exercised end to end on loopback.
//!
//! The server verifies each delivery (HMAC-SHA256 signature, timestamp tolerance, replayed delivery ids) with
//! `hoso_police::webhook::Verifier`, decodes it with the police codec, turns it into core events and applies
//! each event id once. The program then posts a few deliveries to itself (signed, replayed, unsigned, forged,
//! stale, a police retry, an unknown status), prints what happened and exits.
//!
//! Run: `cargo run --example police_webhook`

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hoso_core::EventId;
use hoso_core::adapter::{AdapterErrorKind, AgencyCodec};
use hoso_police::webhook::{
    DELIVERY_HEADER, Headers, SIGNATURE_HEADER, Secret, TIMESTAMP_HEADER, Verifier, sign,
};
use hoso_police::{PoliceCodec, Version};
use jiff::{SignedDuration, Timestamp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SECRET: &[u8] = b"police-webhook-secret-for-the-example-0001";
const STATUS_UPDATE: &str = include_str!("../adapters/police/samples/v2/statusUpdate.json");

/// axum's header map, read through the framework-agnostic `Headers` trait.
struct AxumHeaders<'a>(&'a HeaderMap);

impl Headers for AxumHeaders<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|v| v.to_str().ok())
    }
}

struct Receiver {
    verifier: Verifier,
    codec: PoliceCodec,
    /// The embedding system's store of applied events; a real one is the dossier store, where the core
    /// ignores an event id it already holds.
    applied: Mutex<HashSet<EventId>>,
}

async fn police_webhook(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let delivery = match receiver
        .verifier
        .verify(&AxumHeaders(&headers), &body, Timestamp::now())
    {
        Ok(delivery) => delivery,
        Err(error) => {
            let status =
                StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
            return (status, format!("refused: {error}"));
        }
    };
    match receiver.codec.decode(delivery.body()) {
        Ok(message) => {
            let events = message.events();
            let mut applied = receiver
                .applied
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let new = events
                .iter()
                .filter(|event| applied.insert(event.id))
                .count();
            (
                StatusCode::OK,
                format!(
                    "delivery {}: message {} for {}, {} event(s), {} newly applied",
                    delivery.delivery_id(),
                    message.message_id,
                    message.dossier,
                    events.len(),
                    new
                ),
            )
        }
        // Authentic and well-formed, but not something the core can apply: acknowledge (a retry cannot help)
        // and report it to a person.
        Err(error) if error.kind() == AdapterErrorKind::Unsupported => (
            StatusCode::ACCEPTED,
            format!("reported, not applied: {}", error.message()),
        ),
        Err(error) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("invalid: {error}"),
        ),
    }
}

/// One HTTP/1.1 POST over a fresh connection; returns the status line's code and the body.
async fn post_delivery(
    address: std::net::SocketAddr,
    headers: &[(&str, String)],
    body: &str,
) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(address).await?;
    let mut request = format!(
        "POST /webhooks/police HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    let status = response.split(' ').nth(1).unwrap_or("???").to_owned();
    let text = response.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    Ok(format!("{status} {text}"))
}

fn signed(
    delivery: &str,
    at: Timestamp,
    body: &str,
    secret: &Secret,
) -> Vec<(&'static str, String)> {
    vec![
        (DELIVERY_HEADER, delivery.to_owned()),
        (TIMESTAMP_HEADER, at.as_second().to_string()),
        (SIGNATURE_HEADER, sign(secret, at, body.as_bytes())),
    ]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = Secret::new(SECRET.to_vec())?;
    let receiver = Arc::new(Receiver {
        verifier: Verifier::new(secret.clone()).with_tolerance(SignedDuration::from_mins(5)),
        codec: PoliceCodec::new("CA.H01".parse()?, Version::V2),
        applied: Mutex::new(HashSet::new()),
    });
    let app = Router::new()
        .route("/webhooks/police", post(police_webhook))
        .with_state(receiver);
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                stopped.await.ok();
            })
            .await
    });
    println!("police webhook receiver on http://{address}/webhooks/police\n");

    let now = Timestamp::now();
    let body = STATUS_UPDATE;
    let unknown_status = body.replacen(
        "\"code\": \"delayed\"",
        "\"code\": \"awaitingBiometrics\"",
        1,
    );
    let forged = Secret::new(b"not-the-police-secret-but-as-long-as-it-0001".to_vec())?;
    type Case<'a> = (&'a str, Vec<(&'a str, String)>, &'a str);
    let cases: Vec<Case<'_>> = vec![
        (
            "signed delivery",
            signed("dlv-0001", now, body, &secret),
            body,
        ),
        (
            "the same request replayed",
            signed("dlv-0001", now, body, &secret),
            body,
        ),
        (
            "the police retry the same message (new delivery)",
            // A retry is signed anew: a new id under the old signature would be a replay.
            signed(
                "dlv-0002",
                now + SignedDuration::from_secs(1),
                body,
                &secret,
            ),
            body,
        ),
        (
            "unsigned",
            vec![(DELIVERY_HEADER, "dlv-0003".to_owned())],
            body,
        ),
        (
            "signed with another key",
            signed("dlv-0004", now, body, &forged),
            body,
        ),
        (
            "signed 10 minutes ago",
            signed(
                "dlv-0005",
                now - SignedDuration::from_mins(10),
                body,
                &secret,
            ),
            body,
        ),
        (
            "body changed after signing",
            signed("dlv-0006", now, body, &secret),
            &unknown_status,
        ),
        (
            "an unknown status code",
            signed("dlv-0007", now, &unknown_status, &secret),
            &unknown_status,
        ),
    ];
    for (what, headers, body) in cases {
        let answer = post_delivery(address, &headers, body).await?;
        println!("{what:<50} -> {answer}");
    }

    stop.send(()).ok();
    server.await??;
    println!("\nreceiver stopped");
    Ok(())
}
