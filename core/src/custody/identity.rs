//! The ID document shown at delivery, as a signed record carries it: never the whole number, but a salted
//! commitment to it and its last 3 characters.
//!
//! A signature fixes what it signs forever: a clear citizen ID number inside a signed record could never be
//! redacted later without breaking the chain. So the record carries
//!
//! - `last_digits`: the number's last 3 characters, enough for a person to recognise which card was shown;
//! - `number_commitment`: HMAC-SHA256 keyed with the dossier's [`DossierSalt`] over
//!   `"<kind>:<number>"` (e.g. `citizen_id_card:001190004567`).
//!
//! The salt is 32 random bytes per dossier, kept by the operator outside the evidence (with the dossier's
//! records). Without it, the 10¹² possible citizen ID numbers cannot be tried against the commitment;
//! with the card and the salt, anyone can show that the card shown was this one ([`IdDocument::matches`]).

use super::bytes::Sha256Digest;
use crate::CitizenId;
use hmac::{KeyInit, Mac};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::fmt;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// An ID document shown at delivery: its kind, the last 3 characters of its number and a salted
/// commitment to the whole number.
///
/// ```
/// use hoso_core::custody::{DocumentNumber, DossierSalt, IdDocument, IdDocumentKind};
/// let salt = DossierSalt::from_bytes([7; 32]);
/// let number: DocumentNumber = "001190004567".parse()?;
/// let shown = IdDocument::commit(IdDocumentKind::CitizenIdCard, &number, &salt)?;
/// assert_eq!(shown.last_digits.as_str(), "567");
/// assert!(shown.matches(&number, &salt));
/// assert!(!shown.matches(&"001190004568".parse()?, &salt));
/// assert!(!shown.matches(&number, &DossierSalt::from_bytes([8; 32])));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdDocument {
    /// Which document.
    pub kind: IdDocumentKind,
    /// The last 3 characters of its number.
    pub last_digits: LastDigits,
    /// HMAC-SHA256, keyed with the dossier's salt, of `"<kind>:<number>"`.
    pub number_commitment: Sha256Digest,
}

/// Why an ID document cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdDocumentError {
    /// A citizen ID card whose number is not a valid personal identification number.
    #[error("the citizen ID card number is not a valid citizen ID: {problem}")]
    InvalidCitizenId {
        /// What is wrong with it (the number itself is not repeated).
        problem: String,
    },
}

impl IdDocument {
    /// The record of `number` shown on a document of `kind`, committed with the dossier's `salt`. A
    /// citizen ID card's number must be a valid personal identification number.
    pub fn commit(
        kind: IdDocumentKind,
        number: &DocumentNumber,
        salt: &DossierSalt,
    ) -> Result<Self, IdDocumentError> {
        if kind == IdDocumentKind::CitizenIdCard
            && let Err(e) = number.expose().parse::<CitizenId>()
        {
            return Err(IdDocumentError::InvalidCitizenId {
                problem: e.to_string(),
            });
        }
        let digest = commitment_mac(kind, number, salt).finalize().into_bytes();
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&digest);
        Ok(IdDocument {
            kind,
            last_digits: LastDigits::of(number),
            number_commitment: Sha256Digest(bytes),
        })
    }

    /// Whether `number` with the dossier's `salt` is the number this record commits to (compared in
    /// constant time).
    pub fn matches(&self, number: &DocumentNumber, salt: &DossierSalt) -> bool {
        LastDigits::of(number) == self.last_digits
            && commitment_mac(self.kind, number, salt)
                .verify_slice(self.number_commitment.as_bytes())
                .is_ok()
    }
}

fn commitment_mac(kind: IdDocumentKind, number: &DocumentNumber, salt: &DossierSalt) -> HmacSha256 {
    // HMAC takes a key of any length; 32 bytes cannot be refused.
    let mut mac = match HmacSha256::new_from_slice(&salt.0) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(kind.name().as_bytes());
    mac.update(b":");
    mac.update(number.expose().as_bytes());
    mac
}

/// The per-dossier secret that keys the ID document commitments of a dossier's records: 32 random bytes,
/// kept by the operator with the dossier, never in the evidence. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct DossierSalt([u8; 32]);

impl DossierSalt {
    /// A salt of these bytes (draw them from a CSPRNG).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        DossierSalt(bytes)
    }

    /// The salt's bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for DossierSalt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DossierSalt(..)")
    }
}

/// The last 3 characters of an ID document number (`A-Z 0-9`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct LastDigits(#[schemars(regex(pattern = r"^[A-Z0-9]{3}$"))] String);

impl LastDigits {
    fn of(number: &DocumentNumber) -> Self {
        let n = number.expose();
        LastDigits(n[n.len().saturating_sub(3)..].to_owned())
    }

    /// The 3 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for LastDigits {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<'de, str>::deserialize(deserializer)?;
        if s.len() == 3
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            Ok(LastDigits(s.into_owned()))
        } else {
            Err(serde::de::Error::custom(
                "last_digits: expected 3 characters A-Z 0-9",
            ))
        }
    }
}

/// Kinds of ID document accepted at delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdDocumentKind {
    /// Citizen identity card (thẻ căn cước / CCCD): its number is the 12-digit personal identification number.
    CitizenIdCard,
    /// Passport (hộ chiếu).
    Passport,
}

impl IdDocumentKind {
    /// The kind's name as written in the `kind` member and in the commitment's message.
    pub fn name(self) -> &'static str {
        match self {
            IdDocumentKind::CitizenIdCard => "citizen_id_card",
            IdDocumentKind::Passport => "passport",
        }
    }
}

/// The number of an ID document, as shown at delivery. Personal data: `Debug` shows only its last 3
/// characters, and records carry only a commitment to it ([`IdDocument`]).
///
/// ```
/// use hoso_core::custody::DocumentNumber;
/// let n: DocumentNumber = "001203004567".parse().unwrap();
/// assert_eq!(format!("{n:?}"), "DocumentNumber(*********567)");
/// assert_eq!(n.expose(), "001203004567");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DocumentNumber(String);

/// A string that is not a plausible ID document number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an ID document number is 5 to 20 characters A-Z 0-9 (found {length} characters)")]
pub struct DocumentNumberError {
    /// Length of the rejected value (the value itself is personal data and not repeated).
    pub length: usize,
}

impl DocumentNumber {
    /// The whole number. Personal data: do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for DocumentNumber {
    type Err = DocumentNumberError;
    fn from_str(s: &str) -> Result<Self, DocumentNumberError> {
        let ok = (5..=20).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if ok {
            Ok(DocumentNumber(s.to_owned()))
        } else {
            Err(DocumentNumberError {
                length: s.chars().count(),
            })
        }
    }
}

impl fmt::Debug for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.chars().count();
        let shown: String = self.0.chars().skip(n.saturating_sub(3)).collect();
        write!(
            f,
            "DocumentNumber({}{shown})",
            "*".repeat(n.saturating_sub(3))
        )
    }
}
