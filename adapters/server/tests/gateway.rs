//! The agencies' gateway: a signed police webhook and a bearer-token push, each recorded through the
//! service layer once, replays refused, wrong credentials and foreign dossiers refused alike.

mod common;

use std::sync::Arc;

use std::sync::atomic::Ordering;

use common::{ID_DIGITS, TestServer, TestStore, sample_code};
use hoso_core::AgencyCode;
use hoso_core::adapter::AgencyRef;
use hoso_core::service::{Changes, DossierService};
use hoso_core::store::{AgencyFiling, CommandId, EventStore, MemoryStore};
use hoso_police::webhook::{
    DELIVERY_HEADER, SIGNATURE_HEADER, Secret, TIMESTAMP_HEADER, Verifier, sign,
};
use hoso_police::{PoliceCodec, Version};
use hoso_server::{AgencyAuth, Clock, GatewayAgency, TokenDigest};
use hoso_sqlite::SqliteStore;
use jiff::SignedDuration;

const POLICE: &str = "000.00.01.H56";
const SECRET: &[u8] = b"a police webhook secret of 32+ bytes";
const TOKEN: &str = "agency-token-0001";

fn police() -> AgencyCode {
    POLICE.parse().unwrap()
}

/// The sample dossier's first `events` events (5: accepted by the police), filed with them.
async fn store_with_filed_dossier(events: usize) -> Arc<dyn EventStore> {
    file_sample(Arc::new(MemoryStore::new()), events).await
}

async fn file_sample(store: Arc<dyn EventStore>, events: usize) -> Arc<dyn EventStore> {
    let all = hoso_core::demo::lifecycle(1);
    let filing = AgencyFiling {
        agency: police(),
        reference: AgencyRef("HC-2026-000123".into()),
    };
    DossierService::new(store.clone())
        .open(
            CommandId::new("open"),
            all[0].clone(),
            Changes::events(all[1..events].to_vec()).with_filing(filing),
        )
        .await
        .unwrap();
    store
}

fn processing_update(message_id: &str, dossier: &str) -> String {
    format!(
        r#"{{"schemaVersion": 2, "messageType": "statusUpdate", "messageId": "{message_id}",
  "sentAt": "2026-03-03T03:00:05Z", "payload": {{"dossierCode": "{dossier}",
  "policeReference": "HC-2026-000123", "status": {{"code": "processing"}},
  "occurredAt": "2026-03-03T03:00:00Z", "handledBy": "CB-0457"}}}}"#
    )
}

fn codec() -> Arc<PoliceCodec> {
    Arc::new(PoliceCodec::new(police(), Version::V2))
}

async fn agency_state(server: &TestServer) -> serde_json::Value {
    let json = server
        .json(&format!("/tra-cuu?ma={}&so={ID_DIGITS}", sample_code()))
        .await;
    json["agency_leg"]["state"].clone()
}

/// A server over `store` that lets the police push with the bearer token.
async fn bearer_server(store: Arc<dyn EventStore>) -> TestServer {
    TestServer::start_with(store, |c| {
        c.with_agency(GatewayAgency::new(
            police(),
            codec(),
            AgencyAuth::Bearer(TokenDigest::of(TOKEN)),
        ))
    })
    .await
}

fn path() -> String {
    format!("/api/v1/agencies/{POLICE}/messages")
}

