//! What the applicant chose at intake: whether and how to be told about the dossier, in which language.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An e-mail address (personal data): `Debug` and `Display` show only its domain.
///
/// Checked for what a mail header needs, not for deliverability: one `@` with a non-empty local part and a
/// domain of dot-separated labels, at most 254 characters, no spaces, control characters, angle brackets,
/// quotes or commas (so it can never break out of a header line).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why an e-mail address was refused. Never carries the address itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmailError {
    /// Longer than 254 characters.
    #[error("e-mail address: {length} characters, at most 254")]
    TooLong {
        /// Characters counted.
        length: usize,
    },
    /// A character no header-safe address holds.
    #[error("e-mail address: unexpected character at position {position}")]
    BadCharacter {
        /// 0-based character position.
        position: usize,
    },
    /// Not `local@domain` with a non-empty local part and a dotted domain.
    #[error("e-mail address: expected local-part@domain.tld")]
    Shape,
}

impl EmailAddress {
    /// The whole address, for sending only: never log it.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

impl FromStr for EmailAddress {
    type Err = EmailError;
    fn from_str(s: &str) -> Result<Self, EmailError> {
        let s = s.trim();
        let length = s.chars().count();
        if length > 254 {
            return Err(EmailError::TooLong { length });
        }
        if let Some(position) = s
            .chars()
            .position(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c))
        {
            return Err(EmailError::BadCharacter { position });
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Shape)?;
        let labels_ok = domain.split('.').count() >= 2
            && domain
                .split('.')
                .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        if local.is_empty() || domain.contains('@') || !labels_ok {
            return Err(EmailError::Shape);
        }
        Ok(EmailAddress(s.to_owned()))
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, EmailError> {
        s.parse()
    }
}

impl From<EmailAddress> for String {
    fn from(e: EmailAddress) -> String {
        e.0
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress(***@{})", self.domain())
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "***@{}", self.domain())
    }
}

impl JsonSchema for EmailAddress {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EmailAddress".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "E-mail address (personal data).",
            "maxLength": 254,
            "pattern": "^[^@\\s<>\"(),;:\\[\\]\\\\]+@[^@\\s<>\"(),;:\\[\\]\\\\]+\\.[^@\\s<>\"(),;:\\[\\]\\\\]+$"
        })
    }
}

/// The language a citizen reads messages in first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Vietnamese.
    #[default]
    Vi,
    /// English.
    En,
}

impl Language {
    /// The other one.
    pub fn other(self) -> Language {
        match self {
            Language::Vi => Language::En,
            Language::En => Language::Vi,
        }
    }

    /// The BCP 47 tag (`vi`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}

/// How a citizen is to be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "channel")]
pub enum NotifyChannel {
    /// By e-mail, to this address.
    Email {
        /// The address (personal data).
        address: EmailAddress,
    },
    /// By SMS, to the applicant's phone number (the header's, not a second copy of it).
    Sms,
}

/// The applicant's consent to be told about the dossier, as recorded at intake: the channel and the
/// language. A dossier without one (`DossierHeader::notifications` empty) is an applicant who did not ask to
/// be told, or declined: nothing is sent to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NotifyPreference {
    /// Where to.
    #[serde(flatten)]
    pub channel: NotifyChannel,
    /// The language read first (messages carry both).
    #[serde(default)]
    pub language: Language,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_that_could_break_a_header_are_refused_without_echoing_them() {
        for bad in [
            "an@example",
            "@example.vn",
            "an@@example.vn",
            "an@example..vn",
            "an@-x.vn",
        ] {
            assert_eq!(bad.parse::<EmailAddress>(), Err(EmailError::Shape), "{bad}");
        }
        let err = "an@example.vn\r\nBcc: x@y.vn"
            .parse::<EmailAddress>()
            .unwrap_err();
        assert_eq!(err, EmailError::BadCharacter { position: 13 });
        assert!(!err.to_string().contains("example"));
        let long = format!("{}@example.vn", "a".repeat(250));
        assert!(matches!(
            long.parse::<EmailAddress>(),
            Err(EmailError::TooLong { .. })
        ));
    }

    #[test]
    fn an_address_shows_only_its_domain() {
        let e: EmailAddress = " nguyen.an@example.vn ".parse().unwrap();
        assert_eq!(e.reveal(), "nguyen.an@example.vn");
        assert_eq!(format!("{e}"), "***@example.vn");
        assert_eq!(format!("{e:?}"), "EmailAddress(***@example.vn)");
    }

    #[test]
    fn a_preference_reads_and_writes_as_flat_json() {
        let p = NotifyPreference {
            channel: NotifyChannel::Email {
                address: "an@example.vn".parse().unwrap(),
            },
            language: Language::En,
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"channel": "email", "address": "an@example.vn", "language": "en"})
        );
        assert_eq!(serde_json::from_value::<NotifyPreference>(json).unwrap(), p);
        let sms: NotifyPreference =
            serde_json::from_value(serde_json::json!({"channel": "sms"})).unwrap();
        assert_eq!(
            (sms.channel, sms.language),
            (NotifyChannel::Sms, Language::Vi)
        );
        assert!(
            serde_json::from_value::<NotifyPreference>(
                serde_json::json!({"channel": "email", "address": "nope"})
            )
            .is_err()
        );
    }
}
