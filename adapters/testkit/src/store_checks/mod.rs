//! The event-store conformance suite: the contract of [`EventStore`], as public async checks that take a
//! fresh, empty store and panic with a precise message when the contract is broken. Every engine runs all
//! of them through [`store_conformance_tests!`](crate::store_conformance_tests).
//!
//! The checks are written against the port only, so the memory store, SQLite and PostgreSQL are held to
//! exactly the same behaviour: atomic appends with their outbox, conflicts never dropped silently, idempotent
//! re-appends and commands, gap-safe global order under concurrent writers, at-least-once outbox delivery
//! across lease expiry, large and Unicode payloads, lookups, complaints and ratings in the dossier's stream,
//! once-only keys accepted by one caller until they expire, and counts within a window raised all or none,
//! never past their limits.

mod complaints;
mod concurrency;
mod once;
mod outbox;
mod records;
mod window;

use std::sync::Arc;

use hoso_core::event::{Event, EventKind};
use hoso_core::store::{
    AgencyFiling, Append, CommandId, Destination, DossierIndex, EventStore, ExpectedVersion,
    NewOutboxMessage, StoreErrorKind,
};
use hoso_core::{AgencyCode, Dossier, DossierCode, demo};

pub use complaints::complaints_and_ratings_are_kept_in_the_dossier_stream;
pub use concurrency::{
    global_order_is_gap_safe_under_concurrent_writers, many_concurrent_writers_all_land,
    racing_appends_one_wins_the_rest_conflict,
};
pub use once::{
    once_keys_are_accepted_once_until_they_expire, racing_remembers_of_one_key_one_wins,
};
pub use outbox::{
    claims_skip_live_leases_and_other_destinations, dead_letters_after_max_attempts_and_revive,
    expired_lease_is_claimed_again, outbox_is_written_with_the_events, outbox_key_is_written_once,
};
pub use records::{
    checkpoints_are_kept, custody_records_are_kept_with_the_dossier, lookups_follow_the_index,
};
pub use window::{
    racing_counts_never_pass_a_limit, window_counts_are_raised_all_or_none_up_to_their_limits,
};

/// A fresh, empty store for one check.
pub type Store = Arc<dyn EventStore>;

/// The sample life of dossier `n` (14 events, both legs), and its code.
pub fn sample_stream(n: u32) -> (DossierCode, Vec<Event>) {
    let events = demo::lifecycle(n);
    let code = match &events[0].kind {
        EventKind::Opened { header } => header.code.clone(),
        _ => panic!("demo::lifecycle must start with `opened`"),
    };
    (code, events)
}

/// `store` holding the sample dossier 1 ([`sample_stream`]), appended as a new stream: for an engine's own
/// tests of what the suite cannot see (reopening, migrating, faults).
///
/// # Panics
/// When the append fails.
pub async fn with_sample<S: EventStore>(store: S) -> (S, DossierCode, Vec<Event>) {
    let (code, events) = sample_stream(1);
    store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::NoStream,
            events.clone(),
        ))
        .await
        .expect("appending the sample dossier");
    (store, code, events)
}

/// For an engine's migration tests: the tables later schemas added (once-only keys, schema 2; window
/// counts, schema 3) answer on `store`, as the port says.
///
/// # Panics
/// When they do not.
pub async fn later_tables_answer(store: &dyn EventStore) {
    let now = jiff::Timestamp::from_second(1_768_532_400).expect("instant");
    let until = now + jiff::SignedDuration::from_mins(5);
    assert!(store.remember_once("k", until, now).await.expect("new"));
    assert!(!store.remember_once("k", until, now).await.expect("held"));
    let once = [hoso_core::store::CountLimit::new("k", 1)];
    let counted = store.count_within(&once, until, now).await.expect("count");
    assert_eq!(counted, hoso_core::store::Counted::Admitted);
    let counted = store.count_within(&once, until, now).await.expect("count");
    assert_eq!(counted, hoso_core::store::Counted::Over { until });
}

/// The index row of the dossier made of `events`.
pub fn index_of(events: &[Event], filing: Option<AgencyFiling>) -> DossierIndex {
    let d = Dossier::from_events(events).expect("sample events fold");
    DossierIndex::of(&d, events.len() as u64, filing)
}

fn agency() -> AgencyCode {
    "000.00.01.H56".parse().expect("valid agency code")
}

