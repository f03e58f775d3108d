//! The SMTP notifier against a sink started by each test (`sink`): what arrives (headers, both languages,
//! no personal data beyond the address), a 4xx retried and sent once, a 5xx a dead letter at once, a
//! connection refused or hung retryable, STARTTLS never skipped, one message per event; over STARTTLS and
//! implicit TLS, a message delivered encrypted to a server whose CA is trusted, and nothing at all to one
//! whose certificate is not.

mod common;
mod sink;

use std::sync::Arc;
use std::time::Duration;

use common::{service_with, t};
use hoso_core::notify::{
    Contact, Language, Notification, Notifier, NotifyChannel, NotifyErrorKind, NotifyPreference,
    template,
};
use hoso_core::service::NotifyDispatcher;
use hoso_core::store::OutboxStatus;
use hoso_notify::smtp::{KEY_HEADER, message_id};
use hoso_notify::{SmtpConfig, SmtpConfigError, SmtpNotifier, SmtpPassword, SmtpSecurity};
use sink::{Encryption, Presents, Sink};

const ADDRESS: &str = "nguyen.an@example.vn";
const FROM: &str = "thongbao@buudien.example.vn";

fn email(language: Language) -> Option<NotifyPreference> {
    Some(NotifyPreference {
        channel: NotifyChannel::Email {
            address: ADDRESS.parse().unwrap(),
        },
        language,
    })
}

fn config(port: u16) -> SmtpConfig {
    SmtpConfig::new(
        "127.0.0.1",
        SmtpSecurity::PlainLocalhost,
        FROM.parse().unwrap(),
    )
    .unwrap()
    .with_port(port)
}

fn notifier(port: u16) -> Arc<SmtpNotifier> {
    Arc::new(SmtpNotifier::new(config(port)).unwrap())
}

fn one_notification() -> Notification {
    Notification {
        key: "citizen/000.00.01.H56-260302-0001/00000000-0000-0000-0000-000000000067".into(),
        dossier: hoso_core::demo::header(1).code,
        to: Contact::Email(ADDRESS.parse().unwrap()),
        language: Language::Vi,
        text: template::Rendered {
            subject: "Hồ sơ".into(),
            body: "Bưu điện\n\n----------\n\nThe post office".into(),
        },
    }
}

#[tokio::test]
async fn every_notice_is_one_bilingual_mail_with_its_key_and_nothing_personal_but_the_address() {
    let sink = Sink::start().await;
    let with_login = config(sink.port)
        .with_user("hoso")
        .with_password(SmtpPassword::new("s3cret"));
    let notifier = Arc::new(SmtpNotifier::new(with_login).unwrap());
    let service = service_with(email(Language::En), None).await;
    let dispatcher = NotifyDispatcher::new(service.clone(), notifier);
    let report = dispatcher.dispatch_once(t(0)).await.unwrap();
    assert_eq!((report.outbox.sent, report.outbox.retried), (5, 0));

    let received = sink.received();
    assert_eq!(received.len(), 5);
    assert_eq!(
        sink.logins(),
        vec![("hoso".to_owned(), "s3cret".to_owned()); 5]
    );
    assert!(sink.hello_names().iter().all(|n| n == "hoso.invalid"));
    let demo = hoso_core::demo::header(1);
    for m in &received {
        assert_eq!(m.mail_from, FROM);
        assert_eq!(m.rcpt_to, vec![ADDRESS.to_owned()]);
        assert_eq!(m.header("To").unwrap(), ADDRESS);
        assert!(m.header("From").unwrap().contains(FROM));
        let key = m.header(KEY_HEADER).unwrap();
        assert!(key.starts_with(&format!("citizen/{}/", demo.code)), "{key}");
        assert_eq!(
            m.header("Message-ID").unwrap(),
            message_id(&key, "buudien.example.vn")
        );
        assert_eq!(m.header("Content-Language").unwrap(), "en, vi");
        assert_eq!(m.header("Auto-Submitted").unwrap(), "auto-generated");
        assert!(m.header("Content-Type").unwrap().contains("charset=utf-8"));
        let subject = m.header("Subject").unwrap();
        assert!(subject.contains(&demo.code.to_string()), "{subject}");
        let body = m.body();
        // English first, then Vietnamese under the rule line.
        let (english, vietnamese) = body.split_once(template::SEPARATOR.trim()).unwrap();
        assert!(english.contains("dossier"), "{english}");
        assert!(vietnamese.contains("hồ sơ"), "{vietnamese}");
        // Nothing of the applicant but the address the message goes to.
        for personal in ["079090001234", "0912345678", "Nguyễn Văn An", "Lê Lợi"] {
            assert!(
                !m.data.contains(personal)
                    && !body.contains(personal)
                    && !subject.contains(personal)
            );
        }
    }
    let first = &received[0];
    assert!(
        first
            .header("Subject")
            .unwrap()
            .contains("handed to the agency")
    );
    assert!(first.body().contains("10/03/2026") && first.body().contains("2026-03-10"));
    assert!(
        received[4].body().contains("attempt 2"),
        "{}",
        received[4].body()
    );

    // Every event once: another round sends nothing, and every key is a different event.
    let again = dispatcher.dispatch_once(t(3600)).await.unwrap();
    assert_eq!(
        again.outbox.sent + again.outbox.retried + again.outbox.dead,
        0
    );
    let mut keys: Vec<String> = sink
        .received()
        .iter()
        .map(|m| m.header(KEY_HEADER).unwrap())
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!((keys.len(), sink.received().len()), (5, 5));
}

