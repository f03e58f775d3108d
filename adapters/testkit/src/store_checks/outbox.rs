//! Checks of the outbox: written atomically with the events, once per key, claimed under leases, delivered at
//! least once across a lease expiry (a crashed dispatcher), dead letters after the attempts allowed.

use hoso_core::store::{
    Append, Destination, DestinationKind, ExpectedVersion, NewOutboxMessage, OutboxPolicy,
    OutboxStatus, StoreErrorKind,
};
use jiff::{SignedDuration, Timestamp};

use super::{Store, agency, sample_stream};

fn t(secs: i64) -> Timestamp {
    Timestamp::from_second(1_772_413_200 + secs).expect("valid instant")
}

fn message(key: &str, destination: Destination) -> NewOutboxMessage {
    NewOutboxMessage::new(
        key,
        destination,
        serde_json::json!({ "key": key, "note": "Sở Xây dựng" }),
    )
}

fn policy() -> OutboxPolicy {
    OutboxPolicy {
        lease: SignedDuration::from_secs(60),
        max_attempts: 3,
        batch: 10,
    }
}

async fn open_with(store: &Store, n: u32, messages: Vec<NewOutboxMessage>) {
    let (code, events) = sample_stream(n);
    store
        .append(
            Append::new(code, ExpectedVersion::NoStream, events[..2].to_vec())
                .with_outbox(messages),
        )
        .await
        .expect("append with outbox");
}

/// Check: the outbox messages of an append are written with its events, and those of a refused append are
/// not written at all.
pub async fn outbox_is_written_with_the_events(store: Store) {
    let (code, events) = sample_stream(1);
    open_with(
        &store,
        1,
        vec![
            message("file-1", Destination::Agency(agency())),
            message("sync-1", Destination::Portal),
        ],
    )
    .await;
    let refused = store
        .append(
            Append::new(
                code.clone(),
                ExpectedVersion::Exact(1),
                events[2..3].to_vec(),
            )
            .with_outbox([message("lost-1", Destination::Portal)]),
        )
        .await
        .expect_err("stale version");
    assert!(matches!(refused.kind(), StoreErrorKind::Conflict { .. }));
    let counts = store.outbox_counts().await.expect("counts");
    assert_eq!(counts.pending, 2, "the refused append wrote no message");
    let claimed = store
        .claim(DestinationKind::Portal, t(0), &policy())
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    let m = &claimed[0].message;
    assert_eq!(m.key, "sync-1");
    assert_eq!(m.dossier, code);
    assert_eq!(m.destination, Destination::Portal);
    assert_eq!(m.payload["note"], "Sở Xây dựng");
    assert_eq!(m.attempts, 1, "a claim is an attempt");
}

/// Check: a message whose key is already in the outbox is not written again.
pub async fn outbox_key_is_written_once(store: Store) {
    open_with(&store, 1, vec![message("file-1", Destination::Portal)]).await;
    open_with(
        &store,
        2,
        vec![
            message("file-1", Destination::Portal),
            message("file-2", Destination::Portal),
        ],
    )
    .await;
    assert_eq!(store.outbox_counts().await.expect("counts").pending, 2);
}

/// Check: a claim takes only due messages of its destination, up to the batch, and skips messages held by a
/// live lease.
pub async fn claims_skip_live_leases_and_other_destinations(store: Store) {
    let mut later = message("later", Destination::Postal);
    later.not_before = Some(t(600));
    open_with(
        &store,
        1,
        vec![
            message("a", Destination::Postal),
            message("b", Destination::Postal),
            message("c", Destination::Citizen),
            later,
        ],
    )
    .await;
    let batch_of_one = OutboxPolicy {
        batch: 1,
        ..policy()
    };
    let first = store
        .claim(DestinationKind::Postal, t(0), &batch_of_one)
        .await
        .expect("claim");
    assert_eq!(
        first
            .iter()
            .map(|c| c.message.key.as_str())
            .collect::<Vec<_>>(),
        ["a"]
    );
    let second = store
        .claim(DestinationKind::Postal, t(1), &policy())
        .await
        .expect("claim");
    assert_eq!(
        second
            .iter()
            .map(|c| c.message.key.as_str())
            .collect::<Vec<_>>(),
        ["b"],
        "a is leased, c is for citizens, `later` is not due"
    );
    let after = store
        .claim(DestinationKind::Postal, t(601), &policy())
        .await
        .expect("claim");
    let keys: Vec<_> = after.iter().map(|c| c.message.key.as_str()).collect();
    assert!(
        keys.contains(&"later") && keys.contains(&"a") && keys.contains(&"b"),
        "{keys:?}"
    );
}

