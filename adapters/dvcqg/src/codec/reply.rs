//! The portal's replies: `{"error_code", "message"}`, and `session` in the answer to a login.

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind, Location};
use serde_json::Value;

/// The most characters of the portal's own message kept in an error.
const MAX_MESSAGE_CHARS: usize = 200;

/// What a reply says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReplyOutcome {
    /// `error_code` "0" or "00" (or the number 0: one public implementation compares with the integer):
    /// done. Which of "0" and "00" the portal sends is **unverified**; both are read as success.
    Success,
    /// `error_code` "3" or "-3" with "đã tồn tại" (already exists) in the message: the dossier is there,
    /// send it as an update.
    AlreadyExists,
    /// The session is no longer valid: log in again. Recognised by "session" or "phiên" in the message of a
    /// reply that is not a success (**unverified**: no public implementation shows the portal's expiry
    /// reply).
    SessionExpired,
    /// Any other code: the portal refused the call.
    Refused,
}

/// A reply, read.
#[derive(Clone, PartialEq, Eq)]
pub struct Reply {
    /// `error_code`, as text.
    pub code: String,
    /// `message` (empty when absent).
    pub message: String,
    /// `session`, in the answer to a login.
    pub session: Option<String>,
    /// What it says.
    pub outcome: ReplyOutcome,
}

impl std::fmt::Debug for Reply {
    // A session is a credential: never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("session", &self.session.as_ref().map(|_| "<redacted>"))
            .field("outcome", &self.outcome)
            .finish()
    }
}

impl Reply {
    /// The reply as an error, for an outcome the caller cannot go on from: `Rejected` with the portal's code
    /// (not retryable), or `Unauthorized` for a session that stays expired.
    pub fn into_error(self, portal: &AgencyCode, call: &str) -> AdapterError {
        let kind = match self.outcome {
            ReplyOutcome::SessionExpired => AdapterErrorKind::Unauthorized,
            _ => AdapterErrorKind::Rejected,
        };
        AdapterError::new(
            kind,
            portal.clone(),
            format!(
                "{call}: the portal answered error_code {:?}: {}",
                self.code,
                self.message
                    .chars()
                    .take(MAX_MESSAGE_CHARS)
                    .collect::<String>()
            ),
        )
        .with_agency_code(self.code)
    }
}

fn malformed(portal: &AgencyCode, path: &str, what: String) -> AdapterError {
    // A malformed reply is what a portal in trouble (or a proxy's error page) gives; sending again is
    // harmless, since every call is an idempotent upsert: retryable.
    AdapterError::new(
        AdapterErrorKind::InvalidPayload,
        portal.clone(),
        format!("malformed reply at {path}: {what}"),
    )
    .with_location(Location::JsonPath(path.to_owned()))
    .with_retryable(true)
}

