//! Webhook verification: signature in constant time, stale timestamps, replayed delivery ids.

use std::sync::Arc;

use hoso_police::webhook::{
    DELIVERY_HEADER, MemoryReplayStore, ReplayStore, SIGNATURE_HEADER, Secret, TIMESTAMP_HEADER,
    Verifier, WebhookError, sign, sign_v2,
};
use jiff::{SignedDuration, Timestamp};

const BODY: &[u8] = include_bytes!("../samples/v2/statusUpdate.json");

fn secret(fill: u8) -> Secret {
    Secret::new(vec![fill; 32]).unwrap()
}

fn t(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_768_532_400 + seconds).unwrap()
}

fn headers(id: &str, at: Timestamp, signature: &str) -> Vec<(String, String)> {
    vec![
        (DELIVERY_HEADER.to_owned(), id.to_owned()),
        (TIMESTAMP_HEADER.to_owned(), at.as_second().to_string()),
        (SIGNATURE_HEADER.to_owned(), signature.to_owned()),
    ]
}

fn signed(id: &str, at: Timestamp, body: &[u8]) -> Vec<(String, String)> {
    headers(id, at, &sign(&secret(7), at, body))
}

#[test]
fn a_correctly_signed_fresh_delivery_is_accepted() {
    let verifier = Verifier::new(secret(7));
    let delivery = verifier
        .verify(&signed("d-1", t(0), BODY), BODY, t(10))
        .unwrap();
    assert_eq!(
        (
            delivery.delivery_id(),
            delivery.signed_at(),
            delivery.body()
        ),
        ("d-1", t(0), BODY)
    );
}

#[test]
fn header_names_are_case_insensitive() {
    let verifier = Verifier::new(secret(7));
    let mut h = signed("d-1", t(0), BODY);
    for (name, _) in &mut h {
        *name = name.to_ascii_lowercase();
    }
    assert!(verifier.verify(&h, BODY, t(0)).is_ok());
}

