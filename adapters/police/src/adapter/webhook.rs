//! Signed status webhooks: the police POST each status change to the embedding system, signed with
//! HMAC-SHA256 over `{timestamp}.{body}` (scheme `v1`) or `{delivery_id}.{timestamp}.{body}` (scheme `v2`,
//! which binds the delivery id; [`Verifier::with_v1_until`] ends the transition from `v1`).
//!
//! Three headers come with every delivery:
//!
//! | header | value |
//! |---|---|
//! | `X-Hoso-Delivery` | this delivery's id: 1–128 characters `A-Z a-z 0-9 - _ .`, new for every attempt |
//! | `X-Hoso-Timestamp` | when it was signed, in Unix seconds |
//! | `X-Hoso-Signature` | `v1=<64 lowercase hex digits>` and/or `v2=<64 lowercase hex digits>`; several comma-separated during a key or scheme rotation |
//!
//! [`Verifier::verify`] checks them without any web framework: the signature in constant time (the
//! `hmac` crate's `verify_slice`), the timestamp against a tolerance (5 minutes by default), and the
//! delivery id against a [`ReplayStore`] so that a captured request sent again is refused. The accepted
//! signature is remembered as well, since it does not cover the delivery id: a captured request re-sent under
//! new delivery ids is refused as a replay too, and a flood of them adds nothing to the store. A body over
//! [`DEFAULT_MAX_BODY_BYTES`] (or the verifier's own limit) is refused before any MAC is computed over it. A *retry* by the
//! police is a new delivery (new id, timestamp and signature) of the same message: its `messageId` maps to
//! the same core event id, so the change is applied once however often it arrives.
//!
//! ```
//! use hoso_police::webhook::{Secret, Verifier, sign};
//! let secret = Secret::new(b"a shared secret of at least 32 bytes".to_vec()).unwrap();
//! let verifier = Verifier::new(secret.clone());
//! let body = br#"{"schemaVersion":2}"#;
//! let now = jiff::Timestamp::from_second(1_768_532_400).unwrap();
//! let signature = sign(&secret, now, body);
//! let headers = [
//!     ("X-Hoso-Delivery", "dlv-0001"),
//!     ("X-Hoso-Timestamp", "1768532400"),
//!     ("X-Hoso-Signature", signature.as_str()),
//! ];
//! let delivery = verifier.verify(&headers[..], body, now).unwrap();
//! assert_eq!(delivery.delivery_id(), "dlv-0001");
//! // The same request again is a replay.
//! assert!(verifier.verify(&headers[..], body, now).is_err());
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use hmac::{KeyInit, Mac};
use jiff::{SignedDuration, Timestamp};

mod replay;

pub use replay::{MemoryReplayStore, ReplayStore};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The header carrying the delivery id.
pub const DELIVERY_HEADER: &str = "X-Hoso-Delivery";
/// The header carrying the signing time (Unix seconds).
pub const TIMESTAMP_HEADER: &str = "X-Hoso-Timestamp";
/// The header carrying the signature(s).
pub const SIGNATURE_HEADER: &str = "X-Hoso-Signature";

/// The default tolerance between the signing time and the receiver's clock.
pub const DEFAULT_TOLERANCE: SignedDuration = SignedDuration::from_secs(300);

/// The default largest body verified, in bytes (the codec's default [`Limits`](crate::codec::Limits)).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// The shortest secret accepted, in bytes (the HMAC-SHA256 output size: RFC 2104 §3 advises no shorter key).
pub const MIN_SECRET_BYTES: usize = 32;

/// A shared signing secret. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<[u8]>);

impl Secret {
    /// A secret of at least [`MIN_SECRET_BYTES`] bytes.
    pub fn new(bytes: Vec<u8>) -> Result<Self, WebhookError> {
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(WebhookError::WeakSecret { len: bytes.len() });
        }
        Ok(Secret(bytes.into()))
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
        match HmacSha256::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of every length"),
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes, withheld)", self.0.len())
    }
}

