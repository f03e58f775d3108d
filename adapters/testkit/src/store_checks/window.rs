//! Checks of the counts within a window: raised all or none up to their limits, given back, started again
//! when the window ends, and never past a limit under racing callers.

use std::sync::Arc;

use hoso_core::store::{CountLimit, Counted, StoreErrorKind};
use jiff::{SignedDuration, Timestamp};

use super::Store;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_768_532_400 + seconds).expect("an instant")
}

/// Check: a count is raised up to its limit and then refused with its window's end, until that end; a
/// call over two keys raises both or neither; a give-back makes room for one; a key named twice is given
/// back one; an ended window starts again at one; an empty or control-character key is `Invalid`.
pub async fn window_counts_are_raised_all_or_none_up_to_their_limits(store: Store) {
    let count = |counts: Vec<(&'static str, u32)>, until: i64, now: i64| {
        let store = Arc::clone(&store);
        async move {
            let counts: Vec<CountLimit<'_>> =
                counts.iter().map(|(k, l)| CountLimit::new(k, *l)).collect();
            store
                .count_within(&counts, at(until), at(now))
                .await
                .expect("count")
        }
    };
    let client = "lookup:client:203.0.113.7";
    let code = "lookup:code:000.00.01.H22-260115-0042";
    assert_eq!(count(vec![(client, 2)], 900, 0).await, Counted::Admitted);
    assert_eq!(
        count(vec![(client, 2), (code, 5)], 1_000, 10).await,
        Counted::Admitted,
        "a window is the first call's: a later `until` does not stretch it"
    );
    assert_eq!(
        count(vec![(client, 2), (code, 5)], 1_100, 20).await,
        Counted::Over { until: at(900) },
        "at its limit a count refuses, with its window's end"
    );
    assert_eq!(
        count(vec![(code, 1)], 1_100, 30).await,
        Counted::Over { until: at(1_000) },
        "a refused call raised none of its counts: the code still counts 1, its limit here"
    );
    assert_eq!(
        count(vec![(code, 2)], 1_100, 31).await,
        Counted::Admitted,
        "the code's count was 1"
    );
    store
        .uncount(&[client, client, "lookup:client:never-counted"], at(40))
        .await
        .expect("give back");
    assert_eq!(
        count(vec![(client, 2)], 1_100, 50).await,
        Counted::Admitted,
        "a give-back makes room for one"
    );
    assert_eq!(
        count(vec![(client, 2)], 1_100, 60).await,
        Counted::Over { until: at(900) },
        "a key named twice in a give-back is given back one"
    );
    assert_eq!(
        count(vec![(client, 2)], 1_800, 900).await,
        Counted::Admitted,
        "a window is ended from its `until` on, and the count starts again"
    );
    assert_eq!(
        count(vec![(client, 2)], 1_800, 901).await,
        Counted::Admitted
    );
    assert_eq!(
        count(vec![(client, 2)], 1_800, 902).await,
        Counted::Over { until: at(1_800) },
        "the new window counts from one"
    );
    assert_eq!(
        count(vec![(code, 2)], 1_900, 903).await,
        Counted::Over { until: at(1_000) },
        "purging ended windows keeps the live ones"
    );
    for bad in ["", "a\nb"] {
        let e = store
            .count_within(&[CountLimit::new(bad, 1)], at(1_800), at(903))
            .await
            .expect_err("an invalid key");
        assert_eq!(e.kind(), StoreErrorKind::Invalid, "{e}");
        let e = store
            .uncount(&[bad], at(903))
            .await
            .expect_err("an invalid key");
        assert_eq!(e.kind(), StoreErrorKind::Invalid, "{e}");
    }
}

/// Check: of 24 callers counting two keys at once (limits 5 and 8), exactly 5 are admitted, and the
/// refused ones raised nothing (a later call over the second key alone finds room for 3).
pub async fn racing_counts_never_pass_a_limit(store: Store) {
    let now = at(0) + SignedDuration::from_millis(1);
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            let counts = [
                CountLimit::new("race:client", 5),
                CountLimit::new("race:code", 8),
            ];
            store.count_within(&counts, at(900), now).await
        }));
    }
    let mut admitted = 0;
    for t in tasks {
        match t.await.expect("task").expect("count") {
            Counted::Admitted => admitted += 1,
            Counted::Over { until } => assert_eq!(until, at(900)),
        }
    }
    assert_eq!(admitted, 5, "racing callers never pass the first limit");
    let code = [CountLimit::new("race:code", 8)];
    for n in 0..3 {
        assert_eq!(
            store
                .count_within(&code, at(900), now)
                .await
                .expect("count"),
            Counted::Admitted,
            "room left for the second key: call {n}"
        );
    }
    assert_eq!(
        store
            .count_within(&code, at(900), now)
            .await
            .expect("count"),
        Counted::Over { until: at(900) }
    );
}
