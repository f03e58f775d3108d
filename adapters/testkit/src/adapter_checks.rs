//! Checks of an [`AgencyAdapter`] against the agency simulator on loopback.

use std::collections::HashSet;
use std::sync::Arc;

use hoso_core::adapter::{
    AdapterErrorKind, AgencyAdapter, AgencySide, AgencyTransport, Capabilities, DossierSubmission,
    IssuedDocument, Notice, OutboundMessage, RestCodec, RestExchange, SubmittedDocument,
    SupplementDelivery,
};
use hoso_core::demo;
use hoso_core::dossier::Dossier;
use hoso_core::event::{Actor, ActorRole, Event, EventId, EventKind};
use hoso_core::state::{AgencyState, PostalState};
use hoso_core::{AgencyCode, DossierCode, ProcedureCode, TrackingNumber};
use jiff::{SignedDuration, Timestamp};

use crate::simulator::{AgencySimulator, Release, Script};
use crate::transport::LoopbackTransport;

/// Builds the core's `RestExchange` over (a clone of) `codec` on the kit's transport: the suite's `adapter`
/// for an adapter on the REST exchange (`adapter: hoso_testkit::rest_exchange(codec(Version::V1))`).
pub fn rest_exchange<C>(
    codec: C,
) -> impl Fn(Arc<dyn AgencyTransport>) -> Arc<dyn AgencyAdapter> + Send + Sync + 'static
where
    C: RestCodec + Clone + Send + Sync + 'static,
{
    move |transport| Arc::new(RestExchange::new(codec.clone(), transport))
}

/// Builds the adapter under test on a transport (the kit passes one connected to its simulator).
pub type MakeAdapter = dyn Fn(Arc<dyn AgencyTransport>) -> Arc<dyn AgencyAdapter> + Send + Sync;

/// A dossier as the post has it when it files it with `agency`: taken at the counter, sealed, carried and
/// handed to the one-stop desk a week ago; number `sequence` of the day. It is the core's sample dossier
/// (`hoso_core::demo`: procedure 1.002820, the exchange of a driving licence) under the agency's code; for
/// a dossier of the adapter's own procedure, [`posted_dossier_under`].
pub fn posted_dossier(agency: &AgencyCode, sequence: u32) -> Dossier {
    posted_dossier_with(agency, None, sequence)
}

/// [`posted_dossier`] filed under `procedure` (the adapter's own, such as the judicial records office's
/// 2.000488), everything else the same: for the suite's `dossier`, or
/// [`dossier_follows_the_agency_script_with`], when a format or an agency's rules need the procedure to be
/// one it handles.
///
/// ```
/// let agency = "000.00.12.H01".parse().unwrap();
/// let dossier = hoso_testkit::posted_dossier_under(&agency, "2.000488".parse().unwrap(), 2);
/// assert_eq!(dossier.header().procedure.code.to_string(), "2.000488");
/// assert_eq!(dossier.code().to_string()[..13], *"000.00.12.H01");
/// ```
pub fn posted_dossier_under(
    agency: &AgencyCode,
    procedure: ProcedureCode,
    sequence: u32,
) -> Dossier {
    posted_dossier_with(agency, Some(procedure), sequence)
}

fn posted_dossier_with(
    agency: &AgencyCode,
    procedure: Option<ProcedureCode>,
    sequence: u32,
) -> Dossier {
    let start = Timestamp::now() - SignedDuration::from_hours(24 * 8);
    let mut header = demo::header(sequence);
    header.code = DossierCode::generate(agency, hoso_core::time::vietnam_date(start), sequence)
        .unwrap_or_else(|e| panic!("cannot make a dossier code for agency {agency}: {e}"));
    if let Some(procedure) = procedure {
        header.procedure.code = procedure;
    }
    let mut events = demo::lifecycle_of(header, 0, start);
    events.truncate(4);
    Dossier::from_events(&events)
        .unwrap_or_else(|e| panic!("the kit's dossier history is refused: {e}"))
}