/// The MAC of `{timestamp}.{body}` (scheme `v1`), or of `{delivery_id}.{timestamp}.{body}` (scheme `v2`)
/// when `delivery_id` is given.
fn signed_mac(
    secret: &Secret,
    delivery_id: Option<&str>,
    timestamp: i64,
    body: &[u8],
) -> HmacSha256 {
    let mut mac = secret.mac();
    if let Some(id) = delivery_id {
        mac.update(id.as_bytes());
        mac.update(b".");
    }
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `X-Hoso-Signature` value for `body` signed at `at`: `v1=` and the hex HMAC-SHA256 of
/// `{unix seconds}.{body}`. What the police compute; also handy for tests and simulators.
pub fn sign(secret: &Secret, at: Timestamp, body: &[u8]) -> String {
    let tag = signed_mac(secret, None, at.as_second(), body)
        .finalize()
        .into_bytes();
    format!("v1={}", hex(&tag))
}

/// The `X-Hoso-Signature` value of scheme `v2`, which also covers the delivery id: `v2=` and the hex
/// HMAC-SHA256 of `{delivery_id}.{unix seconds}.{body}`. A police sender lists it beside the `v1` value
/// (`v1=…,v2=…`) during the transition.
pub fn sign_v2(secret: &Secret, delivery_id: &str, at: Timestamp, body: &[u8]) -> String {
    let tag = signed_mac(secret, Some(delivery_id), at.as_second(), body)
        .finalize()
        .into_bytes();
    format!("v2={}", hex(&tag))
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 * bytes.len());
    for byte in bytes {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// Read access to a request's headers, by case-insensitive name, for any web framework.
///
/// Implemented for slices and vectors of name/value pairs and for string maps; wrap a framework's own
/// header map in a newtype to implement it (see the `police_webhook` example for axum).
pub trait Headers {
    /// The value of the first header named `name` (ASCII case-insensitive), if any.
    fn header(&self, name: &str) -> Option<&str>;
}

impl<N: AsRef<str>, V: AsRef<str>> Headers for [(N, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

impl<N: AsRef<str>, V: AsRef<str>> Headers for Vec<(N, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<V: AsRef<str>, S> Headers for HashMap<String, V, S> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A required header is absent.
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    /// A header is present but malformed.
    #[error("malformed header {header}: {reason}")]
    MalformedHeader {
        /// Which header.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signing time is further from the receiver's clock than the tolerance.
    #[error(
        "timestamp {timestamp} is {age_secs} s from now, beyond the tolerance of {tolerance_secs} s"
    )]
    Stale {
        /// The signing time sent.
        timestamp: Timestamp,
        /// Its distance from now, in seconds (negative: in the future).
        age_secs: i64,
        /// The tolerance, in seconds.
        tolerance_secs: i64,
    },
    /// The body is larger than the verifier's limit; no MAC was computed over it.
    #[error("the body is {size} bytes, over the limit of {limit}")]
    BodyTooLarge {
        /// The body's size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// No signature matches the body and timestamp under any configured secret.
    #[error("signature does not match")]
    BadSignature,
    /// This delivery id was already accepted: the request is a replay.
    #[error("delivery {delivery_id} was already received")]
    Replayed {
        /// The delivery id.
        delivery_id: String,
    },
    /// The replay store could not record the delivery (full, or its backend failed); try again later.
    #[error("replay store unavailable: {0}")]
    ReplayStore(String),
    /// A secret shorter than [`MIN_SECRET_BYTES`].
    #[error("a webhook secret must have at least {MIN_SECRET_BYTES} bytes, this one has {len}")]
    WeakSecret {
        /// Its length in bytes.
        len: usize,
    },
}

impl WebhookError {
    /// The HTTP status a receiver should answer with: 400 malformed, 401 unauthenticated (bad signature or
    /// stale), 409 replayed, 413 for a body over the limit, 503 when the replay store is unavailable (the police retry), 500 for a
    /// configuration error.
    pub fn http_status(&self) -> u16 {
        match self {
            WebhookError::MissingHeader(_) | WebhookError::MalformedHeader { .. } => 400,
            WebhookError::Stale { .. } | WebhookError::BadSignature => 401,
            WebhookError::Replayed { .. } => 409,
            WebhookError::BodyTooLarge { .. } => 413,
            WebhookError::ReplayStore(_) => 503,
            WebhookError::WeakSecret { .. } => 500,
        }
    }
}

/// A delivery whose signature, freshness and uniqueness were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedDelivery<'a> {
    delivery_id: String,
    signed_at: Timestamp,
    body: &'a [u8],
}

impl<'a> VerifiedDelivery<'a> {
    /// The delivery id.
    pub fn delivery_id(&self) -> &str {
        &self.delivery_id
    }

    /// When the police signed it.
    pub fn signed_at(&self) -> Timestamp {
        self.signed_at
    }

    /// The body, as received and authenticated.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }
}

/// Checks incoming deliveries: signature, timestamp, replay.
#[derive(Debug, Clone)]
pub struct Verifier {
    secrets: Vec<Secret>,
    tolerance: SignedDuration,
    max_body_bytes: usize,
    v1_until: Option<Timestamp>,
    replay: Arc<dyn ReplayStore>,
}

impl Verifier {
    /// A verifier for one secret, the default tolerance and an in-memory replay store.
    pub fn new(secret: Secret) -> Self {
        Verifier {
            secrets: vec![secret],
            tolerance: DEFAULT_TOLERANCE,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            v1_until: None,
            replay: Arc::new(MemoryReplayStore::default()),
        }
    }

    /// Also accepts signatures made with `secret` (during a key rotation).
    pub fn with_secret(mut self, secret: Secret) -> Self {
        self.secrets.push(secret);
        self
    }

    /// Accepts signing times at most `tolerance` from the receiver's clock, either way. A negative tolerance
    /// counts as its absolute value (`SignedDuration::MIN` saturates to `SignedDuration::MAX`).
    pub fn with_tolerance(mut self, tolerance: SignedDuration) -> Self {
        // `abs` overflows on `SignedDuration::MIN`; the unsigned absolute value does not.
        self.tolerance =
            SignedDuration::try_from(tolerance.unsigned_abs()).unwrap_or(SignedDuration::MAX);
        self
    }

    /// Ends the transition to scheme `v2`: from `end` on, only `v2` signatures (which cover the delivery id,
    /// see [`sign_v2`]) are accepted. Until then, and by default with no end, `v1` is accepted too.
    pub fn with_v1_until(mut self, end: Timestamp) -> Self {
        self.v1_until = Some(end);
        self
    }

    /// Refuses bodies larger than `max` bytes before computing any MAC over them (default
    /// [`DEFAULT_MAX_BODY_BYTES`]).
    pub fn with_max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// Remembers delivery ids in `store` (shared between receivers, or persistent).
    pub fn with_replay_store(mut self, store: Arc<dyn ReplayStore>) -> Self {
        self.replay = store;
        self
    }

    /// Verifies one delivery received at `now`: [`authenticate`](Self::authenticate), then remembers its
    /// [`replay_keys`](Authenticated::replay_keys) in the verifier's [`ReplayStore`].
    ///
    /// Order matters: the delivery id is recorded only after the signature and timestamp passed, so that
    /// forged requests cannot fill the replay store or burn the ids of real deliveries.
    pub fn verify<'b, H: Headers + ?Sized>(
        &self,
        headers: &H,
        body: &'b [u8],
        now: Timestamp,
    ) -> Result<VerifiedDelivery<'b>, WebhookError> {
        let authenticated = self.authenticate(headers, body, now)?;
        let until = authenticated.remember_until();
        let mut fresh = true;
        for key in authenticated.replay_keys() {
            fresh = self
                .replay
                .remember(key, until, now)
                .map_err(WebhookError::ReplayStore)?;
            if !fresh {
                break;
            }
        }
        if fresh {
            Ok(authenticated.into_delivery())
        } else {
            Err(authenticated.replayed())
        }
    }

    /// Checks one delivery received at `now` except for its uniqueness: body size, headers, signature and
    /// freshness. The caller then remembers its [`replay_keys`](Authenticated::replay_keys), in order and
    /// until [`remember_until`](Authenticated::remember_until), in a store of its own (a receiver over a
    /// `hoso` store uses `EventStore::remember_once`, shared by every process over it), and accepts the
    /// delivery only if every key was new; [`verify`](Self::verify) does that with the verifier's
    /// [`ReplayStore`].
    pub fn authenticate<'b, H: Headers + ?Sized>(
        &self,
        headers: &H,
        body: &'b [u8],
        now: Timestamp,
    ) -> Result<Authenticated<'b>, WebhookError> {
        // First: hashing an unbounded body is work an unauthenticated sender could impose.
        if body.len() > self.max_body_bytes {
            return Err(WebhookError::BodyTooLarge {
                size: body.len(),
                limit: self.max_body_bytes,
            });
        }
        let delivery_id = headers
            .header(DELIVERY_HEADER)
            .ok_or(WebhookError::MissingHeader(DELIVERY_HEADER))?;
        let valid_id = (1..=128).contains(&delivery_id.len())
            && delivery_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !valid_id {
            return Err(WebhookError::MalformedHeader {
                header: DELIVERY_HEADER,
                reason: "expected 1 to 128 characters among A-Z a-z 0-9 - _ .",
            });
        }

        let timestamp = headers
            .header(TIMESTAMP_HEADER)
            .ok_or(WebhookError::MissingHeader(TIMESTAMP_HEADER))?;
        let malformed_time = WebhookError::MalformedHeader {
            header: TIMESTAMP_HEADER,
            reason: "expected Unix seconds",
        };
        if timestamp.is_empty()
            || timestamp.len() > 12
            || !timestamp.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(malformed_time);
        }
        let seconds: i64 = timestamp.parse().map_err(|_| malformed_time.clone())?;
        let signed_at = Timestamp::from_second(seconds).map_err(|_| malformed_time)?;

        let signatures = headers
            .header(SIGNATURE_HEADER)
            .ok_or(WebhookError::MissingHeader(SIGNATURE_HEADER))?;
        // (whether it covers the delivery id, tag)
        let tags: Vec<(bool, Vec<u8>)> = signatures
            .split(',')
            .filter_map(|part| {
                let part = part.trim();
                match (part.strip_prefix("v1="), part.strip_prefix("v2=")) {
                    (Some(hex), _) => Some((false, hex)),
                    (_, Some(hex)) => Some((true, hex)),
                    _ => None,
                }
            })
            .filter_map(|(v2, hex)| Some((v2, decode_hex(hex)?)))
            .filter(|(_, tag)| tag.len() == 32)
            .take(8)
            .collect();
        if tags.is_empty() {
            return Err(WebhookError::MalformedHeader {
                header: SIGNATURE_HEADER,
                reason: "expected v1=<64 hex digits> or v2=<64 hex digits>",
            });
        }
        let v1_accepted = self.v1_until.is_none_or(|end| now < end);
        let authentic = self.secrets.iter().find_map(|secret| {
            let v1 = signed_mac(secret, None, seconds, body);
            let v2 = signed_mac(secret, Some(delivery_id), seconds, body);
            // Every candidate is checked in constant time; `find` only short-cuts between whole checks.
            tags.iter().find(|(covers_id, tag)| {
                if *covers_id {
                    v2.clone().verify_slice(tag).is_ok()
                } else {
                    v1_accepted && v1.clone().verify_slice(tag).is_ok()
                }
            })
        });
        let Some((covers_id, tag)) = authentic else {
            return Err(WebhookError::BadSignature);
        };

        let age = now.duration_since(signed_at);
        if age.abs() > self.tolerance {
            return Err(WebhookError::Stale {
                timestamp: signed_at,
                age_secs: age.as_secs(),
                tolerance_secs: self.tolerance.as_secs(),
            });
        }

        // A delivery is fresh for `tolerance` after its signing time (and may be signed up to `tolerance`
        // ahead of our clock): remember it until then, after which the timestamp check refuses it anyway.
        // One second more, so that at the very edge of the window the id is still remembered.
        let window = self
            .tolerance
            .checked_add(SignedDuration::from_secs(1))
            .unwrap_or(self.tolerance);
        // Saturates: with an extreme tolerance the id is remembered for ever rather than not at all.
        let expires_at = signed_at.checked_add(window).unwrap_or(Timestamp::MAX);
        let expires_at = if expires_at > now { expires_at } else { now };
        // The v1 signature does not cover the delivery id: a captured request re-sent under new ids would pass
        // the id check each time (and fill the store). The signature itself is remembered too, first, so each
        // signed (timestamp, body) is accepted once; a police retry is signed anew. `:` never occurs in an id.
        let scheme = if *covers_id { "v2" } else { "v1" };
        Ok(Authenticated {
            keys: [format!("{scheme}:{}", hex(tag)), delivery_id.to_owned()],
            until: expires_at,
            delivery: VerifiedDelivery {
                delivery_id: delivery_id.to_owned(),
                signed_at,
                body,
            },
        })
    }
}

