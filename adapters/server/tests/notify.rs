//! The notification loop while the server runs: the handover of a dossier tells its applicant once, a
//! supplement requested through the gateway tells them once more, a push sent again tells nothing, and the
//! loop stops with the server.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::sample_code;
use hoso_core::adapter::AgencyRef;
use hoso_core::notify::{Language, NotifyChannel, NotifyPreference};
use hoso_core::service::{Changes, DossierService};
use hoso_core::store::{AgencyFiling, CommandId, EventStore, MemoryStore};
use hoso_core::{AgencyCode, DossierHeader};
use hoso_notify::FileNotifier;
use hoso_police::{PoliceCodec, Version};
use hoso_server::{
    AgencyAuth, GatewayAgency, ManualClock, NotifyLoop, NotifyProgress, Server, ServerConfig,
    TokenDigest,
};
use tokio::sync::watch;

const POLICE: &str = "000.00.01.H56";
const TOKEN: &str = "agency-token-0001";

/// The sample dossier up to its acceptance by the police (5 events: handed to the agency at the 4th), its
/// applicant asking to be told by SMS, filed with the police.
async fn store_with_handed_over_dossier() -> Arc<dyn EventStore> {
    let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
    let header = DossierHeader {
        notifications: Some(NotifyPreference {
            channel: NotifyChannel::Sms,
            language: Language::Vi,
        }),
        ..hoso_core::demo::header(1)
    };
    let all = hoso_core::demo::lifecycle_of(header, 100, hoso_core::demo::at(0));
    let filing = AgencyFiling {
        agency: POLICE.parse().unwrap(),
        reference: AgencyRef("HC-2026-000123".into()),
    };
    DossierService::new(store.clone())
        .open(
            CommandId::new("open"),
            all[0].clone(),
            Changes::events(all[1..5].to_vec()).with_filing(filing),
        )
        .await
        .unwrap();
    store
}

fn processing(message_id: &str) -> String {
    format!(
        r#"{{"schemaVersion": 2, "messageType": "statusUpdate", "messageId": "{message_id}",
  "sentAt": "2026-03-03T03:00:05Z", "payload": {{"dossierCode": "{}",
  "policeReference": "HC-2026-000123", "status": {{"code": "processing"}},
  "occurredAt": "2026-03-03T03:00:00Z", "handledBy": "CB-0457"}}}}"#,
        sample_code()
    )
}

fn supplement_required(message_id: &str) -> String {
    format!(
        r#"{{"schemaVersion": 2, "messageType": "statusUpdate", "messageId": "{message_id}",
  "sentAt": "2026-03-03T03:10:05Z", "payload": {{"dossierCode": "{}",
  "policeReference": "HC-2026-000123", "status": {{"code": "supplementRequired",
  "reasonCode": "PHOTO_NOT_COMPLIANT", "reasonText": "Ảnh chân dung không đúng quy cách"}},
  "occurredAt": "2026-03-03T03:10:00Z", "handledBy": "CB-0457",
  "missingDocuments": ["Ảnh chân dung 4x6, nền trắng"], "supplementDueDate": "2026-03-06"}}}}"#,
        sample_code()
    )
}

/// Waits for the loop to report what `done` asks; the bound is only against a hang.
async fn until(
    progress: &mut watch::Receiver<NotifyProgress>,
    done: impl FnMut(&NotifyProgress) -> bool,
) -> NotifyProgress {
    *tokio::time::timeout(Duration::from_secs(60), progress.wait_for(done))
        .await
        .expect("the notification loop made no progress in a minute")
        .unwrap()
}

#[tokio::test]
async fn a_dossier_handed_to_the_agency_and_a_supplement_pushed_through_the_gateway_tell_the_applicant_once_each()
 {
    let dir = tempfile::tempdir().unwrap();
    let file = Arc::new(FileNotifier::open(dir.path().join("notifications.jsonl")).unwrap());
    let store = store_with_handed_over_dossier().await;
    let police: AgencyCode = POLICE.parse().unwrap();
    let config = ServerConfig::new(
        store.clone(),
        "127.0.0.1:0".parse().unwrap(),
        hoso_core::Catalogue::shipped().unwrap(),
    )
    .with_clock(Arc::new(ManualClock::new(
        "2026-03-05T02:00:00Z".parse().unwrap(),
    )))
    .with_agency(GatewayAgency::new(
        police.clone(),
        Arc::new(PoliceCodec::new(police, Version::V2)),
        AgencyAuth::Bearer(TokenDigest::of(TOKEN)),
    ))
    .with_notifications(NotifyLoop::new(file.clone()).with_interval(Duration::from_millis(10)));
    let bound = Server::new(config).bind().await.unwrap();
    let addr = bound.local_addr();
    let mut progress = bound.notify_progress().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(bound.run(async {
        let _ = stopped.await;
    }));

    // The handover: one line, then rounds that add none.
    let after_handover = until(&mut progress, |p| p.completed >= 1).await;
    until(&mut progress, |p| p.rounds >= after_handover.rounds + 3).await;
    let lines = file.lines().unwrap();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0]
            .subject
            .contains("đã được giao cho cơ quan giải quyết"),
        "{}",
        lines[0].subject
    );
    assert_eq!(
        (lines[0].channel.as_str(), lines[0].to.as_str()),
        ("sms", "0912345678")
    );

    // Processing started (nothing to tell), then a supplement requested, pushed twice: one more line.
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let pushes = [
        (processing("POL-2-000949"), "recorded"),
        (supplement_required("POL-2-000950"), "recorded"),
        (supplement_required("POL-2-000950"), "already_recorded"),
    ];
    for (body, expected) in pushes {
        let answer = client
            .post(format!("http://{addr}/api/v1/agencies/{POLICE}/messages"))
            .bearer_auth(TOKEN)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let answer: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(answer["status"], expected);
    }
    let after_supplement = until(&mut progress, |p| p.completed >= 2).await;
    until(&mut progress, |p| p.rounds >= after_supplement.rounds + 3).await;
    let lines = file.lines().unwrap();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].body.contains("Ảnh chân dung 4x6, nền trắng"),
        "{}",
        lines[1].body
    );
    assert_ne!(lines[0].key, lines[1].key);
    let totals = *progress.borrow();
    assert_eq!(
        (
            totals.completed,
            totals.retried,
            totals.dead,
            totals.repeated
        ),
        (2, 0, 0, 0)
    );

    // The graceful shutdown stops the loop: its progress sender is gone once the server's task ends.
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    assert!(progress.changed().await.is_err());
    assert_eq!(file.lines().unwrap().len(), 2);
}

#[tokio::test]
async fn a_server_without_a_notifier_leaves_the_messages_in_the_outbox() {
    let store = store_with_handed_over_dossier().await;
    let config = ServerConfig::new(
        store.clone(),
        "127.0.0.1:0".parse().unwrap(),
        hoso_core::Catalogue::shipped().unwrap(),
    );
    let bound = Server::new(config).bind().await.unwrap();
    assert!(bound.notify_progress().is_none());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(bound.run(async {
        let _ = stopped.await;
    }));
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    let counts = store.outbox_counts().await.unwrap();
    assert_eq!(counts.done, 0);
    assert!(counts.pending >= 1, "{counts:?}");
}