#[tokio::test]
async fn a_signed_police_webhook_is_recorded_once_and_a_replay_is_refused() {
    let store = store_with_filed_dossier(5).await;
    let secret = Secret::new(SECRET.to_vec()).unwrap();
    let verifier = Arc::new(Verifier::new(secret.clone()));
    let server = TestServer::start_with(store.clone(), |c| {
        c.with_agency(GatewayAgency::new(
            police(),
            codec(),
            AgencyAuth::Signed(verifier),
        ))
    })
    .await;
    assert_eq!(agency_state(&server).await, "accepted");
    let body = processing_update("POL-2-000900", &sample_code());
    let delivery = |id: &str, at: jiff::Timestamp| {
        server
            .client
            .post(server.url(&path()))
            .header(DELIVERY_HEADER, id)
            .header(TIMESTAMP_HEADER, at.as_second().to_string())
            .header(SIGNATURE_HEADER, sign(&secret, at, body.as_bytes()))
            .body(body.clone())
            .send()
    };
    let now = server.clock.now();
    let first = delivery("dlv-1", now).await.unwrap();
    assert_eq!(first.status(), 200);
    let answer: serde_json::Value = first.json().await.unwrap();
    assert_eq!(answer["status"], "recorded");
    assert_eq!(answer["appended"], 1);
    assert_eq!(agency_state(&server).await, "processing");

    // The captured request sent again is refused by the signature check.
    let replay = delivery("dlv-1", now).await.unwrap();
    assert_eq!(replay.status(), 409);
    // A retry by the police (a new delivery, signed later) of the same message writes nothing.
    server.clock.advance(SignedDuration::from_secs(30));
    let retry = delivery("dlv-2", server.clock.now()).await.unwrap();
    assert_eq!(retry.status(), 200);
    let answer: serde_json::Value = retry.json().await.unwrap();
    assert_eq!(answer["status"], "already_recorded");
    let code = sample_code().parse().unwrap();
    assert_eq!(store.stream_version(&code).await.unwrap(), Some(6));

    // Forged and unsigned deliveries are refused before decoding.
    let forged = server
        .client
        .post(server.url(&path()))
        .header(DELIVERY_HEADER, "dlv-3")
        .header(TIMESTAMP_HEADER, server.clock.now().as_second().to_string())
        .header(SIGNATURE_HEADER, format!("v1={}", "0".repeat(64)))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let unsigned = server
        .client
        .post(server.url(&path()))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 400);
    server.shutdown().await;
}

/// A server over `store` that takes the police's signed pushes, with a verifier of its own (its own
/// in-memory replay store, which the gateway does not rely on).
async fn signed_server(store: Arc<dyn EventStore>) -> TestServer {
    let verifier = Arc::new(Verifier::new(Secret::new(SECRET.to_vec()).unwrap()));
    TestServer::start_with(store, |c| {
        c.with_agency(GatewayAgency::new(
            police(),
            codec(),
            AgencyAuth::Signed(verifier),
        ))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_one_server_accepted_is_refused_by_another_over_the_store_and_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hoso.db");
    let open = || async { Arc::new(SqliteStore::open(&file).await.unwrap()) };
    let first_store = open().await;
    file_sample(first_store.clone(), 5).await;
    // Two servers, each with its own handle on the file (its own connections and locks, as two
    // processes have).
    let a = signed_server(first_store.clone()).await;
    let b = signed_server(open().await).await;
    let secret = Secret::new(SECRET.to_vec()).unwrap();
    let body = processing_update("POL-2-000902", &sample_code());
    let now = a.clock.now();
    let signature = sign(&secret, now, body.as_bytes());
    let deliver = |server: &TestServer, id: &str, signature: &str| {
        server
            .client
            .post(server.url(&path()))
            .header(DELIVERY_HEADER, id)
            .header(TIMESTAMP_HEADER, now.as_second().to_string())
            .header(SIGNATURE_HEADER, signature)
            .body(body.clone())
            .send()
    };
    assert_eq!(
        deliver(&a, "dlv-10", &signature).await.unwrap().status(),
        200
    );
    let replayed = deliver(&b, "dlv-10", &signature).await.unwrap();
    assert_eq!(
        replayed.status(),
        409,
        "the other server refuses the replay"
    );
    // Under a new delivery id the v1 signature (which does not cover the id) is remembered too.
    assert_eq!(
        deliver(&b, "dlv-11", &signature).await.unwrap().status(),
        409
    );
    a.shutdown().await;
    b.shutdown().await;
    first_store.close().await;

    // A server started afterwards, on the same instant, still refuses it: the keys are in the file.
    let c = signed_server(open().await).await;
    assert_eq!(c.clock.now(), now);
    assert_eq!(
        deliver(&c, "dlv-10", &signature).await.unwrap().status(),
        409
    );
    // The police's retry, signed anew under a new id, is taken and writes nothing more.
    let resigned = sign(&secret, now + SignedDuration::from_secs(1), body.as_bytes());
    let retry = c
        .client
        .post(c.url(&path()))
        .header(DELIVERY_HEADER, "dlv-12")
        .header(TIMESTAMP_HEADER, (now.as_second() + 1).to_string())
        .header(SIGNATURE_HEADER, resigned)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), 200);
    let answer: serde_json::Value = retry.json().await.unwrap();
    assert_eq!(answer["status"], "already_recorded");
    c.shutdown().await;
}