#[test]
fn a_changed_body_timestamp_or_secret_fails_the_signature() {
    let verifier = Verifier::new(secret(7));
    let mut tampered = BODY.to_vec();
    tampered[40] ^= 1;
    assert_eq!(
        verifier.verify(&signed("d-1", t(0), BODY), &tampered, t(0)),
        Err(WebhookError::BadSignature)
    );
    // The signature of t(0) presented with the timestamp t(1).
    let moved = headers("d-2", t(1), &sign(&secret(7), t(0), BODY));
    assert_eq!(
        verifier.verify(&moved, BODY, t(1)),
        Err(WebhookError::BadSignature)
    );
    let other_key = headers("d-3", t(0), &sign(&secret(8), t(0), BODY));
    assert_eq!(
        verifier.verify(&other_key, BODY, t(0)),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn every_single_hex_digit_change_in_the_signature_is_refused() {
    let verifier = Verifier::new(secret(7));
    let good = sign(&secret(7), t(0), BODY);
    for i in 3..good.len() {
        let mut bad = good.clone().into_bytes();
        bad[i] = if bad[i] == b'0' { b'1' } else { b'0' };
        let bad = String::from_utf8(bad).unwrap();
        assert_eq!(
            verifier.verify(&headers("d", t(0), &bad), BODY, t(0)),
            Err(WebhookError::BadSignature),
            "{i}"
        );
    }
}

#[test]
fn during_a_key_rotation_either_secret_and_either_listed_signature_is_accepted() {
    let verifier = Verifier::new(secret(7)).with_secret(secret(8));
    assert!(
        verifier
            .verify(
                &headers("a", t(0), &sign(&secret(8), t(0), BODY)),
                BODY,
                t(0)
            )
            .is_ok()
    );
    let both = format!(
        "{}, {}",
        sign(&secret(9), t(0), BODY),
        sign(&secret(7), t(0), BODY)
    );
    assert!(
        verifier
            .verify(&headers("b", t(0), &both), BODY, t(0))
            .is_ok()
    );
}

#[test]
fn missing_and_malformed_headers_are_refused_with_a_400() {
    let verifier = Verifier::new(secret(7));
    let good = signed("d-1", t(0), BODY);
    for name in [DELIVERY_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER] {
        let without: Vec<_> = good.iter().filter(|(n, _)| n != name).cloned().collect();
        let err = verifier.verify(&without, BODY, t(0)).unwrap_err();
        assert_eq!(err, WebhookError::MissingHeader(name));
        assert_eq!(err.http_status(), 400);
    }
    let sig = sign(&secret(7), t(0), BODY);
    for (id, ts, signature, header) in [
        ("", "1768532400", sig.as_str(), DELIVERY_HEADER),
        ("d 1", "1768532400", sig.as_str(), DELIVERY_HEADER),
        ("d-1", "-5", sig.as_str(), TIMESTAMP_HEADER),
        (
            "d-1",
            "2026-01-16T03:00:00Z",
            sig.as_str(),
            TIMESTAMP_HEADER,
        ),
        (
            "d-1",
            "99999999999999999999",
            sig.as_str(),
            TIMESTAMP_HEADER,
        ),
        ("d-1", "1768532400", "sha256=abcd", SIGNATURE_HEADER),
        ("d-1", "1768532400", "v1=xyz", SIGNATURE_HEADER),
        ("d-1", "1768532400", "v1=abcd", SIGNATURE_HEADER),
    ] {
        let h = [
            (DELIVERY_HEADER, id),
            (TIMESTAMP_HEADER, ts),
            (SIGNATURE_HEADER, signature),
        ];
        match verifier.verify(&h[..], BODY, t(0)) {
            Err(WebhookError::MalformedHeader { header: got, .. }) => {
                assert_eq!(got, header, "{id} {ts} {signature}")
            }
            other => panic!("{id} {ts} {signature}: {other:?}"),
        }
    }
}

#[test]
fn a_timestamp_beyond_the_tolerance_either_way_is_stale() {
    let verifier = Verifier::new(secret(7)).with_tolerance(SignedDuration::from_secs(60));
    assert!(
        verifier
            .verify(&signed("ok-past", t(0), BODY), BODY, t(60))
            .is_ok()
    );
    assert!(
        verifier
            .verify(&signed("ok-future", t(60), BODY), BODY, t(0))
            .is_ok()
    );
    for (id, signed_at, now) in [("past", t(0), t(61)), ("future", t(61), t(0))] {
        match verifier.verify(&signed(id, signed_at, BODY), BODY, now) {
            Err(err @ WebhookError::Stale { .. }) => assert_eq!(err.http_status(), 401),
            other => panic!("{id}: {other:?}"),
        }
    }
}

#[test]
fn a_replayed_delivery_id_is_refused_until_and_after_it_expires() {
    let verifier = Verifier::new(secret(7)).with_tolerance(SignedDuration::from_secs(60));
    let h = signed("d-1", t(0), BODY);
    assert!(verifier.verify(&h, BODY, t(0)).is_ok());
    for now in [t(0), t(30), t(60)] {
        let err = verifier.verify(&h, BODY, now).unwrap_err();
        assert_eq!(
            err,
            WebhookError::Replayed {
                delivery_id: "d-1".into()
            }
        );
        assert_eq!(err.http_status(), 409);
    }
    // Once the id is forgotten the timestamp is stale: the request is still refused.
    assert!(matches!(
        verifier.verify(&h, BODY, t(62)),
        Err(WebhookError::Stale { .. })
    ));
}

#[test]
fn a_forged_request_does_not_burn_the_delivery_id_of_a_real_one() {
    let verifier = Verifier::new(secret(7));
    let forged = headers("d-1", t(0), &sign(&secret(9), t(0), BODY));
    assert_eq!(
        verifier.verify(&forged, BODY, t(0)),
        Err(WebhookError::BadSignature)
    );
    assert!(
        verifier
            .verify(&signed("d-1", t(0), BODY), BODY, t(0))
            .is_ok()
    );
}

#[test]
fn the_memory_replay_store_is_bounded_and_refuses_rather_than_forgets() {
    // Each accepted delivery holds two entries: its id and its signature.
    let store = Arc::new(MemoryReplayStore::new(4));
    let verifier = Verifier::new(secret(7))
        .with_tolerance(SignedDuration::from_secs(60))
        .with_replay_store(store.clone());
    assert!(
        verifier
            .verify(&signed("a", t(0), BODY), BODY, t(0))
            .is_ok()
    );
    assert!(
        verifier
            .verify(&signed("b", t(1), BODY), BODY, t(1))
            .is_ok()
    );
    let err = verifier
        .verify(&signed("c", t(2), BODY), BODY, t(2))
        .unwrap_err();
    assert!(matches!(err, WebhookError::ReplayStore(_)));
    assert_eq!(err.http_status(), 503);
    // Once "a" and "b" expire there is room again.
    assert!(
        verifier
            .verify(&signed("c", t(100), BODY), BODY, t(100))
            .is_ok()
    );
    assert!(store.len() <= 4);
}

#[test]
fn of_concurrent_deliveries_with_one_id_exactly_one_is_accepted() {
    let verifier = Verifier::new(secret(7));
    let h = signed("race", t(0), BODY);
    let accepted = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| verifier.verify(&h, BODY, t(0)).is_ok()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|ok| *ok)
            .count()
    });
    assert_eq!(accepted, 1);
}

