//! The client against the portal simulator, in both modes: every reply and fault of the notes gives the
//! documented outcome.

mod common;

use common::{Which, after, codec, start};
use hoso_core::adapter::{AdapterErrorKind, Location};
use hoso_dvcqg::Upsert;
use hoso_testkit::{PortalConfig, PortalFault};

const BOTH: [Which; 2] = [Which::Direct, Which::Relay];

#[tokio::test]
async fn a_dossier_is_created_then_updated_and_its_steps_recorded() {
    for which in BOTH {
        let (sim, client) = start(PortalConfig::default(), which).await;
        let d = after(1, 5);
        let message = codec().dossier_message(&d, None, &[]).unwrap();
        assert_eq!(
            client.sync_dossier(&message, false).await.unwrap(),
            Upsert::Created
        );
        assert_eq!(
            client.sync_dossier(&message, true).await.unwrap(),
            Upsert::Updated
        );
        let steps = codec().progress_messages(&d);
        client.update_progress(&steps).await.unwrap();
        let held = sim.dossier(&message.ma_ho_so).unwrap();
        assert_eq!((held.creates, held.updates), (1, 1), "{which:?}");
        assert_eq!(held.progress_statuses(), ["1", "2"], "{which:?}");
        assert_eq!(held.record["MaHoSo"], message.ma_ho_so.as_str());
    }
}

#[tokio::test]
async fn a_create_of_a_dossier_that_exists_is_resent_as_an_update() {
    for which in BOTH {
        let (sim, client) = start(PortalConfig::default(), which).await;
        let message = codec().dossier_message(&after(1, 5), None, &[]).unwrap();
        client.sync_dossier(&message, false).await.unwrap();
        assert_eq!(
            client.sync_dossier(&message, false).await.unwrap(),
            Upsert::Updated
        );
        assert_eq!(sim.counts().duplicates, 1, "{which:?}");
        assert_eq!(client.counts().resent_as_update, 1);
        assert_eq!(sim.dossier(&message.ma_ho_so).unwrap().updates, 1);
    }
}

#[tokio::test]
async fn an_expired_session_is_renewed_mid_batch() {
    let config = PortalConfig {
        session_calls: Some(2),
        ..PortalConfig::default()
    };
    let (sim, client) = start(config, Which::Direct).await;
    for seq in 1..=5 {
        let message = codec().dossier_message(&after(seq, 5), None, &[]).unwrap();
        client.sync_dossier(&message, false).await.unwrap();
    }
    sim.expire_sessions();
    let message = codec().dossier_message(&after(6, 5), None, &[]).unwrap();
    client.sync_dossier(&message, false).await.unwrap();
    assert_eq!(sim.counts().creates, 6);
    assert!(sim.counts().expired >= 3, "{:?}", sim.counts());
    assert_eq!(client.counts().sessions as usize, sim.counts().logins);
}

#[tokio::test]
async fn a_session_that_expires_again_at_once_is_unauthorized() {
    let config = PortalConfig {
        session_calls: Some(0),
        ..PortalConfig::default()
    };
    // A session good for no call: the renewal expires too, and the client gives up rather than loop.
    let (sim, client) = start(config, Which::Direct).await;
    let message = codec().dossier_message(&after(1, 5), None, &[]).unwrap();
    let e = client.sync_dossier(&message, false).await.unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::Unauthorized);
    assert!(!e.is_retryable());
    assert_eq!(e.agency_code(), Some("-2"));
    assert_eq!(sim.counts().logins, 1);
}

#[tokio::test]
async fn wrong_credentials_are_unauthorized() {
    let sim = hoso_testkit::PortalSimulator::start(PortalConfig::default())
        .await
        .unwrap();
    let mut config = sim.config().clone();
    config.password = "sai".into();
    let client = hoso_dvcqg::PortalClient::new(
        codec(),
        common::mode(&config, Which::Direct),
        common::transport(&sim, common::TIMEOUT),
    );
    let message = codec().dossier_message(&after(1, 5), None, &[]).unwrap();
    let e = client.sync_dossier(&message, false).await.unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::Unauthorized);
    assert!(!format!("{e}").contains("sai"));
}

#[tokio::test]
async fn more_than_ten_steps_in_one_call_is_refused_before_sending() {
    let (sim, client) = start(PortalConfig::default(), Which::Direct).await;
    let d = after(1, 14);
    let message = codec().dossier_message(&d, None, &[]).unwrap();
    client.sync_dossier(&message, false).await.unwrap();
    let one = codec().progress_messages(&d).remove(0);
    let eleven = vec![one; 11];
    let before = sim.counts().requests;
    let e = client.update_progress(&eleven).await.unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::Unsupported);
    assert_eq!(sim.counts().requests, before);
    client.update_progress(&eleven[..10]).await.unwrap();
}