fn today_plus(days: i64) -> jiff::civil::Date {
    let today = hoso_core::time::vietnam_date(Timestamp::now());
    today
        .checked_add(SignedDuration::from_hours(24 * days))
        .unwrap_or(today)
}

/// A result an agency issues, for scripts that end with one: a judicial record certificate (*Phiếu lý lịch
/// tư pháp*) of 25 February 2025, without serial or expiry.
///
/// ```
/// let script = hoso_testkit::typical_script(hoso_testkit::sample_certificate());
/// # let _ = script;
/// ```
pub fn sample_certificate() -> IssuedDocument {
    IssuedDocument {
        title: "Phiếu lý lịch tư pháp số 1".into(),
        number: "4217/2025/LLTP-HN".into(),
        serial: None,
        categories: Vec::new(),
        issued_on: jiff::civil::date(2025, 2, 25),
        valid_until: None,
    }
}

/// The typical life at the agency, ending with `result` handed to the post as item `EA123456785VN`: accepted,
/// processing, a supplement request (the script waits for the papers; their arrival resumes processing, with
/// the clock restarted: Decree 61/2018/NĐ-CP Art 19), late with a new date, finished.
///
/// It uses every notice but a refusal and the land office's financial ones, and needs an adapter that sends
/// supplements; for an adapter that declares less, use [`typical_script_for`].
pub fn typical_script(result: IssuedDocument) -> Script {
    let tracking = kit_tracking();
    Script::new()
        .accept(today_plus(7))
        .start_processing()
        .request_supplement(
            "Giấy khám sức khỏe đã quá hạn",
            &["Giấy khám sức khỏe của người lái xe"],
        )
        .late(today_plus(9), "Hệ thống in phôi tạm ngừng")
        .finish(result, tracking)
}

/// [`typical_script`] with only what `capabilities` declares ([`Script::within`]): a format without processing
/// updates, or without supplements, gets the same life without them.
pub fn typical_script_for(capabilities: &Capabilities, result: IssuedDocument) -> Script {
    typical_script(result).within(capabilities)
}

/// The shortest life at the agency that ends with the result at the post: accepted, processing started,
/// then `result` ready and handed to the post as item `EA123456785VN`. Processing must start before it can
/// finish (the core's transition table), so an adapter serves this script when it declares acceptances,
/// processing updates, results and handovers: what every shipped adapter declares.
///
/// ```
/// let result = hoso_core::adapter::IssuedDocument {
///     title: "Phiếu lý lịch tư pháp số 1".into(),
///     number: "4217/2025/LLTP-HN".into(),
///     serial: None,
///     categories: Vec::new(),
///     issued_on: jiff::civil::date(2025, 2, 25),
///     valid_until: None,
/// };
/// assert_eq!(hoso_testkit::minimal_script(result).steps().len(), 4);
/// ```
pub fn minimal_script(result: IssuedDocument) -> Script {
    Script::new()
        .accept(today_plus(7))
        .start_processing()
        .finish(result, kit_tracking())
}

fn kit_tracking() -> TrackingNumber {
    "EA123456785VN"
        .parse()
        .unwrap_or_else(|e| panic!("kit tracking number: {e}"))
}

async fn start(
    codec: &Arc<dyn AgencySide>,
    script: Script,
    release: Release,
    make: &MakeAdapter,
) -> (AgencySimulator, Arc<dyn AgencyAdapter>) {
    let sim = AgencySimulator::start(Arc::clone(codec), script, release)
        .await
        .unwrap_or_else(|e| panic!("cannot start the agency simulator: {e}"));
    let adapter = make(loopback(codec.agency(), sim.base_url()));
    (sim, adapter)
}

/// The kit's transport to `base_url`.
fn loopback(agency: &AgencyCode, base_url: String) -> Arc<dyn AgencyTransport> {
    let transport = LoopbackTransport::new(agency.clone(), base_url)
        .unwrap_or_else(|e| panic!("cannot build the kit's HTTP client: {e}"));
    Arc::new(transport)
}

