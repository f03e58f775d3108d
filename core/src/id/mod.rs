//! Identifiers of the dossier world, each a validated newtype.
//!
//! Every identifier parses with [`FromStr`](std::str::FromStr) (or `TryFrom<String>` / `TryFrom<&str>`),
//! prints its canonical form with [`Display`](std::fmt::Display), serialises as a JSON string that is
//! validated again on deserialisation, and publishes a JSON Schema `{"type": "string", "pattern": ...}`
//! whose pattern accepts the same strings as the parser (range rules such as check digits, calendar dates
//! and code lists are checked by the parser only).
//!
//! | type | example | rule |
//! |---|---|---|
//! | [`TrackingNumber`] | `EA123456785VN` | UPU S10 |
//! | [`CitizenId`] | `001201012345` (printed `*********345`) | Circular 59/2021/TT-BCA Art 7 |
//! | [`ProcedureCode`] | `1.013978`, `2.000488.000.00.00.H56` | national procedure database code |
//! | [`AgencyCode`] | `000.00.01.H22` | one-stop agency code |
//! | [`DossierCode`] | `000.00.01.H22-260115-0042` | Circular 01/2018/TT-VPCP Art 19 |
//! | [`PostalCode`] | `10000` | Decision 2475/QĐ-BTTTT |
//! | [`AdminUnitCode`] | `pre2025:district:001`, `2025:ward:00004` | GSO codes, Resolution 202/2025/QH15 |
//!
//! [`Province`] gives the name of a province-level code of either generation, and the 2025 province a pre-2025 one
//! became part of.
//!
//! Errors are one [`IdError`] type: one variant per broken rule, naming the rule, the offending value
//! (citizen ID numbers are redacted to their last 3 digits) and, where it helps, the character position.

use std::fmt;

mod admin_unit;
mod agency;
mod citizen;
mod dossier_code;
mod postal;
mod procedure_code;
mod province;
mod tracking;

pub use admin_unit::{AdminGeneration, AdminLevel, AdminUnitCode};
pub use agency::AgencyCode;
pub use citizen::{CitizenId, Sex};
pub use dossier_code::DossierCode;
pub use postal::PostalCode;
pub use procedure_code::ProcedureCode;
pub use province::Province;
pub use tracking::TrackingNumber;

/// Which identifier an [`IdError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdKind {
    /// [`TrackingNumber`].
    TrackingNumber,
    /// [`CitizenId`].
    CitizenId,
    /// [`ProcedureCode`].
    ProcedureCode,
    /// [`AgencyCode`].
    AgencyCode,
    /// [`DossierCode`].
    DossierCode,
    /// [`PostalCode`].
    PostalCode,
    /// [`AdminUnitCode`].
    AdminUnitCode,
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdKind::TrackingNumber => "tracking number",
            IdKind::CitizenId => "citizen ID",
            IdKind::ProcedureCode => "procedure code",
            IdKind::AgencyCode => "agency code",
            IdKind::DossierCode => "dossier code",
            IdKind::PostalCode => "postal code",
            IdKind::AdminUnitCode => "administrative unit code",
        })
    }
}