/// Check: events appended in two steps read back in order with their stream versions, in the global order
/// with increasing positions, and the stream's version is their count.
pub async fn append_then_read_back(store: Store) {
    let (code, events) = sample_stream(1);
    let first = store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::NoStream,
            events[..4].to_vec(),
        ))
        .await
        .expect("first append");
    assert_eq!(first.version, 4);
    assert_eq!(first.appended, 4);
    let second = store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::Exact(4),
            events[4..].to_vec(),
        ))
        .await
        .expect("second append");
    assert_eq!(second.version, events.len() as u64);
    let read = store.read_stream(&code, 0).await.expect("read stream");
    assert_eq!(read.len(), events.len());
    for (i, (r, e)) in read.iter().zip(&events).enumerate() {
        assert_eq!(&r.event, e, "event {i} reads back unchanged");
        assert_eq!(r.version, i as u64 + 1, "stream versions count from 1");
        assert_eq!(&r.dossier, &code);
    }
    assert!(read.windows(2).all(|w| w[0].position < w[1].position));
    assert_eq!(second.last_position, read.last().map(|r| r.position));
    let tail = store
        .read_stream(&code, 10)
        .await
        .expect("read from version");
    assert_eq!(
        tail.len(),
        events.len() - 10,
        "read_stream after version 10"
    );
    assert_eq!(tail[0].version, 11);
    assert_eq!(
        store.stream_version(&code).await.expect("version"),
        Some(14)
    );
    let (other, _) = sample_stream(2);
    assert_eq!(store.stream_version(&other).await.expect("version"), None);
    assert!(store.read_stream(&other, 0).await.expect("read").is_empty());
    let page = store.read_all(0, 5).await.expect("read all");
    assert_eq!(page.events.len(), 5);
    assert_eq!(page.next, page.events[4].position);
    let rest = store.read_all(page.next, 100).await.expect("read all");
    assert_eq!(rest.events.len(), events.len() - 5);
    let end = store
        .read_all(rest.next, 100)
        .await
        .expect("read all at end");
    assert!(end.events.is_empty());
    assert_eq!(
        end.next, rest.next,
        "an empty page stays where it was asked"
    );
}

/// Check: a wrong expected version is a `Conflict` naming what was expected and what the stream is at, and
/// writes nothing.
pub async fn wrong_expected_version_is_a_conflict(store: Store) {
    let (code, events) = sample_stream(1);
    store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::NoStream,
            events[..3].to_vec(),
        ))
        .await
        .expect("open");
    let cases = [
        (ExpectedVersion::NoStream, Some(3)),
        (ExpectedVersion::Exact(2), Some(3)),
        (ExpectedVersion::Exact(4), Some(3)),
    ];
    for (expected, actual) in cases {
        let err = store
            .append(
                Append::new(code.clone(), expected, events[3..5].to_vec())
                    .with_outbox([sample_message("conflict", expected)]),
            )
            .await
            .expect_err("a wrong expected version must fail");
        assert_eq!(
            err.kind(),
            StoreErrorKind::Conflict { expected, actual },
            "{err}"
        );
    }
    let (missing, missing_events) = sample_stream(2);
    let err = store
        .append(Append::new(
            missing,
            ExpectedVersion::Exact(1),
            missing_events[1..3].to_vec(),
        ))
        .await
        .expect_err("appending at version 1 to a missing stream");
    assert_eq!(
        err.kind(),
        StoreErrorKind::Conflict {
            expected: ExpectedVersion::Exact(1),
            actual: None
        }
    );
    assert_eq!(store.stream_version(&code).await.expect("version"), Some(3));
    assert_eq!(store.outbox_counts().await.expect("counts").pending, 0);
    store
        .append(Append::new(
            code,
            ExpectedVersion::Any,
            events[3..4].to_vec(),
        ))
        .await
        .expect("Any never conflicts");
}

fn sample_message(key: &str, expected: ExpectedVersion) -> NewOutboxMessage {
    NewOutboxMessage::new(
        format!("{key}-{expected}"),
        Destination::Portal,
        serde_json::json!({ "key": key }),
    )
}