/// Check: sending the same submission twice gives the same receipt and files the dossier once.
pub async fn submission_is_filed_once_per_idempotency_key(
    make: &MakeAdapter,
    codec: Arc<dyn AgencySide>,
) {
    let (sim, adapter) = start(&codec, Script::new(), Release::AtOnce, make).await;
    let dossier = posted_dossier(codec.agency(), 1);
    let submission =
        OutboundMessage::Submission(DossierSubmission::from_dossier(&dossier, Timestamp::now()));
    let first = adapter
        .send(&submission)
        .await
        .unwrap_or_else(|e| panic!("first submission failed: {e}"));
    let second = adapter
        .send(&submission)
        .await
        .unwrap_or_else(|e| panic!("repeated submission failed: {e}"));
    assert_eq!(
        first, second,
        "the same submission got two different receipts"
    );
    assert_eq!(&first.dossier, dossier.code());
    assert_eq!(
        sim.filings(),
        1,
        "the same submission was filed more than once"
    );
    assert_eq!(sim.received().len(), 1);
}

/// Check: a receipt that acknowledges another message than the one sent (the simulator's
/// [`misdirect_next_receipt`](AgencySimulator::misdirect_next_receipt)) is an `InvalidPayload` error, not
/// a receipt: taking it would give the dossier another message's reference. `RestExchange` checks it for
/// every adapter built on it; a codec that drops the key a receipt carries defeats that check.
///
/// An adapter whose format's receipts carry no key declares it ([`Capabilities::with_keyless_receipts`]);
/// the check then asks what the core's exchange does with such receipts instead: its receipt carries an
/// empty idempotency key (one that carries a key fails, naming the wrong declaration), a receipt for
/// another message of the same dossier cannot be told apart and is taken, and a receipt for another
/// dossier (the simulator's
/// [`misdirect_next_receipt_to_another_dossier`](AgencySimulator::misdirect_next_receipt_to_another_dossier))
/// is still an `InvalidPayload` error.
pub async fn receipt_for_another_message_is_refused(
    make: &MakeAdapter,
    codec: Arc<dyn AgencySide>,
) {
    let (sim, adapter) = start(&codec, Script::new(), Release::AtOnce, make).await;
    let dossier = posted_dossier(codec.agency(), 3);
    let submission =
        OutboundMessage::Submission(DossierSubmission::from_dossier(&dossier, Timestamp::now()));
    if !adapter.capabilities().receipts_keyed {
        let receipt = adapter
            .send(&submission)
            .await
            .unwrap_or_else(|e| panic!("submission failed: {e}"));
        assert!(
            receipt.idempotency_key.is_empty(),
            "the adapter declares keyless receipts (Capabilities::with_keyless_receipts) but its receipt \
             carries the idempotency key {:?}: a wrong declaration, drop it if the format carries a key",
            receipt.idempotency_key
        );
        // Each mix-up on a dossier of its own: the simulator files a dossier once.
        let keyless = posted_dossier(codec.agency(), 4);
        let submission = OutboundMessage::Submission(DossierSubmission::from_dossier(
            &keyless,
            Timestamp::now(),
        ));
        sim.misdirect_next_receipt();
        let receipt = adapter.send(&submission).await.unwrap_or_else(|e| {
            panic!(
                "the adapter declares keyless receipts, and refused a receipt for its own dossier that \
                 acknowledges another message: a keyless receipt is matched by dossier only ({e})"
            )
        });
        assert_eq!(&receipt.dossier, keyless.code());
        let other = posted_dossier(codec.agency(), 5);
        let submission =
            OutboundMessage::Submission(DossierSubmission::from_dossier(&other, Timestamp::now()));
        sim.misdirect_next_receipt_to_another_dossier();
        match adapter.send(&submission).await {
            Ok(receipt) => panic!(
                "the adapter accepted a keyless receipt for dossier {}, not the {} it sent: with no key, a \
                 receipt is matched by its dossier",
                receipt.dossier,
                other.code()
            ),
            Err(e) => assert_eq!(
                e.kind(),
                AdapterErrorKind::InvalidPayload,
                "a keyless receipt for another dossier: {e}"
            ),
        }
        return;
    }
    sim.misdirect_next_receipt();
    match adapter.send(&submission).await {
        Ok(receipt) => panic!(
            "the adapter accepted a receipt for another message (idempotency key {:?}, sent {:?}); check \
             the key a receipt carries, and do not drop it when decoding (a format whose receipts carry \
             no key declares it: Capabilities::with_keyless_receipts)",
            receipt.idempotency_key,
            submission.message_id()
        ),
        Err(e) => assert_eq!(
            e.kind(),
            AdapterErrorKind::InvalidPayload,
            "a receipt for another message: {e}"
        ),
    }
}

