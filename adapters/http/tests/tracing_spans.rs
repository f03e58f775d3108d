//! Spans carry the dossier code and the attempt, and never personal data.

mod common;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use hoso_core::adapter::{AgencyAdapter, OutboundMessage};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Writes every span and event, with all its fields, to one text.
#[derive(Default)]
struct Recorder {
    text: Arc<Mutex<String>>,
    next: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut text = self.text.lock().unwrap();
        let _ = write!(text, "\nspan {}:", span.metadata().name());
        span.record(&mut Fields(&mut text));
        Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut text = self.text.lock().unwrap();
        text.push_str("\nrecord:");
        values.record(&mut Fields(&mut text));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = self.text.lock().unwrap();
        text.push_str("\nevent:");
        event.record(&mut Fields(&mut text));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn spans_carry_the_dossier_code_and_attempt_but_no_personal_data() {
    let recorder = Recorder::default();
    let text = Arc::clone(&recorder.text);
    let _guard = tracing::subscriber::set_default(recorder);

    let agency = Agency::default();
    agency.then_status(503, 1);
    let server = agency.serve().await;
    let (client, _) = client(&server.uri(), TIMEOUT, fast_policy());
    let message = submission(20);
    client.send(&message).await.unwrap();

    let text = text.lock().unwrap().clone();
    let code = message.dossier().to_string();
    assert!(text.contains("span agency_send:"), "{text}");
    assert!(text.contains(&format!("dossier={code}")), "{text}");
    assert!(text.contains("span agency_exchange:"), "{text}");
    assert!(text.contains("attempt=1"), "{text}");
    assert!(text.contains("attempt=2"), "{text}");
    assert!(text.contains("status=503"), "{text}");
    assert!(text.contains("status=201"), "{text}");

    let OutboundMessage::Submission(s) = &message else {
        unreachable!()
    };
    let id = s.applicant.citizen_id.as_ref().unwrap().reveal();
    assert!(!text.contains(id), "citizen ID in the trace: {text}");
    assert!(
        !text.contains(&s.applicant.name),
        "name in the trace: {text}"
    );
    if let Some(phone) = &s.applicant.phone {
        assert!(!text.contains(phone.reveal()), "phone in the trace: {text}");
    }
}