/// Check: re-appending events already in the stream succeeds and writes nothing, whatever the expected
/// version; duplicates inside one append are written once.
pub async fn re_append_is_idempotent(store: Store) {
    let (code, events) = sample_stream(1);
    store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::NoStream,
            events[..5].to_vec(),
        ))
        .await
        .expect("open");
    let again = store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::NoStream,
            events[..5].to_vec(),
        ))
        .await
        .expect("a retried append succeeds");
    assert_eq!(again.appended, 0);
    assert_eq!(again.version, 5);
    let mut doubled = events[5..7].to_vec();
    doubled.push(events[5].clone());
    doubled.insert(0, events[4].clone());
    let out = store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::Exact(5),
            doubled,
        ))
        .await
        .expect("append with duplicates");
    assert_eq!(out.appended, 2, "only the two new events are written");
    assert_eq!(store.read_stream(&code, 0).await.expect("read").len(), 7);
    assert_eq!(store.read_all(0, 100).await.expect("all").events.len(), 7);
}

/// Check: an append carrying a command id, retried, returns the first outcome and writes nothing, even with
/// other events.
pub async fn command_is_recorded_once(store: Store) {
    let (code, events) = sample_stream(1);
    let cmd = CommandId::new("open/000.00.01.H56-260302-0001");
    let first = store
        .append(
            Append::new(
                code.clone(),
                ExpectedVersion::NoStream,
                events[..2].to_vec(),
            )
            .for_command(cmd.clone()),
        )
        .await
        .expect("first");
    assert!(!first.repeated_command);
    let again = store
        .append(
            Append::new(
                code.clone(),
                ExpectedVersion::Exact(2),
                events[2..4].to_vec(),
            )
            .for_command(cmd.clone()),
        )
        .await
        .expect("repeat");
    assert!(again.repeated_command);
    assert_eq!(again.version, first.version);
    assert_eq!(store.stream_version(&code).await.expect("v"), Some(2));
    let recorded = store.command_outcome(&cmd).await.expect("outcome");
    assert_eq!(recorded.map(|o| o.version), Some(2));
    let unknown = store
        .command_outcome(&CommandId::new("never"))
        .await
        .expect("none");
    assert!(unknown.is_none());
}

/// Check: a payload of about 1 MiB and text in many scripts round-trip byte for byte; a payload over the
/// limit is `TooLarge` with nothing written.
pub async fn large_and_unicode_payloads_round_trip(store: Store) {
    let (code, events) = sample_stream(1);
    let mut big = events[..3].to_vec();
    let text =
        "Hồ sơ đã được tiếp nhận — 受理 — ✉️ \u{1F4EE} \"quoted\" \\ back\nslash\t".repeat(12_000);
    big.push(demo::event(
        999,
        400,
        EventKind::Refused {
            reason: text.clone(),
        },
    ));
    store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::NoStream,
            big.clone(),
        ))
        .await
        .expect("a 1 MiB event is stored");
    let read = store.read_stream(&code, 0).await.expect("read");
    assert_eq!(
        read.last().map(|r| &r.event),
        big.last(),
        "the large event reads back unchanged"
    );
    let (other, other_events) = sample_stream(2);
    let mut huge = other_events[..1].to_vec();
    huge.push(demo::event(
        998,
        5,
        EventKind::Refused {
            reason: "x".repeat(hoso_core::store::payload::MAX_PAYLOAD_BYTES + 1),
        },
    ));
    let err = store
        .append(Append::new(other.clone(), ExpectedVersion::NoStream, huge))
        .await
        .expect_err("over the limit");
    assert_eq!(err.kind(), StoreErrorKind::TooLarge, "{err}");
    assert_eq!(
        store.stream_version(&other).await.expect("v"),
        None,
        "nothing written"
    );
}

/// Check: an append with nothing to write is `Invalid`; an index-only write to a missing dossier is
/// `NotFound`; an index row of another dossier is `Invalid`.
pub async fn meaningless_appends_are_refused(store: Store) {
    let (code, events) = sample_stream(1);
    let err = store
        .append(Append::new(code.clone(), ExpectedVersion::Any, Vec::new()))
        .await
        .expect_err("empty append");
    assert_eq!(err.kind(), StoreErrorKind::Invalid, "{err}");
    let err = store
        .append(
            Append::new(code.clone(), ExpectedVersion::Any, Vec::new())
                .with_index(index_of(&events, None)),
        )
        .await
        .expect_err("index of a missing dossier");
    assert_eq!(err.kind(), StoreErrorKind::NotFound, "{err}");
    let (other, other_events) = sample_stream(2);
    let err = store
        .append(
            Append::new(code, ExpectedVersion::NoStream, events[..1].to_vec())
                .with_index(index_of(&other_events, None)),
        )
        .await
        .expect_err("index of another dossier");
    assert_eq!(err.kind(), StoreErrorKind::Invalid, "{err}");
    assert_eq!(store.stream_version(&other).await.expect("v"), None);
}

