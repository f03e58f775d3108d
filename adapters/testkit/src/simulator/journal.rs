//! The simulated agency's memory on disk: one JSON line per message it accepted, replayed when it starts.

/// One journal line: the idempotency key and the body, hex-encoded so that any bytes come back exactly.
pub(super) fn journal_line(key: Option<&str>, body: &[u8]) -> String {
    let hex: String = body.iter().map(|b| format!("{b:02x}")).collect();
    let entry = serde_json::json!({ "key": key, "body": hex });
    format!("{entry}\n")
}

pub(super) fn journal_entry(line: &str) -> Option<(Option<String>, Vec<u8>)> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let key = v.get("key")?.as_str().map(str::to_owned);
    let hex = v.get("body")?.as_str()?;
    let body = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()?;
    Some((key, body))
}
