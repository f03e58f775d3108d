//! The file notifier behind the dispatcher: one line per event, the keys deduplicated across a lease that
//! runs out mid-send and across a restart, nothing for an applicant without a preference.

mod common;

use std::sync::Arc;

use common::{service_with, t};
use hoso_core::notify::{
    Delivery, Language, Notification, Notifier, NotifyChannel, NotifyError, NotifyPreference,
};
use hoso_core::service::{NotifyDispatcher, OutboxConsumer};
use hoso_core::store::OutboxPolicy;
use hoso_notify::FileNotifier;
use jiff::SignedDuration;
use tokio::sync::Notify;

fn sms(language: Language) -> Option<NotifyPreference> {
    Some(NotifyPreference {
        channel: NotifyChannel::Sms,
        language,
    })
}

#[tokio::test]
async fn every_notice_is_one_line_with_the_whole_contact_and_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    let notifier = Arc::new(FileNotifier::open(&path).unwrap());
    let service = service_with(sms(Language::En), None).await;
    let dispatcher = NotifyDispatcher::new(service.clone(), notifier.clone());
    let report = dispatcher.dispatch_once(t(0)).await.unwrap();
    assert_eq!(report.outbox.sent, 5);
    let lines = notifier.lines().unwrap();
    assert_eq!(lines.len(), 5);
    for l in &lines {
        assert_eq!((l.channel.as_str(), l.to.as_str()), ("sms", "0912345678"));
        assert_eq!(l.language, Language::En);
        assert!(
            l.body.contains("dossier") && l.body.contains("hồ sơ"),
            "{}",
            l.body
        );
    }
    assert!(lines[0].subject.contains("handed to the agency"));
    // A restart: the reopened file knows its keys, so messages revived by an operator are not written
    // again.
    let reopened = FileNotifier::open(&path).unwrap();
    let first = Notification {
        key: lines[0].key.clone(),
        dossier: lines[0].dossier.clone(),
        to: hoso_core::notify::Contact::Sms("0912345678".parse().unwrap()),
        language: Language::Vi,
        text: hoso_core::notify::template::Rendered {
            subject: String::new(),
            body: String::new(),
        },
    };
    assert_eq!(reopened.send(&first).await.unwrap(), Delivery::AlreadySent);
    assert_eq!(reopened.lines().unwrap().len(), 5);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the file is its owner's only");
    }
}

#[tokio::test]
async fn an_applicant_without_a_preference_gets_no_line() {
    let dir = tempfile::tempdir().unwrap();
    let notifier = Arc::new(FileNotifier::open(dir.path().join("out.jsonl")).unwrap());
    let service = service_with(None, None).await;
    let report = NotifyDispatcher::new(service, notifier.clone())
        .dispatch_once(t(0))
        .await
        .unwrap();
    assert_eq!(report.outbox.sent, 0);
    assert!(notifier.lines().unwrap().is_empty());
}

/// Writes through the file, then stalls on its first call until released: a dispatcher that outlives its
/// lease after the write.
#[derive(Debug)]
struct Stalling {
    inner: FileNotifier,
    entered: Arc<Notify>,
    release: Arc<Notify>,
    stalled: std::sync::Mutex<bool>,
}

#[async_trait::async_trait]
impl Notifier for Stalling {
    fn name(&self) -> &str {
        "stalling"
    }
    async fn send(&self, n: &Notification) -> Result<Delivery, NotifyError> {
        let delivery = self.inner.send(n).await?;
        let first = !std::mem::replace(&mut *self.stalled.lock().unwrap(), true);
        if first {
            self.entered.notify_one();
            self.release.notified().await;
        }
        Ok(delivery)
    }
}

#[tokio::test]
async fn a_notification_handed_over_again_after_a_lost_lease_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let notifier = Arc::new(Stalling {
        inner: FileNotifier::open(dir.path().join("out.jsonl")).unwrap(),
        entered: entered.clone(),
        release: release.clone(),
        stalled: std::sync::Mutex::new(false),
    });
    let service = service_with(sms(Language::Vi), None).await;
    let one_at_a_time = OutboxPolicy {
        batch: 1,
        lease: SignedDuration::from_secs(60),
        ..OutboxPolicy::default()
    };
    let slow = NotifyDispatcher::new(service.clone(), notifier.clone()).with_policy(one_at_a_time);
    let other = NotifyDispatcher::new(service, notifier.clone()).with_policy(one_at_a_time);
    let stalled = tokio::spawn(async move { slow.dispatch_once(t(0)).await });
    entered.notified().await;
    // The lease ran out: the other dispatcher claims the same message and hands it over again.
    let again = other.dispatch_once(t(61)).await.unwrap();
    assert_eq!((again.outbox.sent, again.repeated), (1, 1));
    release.notify_one();
    assert!(
        stalled.await.unwrap().is_err(),
        "the stalled completion finds its lease lost"
    );
    let lines = notifier.inner.lines().unwrap();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].key.starts_with("citizen/"));
}