/// Check, for engines that keep bytes: `damage` overwrites the stored payload of the first event of the
/// dossier it is given with something that is not an event; reading the stream is then `Corrupt`, not a panic,
/// and other dossiers still read.
pub async fn corrupt_row_is_reported<F, Fut>(store: Store, damage: F)
where
    F: FnOnce(Store, DossierCode) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (code, events) = sample_stream(1);
    let (other, other_events) = sample_stream(2);
    for (c, e) in [(&code, &events), (&other, &other_events)] {
        store
            .append(Append::new(c.clone(), ExpectedVersion::NoStream, e.clone()))
            .await
            .expect("append");
    }
    damage(Arc::clone(&store), code.clone()).await;
    let err = store
        .read_stream(&code, 0)
        .await
        .expect_err("a damaged row");
    assert_eq!(err.kind(), StoreErrorKind::Corrupt, "{err}");
    let err = store
        .read_all(0, 100)
        .await
        .expect_err("a damaged row in the global order");
    assert_eq!(err.kind(), StoreErrorKind::Corrupt, "{err}");
    assert_eq!(
        store.read_stream(&other, 0).await.expect("other").len(),
        other_events.len()
    );
}

/// Generates the store conformance suite as a module of tests, one per check.
///
/// `store` is an `async fn() -> Arc<dyn EventStore>` making a fresh, empty store; `corrupt`, for engines that
/// keep bytes, an `async fn(Arc<dyn EventStore>, DossierCode)` that damages the stored payload of that
/// dossier's first event (the memory store keeps typed values, so it has no such check); `available`, for
/// engines that need a server, a `fn() -> bool` saying whether there is one: when it says no, each test
/// returns without checking anything (the function is where to fail instead, under CI, and to say so loudly).
///
/// ```text
/// hoso_testkit::store_conformance_tests!(sqlite { store: fresh_store, corrupt: damage_first_event });
/// hoso_testkit::store_conformance_tests!(postgres { store: fresh, corrupt: damage, available: server_is_up });
/// ```
#[macro_export]
macro_rules! store_conformance_tests {
    ($suite:ident { store: $make:path $(, corrupt: $damage:path)? $(, available: $available:path)? $(,)? }) => {
        mod $suite {
            #[allow(unused_imports)]
            use super::*;

            /// Whether the engine can be checked here (a server to check it against).
            fn engine_available() -> bool {
                true $(&& $available())?
            }

            $crate::__store_tests!($make;
                append_then_read_back,
                wrong_expected_version_is_a_conflict,
                re_append_is_idempotent,
                command_is_recorded_once,
                large_and_unicode_payloads_round_trip,
                lookups_follow_the_index,
                custody_records_are_kept_with_the_dossier,
                checkpoints_are_kept,
                meaningless_appends_are_refused,
                racing_appends_one_wins_the_rest_conflict,
                many_concurrent_writers_all_land,
                global_order_is_gap_safe_under_concurrent_writers,
                outbox_is_written_with_the_events,
                outbox_key_is_written_once,
                claims_skip_live_leases_and_other_destinations,
                expired_lease_is_claimed_again,
                dead_letters_after_max_attempts_and_revive,
                complaints_and_ratings_are_kept_in_the_dossier_stream,
                once_keys_are_accepted_once_until_they_expire,
                racing_remembers_of_one_key_one_wins,
                window_counts_are_raised_all_or_none_up_to_their_limits,
                racing_counts_never_pass_a_limit,
            );

            $(
                #[test]
                fn corrupt_row_is_reported() {
                    if !engine_available() {
                        return;
                    }
                    $crate::block_on_threaded(async {
                        $crate::store_checks::corrupt_row_is_reported($make().await, $damage).await
                    });
                }
            )?
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __store_tests {
    ($make:path; $($check:ident),* $(,)?) => {
        $(
            #[test]
            fn $check() {
                if !engine_available() {
                    return;
                }
                $crate::block_on_threaded(async { $crate::store_checks::$check($make().await).await });
            }
        )*
    };
}
