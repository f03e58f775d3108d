//! The layer's schedule of attempts, waits, timeouts and deadline, on tokio's paused clock against an adapter
//! scripted in memory: every instant asserted is one read from the clock the layer itself uses, so these tests
//! give the same answer however loaded the machine is. (The same layer over real sockets is tested in
//! `tests/faults.rs`, on outcomes only.)

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyAdapter, AgencyMessage, AgencyRef, Capabilities,
    OutboundMessage, SubmissionReceipt, WireFormat, Withdrawal,
};
use tokio::time::Instant;

use super::Resilient;
use crate::context;
use crate::retry::{Jitter, RetryPolicy};

const SEED: u64 = 7;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// What the scripted agency does on one attempt.
#[derive(Debug, Clone)]
enum Step {
    /// Works this long, then fails with this kind.
    Fail(Duration, AdapterErrorKind),
    /// Asks to wait this long before the next attempt, as the transport does on a 429 with `Retry-After`, and
    /// fails as rate limited.
    AskToWait(Duration),
    /// Never answers.
    Hang,
    /// Answers at once (with no messages).
    Answer,
}

#[derive(Debug)]
struct Scripted {
    agency: AgencyCode,
    steps: Mutex<VecDeque<Step>>,
    /// What it does once the steps are used up.
    then: Step,
    /// When each attempt started, on the runtime's clock.
    starts: Mutex<Vec<Instant>>,
    /// What each attempt to send was given: the message and the idempotency key.
    sent: Mutex<Vec<(OutboundMessage, String)>>,
}

impl Scripted {
    fn new(steps: impl IntoIterator<Item = Step>, then: Step) -> Arc<Self> {
        Arc::new(Self {
            agency: "000.00.15.H22".parse().unwrap(),
            steps: Mutex::new(steps.into_iter().collect()),
            then,
            starts: Mutex::new(Vec::new()),
            sent: Mutex::new(Vec::new()),
        })
    }

    fn always(step: Step) -> Arc<Self> {
        Self::new([], step)
    }

    /// When each attempt started, counted from `origin`.
    fn starts_since(&self, origin: Instant) -> Vec<Duration> {
        self.starts
            .lock()
            .unwrap()
            .iter()
            .map(|t| t.duration_since(origin))
            .collect()
    }

    fn next_step(&self) -> Step {
        self.steps
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| self.then.clone())
    }

    fn error(&self, kind: AdapterErrorKind) -> AdapterError {
        AdapterError::new(kind, self.agency.clone(), "scripted failure")
    }
}

#[async_trait::async_trait]
impl AgencyAdapter for Scripted {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(WireFormat::Json)
    }

    async fn send_with_key(
        &self,
        message: &OutboundMessage,
        key: &str,
    ) -> Result<SubmissionReceipt, AdapterError> {
        self.sent
            .lock()
            .unwrap()
            .push((message.clone(), key.to_owned()));
        match self.next_step() {
            Step::Answer => Ok(SubmissionReceipt {
                agency: self.agency.clone(),
                dossier: message.dossier().clone(),
                reference: AgencyRef("BN-1".into()),
                idempotency_key: key.to_owned(),
                received_at: jiff::Timestamp::UNIX_EPOCH,
            }),
            _ => Err(self.error(AdapterErrorKind::Unavailable)),
        }
    }

    async fn poll(&self, _: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError> {
        self.starts.lock().unwrap().push(Instant::now());
        match self.next_step() {
            Step::Fail(work, kind) => {
                tokio::time::sleep(work).await;
                Err(self.error(kind))
            }
            Step::AskToWait(wait) => {
                context::note_retry_after(wait);
                Err(self.error(AdapterErrorKind::RateLimited))
            }
            Step::Hang => std::future::pending().await,
            Step::Answer => Ok(Vec::new()),
        }
    }
}

fn layer(agency: &Arc<Scripted>, policy: RetryPolicy) -> Resilient {
    Resilient::builder_for(Arc::clone(agency) as Arc<dyn AgencyAdapter>)
        .policy(policy)
        .jitter_seed(SEED)
        .build()
}

fn reference() -> AgencyRef {
    AgencyRef("BN-1".into())
}

/// The first whole millisecond at or after `t`: tokio's timer wheel counts milliseconds, so a wait of 41.3 ms
/// ends, on a paused clock, 42 ms later.
fn whole_ms(t: Duration) -> Duration {
    ms(u64::try_from(t.as_nanos().div_ceil(1_000_000)).unwrap())
}

