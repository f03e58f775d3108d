//! Event ids: 128 bits written like a UUID, derived from outside systems' message ids.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// An event's id, unique per dossier; 128 bits written like a UUID (`8-4-4-4-12` lowercase hex).
///
/// Adapters derive ids from the agency's own message ids with [`EventId::derive`], so the same message
/// delivered twice yields the same id and is applied once.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EventId(u128);

/// A malformed event id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event id {value:?} is not 32 hex digits in 8-4-4-4-12 form")]
pub struct EventIdError {
    /// The offending text (at most 64 characters of it).
    pub value: String,
}

impl EventId {
    /// An id from its 128-bit value.
    pub const fn from_u128(value: u128) -> Self {
        EventId(value)
    }

    /// The 128-bit value.
    pub const fn as_u128(self) -> u128 {
        self.0
    }

    /// A deterministic id for a message of an outside system: the first 128 bits of
    /// SHA-256(`source` ‖ 0x00 ‖ `key`). The same source and key always give the same id.
    ///
    /// ```
    /// use hoso_core::event::EventId;
    /// let a = EventId::derive("gplx", "MSG-2026-000123");
    /// assert_eq!(a, EventId::derive("gplx", "MSG-2026-000123"));
    /// assert_ne!(a, EventId::derive("land", "MSG-2026-000123"));
    /// ```
    pub fn derive(source: &str, key: &str) -> Self {
        let mut h = Sha256::new();
        h.update(source.as_bytes());
        h.update([0u8]);
        h.update(key.as_bytes());
        let digest = h.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        EventId(u128::from_be_bytes(first))
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            (v >> 96) as u32,
            (v >> 80) as u16,
            (v >> 64) as u16,
            (v >> 48) as u16,
            v & 0xffff_ffff_ffff
        )
    }
}

impl fmt::Debug for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventId({self})")
    }
}

impl FromStr for EventId {
    type Err = EventIdError;
    fn from_str(s: &str) -> Result<Self, EventIdError> {
        let err = || EventIdError {
            value: s.chars().take(64).collect(),
        };
        let groups: Vec<&str> = s.split('-').collect();
        let widths = [8, 4, 4, 4, 12];
        if groups.len() != widths.len() || groups.iter().zip(widths).any(|(g, w)| g.len() != w) {
            return Err(err());
        }
        let mut value: u128 = 0;
        for c in groups.concat().chars() {
            let d = c
                .to_digit(16)
                .filter(|_| !c.is_ascii_uppercase())
                .ok_or_else(err)?;
            value = (value << 4) | u128::from(d);
        }
        Ok(EventId(value))
    }
}

impl TryFrom<String> for EventId {
    type Error = EventIdError;
    fn try_from(s: String) -> Result<Self, EventIdError> {
        s.parse()
    }
}

impl From<EventId> for String {
    fn from(id: EventId) -> String {
        id.to_string()
    }
}

impl JsonSchema for EventId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EventId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_round_trip_through_text() {
        for v in [
            0u128,
            1,
            u128::MAX,
            0x0123_4567_89ab_cdef_0123_4567_89ab_cdef,
        ] {
            let id = EventId::from_u128(v);
            assert_eq!(id.to_string().parse::<EventId>().unwrap(), id);
        }
        assert_eq!(
            EventId::from_u128(1).to_string(),
            "00000000-0000-0000-0000-000000000001"
        );
    }

    #[test]
    fn malformed_event_ids_are_refused() {
        for bad in [
            "",
            "0000",
            "00000000-0000-0000-0000-00000000000g",
            "00000000-0000-0000-0000-0000000000001",
        ] {
            assert!(bad.parse::<EventId>().is_err(), "{bad}");
        }
        assert!(
            "ABCDEF00-0000-0000-0000-000000000000"
                .parse::<EventId>()
                .is_err()
        );
    }
}