/// Check: a dossier filed through the adapter follows `script` at the agency: every polled message decodes,
/// keeps the id the agency gave it, and its events are legal transitions applied once each (polls repeat
/// messages, and a last poll gives every message again), a supplement request is answered with the papers,
/// and the dossier ends as the script says. `expect` is the final agency and
/// postal state. The dossier is [`posted_dossier`]; [`dossier_follows_the_agency_script_with`] files another.
///
/// A script the codec cannot serve ([`Script::unservable_by`]) fails before anything is filed, naming the
/// step, rather than as a failed poll.
pub async fn dossier_follows_the_agency_script(
    make: &MakeAdapter,
    codec: Arc<dyn AgencySide>,
    script: Script,
    expect: (AgencyState, PostalState),
) {
    let dossier = posted_dossier(codec.agency(), 2);
    dossier_follows_the_agency_script_with(make, codec, dossier, script, expect).await;
}

/// [`dossier_follows_the_agency_script`] with `dossier` filed (posted, handed to the agency's desk, under
/// the codec's agency: [`posted_dossier_under`] gives one of the adapter's own procedure).
pub async fn dossier_follows_the_agency_script_with(
    make: &MakeAdapter,
    codec: Arc<dyn AgencySide>,
    mut dossier: Dossier,
    script: Script,
    expect: (AgencyState, PostalState),
) {
    if let Some(why) = script.unservable_by(&*codec) {
        panic!("the script cannot be served: {why}");
    }
    let said = script
        .steps()
        .iter()
        .filter(|s| matches!(s, crate::simulator::Step::Say(_)))
        .count();
    let (sim, adapter) = start(&codec, script, Release::OnePerPoll, make).await;
    let submission = DossierSubmission::from_dossier(&dossier, Timestamp::now());
    let receipt = adapter
        .send(&OutboundMessage::Submission(submission))
        .await
        .unwrap_or_else(|e| panic!("submission failed: {e}"));
    let mut seen = HashSet::new();
    let mut supplements = 0;
    for _ in 0..(4 * said + 8) {
        let messages = adapter
            .poll(&receipt.reference)
            .await
            .unwrap_or_else(|e| panic!("poll failed: {e}"));
        let said_so_far = sim.said();
        for message in messages {
            assert_eq!(
                &message.dossier,
                dossier.code(),
                "message about another dossier"
            );
            assert!(
                said_so_far.contains(&message.message_id),
                "the adapter gave a {:?} notice the message id {:?}, which is not one the agency sent \
                 ({said_so_far:?}): a message's id must be the agency's own, or a message delivered again (as \
                 every poll does) is applied twice",
                message.notice.kind(),
                message.message_id
            );
            for event in message.events() {
                dossier.apply(&event).unwrap_or_else(|e| {
                    panic!(
                        "{:?} from the agency is not a legal transition: {e}",
                        message.notice.kind()
                    )
                });
            }
            if !seen.insert(message.message_id.clone()) {
                continue;
            }
            if let Notice::SupplementRequested { missing, .. } = &message.notice {
                supplements += 1;
                let delivery = SupplementDelivery {
                    message_id: format!("BS-{}-{supplements}", dossier.code()),
                    sent_at: message.sent_at + SignedDuration::from_secs(20),
                    dossier: dossier.code().clone(),
                    reference: Some(receipt.reference.clone()),
                    documents: missing
                        .iter()
                        .map(|name| SubmittedDocument {
                            name: name.clone(),
                            originals: 1,
                            copies: 0,
                            pages: None,
                        })
                        .collect(),
                };
                adapter
                    .send(&OutboundMessage::SupplementDelivered(delivery))
                    .await
                    .unwrap_or_else(|e| panic!("delivering the supplement failed: {e}"));
                let received = Event::new(
                    EventId::derive(
                        "hoso-testkit",
                        &format!("{}-supplement-{supplements}", dossier.code()),
                    ),
                    message.sent_at + SignedDuration::from_secs(30),
                    Actor::new(ActorRole::OneStopOfficer, "kit"),
                    EventKind::SupplementReceived,
                );
                dossier
                    .apply(&received)
                    .unwrap_or_else(|e| panic!("supplement received refused: {e}"));
            }
        }
        if seen.len() == said {
            break;
        }
    }
    assert_eq!(
        seen.len(),
        said,
        "the agency's messages did not all arrive ({} of {said})",
        seen.len()
    );
    assert_eq!(
        (dossier.agency_state(), dossier.postal_state()),
        expect,
        "the dossier did not end as scripted"
    );
    // Every message once more, as a poll after a restart gets them: nothing may change.
    let history = dossier.history().len();
    let again = adapter
        .poll(&receipt.reference)
        .await
        .unwrap_or_else(|e| panic!("poll failed: {e}"));
    for message in &again {
        for event in message.events() {
            dossier.apply(&event).unwrap_or_else(|e| {
                panic!(
                    "{:?} delivered again is refused ({e}): a message delivered twice must be applied once",
                    message.notice.kind()
                )
            });
        }
    }
    assert_eq!(
        dossier.history().len(),
        history,
        "the agency's messages delivered again were applied twice"
    );
    assert_eq!(sim.filings(), 1);
}