/// A string that is not a valid identifier, or identifier parts that do not make one.
///
/// Each variant names the broken rule. `value` is the offending input as given, except for citizen IDs,
/// where it is redacted to asterisks and at most the last 3 characters (personal data, Decree 13/2023/NĐ-CP).
/// `position` is a 0-based `char` index into the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The input is empty.
    #[error("{kind}: empty input ({rule})")]
    Empty {
        /// Identifier being parsed.
        kind: IdKind,
        /// The rule, in words.
        rule: &'static str,
    },
    /// The input has the wrong number of characters.
    #[error("{kind} `{value}`: {found} characters, expected {expected} ({rule})")]
    Length {
        /// Identifier being parsed.
        kind: IdKind,
        /// Offending value (redacted for citizen IDs).
        value: String,
        /// Number of characters found.
        found: usize,
        /// Expected length, in words (`"13"`, `"2 to 32"`).
        expected: &'static str,
        /// The rule, in words.
        rule: &'static str,
    },
    /// A character is not allowed where it stands.
    #[error(
        "{kind} `{value}`: character {found:?} at position {position} is not {expected} ({rule})"
    )]
    Character {
        /// Identifier being parsed.
        kind: IdKind,
        /// Offending value (redacted for citizen IDs).
        value: String,
        /// 0-based char index of the bad character.
        position: usize,
        /// The bad character.
        found: char,
        /// What was expected there, in words.
        expected: &'static str,
        /// The rule, in words.
        rule: &'static str,
    },
    /// A dot-separated code starts or ends with a dot, or has two dots in a row.
    #[error(
        "{kind} `{value}`: empty segment at position {position} (dots separate non-empty segments)"
    )]
    EmptySegment {
        /// Identifier being parsed.
        kind: IdKind,
        /// Offending value.
        value: String,
        /// 0-based char index of the dot that opens or closes the empty segment.
        position: usize,
    },
    /// The UPU S10 check digit does not match the serial number.
    #[error(
        "tracking number `{value}`: check digit {found} at position 10, but UPU S10 gives {expected} for serial {serial:08}"
    )]
    CheckDigit {
        /// Offending value.
        value: String,
        /// The 8-digit serial.
        serial: u32,
        /// Check digit found.
        found: u8,
        /// Check digit computed with the S10 weights 8 6 4 2 3 5 9 7.
        expected: u8,
    },
    /// A UPU S10 serial number has more than 8 digits.
    #[error(
        "tracking number: serial {serial} has more than 8 digits (UPU S10 serials are 00000000..=99999999)"
    )]
    SerialOutOfRange {
        /// Offending serial.
        serial: u32,
    },
    /// The province code of a citizen ID is not in the list of province codes.
    #[error(
        "citizen ID `{value}`: province code {code:03} is not a province code of Circular 59/2021/TT-BCA Annex I"
    )]
    UnknownCitizenIdProvince {
        /// Redacted value (last 3 digits only).
        value: String,
        /// Offending province code.
        code: u16,
    },
    /// A province code is not one of the provinces of the administrative generation.
    #[error(
        "{kind} `{value}`: {code:02} is not a province code of the {generation} administrative units"
    )]
    UnknownProvince {
        /// Identifier being parsed.
        kind: IdKind,
        /// Offending value.
        value: String,
        /// Offending province code.
        code: u16,
        /// The generation whose list was checked.
        generation: AdminGeneration,
    },
    /// A numeric code is all zeros, which no unit, agency or item has.
    #[error("{kind} `{value}`: code of all zeros ({rule})")]
    Zero {
        /// Identifier being parsed.
        kind: IdKind,
        /// Offending value.
        value: String,
        /// The rule, in words.
        rule: &'static str,
    },
    /// The `YYMMDD` part of a dossier code is not a calendar date.
    #[error(
        "dossier code `{value}`: `{date}` at position {position} is not a calendar date YYMMDD (Circular 01/2018/TT-VPCP Art 19)"
    )]
    InvalidDate {
        /// Offending value.
        value: String,
        /// The 6 date digits.
        date: String,
        /// 0-based char index of the date part.
        position: usize,
    },
    /// A dossier code date outside 2000-01-01..=2099-12-31 (two-digit year).
    #[error("dossier code: date {date} cannot be written as YYMMDD (years 2000 to 2099 only)")]
    YearOutOfRange {
        /// Offending date.
        date: jiff::civil::Date,
    },
    /// A daily sequence number outside 1..=9999.
    #[error(
        "dossier code: daily sequence {sequence} is outside 1..=9999 (4 digits, Circular 01/2018/TT-VPCP Art 19)"
    )]
    SequenceOutOfRange {
        /// Offending sequence.
        sequence: u32,
    },
    /// A string that lacks a required separator or part.
    #[error("{kind} `{value}`: {missing} ({rule})")]
    Structure {
        /// Identifier being parsed.
        kind: IdKind,
        /// Offending value.
        value: String,
        /// What is missing or extra, in words.
        missing: &'static str,
        /// The rule, in words.
        rule: &'static str,
    },
    /// An administrative unit tagged with an unknown generation (`pre2025` or `2025` expected).
    #[error(
        "administrative unit code `{value}`: generation `{generation}` is not `pre2025` or `2025`"
    )]
    UnknownGeneration {
        /// Offending value.
        value: String,
        /// The generation tag found.
        generation: String,
    },
    /// An administrative unit tagged with an unknown level (`province`, `district` or `ward` expected).
    #[error(
        "administrative unit code `{value}`: level `{level}` is not `province`, `district` or `ward`"
    )]
    UnknownLevel {
        /// Offending value.
        value: String,
        /// The level tag found.
        level: String,
    },
    /// A district code in the 2025 generation, which has no district level.
    #[error(
        "administrative unit code `{value}`: no district level from 1 July 2025 (Resolution 202/2025/QH15, Law 72/2025/QH15 Art 2)"
    )]
    NoDistrictFrom2025 {
        /// Offending value.
        value: String,
    },
}