#[tokio::test(start_paused = true)]
async fn the_deadline_stops_retries_before_the_attempts_run_out() {
    let policy = RetryPolicy::default()
        .with_max_attempts(50)
        .with_backoff(ms(40), ms(80))
        .with_deadline(ms(200));
    let agency = Scripted::always(Step::Fail(ms(10), AdapterErrorKind::Unavailable));
    let origin = Instant::now();

    let error = layer(&agency, policy.clone())
        .poll(&reference())
        .await
        .unwrap_err();
    let gave_up_at = origin.elapsed();

    // The schedule the policy prescribes with the layer's jitter draws: an attempt (10 ms of work), a wait, and
    // so on, until the next attempt could not start before the deadline.
    let jitter = Jitter::seeded(SEED);
    let (mut expected, mut now, mut failed) = (Vec::new(), Duration::ZERO, 0);
    loop {
        expected.push(now);
        now += ms(10);
        failed += 1;
        let wait = policy.backoff(failed, jitter.next_unit());
        if now + wait >= policy.deadline {
            break;
        }
        now = whole_ms(now + wait);
    }
    assert_eq!(agency.starts_since(origin), expected);
    assert!(
        (3..10).contains(&expected.len()),
        "{} attempts",
        expected.len()
    );
    assert_eq!(
        gave_up_at, now,
        "gave up as soon as the last attempt failed"
    );
    assert!(gave_up_at < policy.deadline, "{gave_up_at:?}");
    assert_eq!(error.kind(), AdapterErrorKind::Unavailable);
    assert!(error.is_retryable(), "the caller may send it again later");
    assert_eq!(
        error.message(),
        format!(
            "gave up after {} attempts in {} ms (the next attempt would start after the deadline): scripted failure",
            expected.len(),
            now.as_millis()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn the_agency_asking_to_wait_sets_the_schedule_until_the_deadline() {
    let policy = RetryPolicy::default()
        .with_max_attempts(50)
        .with_deadline(ms(200));
    let agency = Scripted::always(Step::AskToWait(ms(40)));
    let origin = Instant::now();

    let error = layer(&agency, policy).poll(&reference()).await.unwrap_err();

    // 160 ms + 40 ms would reach the deadline: the fifth attempt is the last.
    assert_eq!(
        agency.starts_since(origin),
        [ms(0), ms(40), ms(80), ms(120), ms(160)]
    );
    assert_eq!(origin.elapsed(), ms(160));
    assert_eq!(error.kind(), AdapterErrorKind::RateLimited);
    assert!(
        error.message().starts_with(
            "gave up after 5 attempts in 160 ms (the next attempt would start after the deadline)"
        ),
        "{error}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_wait_longer_than_the_cap_is_waited_for_the_cap_only() {
    let policy = RetryPolicy::default()
        .with_max_retry_after(Duration::from_secs(30))
        .with_deadline(Duration::from_secs(60));
    let agency = Scripted::new([Step::AskToWait(Duration::from_secs(3600))], Step::Answer);
    let origin = Instant::now();

    layer(&agency, policy).poll(&reference()).await.unwrap();

    assert_eq!(
        agency.starts_since(origin),
        [Duration::ZERO, Duration::from_secs(30)]
    );
}

#[tokio::test(start_paused = true)]
async fn a_wait_that_would_cross_the_deadline_ends_the_call_at_once() {
    let policy = RetryPolicy::default()
        .with_max_retry_after(Duration::from_secs(30))
        .with_deadline(Duration::from_secs(5));
    let agency = Scripted::new([Step::AskToWait(Duration::from_secs(10))], Step::Answer);
    let origin = Instant::now();

    let error = layer(&agency, policy).poll(&reference()).await.unwrap_err();

    assert_eq!(agency.starts_since(origin), [Duration::ZERO]);
    assert_eq!(origin.elapsed(), Duration::ZERO, "nothing was waited for");
    assert_eq!(error.kind(), AdapterErrorKind::RateLimited);
    assert!(
        error.message().starts_with(
            "gave up after 1 attempt in 0 ms (the next attempt would start after the deadline)"
        ),
        "{error}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_attempt_that_never_answers_times_out_and_the_last_gets_what_is_left_of_the_deadline() {
    let policy = RetryPolicy::default()
        .with_backoff(ms(100), ms(100))
        .with_attempt_timeout(Duration::from_secs(3))
        .with_deadline(Duration::from_secs(5));
    let agency = Scripted::always(Step::Hang);
    let origin = Instant::now();

    let error = layer(&agency, policy.clone())
        .poll(&reference())
        .await
        .unwrap_err();

    let wait = policy.backoff(1, Jitter::seeded(SEED).next_unit());
    let second = whole_ms(Duration::from_secs(3) + wait);
    assert_eq!(agency.starts_since(origin), [Duration::ZERO, second]);
    assert_eq!(
        origin.elapsed(),
        policy.deadline,
        "the second attempt was cut off at the deadline"
    );
    assert_eq!(error.kind(), AdapterErrorKind::Timeout);
    assert!(error.is_retryable());
    assert_eq!(
        error.message(),
        format!(
            "gave up after 2 attempts in 5000 ms (the next attempt would start after the deadline): \
             attempt 2 got no answer within {} ms",
            (policy.deadline - second).as_millis()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn a_refusal_is_not_retried_and_comes_back_unchanged() {
    let agency = Scripted::new(
        [Step::Fail(ms(10), AdapterErrorKind::Rejected)],
        Step::Answer,
    );
    let origin = Instant::now();

    let error = layer(&agency, RetryPolicy::default())
        .poll(&reference())
        .await
        .unwrap_err();

    assert_eq!(agency.starts_since(origin), [Duration::ZERO]);
    assert_eq!(origin.elapsed(), ms(10));
    assert_eq!(error.kind(), AdapterErrorKind::Rejected);
    assert_eq!(error.message(), "scripted failure");
}

#[tokio::test(start_paused = true)]
async fn giving_up_after_the_last_attempt_says_how_long_on_the_layers_clock() {
    let policy = RetryPolicy::default()
        .with_max_attempts(3)
        .with_backoff(ms(100), ms(400));
    let agency = Scripted::always(Step::Fail(ms(10), AdapterErrorKind::Unavailable));
    let origin = Instant::now();

    let error = layer(&agency, policy).poll(&reference()).await.unwrap_err();

    let starts = agency.starts_since(origin);
    assert_eq!(starts.len(), 3);
    // Waits of 50-100 ms, then 100-200 ms (equal jitter), after 10 ms of work each.
    assert!(
        (ms(60)..=ms(111)).contains(&(starts[1] - starts[0])),
        "{starts:?}"
    );
    assert!(
        (ms(110)..=ms(211)).contains(&(starts[2] - starts[1])),
        "{starts:?}"
    );
    let took = origin.elapsed();
    assert_eq!(took, starts[2] + ms(10));
    assert_eq!(
        error.message(),
        format!(
            "gave up after 3 attempts in {} ms (no attempt left): scripted failure",
            took.as_millis()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn retryable_failures_are_tried_again_until_the_agency_answers() {
    let agency = Scripted::new(
        [
            Step::Fail(ms(10), AdapterErrorKind::Unavailable),
            Step::Fail(ms(10), AdapterErrorKind::Timeout),
        ],
        Step::Answer,
    );

    let messages = layer(&agency, RetryPolicy::default())
        .poll(&reference())
        .await
        .unwrap();

    assert!(messages.is_empty());
    assert_eq!(agency.starts.lock().unwrap().len(), 3);
}

/// A withdrawal as the caller's outbox holds it.
fn withdrawal() -> OutboundMessage {
    OutboundMessage::Withdrawal(Withdrawal {
        message_id: "RUT-000.00.15.H22-260302-0001".into(),
        sent_at: jiff::Timestamp::UNIX_EPOCH,
        dossier: "000.00.15.H22-260302-0001".parse().unwrap(),
        reference: Some(reference()),
        reason: "Người nộp rút hồ sơ".into(),
    })
}

#[tokio::test(start_paused = true)]
async fn every_attempt_sends_the_callers_message_unchanged_under_one_derived_key() {
    let agency = Scripted::new(
        [
            Step::Fail(ms(10), AdapterErrorKind::Unavailable),
            Step::Fail(ms(10), AdapterErrorKind::Unavailable),
        ],
        Step::Answer,
    );
    let message = withdrawal();

    let receipt = layer(&agency, RetryPolicy::default())
        .send(&message)
        .await
        .unwrap();

    let key = crate::idempotency_key(&message).unwrap();
    assert_ne!(
        key,
        message.message_id(),
        "the derived key is not the message id"
    );
    let sent = agency.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 3);
    for (attempt, (sent_message, sent_key)) in sent.iter().enumerate() {
        assert_eq!(
            sent_message, &message,
            "attempt {attempt}: the message is the caller's"
        );
        assert_eq!(sent_key, &key, "attempt {attempt}: the key is the same");
    }
    assert_eq!(receipt.idempotency_key, key);
}

#[tokio::test(start_paused = true)]
async fn the_message_id_policy_and_an_explicit_key_are_passed_through() {
    let message = withdrawal();

    let agency = Scripted::always(Step::Answer);
    Resilient::builder_for(Arc::clone(&agency) as Arc<dyn AgencyAdapter>)
        .keys(crate::KeyPolicy::MessageId)
        .build()
        .send(&message)
        .await
        .unwrap();
    assert_eq!(
        agency.sent.lock().unwrap().as_slice(),
        [(message.clone(), message.message_id().to_owned())]
    );

    // A key chosen by the caller is the key sent, whatever the layer's policy.
    let agency = Scripted::always(Step::Answer);
    layer(&agency, RetryPolicy::default())
        .send_with_key(&message, "caller-key-1")
        .await
        .unwrap();
    assert_eq!(
        agency.sent.lock().unwrap().as_slice(),
        [(message, "caller-key-1".to_owned())]
    );
}
