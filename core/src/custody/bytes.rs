//! Fixed-size byte strings of the custody chain (SHA-256 digests, ed25519 keys and signatures), written
//! in JSON as lowercase hexadecimal.
//!
//! Only lowercase is accepted on input: a file has exactly one spelling of each value, so a changed letter
//! case is a changed file (see the canonical form in `docs/custody.md`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A hexadecimal string that is not the expected lowercase spelling of a fixed number of bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HexError {
    /// The string has the wrong length.
    #[error("expected {expected} lowercase hex digits, found {found} characters")]
    WrongLength {
        /// Digits expected (twice the byte count).
        expected: usize,
        /// Characters found.
        found: usize,
    },
    /// A character that is not `0-9` or `a-f`.
    #[error("character {found:?} at position {position} is not a lowercase hex digit")]
    NotLowercaseHex {
        /// Zero-based character position.
        position: usize,
        /// The offending character.
        found: char,
    },
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hexadecimal of some bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
        s.push(char::from(HEX_DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Parses exactly `N` bytes written as `2N` lowercase hex digits.
pub fn from_hex<const N: usize>(s: &str) -> Result<[u8; N], HexError> {
    if s.len() != 2 * N {
        return Err(HexError::WrongLength {
            expected: 2 * N,
            found: s.chars().count(),
        });
    }
    let mut out = [0u8; N];
    let digit = |position: usize, c: u8| match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        _ => Err(HexError::NotLowercaseHex {
            position,
            found: s[position..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        }),
    };
    for (i, (byte, pair)) in out.iter_mut().zip(s.as_bytes().chunks_exact(2)).enumerate() {
        if let [hi, lo] = *pair {
            *byte = (digit(2 * i, hi)? << 4) | digit(2 * i + 1, lo)?;
        }
    }
    Ok(out)
}

macro_rules! hex_bytes {
    ($(#[$doc:meta])* $name:ident, $n:expr, $schema_name:literal, $pattern:literal, $description:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub [u8; $n]);

        impl $name {
            /// The raw bytes.
            pub fn as_bytes(&self) -> &[u8; $n] {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&to_hex(&self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), to_hex(&self.0))
            }
        }

        impl FromStr for $name {
            type Err = HexError;
            fn from_str(s: &str) -> Result<Self, HexError> {
                from_hex::<$n>(s).map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&to_hex(&self.0))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = Cow::<'de, str>::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($schema_name)
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $description,
                })
            }
        }
    };
}

hex_bytes!(
    /// A SHA-256 digest (of a record's canonical bytes, or of a digital document, photo or image).
    ///
    /// ```
    /// use hoso_core::custody::Sha256Digest;
    /// let d = Sha256Digest::of(b"abc");
    /// assert_eq!(d.to_string(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /// assert_eq!(d.to_string().parse::<Sha256Digest>().unwrap(), d);
    /// ```
    Sha256Digest,
    32,
    "Sha256Digest",
    "^[0-9a-f]{64}$",
    "SHA-256 digest, 64 lowercase hexadecimal digits."
);

hex_bytes!(
    /// An ed25519 public key (RFC 8032), 32 bytes.
    PublicKeyBytes,
    32,
    "PublicKeyBytes",
    "^[0-9a-f]{64}$",
    "ed25519 public key (RFC 8032), 64 lowercase hexadecimal digits."
);

hex_bytes!(
    /// An ed25519 signature (RFC 8032), 64 bytes.
    SignatureBytes,
    64,
    "SignatureBytes",
    "^[0-9a-f]{128}$",
    "ed25519 signature (RFC 8032), 128 lowercase hexadecimal digits."
);

impl Sha256Digest {
    /// The SHA-256 digest of some bytes.
    pub fn of(bytes: &[u8]) -> Self {
        Sha256Digest(Sha256::digest(bytes).into())
    }
}