/// Checks that `value` has exactly `expected` chars, each accepted by `accept`.
///
/// `show` is what errors print in place of the value (the value itself, or a redaction).
fn check_chars(
    kind: IdKind,
    value: &str,
    show: impl Fn() -> String,
    expected_len: usize,
    expected_len_words: &'static str,
    rule: &'static str,
    accept: impl Fn(usize, char) -> Result<(), &'static str>,
) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind, rule });
    }
    let found = value.chars().count();
    if found != expected_len {
        return Err(IdError::Length {
            kind,
            value: show(),
            found,
            expected: expected_len_words,
            rule,
        });
    }
    for (position, c) in value.chars().enumerate() {
        if let Err(expected) = accept(position, c) {
            return Err(IdError::Character {
                kind,
                value: show(),
                position,
                found: c,
                expected,
                rule,
            });
        }
    }
    Ok(())
}

/// Validates a dot-separated code of uppercase ASCII letters and digits: no leading, trailing or double dot.
///
/// `offset` is added to reported positions (for codes embedded in a longer string).
fn check_dotted(
    kind: IdKind,
    whole: &str,
    part: &str,
    offset: usize,
    rule: &'static str,
) -> Result<(), IdError> {
    let mut previous_dot = true; // a dot at position 0 opens an empty segment
    for (i, c) in part.chars().enumerate() {
        match c {
            '.' if previous_dot => {
                return Err(IdError::EmptySegment {
                    kind,
                    value: whole.to_owned(),
                    position: offset + i,
                });
            }
            '.' => previous_dot = true,
            'A'..='Z' | '0'..='9' => previous_dot = false,
            _ => {
                return Err(IdError::Character {
                    kind,
                    value: whole.to_owned(),
                    position: offset + i,
                    found: c,
                    expected: "an uppercase ASCII letter, a digit or a dot",
                    rule,
                });
            }
        }
    }
    if previous_dot && !part.is_empty() {
        let position = offset + part.chars().count() - 1;
        return Err(IdError::EmptySegment {
            kind,
            value: whole.to_owned(),
            position,
        });
    }
    Ok(())
}

/// Implements the string-shaped traits shared by every identifier:
/// `TryFrom<String>`, `TryFrom<&str>`, serde as a validated string, and `JsonSchema` with an exact pattern.
///
/// `$raw` is the method returning the full canonical string (used for serialisation only).
macro_rules! string_identifier {
    ($ty:ident, $raw:ident, $schema_name:literal, $schema:tt) => {
        impl ::std::convert::TryFrom<&str> for $ty {
            type Error = $crate::id::IdError;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl ::std::convert::TryFrom<String> for $ty {
            type Error = $crate::id::IdError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.$raw())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                s.parse().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }

        impl ::schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed($schema_name)
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(concat!("hoso_core::", $schema_name))
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!($schema)
            }
        }
    };
}
pub(crate) use string_identifier;