/// Check: a dispatcher that claims and crashes before completing loses nothing: once its lease runs out the
/// message is claimed again (at least once), and the crashed claim can no longer complete it.
pub async fn expired_lease_is_claimed_again(store: Store) {
    open_with(
        &store,
        1,
        vec![message("file-1", Destination::Agency(agency()))],
    )
    .await;
    let first = store
        .claim(DestinationKind::Agency, t(0), &policy())
        .await
        .expect("claim");
    assert_eq!(first.len(), 1);
    let still_held = store
        .claim(DestinationKind::Agency, t(59), &policy())
        .await
        .expect("claim");
    assert!(still_held.is_empty(), "the lease holds for 60 s");
    let again = store
        .claim(DestinationKind::Agency, t(61), &policy())
        .await
        .expect("claim");
    assert_eq!(
        again.len(),
        1,
        "an expired lease makes the message claimable again"
    );
    assert_eq!(again[0].message.attempts, 2);
    let stale = store
        .complete(&first[0].lease, t(62))
        .await
        .expect_err("stale lease");
    assert_eq!(stale.kind(), StoreErrorKind::LeaseLost, "{stale}");
    store
        .complete(&again[0].lease, t(62))
        .await
        .expect("complete");
    let counts = store.outbox_counts().await.expect("counts");
    assert_eq!((counts.pending, counts.done), (0, 1));
    let none = store
        .claim(DestinationKind::Agency, t(1_000), &policy())
        .await
        .expect("claim");
    assert!(none.is_empty(), "a done message is never claimed again");
    let twice = store
        .complete(&again[0].lease, t(63))
        .await
        .expect_err("done already");
    assert_eq!(twice.kind(), StoreErrorKind::LeaseLost);
}

/// Check: a message that keeps failing becomes a dead letter after the attempts allowed, with its last error,
/// visible to an operator, and revived it is claimable again; a message whose dispatcher crashes every time
/// ends there too.
pub async fn dead_letters_after_max_attempts_and_revive(store: Store) {
    open_with(
        &store,
        1,
        vec![
            message("fails", Destination::Portal),
            message("crashes", Destination::Citizen),
        ],
    )
    .await;
    let p = policy();
    for attempt in 1..=3 {
        let c = store
            .claim(DestinationKind::Portal, t(attempt * 10), &p)
            .await
            .expect("claim");
        assert_eq!(c.len(), 1, "attempt {attempt}");
        store
            .retry_at(
                &c[0].lease,
                t(attempt * 10 + 5),
                &format!("HTTP 503 on attempt {attempt}"),
                &p,
            )
            .await
            .expect("retry");
    }
    assert!(
        store
            .claim(DestinationKind::Portal, t(1_000), &p)
            .await
            .expect("claim")
            .is_empty()
    );
    let dead = store.dead_letters(10).await.expect("dead letters");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].status, OutboxStatus::Dead);
    assert_eq!(dead[0].last_error.as_deref(), Some("HTTP 503 on attempt 3"));
    for attempt in 0..3 {
        let c = store
            .claim(DestinationKind::Citizen, t(attempt * 100), &p)
            .await
            .expect("claim");
        assert_eq!(c.len(), 1, "crash {attempt}");
    }
    assert!(
        store
            .claim(DestinationKind::Citizen, t(500), &p)
            .await
            .expect("claim")
            .is_empty()
    );
    assert_eq!(
        store.dead_letters(10).await.expect("dead").len(),
        2,
        "the crash loop ends"
    );
    store.revive(dead[0].id, t(2_000)).await.expect("revive");
    let back = store
        .claim(DestinationKind::Portal, t(2_000), &p)
        .await
        .expect("claim");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].message.attempts, 1, "a revived message starts over");
    let msg = store
        .outbox_message(dead[0].id)
        .await
        .expect("message")
        .expect("exists");
    assert_eq!(msg.status, OutboxStatus::Pending);
    let err = store
        .revive(dead[0].id, t(2_001))
        .await
        .expect_err("not dead");
    assert_eq!(err.kind(), StoreErrorKind::NotFound);
}