/// A delivery whose signature and freshness were checked, not yet its uniqueness (see
/// [`Verifier::authenticate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a delivery is accepted only once its replay keys are remembered"]
pub struct Authenticated<'a> {
    /// The accepted signature (`v1:<hex>` or `v2:<hex>`), then the delivery id.
    keys: [String; 2],
    until: Timestamp,
    delivery: VerifiedDelivery<'a>,
}

impl<'a> Authenticated<'a> {
    /// What to remember, in this order: the accepted signature under a key `v1:<hex>` or `v2:<hex>` (which
    /// no delivery id can be), then the delivery id. The delivery is a replay if either is already
    /// remembered.
    pub fn replay_keys(&self) -> [&str; 2] {
        [&self.keys[0], &self.keys[1]]
    }

    /// Until when to remember them: the end of the delivery's freshness window (and one second), after which
    /// the timestamp check refuses it anyway.
    pub fn remember_until(&self) -> Timestamp {
        self.until
    }

    /// The delivery, once every replay key was remembered as new.
    pub fn into_delivery(self) -> VerifiedDelivery<'a> {
        self.delivery
    }

    /// The error for a delivery one of whose keys was already remembered.
    pub fn replayed(&self) -> WebhookError {
        WebhookError::Replayed {
            delivery_id: self.delivery.delivery_id.clone(),
        }
    }
}