pub(super) fn decode(
    portal: &AgencyCode,
    http_status: u16,
    body: &[u8],
) -> Result<Reply, AdapterError> {
    if let Some(kind) = AdapterErrorKind::from_http_status(http_status) {
        return Err(AdapterError::new(
            kind,
            portal.clone(),
            format!("the portal answered HTTP {http_status}"),
        )
        .with_agency_code(http_status.to_string()));
    }
    // Strict: a repeated `error_code` must not be read as its last copy.
    let value = hoso_core::json::strict_value(body).map_err(|e| {
        let why = if e.is_data() {
            // A repeated key or a NUL: the message names the key, never the portal's values.
            let message = e.to_string();
            message
                .rsplit_once(" at line ")
                .map_or(message.clone(), |(m, _)| m.to_owned())
        } else {
            format!("{:?}", e.classify())
        };
        malformed(
            portal,
            "$",
            format!("not JSON (line {}, column {}, {why})", e.line(), e.column()),
        )
    })?;
    let Value::Object(map) = value else {
        return Err(malformed(portal, "$", "not an object".to_owned()));
    };
    let code = match map.get("error_code") {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) if n.is_i64() => n.to_string(),
        Some(_) => {
            return Err(malformed(
                portal,
                "$.error_code",
                "neither a string nor an integer".to_owned(),
            ));
        }
        None => return Err(malformed(portal, "$.error_code", "missing".to_owned())),
    };
    let message = match map.get("message") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => String::new(),
        Some(_) => return Err(malformed(portal, "$.message", "not a string".to_owned())),
    };
    let session = match map.get("session") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        None | Some(Value::Null) => None,
        Some(_) => {
            return Err(malformed(
                portal,
                "$.session",
                "not a non-blank string".to_owned(),
            ));
        }
    };
    let lower = message.to_lowercase();
    let outcome = match code.as_str() {
        "0" | "00" => ReplyOutcome::Success,
        "3" | "-3" if lower.contains("đã tồn tại") => ReplyOutcome::AlreadyExists,
        _ if lower.contains("session") || lower.contains("phiên") => ReplyOutcome::SessionExpired,
        _ => ReplyOutcome::Refused,
    };
    Ok(Reply {
        code,
        message,
        session,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal() -> AgencyCode {
        "000.00.00.G22".parse().unwrap()
    }

    #[test]
    fn replies_are_classified_by_code_and_message() {
        for (body, outcome) in [
            (
                r#"{"error_code":"0","message":"Thành công"}"#,
                ReplyOutcome::Success,
            ),
            (
                r#"{"error_code":"00","message":"ok"}"#,
                ReplyOutcome::Success,
            ),
            (r#"{"error_code":0}"#, ReplyOutcome::Success),
            (
                r#"{"error_code":"-3","message":"Hồ sơ đã tồn tại"}"#,
                ReplyOutcome::AlreadyExists,
            ),
            (
                r#"{"error_code":"3","message":"Mã hồ sơ ĐÃ TỒN TẠI"}"#,
                ReplyOutcome::AlreadyExists,
            ),
            (
                r#"{"error_code":"3","message":"Sai định dạng"}"#,
                ReplyOutcome::Refused,
            ),
            (
                r#"{"error_code":"-1","message":"Phiên làm việc hết hạn"}"#,
                ReplyOutcome::SessionExpired,
            ),
            (
                r#"{"error_code":"99","message":"Invalid session"}"#,
                ReplyOutcome::SessionExpired,
            ),
            (
                r#"{"error_code":"1","message":"Thiếu MaTTHC"}"#,
                ReplyOutcome::Refused,
            ),
        ] {
            assert_eq!(
                decode(&portal(), 200, body.as_bytes()).unwrap().outcome,
                outcome,
                "{body}"
            );
        }
    }

    #[test]
    fn malformed_replies_name_the_path_and_are_retryable() {
        for (body, path) in [
            ("<html>502 Bad Gateway</html>", "$"),
            ("[1]", "$"),
            (r#"{"message":"x"}"#, "$.error_code"),
            (r#"{"error_code":[0]}"#, "$.error_code"),
            (r#"{"error_code":"0","message":7}"#, "$.message"),
            (r#"{"error_code":"0","session":""}"#, "$.session"),
        ] {
            let e = decode(&portal(), 200, body.as_bytes()).unwrap_err();
            assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload, "{body}");
            assert_eq!(
                e.location(),
                Some(&Location::JsonPath(path.into())),
                "{body}"
            );
            assert!(e.is_retryable(), "{body}");
        }
    }

    #[test]
    fn http_errors_keep_their_status_and_retryability() {
        for (status, kind, retryable) in [
            (503, AdapterErrorKind::Unavailable, true),
            (500, AdapterErrorKind::Unavailable, true),
            (504, AdapterErrorKind::Timeout, true),
            (401, AdapterErrorKind::Unauthorized, false),
            (400, AdapterErrorKind::Rejected, false),
        ] {
            let e = decode(&portal(), status, b"").unwrap_err();
            assert_eq!((e.kind(), e.is_retryable()), (kind, retryable), "{status}");
            assert_eq!(e.agency_code(), Some(status.to_string().as_str()));
        }
    }

    #[test]
    fn a_session_never_shows_in_debug() {
        let r = decode(&portal(), 200, br#"{"error_code":"0","session":"S3CR3T"}"#).unwrap();
        assert_eq!(r.session.as_deref(), Some("S3CR3T"));
        assert!(!format!("{r:?}").contains("S3CR3T"));
    }
}