#[test]
fn a_replay_store_can_be_provided_by_the_embedding_system() {
    #[derive(Debug, Default)]
    struct Refusing;
    impl ReplayStore for Refusing {
        fn remember(&self, _: &str, _: Timestamp, _: Timestamp) -> Result<bool, String> {
            Err("database down".into())
        }
    }
    let verifier = Verifier::new(secret(7)).with_replay_store(Arc::new(Refusing));
    assert_eq!(
        verifier.verify(&signed("d", t(0), BODY), BODY, t(0)),
        Err(WebhookError::ReplayStore("database down".into()))
    );
}

#[test]
fn short_secrets_are_refused_and_secrets_never_show_in_debug() {
    assert_eq!(
        Secret::new(vec![1; 31]),
        Err(WebhookError::WeakSecret { len: 31 })
    );
    let s = Secret::new(b"super-secret-value-0123456789abcdef".to_vec()).unwrap();
    assert!(!format!("{s:?} {:?}", Verifier::new(s.clone())).contains("super-secret"));
}

#[test]
fn an_extreme_tolerance_saturates_and_still_refuses_replays() {
    for tolerance in [SignedDuration::MIN, SignedDuration::MAX] {
        let verifier = Verifier::new(secret(7)).with_tolerance(tolerance);
        let request = signed("d-extreme", t(0), BODY);
        assert!(
            verifier.verify(&request, BODY, t(0)).is_ok(),
            "{tolerance:?}"
        );
        assert!(
            matches!(
                verifier.verify(&request, BODY, t(0)),
                Err(WebhookError::Replayed { .. })
            ),
            "{tolerance:?}"
        );
        assert!(
            matches!(
                verifier.verify(&request, BODY, t(86_400 * 365)),
                Err(WebhookError::Replayed { .. })
            ),
            "{tolerance:?}: a year later the id is still remembered"
        );
    }
}

#[test]
fn a_body_over_the_limit_is_refused_before_its_signature_is_checked() {
    let verifier = Verifier::new(secret(7)).with_max_body_bytes(BODY.len());
    assert!(
        verifier
            .verify(&signed("d-at-limit", t(0), BODY), BODY, t(0))
            .is_ok()
    );
    let mut big = BODY.to_vec();
    big.push(b' ');
    for request in [
        signed("d-over", t(0), &big),
        headers("d-forged", t(0), &format!("v1={}", "0".repeat(64))),
    ] {
        let refused = verifier.verify(&request, &big, t(0)).unwrap_err();
        assert_eq!(
            refused,
            WebhookError::BodyTooLarge {
                size: BODY.len() + 1,
                limit: BODY.len()
            }
        );
        assert_eq!(refused.http_status(), 413);
    }
}

#[test]
fn a_captured_request_re_sent_under_new_delivery_ids_is_a_replay_and_locks_nobody_out() {
    let store = Arc::new(MemoryReplayStore::new(10));
    let verifier = Verifier::new(secret(7)).with_replay_store(store.clone());
    let captured = signed("d-genuine", t(0), BODY);
    assert!(verifier.verify(&captured, BODY, t(0)).is_ok());
    for n in 0..1_000 {
        let mut flood = captured.clone();
        flood[0].1 = format!("d-flood-{n}");
        assert!(
            matches!(
                verifier.verify(&flood, BODY, t(1)),
                Err(WebhookError::Replayed { .. })
            ),
            "flood {n}"
        );
    }
    assert!(store.len() <= 2, "{} entries", store.len());
    // The police's next genuine delivery (signed anew) is accepted.
    assert!(
        verifier
            .verify(&signed("d-next", t(2), BODY), BODY, t(2))
            .is_ok()
    );
}

