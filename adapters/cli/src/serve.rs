//! `hoso serve`: the agencies file, which names the agencies allowed to push to the gateway
//! (`POST /api/v1/agencies/{agency}/messages`), each with its format and its credential.
//!
//! The file is JSON, closed (an unknown member is an error), and holds no secret:
//!
//! ```json
//! {
//!   "agencies": [
//!     { "agency": "000.00.12.H01", "format": "judicial-json", "version": 2,
//!       "token_sha256": "<64 hexadecimal digits: the SHA-256 of the agency's bearer token>" },
//!     { "agency": "000.00.15.H01", "format": "police-json", "version": 2,
//!       "signature_secret_env": "HOSO_POLICE_SECRET" }
//!   ]
//! }
//! ```
//!
//! - `format`: `licensing-xml`, `land-xml`, `police-json` or `judicial-json`; `version` (1 or 2) is the
//!   version the gateway's codec encodes. Every codec decodes both versions.
//! - The credential is one of `token_sha256` (a bearer token, of which the server keeps only the digest:
//!   `printf %s "$TOKEN" | sha256sum`) or `signature_secret_env`, the name of the environment variable that
//!   holds the police webhooks' shared secret (signed pushes, replay refused). The secret itself is never in
//!   the file, so the file can be kept in version control and shown in a review.
//!
//! ```
//! use hoso_cli::serve::read_agencies;
//! let file = r#"{"agencies": [{"agency": "000.00.12.H01", "format": "judicial-json", "version": 2,
//!     "token_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}"#;
//! let agencies = read_agencies(file, |_| None)?;
//! assert_eq!(agencies[0].agency.to_string(), "000.00.12.H01");
//!
//! let unknown = r#"{"agencies": [{"agency": "000.00.12.H01", "format": "fax", "version": 2}]}"#;
//! let error = read_agencies(unknown, |_| None).unwrap_err();
//! assert!(error.to_string().starts_with("line 1, column"), "{error}");
//! # Ok::<(), hoso_cli::serve::AgenciesError>(())
//! ```

use std::sync::Arc;

use hoso_core::AgencyCode;
use hoso_core::adapter::AgencyCodec;
use hoso_server::{AgencyAuth, GatewayAgency, TokenDigest};
use serde::Deserialize;

/// Why an agencies file was refused: what, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AgenciesError {
    /// Not JSON, or not of the file's shape (an unknown member, a missing one, a wrong type).
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde found.
        message: String,
    },
    /// An entry that parses but cannot be used.
    #[error("$.agencies[{index}].{field}: {message}")]
    Entry {
        /// The entry's index in `agencies`.
        index: usize,
        /// The member at fault.
        field: &'static str,
        /// What is wrong (never a secret or a token).
        message: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    agencies: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    agency: String,
    format: Format,
    version: u8,
    #[serde(default)]
    token_sha256: Option<String>,
    #[serde(default)]
    signature_secret_env: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Format {
    LicensingXml,
    LandXml,
    PoliceJson,
    JudicialJson,
}

/// Reads an agencies file; `env` looks up an environment variable (`|name| std::env::var(name).ok()`).
///
/// # Errors
/// [`AgenciesError`]: bad JSON or shape (with its line and column), an agency code that does not parse, a
/// version other than 1 or 2, an entry with no credential or two, a digest that is not 64 hexadecimal
/// digits, a secret variable that is unset or whose value the police's verifier refuses, an agency named
/// twice.
pub fn read_agencies(
    text: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<GatewayAgency>, AgenciesError> {
    let file: File = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_owned();
        AgenciesError::Syntax {
            line: e.line(),
            column: e.column(),
            message,
        }
    })?;
    let mut agencies: Vec<GatewayAgency> = Vec::with_capacity(file.agencies.len());
    for (index, entry) in file.agencies.into_iter().enumerate() {
        let fail = |field, message: String| AgenciesError::Entry {
            index,
            field,
            message,
        };
        let agency: AgencyCode = entry
            .agency
            .parse()
            .map_err(|e| fail("agency", format!("{e}")))?;
        if agencies.iter().any(|a| a.agency == agency) {
            return Err(fail("agency", format!("{agency} is named twice")));
        }
        let codec = codec(entry.format, agency.clone(), entry.version)
            .ok_or_else(|| fail("version", format!("{}: use 1 or 2", entry.version)))?;
        let auth = match (entry.token_sha256, entry.signature_secret_env) {
            (Some(hex), None) => {
                AgencyAuth::Bearer(TokenDigest::from_hex(&hex).ok_or_else(|| {
                    fail(
                        "token_sha256",
                        "not 64 hexadecimal digits (a SHA-256 digest)".into(),
                    )
                })?)
            }
            (None, Some(name)) => {
                let secret = env(&name).ok_or_else(|| {
                    fail(
                        "signature_secret_env",
                        format!("the environment variable {name} is not set"),
                    )
                })?;
                let secret = hoso_police::webhook::Secret::new(secret.into_bytes())
                    .map_err(|e| fail("signature_secret_env", format!("{name}: {e}")))?;
                AgencyAuth::Signed(Arc::new(hoso_police::webhook::Verifier::new(secret)))
            }
            (Some(_), Some(_)) => {
                return Err(fail(
                    "token_sha256",
                    "give token_sha256 or signature_secret_env, not both".into(),
                ));
            }
            (None, None) => {
                return Err(fail(
                    "token_sha256",
                    "no credential: give token_sha256 or signature_secret_env".into(),
                ));
            }
        };
        agencies.push(GatewayAgency::new(agency, codec, auth));
    }
    Ok(agencies)
}