#[tokio::test]
async fn a_4xx_reply_is_retried_after_the_backoff_and_the_mail_arrives_once() {
    let sink = Sink::start().await;
    sink.answer_next_rcpt(&format!("451 4.3.0 <{ADDRESS}>: mailbox busy, try later"));
    let service = service_with(email(Language::Vi), Some(4)).await;
    let dispatcher = NotifyDispatcher::new(service.clone(), notifier(sink.port));

    let first = dispatcher.dispatch_once(t(0)).await.unwrap();
    assert_eq!((first.outbox.sent, first.outbox.retried), (0, 1));
    assert_eq!((sink.rcpt_commands(), sink.received().len()), (1, 0));
    let dead_or_pending = service.store().dead_letters(10).await.unwrap();
    assert!(dead_or_pending.is_empty());

    // Within the backoff (5 s after the first failure) nothing is tried.
    let early = dispatcher.dispatch_once(t(1)).await.unwrap();
    assert_eq!(early.outbox.sent + early.outbox.retried, 0);
    assert_eq!(sink.rcpt_commands(), 1);

    let later = dispatcher.dispatch_once(t(60)).await.unwrap();
    assert_eq!((later.outbox.sent, later.outbox.retried), (1, 0));
    assert_eq!(sink.received().len(), 1);
    let done = dispatcher.dispatch_once(t(3600)).await.unwrap();
    assert_eq!(done.outbox.sent + done.outbox.retried, 0);
    assert_eq!((sink.rcpt_commands(), sink.received().len()), (2, 1));
}

#[tokio::test]
async fn a_5xx_reply_is_a_dead_letter_at_once_and_never_tried_again() {
    let sink = Sink::start().await;
    sink.answer_next_rcpt(&format!("550 5.1.1 <{ADDRESS}>: no such mailbox"));
    let service = service_with(email(Language::Vi), Some(4)).await;
    let dispatcher = NotifyDispatcher::new(service.clone(), notifier(sink.port));
    let report = dispatcher.dispatch_once(t(0)).await.unwrap();
    assert_eq!(
        (
            report.outbox.sent,
            report.outbox.retried,
            report.outbox.dead
        ),
        (0, 0, 1)
    );
    let dead = service.store().dead_letters(10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].status, OutboxStatus::Dead);
    let error = dead[0].last_error.clone().unwrap();
    assert!(
        error.contains("550") && error.contains("no such mailbox"),
        "{error}"
    );
    assert!(
        !error.contains("nguyen.an"),
        "the address is masked: {error}"
    );
    for later in [60, 3600, 86_400] {
        dispatcher.dispatch_once(t(later)).await.unwrap();
    }
    assert_eq!((sink.rcpt_commands(), sink.received().len()), (1, 0));
}