#[test]
fn the_memory_replay_store_purges_every_expired_id_whatever_the_order_of_arrival() {
    let store = MemoryReplayStore::new(10);
    assert_eq!(store.remember("long", t(100), t(0)), Ok(true));
    assert_eq!(store.remember("short", t(10), t(0)), Ok(true));
    // At t(20) "short" is expired though it came after "long", which is not.
    assert_eq!(store.remember("new", t(120), t(20)), Ok(true));
    assert_eq!(store.len(), 2);
    assert_eq!(store.remember("long", t(200), t(20)), Ok(false));
    assert_eq!(store.remember("short", t(200), t(20)), Ok(true));
}

#[test]
fn the_v2_signature_covers_the_delivery_id_and_v1_is_refused_after_the_transition() {
    let v2 = |id: &str, at: Timestamp| headers(id, at, &sign_v2(&secret(7), id, at, BODY));
    let verifier = Verifier::new(secret(7)).with_v1_until(t(1_000));
    assert!(verifier.verify(&v2("d-1", t(0)), BODY, t(0)).is_ok());
    // The same v2 signature under another delivery id does not verify.
    let mut moved = v2("d-2", t(1));
    moved[0].1 = "d-3".to_owned();
    assert_eq!(
        verifier.verify(&moved, BODY, t(1)),
        Err(WebhookError::BadSignature)
    );
    // Both listed during the transition: accepted.
    let both = format!(
        "{},{}",
        sign(&secret(7), t(2), BODY),
        sign_v2(&secret(7), "d-4", t(2), BODY)
    );
    assert!(
        verifier
            .verify(&headers("d-4", t(2), &both), BODY, t(2))
            .is_ok()
    );
    // v1 alone: accepted before the end of the transition, refused from it on.
    assert!(
        verifier
            .verify(&signed("d-5", t(3), BODY), BODY, t(3))
            .is_ok()
    );
    assert_eq!(
        verifier.verify(&signed("d-6", t(1_000), BODY), BODY, t(1_000)),
        Err(WebhookError::BadSignature)
    );
    assert!(
        verifier
            .verify(&v2("d-7", t(1_000)), BODY, t(1_000))
            .is_ok()
    );
}

#[test]
fn authenticating_remembers_nothing_and_names_what_the_caller_must_remember() {
    let store = Arc::new(MemoryReplayStore::new(10));
    let verifier = Verifier::new(secret(7))
        .with_tolerance(SignedDuration::from_secs(300))
        .with_replay_store(store.clone());
    let h = signed("d-1", t(0), BODY);
    let first = verifier.authenticate(&h, BODY, t(10)).unwrap();
    let again = verifier.authenticate(&h, BODY, t(10)).unwrap();
    assert_eq!(first, again, "authenticating twice is no replay");
    assert!(store.is_empty(), "nothing remembered");
    let [signature, id] = first.replay_keys();
    assert_eq!(
        signature,
        format!("v1:{}", &sign(&secret(7), t(0), BODY)[3..])
    );
    assert_eq!(id, "d-1");
    // The freshness window after the signing time, and one second.
    assert_eq!(first.remember_until(), t(301));
    assert_eq!(
        first.replayed(),
        WebhookError::Replayed {
            delivery_id: "d-1".into()
        }
    );
    // Forged, stale and malformed deliveries fail as `verify` fails them.
    assert_eq!(
        verifier.authenticate(&signed("d-2", t(0), BODY), b"{}", t(0)),
        Err(WebhookError::BadSignature)
    );
    assert!(matches!(
        verifier.authenticate(&h, BODY, t(400)),
        Err(WebhookError::Stale { .. })
    ));
    assert_eq!(first.into_delivery().delivery_id(), "d-1");
    // `verify` remembers both keys.
    assert!(verifier.verify(&h, BODY, t(10)).is_ok());
    assert_eq!(store.len(), 2);
}