#[tokio::test]
async fn a_bearer_push_needs_the_token_and_is_idempotent() {
    let store = store_with_filed_dossier(5).await;
    let server = bearer_server(store.clone()).await;
    let push = |path: String, token: &str, body: String| {
        server
            .client
            .post(server.url(&path))
            .bearer_auth(token)
            .body(body)
            .send()
    };
    let body = processing_update("POL-2-000901", &sample_code());
    let wrong = push(path(), "not-the-token", body.clone()).await.unwrap();
    assert_eq!(wrong.status(), 401);
    let wrong_body = wrong.text().await.unwrap();
    let unknown = push(
        "/api/v1/agencies/000.00.09.H99/messages".into(),
        TOKEN,
        body.clone(),
    )
    .await
    .unwrap();
    assert_eq!(unknown.status(), 401);
    assert_eq!(
        unknown.text().await.unwrap(),
        wrong_body,
        "unknown agency = wrong token"
    );
    let code = sample_code().parse().unwrap();
    assert_eq!(
        store.stream_version(&code).await.unwrap(),
        Some(5),
        "nothing written"
    );

    for expected in ["recorded", "already_recorded"] {
        let ok = push(path(), TOKEN, body.clone()).await.unwrap();
        assert_eq!(ok.status(), 200);
        let answer: serde_json::Value = ok.json().await.unwrap();
        assert_eq!(answer["status"], expected);
    }
    assert_eq!(store.stream_version(&code).await.unwrap(), Some(6));

    let malformed = push(path(), TOKEN, "{\"schemaVersion\": 2".into())
        .await
        .unwrap();
    assert_eq!(malformed.status(), 422);
    let elsewhere = sample_code().replace("-0001", "-0002");
    let foreign = push(path(), TOKEN, processing_update("POL-2-000902", &elsewhere))
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404);
    server.shutdown().await;
}

#[tokio::test]
async fn a_push_the_state_machine_refuses_writes_nothing() {
    // Dispatched but not yet handed to the agency: the agency cannot start processing it (Decision
    // 45/2016/QĐ-TTg Art 7).
    let store = store_with_filed_dossier(3).await;
    let server = bearer_server(store.clone()).await;
    let body = processing_update("POL-2-000903", &sample_code());
    let refused = server
        .client
        .post(server.url(&path()))
        .bearer_auth(TOKEN)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 409);
    let code = sample_code().parse().unwrap();
    assert_eq!(store.stream_version(&code).await.unwrap(), Some(3));
    server.shutdown().await;
}

#[tokio::test]
async fn a_push_the_store_could_not_record_is_answered_503_and_recorded_when_sent_again() {
    let test_store = Arc::new(TestStore::default());
    let store = file_sample(test_store.clone(), 5).await;
    let server = bearer_server(store.clone()).await;
    let body = processing_update("POL-2-000904", &sample_code());
    let push = || {
        server
            .client
            .post(server.url(&path()))
            .bearer_auth(TOKEN)
            .body(body.clone())
            .send()
    };
    test_store.failing_appends.store(1, Ordering::SeqCst);
    let down = push().await.unwrap();
    assert_eq!(down.status(), 503);
    let code = sample_code().parse().unwrap();
    assert_eq!(
        store.stream_version(&code).await.unwrap(),
        Some(5),
        "nothing recorded"
    );
    let again = push().await.unwrap();
    assert_eq!(again.status(), 200);
    let answer: serde_json::Value = again.json().await.unwrap();
    assert_eq!(answer["status"], "recorded");
    assert_eq!(store.stream_version(&code).await.unwrap(), Some(6));
    server.shutdown().await;
}
