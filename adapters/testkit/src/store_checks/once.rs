//! Checks of the once-only keys: a key is accepted once until it expires, by one of many racing callers.

use std::sync::Arc;

use hoso_core::store::{MAX_ONCE_KEY_BYTES, StoreErrorKind};
use jiff::{SignedDuration, Timestamp};

use super::Store;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_768_532_400 + seconds).expect("an instant")
}

/// Check: a key is accepted, then refused until its `until`, and accepted again from then on; keys are
/// independent of one another; an empty, overlong or control-character key is `Invalid`, and a key of
/// [`MAX_ONCE_KEY_BYTES`] is taken.
pub async fn once_keys_are_accepted_once_until_they_expire(store: Store) {
    let remember = |key: &'static str, until: i64, now: i64| {
        let store = Arc::clone(&store);
        async move { store.remember_once(key, at(until), at(now)).await }
    };
    assert!(remember("police:dlv-1", 300, 0).await.expect("first"));
    assert!(
        !remember("police:dlv-1", 600, 299).await.expect("again"),
        "a key is refused while it is unexpired"
    );
    assert!(
        remember("police:dlv-2", 1_000, 1)
            .await
            .expect("another key"),
        "keys are independent"
    );
    assert!(
        remember("police:dlv-1", 900, 300).await.expect("expired"),
        "a key is expired from its `until` on"
    );
    assert!(
        !remember("police:dlv-1", 900, 301)
            .await
            .expect("recorded anew"),
        "a key accepted again is refused again until its new `until`"
    );
    assert!(
        !remember("police:dlv-2", 1_000, 302)
            .await
            .expect("other key still held"),
        "purging expired keys keeps the unexpired ones"
    );
    let longest = "k".repeat(MAX_ONCE_KEY_BYTES);
    assert!(
        store
            .remember_once(&longest, at(300), at(0))
            .await
            .expect("the longest key")
    );
    for bad in [
        String::new(),
        "k".repeat(MAX_ONCE_KEY_BYTES + 1),
        "a\nb".to_owned(),
    ] {
        let e = store
            .remember_once(&bad, at(300), at(0))
            .await
            .expect_err("an invalid key");
        assert_eq!(e.kind(), StoreErrorKind::Invalid, "{e}");
    }
}

/// Check: of 16 callers remembering one key at once, exactly one is told it is new.
pub async fn racing_remembers_of_one_key_one_wins(store: Store) {
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            let now = at(0) + SignedDuration::from_millis(1);
            store.remember_once("police:v2:race", at(300), now).await
        }));
    }
    let mut won = 0;
    for t in tasks {
        if t.await.expect("task").expect("remember") {
            won += 1;
        }
    }
    assert_eq!(won, 1, "exactly one racing caller is told the key is new");
}