#[tokio::test]
async fn reply_codes_map_onto_the_ports_kinds_with_the_address_masked() {
    let sink = Sink::start().await;
    let notifier = notifier(sink.port);
    let n = one_notification();
    for (reply, kind) in [
        (
            format!("452 4.2.2 <{ADDRESS}>: over quota"),
            NotifyErrorKind::Unavailable,
        ),
        (
            format!("553 5.1.3 <{ADDRESS}>: bad address"),
            NotifyErrorKind::Rejected,
        ),
    ] {
        sink.answer_next_rcpt(&reply);
        let error = notifier.send(&n).await.unwrap_err();
        assert_eq!(error.kind, kind, "{error}");
        assert_eq!(error.is_retryable(), kind == NotifyErrorKind::Unavailable);
        let shown = format!("{error} {error:?}");
        assert!(
            shown.contains(&reply[..3]) && shown.contains(&n.key),
            "{shown}"
        );
        assert!(
            shown.contains("***@example.vn") && !shown.contains("nguyen.an"),
            "{shown}"
        );
    }
    assert!(sink.received().is_empty());
    assert_eq!(
        notifier.send(&n).await.unwrap(),
        hoso_core::notify::Delivery::Sent
    );
}

#[tokio::test]
async fn a_refused_connection_is_retryable() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let error = notifier(port).send(&one_notification()).await.unwrap_err();
    assert_eq!(error.kind, NotifyErrorKind::Unavailable, "{error}");
    assert!(!error.to_string().contains("nguyen.an"));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_retryably() {
    let port = sink::silent().await;
    let hung = SmtpNotifier::new(config(port).with_timeout(Duration::from_millis(200))).unwrap();
    let error = hung.send(&one_notification()).await.unwrap_err();
    assert_eq!(error.kind, NotifyErrorKind::Unavailable);
    assert!(error.message.contains("timed out"), "{error}");
}

#[tokio::test]
async fn a_server_without_starttls_gets_neither_the_password_nor_the_message() {
    let sink = Sink::start().await;
    let starttls = SmtpConfig::new("127.0.0.1", SmtpSecurity::StartTls, FROM.parse().unwrap())
        .unwrap()
        .with_port(sink.port)
        .with_user("hoso")
        .with_password(SmtpPassword::new("s3cret"));
    let notifier = SmtpNotifier::new(starttls).unwrap();
    let error = notifier.send(&one_notification()).await.unwrap_err();
    assert_eq!(error.kind, NotifyErrorKind::Unavailable, "{error}");
    assert!(sink.logins().is_empty());
    assert_eq!(sink.mail_commands(), 0);
    assert!(sink.received().is_empty());
}

#[tokio::test]
async fn an_sms_contact_is_not_for_the_smtp_notifier() {
    let sink = Sink::start().await;
    let n = Notification {
        to: Contact::Sms("0912345678".parse().unwrap()),
        ..one_notification()
    };
    let error = notifier(sink.port).send(&n).await.unwrap_err();
    assert_eq!(error.kind, NotifyErrorKind::Unsupported);
    assert!(!error.to_string().contains("0912345678"));
    assert_eq!(sink.mail_commands(), 0);
}

/// A notifier for `localhost` (the name in the sink's certificate) on `port`, logging in, with `security`.
fn tls_config(security: SmtpSecurity, port: u16) -> SmtpConfig {
    SmtpConfig::new("localhost", security, FROM.parse().unwrap())
        .unwrap()
        .with_port(port)
        .with_user("hoso")
        .with_password(SmtpPassword::new("s3cret"))
        .with_timeout(Duration::from_secs(10))
}

const TLS_MODES: [(SmtpSecurity, Encryption); 2] = [
    (SmtpSecurity::StartTls, Encryption::StartTls),
    (SmtpSecurity::ImplicitTls, Encryption::Implicit),
];