/// Check: the agency's HTTP failures reach the caller as normalised errors that say whether a retry can help,
/// and an unreachable agency is `Unavailable`.
pub async fn agency_failures_are_normalised(make: &MakeAdapter, codec: Arc<dyn AgencySide>) {
    let (sim, adapter) = start(&codec, Script::new(), Release::AtOnce, make).await;
    let dossier = posted_dossier(codec.agency(), 3);
    let submission =
        OutboundMessage::Submission(DossierSubmission::from_dossier(&dossier, Timestamp::now()));
    for (status, kind, retryable) in [
        (503, AdapterErrorKind::Unavailable, true),
        (500, AdapterErrorKind::Unavailable, true),
        (429, AdapterErrorKind::RateLimited, true),
        (401, AdapterErrorKind::Unauthorized, false),
        (403, AdapterErrorKind::Unauthorized, false),
    ] {
        sim.fail_next(status, 1, Some(1));
        let err = adapter
            .send(&submission)
            .await
            .expect_err("an injected failure must surface");
        assert_eq!(
            (err.kind(), err.is_retryable()),
            (kind, retryable),
            "HTTP {status}: {err}"
        );
    }
    assert_eq!(sim.filings(), 0, "a failed request filed the dossier");
    adapter
        .send(&submission)
        .await
        .unwrap_or_else(|e| panic!("submission after the failures failed: {e}"));
    assert_eq!(sim.filings(), 1);

    // Nothing listens on the simulator's port once it has stopped.
    let base = sim.base_url();
    sim.stop().await;
    let err = make(loopback(codec.agency(), base))
        .send(&submission)
        .await
        .expect_err("a closed port must fail");
    assert_eq!(err.kind(), AdapterErrorKind::Unavailable, "{err}");
    assert!(err.is_retryable());
}