#[tokio::test]
async fn the_portal_refuses_steps_of_a_dossier_it_does_not_hold() {
    let (_sim, client) = start(PortalConfig::default(), Which::Relay).await;
    let steps = codec().progress_messages(&after(1, 5));
    let e = client.update_progress(&steps).await.unwrap_err();
    assert_eq!(
        (e.kind(), e.agency_code()),
        (AdapterErrorKind::Rejected, Some("2"))
    );
    assert!(!e.is_retryable());
}

#[tokio::test]
async fn server_errors_are_unavailable_and_retryable() {
    for which in BOTH {
        let (sim, client) = start(PortalConfig::default(), which).await;
        let message = codec().dossier_message(&after(1, 5), None, &[]).unwrap();
        for status in [500, 502, 503] {
            sim.inject(PortalFault::Status(status), 1);
            let e = client.sync_dossier(&message, false).await.unwrap_err();
            assert_eq!(
                e.kind(),
                AdapterErrorKind::Unavailable,
                "{which:?} {status}"
            );
            assert!(e.is_retryable());
            assert_eq!(e.agency_code(), Some(status.to_string().as_str()));
        }
        assert_eq!(
            client.sync_dossier(&message, false).await.unwrap(),
            Upsert::Created
        );
    }
}

#[tokio::test]
async fn no_answer_is_a_retryable_timeout() {
    let (sim, client) = start(PortalConfig::default(), Which::Relay).await;
    let message = codec().dossier_message(&after(1, 5), None, &[]).unwrap();
    sim.inject(PortalFault::Hang, 1);
    let e = client.sync_dossier(&message, false).await.unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::Timeout);
    assert!(e.is_retryable());
    assert_eq!(sim.counts().creates, 0);
    assert_eq!(
        client.sync_dossier(&message, false).await.unwrap(),
        Upsert::Created
    );
    sim.stop().await;
}

#[tokio::test]
async fn malformed_replies_are_typed_with_their_path() {
    for (body, path) in [
        (&b"<html>Bad gateway</html>"[..], "$"),
        (br#"{"message":"ok"}"#, "$.error_code"),
        (br#"{"error_code":{"v":0}}"#, "$.error_code"),
    ] {
        let (sim, client) = start(PortalConfig::default(), Which::Direct).await;
        let message = codec().dossier_message(&after(1, 5), None, &[]).unwrap();
        sim.inject(PortalFault::Malformed(body.to_vec()), 1);
        let e = client.sync_dossier(&message, false).await.unwrap_err();
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
        assert_eq!(e.location(), Some(&Location::JsonPath(path.into())));
        assert!(e.is_retryable());
    }
}

#[tokio::test]
async fn a_success_code_of_00_is_success() {
    let config = PortalConfig {
        success_code: "00".into(),
        ..PortalConfig::default()
    };
    let (sim, client) = start(config, Which::Direct).await;
    let message = codec().dossier_message(&after(1, 5), None, &[]).unwrap();
    assert_eq!(
        client.sync_dossier(&message, false).await.unwrap(),
        Upsert::Created
    );
    assert_eq!(sim.counts().creates, 1);
}

#[tokio::test]
async fn a_journaled_portal_remembers_across_restarts_and_ignores_a_resent_step() {
    let dir = std::env::temp_dir().join(format!("hoso-dvcqg-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let journal = dir.join("portal.jsonl");
    let _ = std::fs::remove_file(&journal);
    let d = after(1, 5);
    let message = codec().dossier_message(&d, None, &[]).unwrap();
    let steps = codec().progress_messages(&d);
    {
        let sim = hoso_testkit::PortalSimulator::start_journaled(PortalConfig::default(), &journal)
            .await
            .unwrap();
        let client = common::client(&sim, Which::Direct);
        client.sync_dossier(&message, false).await.unwrap();
        client.update_progress(&steps).await.unwrap();
        sim.stop().await;
    }
    let sim = hoso_testkit::PortalSimulator::start_journaled(PortalConfig::default(), &journal)
        .await
        .unwrap();
    let client = common::client(&sim, Which::Direct);
    assert_eq!(
        client.sync_dossier(&message, false).await.unwrap(),
        Upsert::Updated
    );
    client.update_progress(&steps).await.unwrap();
    assert_eq!(sim.counts().repeated_steps, steps.len());
    hoso_testkit::portal_holds_in_order(&sim, &message.ma_ho_so, &["1", "2"]);
    sim.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}
