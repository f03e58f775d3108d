//! Reading VNPost's JSON with the path of any problem, and never quoting a value (phones are personal).

use hoso_core::adapter::{AdapterErrorKind, Location};
use hoso_core::carrier::CarrierError;
use serde::de::DeserializeOwned;

use super::CARRIER;

/// The largest body read, in bytes.
pub(crate) const MAX_BODY_BYTES: usize = 1 << 20;

/// Decodes `bytes` as `T`, a NUL character in a string refused (`hoso_core::json::refuse_nul`); an error says
/// what (`what`), where (a JSON path) and, for the value errors whose
/// wording quotes no value (missing, unknown or duplicate fields), serde's words.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, CarrierError> {
    if bytes.len() > MAX_BODY_BYTES {
        return Err(CarrierError::new(
            AdapterErrorKind::LimitExceeded,
            CARRIER,
            format!("{what}: {} bytes, more than {MAX_BODY_BYTES}", bytes.len()),
        ));
    }
    hoso_core::json::refuse_nul(bytes).map_err(|nul| nul_refused(what, nul))?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = json_path(&e.path().to_string());
        let inner = e.inner();
        let said = inner.to_string();
        let detail = match inner.classify() {
            serde_json::error::Category::Eof => "truncated JSON".to_owned(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                format!(
                    "malformed JSON at line {}, column {}",
                    inner.line(),
                    inner.column()
                )
            }
            serde_json::error::Category::Data => {
                let quoted = ["missing field", "unknown field", "duplicate field"];
                match quoted.iter().find(|q| said.starts_with(*q)) {
                    Some(_) => said.split(" at line").next().unwrap_or(&said).to_owned(),
                    None => "a value of the wrong type or out of range".to_owned(),
                }
            }
        };
        CarrierError::new(
            AdapterErrorKind::InvalidPayload,
            CARRIER,
            format!("{what}: {detail}"),
        )
        .with_location(Location::JsonPath(path))
    })?;
    de.end().map_err(|e| {
        CarrierError::new(
            AdapterErrorKind::InvalidPayload,
            CARRIER,
            format!(
                "{what}: trailing characters at line {}, column {}",
                e.line(),
                e.column()
            ),
        )
        .with_location(Location::JsonPath("$".into()))
    })?;
    Ok(value)
}

/// A NUL character in a string of `what`, at its JSON path (never quoting the text around it).
fn nul_refused(what: &str, nul: hoso_core::json::NulCharacter) -> CarrierError {
    CarrierError::new(
        AdapterErrorKind::InvalidPayload,
        CARRIER,
        format!("{what}: {}", hoso_core::json::NUL_REFUSED),
    )
    .with_location(Location::JsonPath(nul.path))
}

/// `$` followed by serde_path_to_error's path (`.` for the root).
fn json_path(path: &str) -> String {
    match path {
        "." | "" => "$".to_owned(),
        p if p.starts_with('[') => format!("${p}"),
        p => format!("$.{p}"),
    }
}

/// Writes `value` as JSON; a value that cannot be written (never the case for the wire types, whose fields
/// are strings and numbers) is an `Unsupported` error, never an empty body.
/// A text holding a NUL character is refused (`InvalidPayload`), as [`decode`] refuses it.
pub(crate) fn encode<T: serde::Serialize>(value: &T, what: &str) -> Result<Vec<u8>, CarrierError> {
    let bytes = serde_json::to_vec(value).map_err(|e| {
        CarrierError::new(
            AdapterErrorKind::Unsupported,
            CARRIER,
            format!("{what} as JSON: {e}"),
        )
    })?;
    hoso_core::json::refuse_nul(&bytes).map_err(|nul| nul_refused(what, nul))?;
    Ok(bytes)
}
