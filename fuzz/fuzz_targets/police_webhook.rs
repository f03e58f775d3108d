//! The police webhook verifier: any headers and body are refused with a typed error or accepted; a delivery
//! signed with the secret (when the input asks for one) is accepted once and refused as a replay after.
#![no_main]

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use hoso_police::webhook::{
    DELIVERY_HEADER, SIGNATURE_HEADER, Secret, TIMESTAMP_HEADER, Verifier, WebhookError, sign,
    sign_v2,
};
use jiff::{SignedDuration, Timestamp};
use libfuzzer_sys::fuzz_target;

static SECRET: LazyLock<Secret> = LazyLock::new(|| {
    Secret::new(b"a webhook secret of thirty-two bytes or more".to_vec())
        .unwrap_or_else(|e| panic!("the target's secret: {e}"))
});

#[derive(Debug, Arbitrary)]
struct Delivery {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Seconds from the signing time to the receiver's clock.
    skew: i32,
    /// 0: the headers as given; 1: signed with scheme v1; 2: signed with scheme v2.
    signed: u8,
    tolerance: i64,
}

fuzz_target!(|d: Delivery| {
    let at = Timestamp::from_second(1_800_000_000).unwrap_or(Timestamp::UNIX_EPOCH);
    let now = at
        .checked_add(SignedDuration::from_secs(i64::from(d.skew)))
        .unwrap_or(at);
    let mut headers = d.headers;
    let delivery = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(DELIVERY_HEADER))
        .map_or_else(|| "d-1".to_owned(), |(_, v)| v.clone());
    let signature = match d.signed % 3 {
        1 => Some(sign(&SECRET, at, &d.body)),
        2 => Some(sign_v2(&SECRET, &delivery, at, &d.body)),
        _ => None,
    };
    if let Some(signature) = signature {
        headers.retain(|(n, _)| {
            ![DELIVERY_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER]
                .iter()
                .any(|h| n.eq_ignore_ascii_case(h))
        });
        headers.push((DELIVERY_HEADER.into(), delivery));
        headers.push((TIMESTAMP_HEADER.into(), at.as_second().to_string()));
        headers.push((SIGNATURE_HEADER.into(), signature));
    }
    let verifier = Verifier::new(SECRET.clone())
        .with_tolerance(SignedDuration::from_secs(d.tolerance))
        .with_max_body_bytes(64 * 1024);
    match verifier.verify(&headers, &d.body, now) {
        Ok(delivered) => {
            assert_eq!(delivered.body(), &d.body[..]);
            // The same delivery again is a replay.
            let again = verifier.verify(&headers, &d.body, now);
            assert!(
                matches!(again, Err(WebhookError::Replayed { .. })),
                "a delivery accepted twice: {again:?}"
            );
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            let _ = e.http_status();
        }
    }
});