#[tokio::test]
async fn over_starttls_and_implicit_tls_a_server_whose_ca_is_trusted_gets_the_message_encrypted() {
    for (security, encryption) in TLS_MODES {
        let sink = Sink::start_tls(encryption, Presents::Localhost).await;
        // Two roots, the sink's CA second: each one given is trusted.
        let config = tls_config(security, sink.port)
            .with_root_certificate(sink::OTHER_CA)
            .unwrap()
            .with_root_certificate(sink::CA)
            .unwrap();
        let notifier = SmtpNotifier::new(config).unwrap();
        let n = one_notification();
        assert_eq!(
            notifier.send(&n).await.unwrap(),
            hoso_core::notify::Delivery::Sent,
            "{security:?}"
        );

        let received = sink.received();
        assert_eq!(received.len(), 1, "{security:?}");
        assert!(
            received[0].encrypted,
            "{security:?}: DATA came in the clear"
        );
        assert_eq!(received[0].rcpt_to, vec![ADDRESS.to_owned()]);
        assert_eq!(received[0].header(KEY_HEADER).unwrap(), n.key);
        assert_eq!(sink.handshakes(), 1, "{security:?}");
        assert_eq!(
            sink.logins(),
            vec![("hoso".to_owned(), "s3cret".to_owned())]
        );
        assert_eq!(sink.logins_encrypted(), vec![true], "{security:?}");
        match encryption {
            // EHLO before the upgrade and again after it (RFC 3207 §4.2).
            Encryption::StartTls => {
                assert_eq!(sink.starttls_commands(), 1);
                assert_eq!(sink.hello_names().len(), 2);
            }
            Encryption::Implicit => {
                assert_eq!(sink.starttls_commands(), 0);
                assert_eq!(sink.hello_names().len(), 1);
            }
        }
    }
}

#[tokio::test]
async fn a_certificate_the_notifier_does_not_trust_gets_neither_the_password_nor_the_message() {
    for (security, encryption) in TLS_MODES {
        // The platform's roots (the test CA is not among them); another CA only; the trusted CA, but a
        // certificate for another name.
        let cases = [
            ("platform roots", Presents::Localhost, None),
            ("another CA", Presents::Localhost, Some(sink::OTHER_CA)),
            ("another name", Presents::OtherName, Some(sink::CA)),
        ];
        for (case, presents, root) in cases {
            let sink = Sink::start_tls(encryption, presents).await;
            let mut config = tls_config(security, sink.port);
            if let Some(root) = root {
                config = config.with_root_certificate(root).unwrap();
            }
            let notifier = SmtpNotifier::new(config).unwrap();
            let error = notifier.send(&one_notification()).await.unwrap_err();
            let what = format!("{security:?}, {case}: {error}");
            assert_eq!(error.kind, NotifyErrorKind::Unavailable, "{what}");
            assert!(error.is_retryable(), "{what}");
            // lettre reports the refusal as a connection error; rustls's reason says what it was.
            assert!(error.message.contains("invalid peer certificate"), "{what}");
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("s3cret") && !shown.contains("nguyen.an"),
                "{shown}"
            );
            // The failure was the handshake: STARTTLS asked for (in that mode), no handshake completed,
            // and nothing after it.
            let asked = usize::from(encryption == Encryption::StartTls);
            assert_eq!(sink.starttls_commands(), asked, "{what}");
            assert_eq!(sink.handshakes(), 0, "{what}");
            assert!(sink.logins().is_empty(), "{what}");
            assert_eq!(sink.mail_commands(), 0, "{what}");
            assert!(sink.received().is_empty(), "{what}");
        }
    }
}

#[test]
fn root_certificates_add_up_across_calls_and_in_one_bundle() {
    let config = || SmtpConfig::new("localhost", SmtpSecurity::StartTls, FROM.parse().unwrap());
    assert_eq!(config().unwrap().root_certificate_count(), 0);
    let two_calls = config()
        .unwrap()
        .with_root_certificate(sink::CA)
        .unwrap()
        .with_root_certificate(sink::OTHER_CA)
        .unwrap();
    assert_eq!(two_calls.root_certificate_count(), 2);
    let bundle = [sink::CA, b"\n", sink::OTHER_CA].concat();
    let one_call = config().unwrap().with_root_certificate(&bundle).unwrap();
    assert_eq!(one_call.root_certificate_count(), 2);
    // A refusal adds nothing, and a bundle with a private key in it is refused whole.
    let key = include_bytes!("fixtures/tls/server.key");
    let with_key = [sink::CA, &key[..]].concat();
    assert_eq!(
        one_call.with_root_certificate(&with_key).unwrap_err(),
        SmtpConfigError::RootCertificateNotCertificate {
            section: "PRIVATE KEY"
        }
    );
}