/// The codec of `format` for `agency`, encoding `version` (`None`: no such version).
fn codec(format: Format, agency: AgencyCode, version: u8) -> Option<Arc<dyn AgencyCodec>> {
    let v2 = match version {
        1 => false,
        2 => true,
        _ => return None,
    };
    Some(match format {
        Format::LicensingXml => {
            use hoso_licensing::Version::{V1, V2};
            Arc::new(hoso_licensing::LicensingCodec::new(
                agency,
                if v2 { V2 } else { V1 },
            ))
        }
        Format::LandXml => {
            use hoso_land::Version::{V1, V2};
            Arc::new(hoso_land::LandCodec::new(agency, if v2 { V2 } else { V1 }))
        }
        Format::PoliceJson => {
            use hoso_police::Version::{V1, V2};
            Arc::new(hoso_police::PoliceCodec::new(
                agency,
                if v2 { V2 } else { V1 },
            ))
        }
        Format::JudicialJson => {
            use hoso_judicial::Version::{V1, V2};
            Arc::new(hoso_judicial::JudicialCodec::new(
                agency,
                if v2 { V2 } else { V1 },
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn one(entry: &str) -> Result<Vec<GatewayAgency>, AgenciesError> {
        let env = |name: &str| (name == "SECRET").then(|| "s".repeat(32));
        read_agencies(&format!(r#"{{"agencies": [{entry}]}}"#), env)
    }

    #[test]
    fn every_format_and_credential_is_read() {
        for format in ["licensing-xml", "land-xml", "police-json", "judicial-json"] {
            for version in [1, 2] {
                let entry = format!(
                    r#"{{"agency": "000.00.12.H01", "format": "{format}", "version": {version}, "token_sha256": "{DIGEST}"}}"#
                );
                let agencies = one(&entry).unwrap();
                assert!(matches!(agencies[0].auth, AgencyAuth::Bearer(_)));
            }
        }
        let signed = one(
            r#"{"agency": "000.00.15.H01", "format": "police-json", "version": 2, "signature_secret_env": "SECRET"}"#,
        )
        .unwrap();
        assert!(matches!(signed[0].auth, AgencyAuth::Signed(_)));
    }

    #[test]
    fn bad_entries_name_their_member() {
        let cases = [
            (
                r#"{"agency": "nope", "format": "land-xml", "version": 2, "token_sha256": "x"}"#,
                "agency",
            ),
            (
                r#"{"agency": "000.00.12.H01", "format": "land-xml", "version": 3, "token_sha256": "x"}"#,
                "version",
            ),
            (
                r#"{"agency": "000.00.12.H01", "format": "land-xml", "version": 2, "token_sha256": "abc"}"#,
                "token_sha256",
            ),
            (
                r#"{"agency": "000.00.12.H01", "format": "land-xml", "version": 2}"#,
                "token_sha256",
            ),
            (
                r#"{"agency": "000.00.12.H01", "format": "police-json", "version": 2, "signature_secret_env": "UNSET"}"#,
                "signature_secret_env",
            ),
        ];
        for (entry, expected) in cases {
            match one(entry) {
                Err(AgenciesError::Entry {
                    index: 0, field, ..
                }) => {
                    assert_eq!(field, expected, "{entry}")
                }
                other => panic!("{entry}: {other:?}"),
            }
        }
        let twice = format!(
            r#"{{"agency": "000.00.12.H01", "format": "land-xml", "version": 2, "token_sha256": "{DIGEST}"}}"#
        );
        let error = one(&format!("{twice}, {twice}")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "$.agencies[1].agency: 000.00.12.H01 is named twice"
        );
    }

    #[test]
    fn an_unknown_member_is_refused_with_its_place() {
        let error = read_agencies(
            "{\"agencies\": [\n  {\"agency\": \"000.00.12.H01\", \"secret\": \"hunter2\"}]}",
            |_| None,
        )
        .unwrap_err();
        let AgenciesError::Syntax { line, message, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(*line, 2);
        assert!(message.contains("unknown field `secret`"), "{message}");
        assert!(!error.to_string().contains("hunter2"));
    }
}
