//! The kit tests its checks of notices: a small JSON codec whose version 2 added processing updates, correct,
//! and the same codec with one defect at a time; each defect must make the kit check that covers it fail, with
//! a message that names the defect.
//!
//! The format: `{"version": 1 | 2, "message": ...}` for a notice, `"outbound"` for a message to the agency,
//! `"receipt"` for a receipt, each the port's own JSON. Version 1 has no processing updates.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyAdapter, AgencyCodec, AgencyMessage, AgencySide,
    AgencyTransport, Capabilities, DossierSubmission, Notice, NoticeKind, OutboundKind,
    OutboundMessage, ProcessingUpdate, RestCodec, RestExchange, Routes, SubmissionReceipt,
    WireFormat,
};
use hoso_core::state::{AgencyState, PostalState};
use hoso_testkit::{Sample, Script};
use serde_json::{Value, json};

mod common;
use common::{assert_fails_naming, failure};

/// The one defect a codec has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defect {
    None,
    /// A processing update in version 1, which has none, is read as if version 1 had them.
    KindReadInAVersionWithoutIt,
    /// The message id is made up at each decode (as a codec for a format without ids might), not the agency's.
    MadeUpMessageIds,
    /// Every notice is read as the codec's agency's (as a format without an agency field reads), and the
    /// encoder writes a notice of another agency without refusing it.
    AgencyReplaced,
}

#[derive(Debug)]
struct NoticeCodec {
    agency: AgencyCode,
    version: u64,
    defect: Defect,
    made_up: AtomicU64,
}

fn codec(version: u64, defect: Defect) -> NoticeCodec {
    NoticeCodec {
        agency: "000.00.15.H22".parse().unwrap(),
        version,
        defect,
        made_up: AtomicU64::new(0),
    }
}

impl NoticeCodec {
    fn error(&self, kind: AdapterErrorKind, message: impl Into<String>) -> AdapterError {
        AdapterError::new(kind, self.agency.clone(), message)
    }

    /// The member `family` of a message in a version the codec speaks.
    fn open<T: serde::de::DeserializeOwned>(
        &self,
        bytes: &[u8],
        family: &str,
    ) -> Result<(u64, T), AdapterError> {
        let invalid = |m: String| self.error(AdapterErrorKind::InvalidPayload, m);
        let mut value: Value = serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
        let version = value["version"]
            .as_u64()
            .ok_or_else(|| invalid("no version".into()))?;
        if !(1..=2).contains(&version) {
            return Err(self.error(
                AdapterErrorKind::UnsupportedVersion,
                format!("version {version}"),
            ));
        }
        let body = value
            .get_mut(family)
            .map(Value::take)
            .ok_or_else(|| invalid(format!("no member {family}")))?;
        let body = serde_json::from_value(body).map_err(|e| invalid(format!("{family}: {e}")))?;
        Ok((version, body))
    }

    fn write(&self, family: &str, body: impl serde::Serialize) -> Result<Vec<u8>, AdapterError> {
        serde_json::to_vec_pretty(&json!({"version": self.version, family: body}))
            .map_err(|e| self.error(AdapterErrorKind::InvalidPayload, e.to_string()))
    }
}

impl AgencyCodec for NoticeCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(WireFormat::Json)
            .with_versions(["1", "2"])
            .with_outbound([OutboundKind::Submission])
            .with_notices([NoticeKind::Accepted, NoticeKind::Processing])
            .with_kinds_in("1", [OutboundKind::Submission], [NoticeKind::Accepted])
            .with_idempotent_submission(true)
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        let (version, mut message): (u64, AgencyMessage) = self.open(bytes, "message")?;
        if version == 1
            && message.notice.kind() == NoticeKind::Processing
            && self.defect != Defect::KindReadInAVersionWithoutIt
        {
            return Err(self.error(
                AdapterErrorKind::UnsupportedVersion,
                "version 1 has no processing updates (version 2 added them)",
            ));
        }
        if self.defect == Defect::MadeUpMessageIds {
            message.message_id = format!("KIT-{}", self.made_up.fetch_add(1, Ordering::Relaxed));
        }
        if self.defect == Defect::AgencyReplaced {
            message.agency = self.agency.clone();
        }
        Ok(message)
    }

    fn encode(&self, m: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        self.write("outbound", m)
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        self.open(bytes, "receipt").map(|(_, r)| r)
    }
}

impl RestCodec for NoticeCodec {
    fn routes(&self) -> Routes {
        Routes::new("/kit/ho-so", "thong-diep", "application/json")
    }
}

impl AgencySide for NoticeCodec {
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        self.open(bytes, "outbound").map(|(_, m)| m)
    }

    fn encode_notice(&self, m: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        self.write("message", m)
    }

    fn encode_receipt(&self, r: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        self.write("receipt", r)
    }
}

/// The samples of `version`, written by the correct codec: a submission, an acceptance and, in version 2, a
/// processing update.
fn samples(version: u64) -> Vec<Sample> {
    let c = codec(version, Defect::None);
    let dossier = hoso_testkit::posted_dossier(&c.agency, 1);
    let sent_at: jiff::Timestamp = "2026-03-02T02:00:00Z".parse().unwrap();
    let submission = DossierSubmission::from_dossier(&dossier, sent_at);
    let notice = |id: &str, notice: Notice| AgencyMessage {
        message_id: id.into(),
        agency: c.agency.clone(),
        dossier: dossier.code().clone(),
        reference: None,
        sent_at,
        officer: None,
        notice,
    };
    let mut samples = vec![
        (
            "submission.json",
            c.encode(&OutboundMessage::Submission(submission)).unwrap(),
        ),
        (
            "accepted.json",
            c.encode_notice(&notice(
                "M-1",
                Notice::Accepted {
                    appointment: jiff::civil::date(2026, 3, 10),
                    received_at: None,
                },
            ))
            .unwrap(),
        ),
    ];
    if version == 2 {
        let processing = Notice::Processing {
            update: ProcessingUpdate::Started,
            note: None,
        };
        samples.push((
            "processing.json",
            c.encode_notice(&notice("M-2", processing)).unwrap(),
        ));
    }
    samples
        .into_iter()
        .map(|(name, bytes)| Sample {
            path: PathBuf::from(format!("v{version}/{name}")),
            bytes,
        })
        .collect()
}

fn to_version() -> impl Fn(&[u8], &str) -> Vec<u8> {
    hoso_testkit::json_version_rewrite("/version")
}

fn version_check(version: u64, defect: Defect) -> Result<(), String> {
    failure(|| {
        hoso_testkit::message_kinds_stay_in_their_versions(
            &codec(version, defect),
            &samples(version),
            Some(&to_version()),
        )
    })
}

#[test]
fn the_correct_codec_passes_the_version_checks_of_both_versions() {
    for version in [1, 2] {
        let c = codec(version, Defect::None);
        let s = samples(version);
        hoso_testkit::every_sample_decodes(&c, &s);
        hoso_testkit::round_trip_is_identity(&c, &s);
        hoso_testkit::every_declared_message_has_a_sample(&c, &s);
        hoso_testkit::another_agencys_message_is_not_written_as_ours(&c, &s);
        version_check(version, Defect::None).unwrap();
    }
}

#[test]
fn a_codec_that_writes_another_agencys_notice_as_its_own_fails_the_agency_check() {
    let c = codec(2, Defect::AgencyReplaced);
    let s = samples(2);
    hoso_testkit::round_trip_is_identity(&c, &s);
    assert_fails_naming(
        failure(|| hoso_testkit::another_agencys_message_is_not_written_as_ours(&c, &s)),
        &["v2/accepted.json: a message of agency 000.00.99.H99 was written as another's"],
    );
}

#[test]
fn a_decoder_that_reads_a_kind_in_a_version_without_it_fails_the_version_check() {
    assert_fails_naming(
        version_check(2, Defect::KindReadInAVersionWithoutIt),
        &[
            "v2/processing.json (notice Processing) moved to version 1, which does not carry it",
            "decoded instead of failing",
        ],
    );
}

#[test]
fn samples_of_a_kind_their_version_lacks_or_missing_kinds_fail_the_version_check() {
    // The version 2 samples given to the version 1 suite's check: in a version that does not carry them.
    let c = codec(1, Defect::None);
    let mixed = failure(|| {
        let mut s = samples(1);
        s.extend(samples(2));
        hoso_testkit::message_kinds_stay_in_their_versions(&c, &s, Some(&to_version()));
    });
    assert_fails_naming(mixed, &["the samples of one suite are in several versions"]);
    // Version 2 without its processing sample.
    let missing = failure(|| {
        let mut s = samples(2);
        s.retain(|s| !s.path.ends_with("processing.json"));
        hoso_testkit::message_kinds_stay_in_their_versions(
            &codec(2, Defect::None),
            &s,
            Some(&to_version()),
        );
    });
    assert_fails_naming(
        missing,
        &["version 2 carries the notice Processing, and no sample of it"],
    );
    // A suite that gives no way to move samples, for a codec with kinds by version.
    assert_fails_naming(
        failure(|| {
            hoso_testkit::message_kinds_stay_in_their_versions(&c, &samples(1), None);
        }),
        &["give the suite `to_version`"],
    );
}

/// Accepted, then processing: what the script check runs the codec's defects on.
fn accept_and_process() -> Script {
    let today = hoso_core::time::vietnam_date(jiff::Timestamp::now());
    Script::new()
        .accept(today.checked_add(jiff::Span::new().days(7)).unwrap())
        .start_processing()
}

/// The kit's script check on the exchange every REST adapter is built on, with `defect` in the codec.
fn script_check(defect: Defect) -> Result<(), String> {
    script_check_of(2, defect, accept_and_process(), None)
}

/// The kit's script check of the codec in `version` with `defect`, following `script` with `dossier` filed
/// (the kit's own when `None`) to processing.
fn script_check_of(
    version: u64,
    defect: Defect,
    script: Script,
    dossier: Option<hoso_core::dossier::Dossier>,
) -> Result<(), String> {
    failure(|| {
        let make = move |transport: Arc<dyn AgencyTransport>| -> Arc<dyn AgencyAdapter> {
            Arc::new(RestExchange::new(codec(version, defect), transport))
        };
        let codec = Arc::new(codec(version, defect));
        let expect = (AgencyState::Processing, PostalState::HandedToAgency);
        hoso_testkit::block_on(async {
            match dossier {
                Some(dossier) => {
                    hoso_testkit::dossier_follows_the_agency_script_with(
                        &make, codec, dossier, script, expect,
                    )
                    .await
                }
                None => {
                    hoso_testkit::dossier_follows_the_agency_script(&make, codec, script, expect)
                        .await
                }
            }
        });
    })
}

#[test]
fn a_script_step_the_capabilities_leave_out_fails_naming_the_step() {
    let script = accept_and_process().refuse("Hồ sơ không đủ điều kiện");
    assert_fails_naming(
        script_check_of(2, Defect::None, script, None),
        &[
            "the script cannot be served",
            "script step 3 sends a Refused notice, which the adapter does not declare",
        ],
    );
}

#[test]
fn a_script_step_the_codecs_version_does_not_carry_fails_naming_the_step_not_as_a_failed_poll() {
    // The capabilities declare processing updates (version 2 has them); the codec writes version 1.
    let outcome = script_check_of(1, Defect::None, accept_and_process(), None);
    assert_fails_naming(
        outcome.clone(),
        &[
            "the script cannot be served",
            "script step 2 sends a Processing notice, which the codec cannot carry",
            "version 1 has no processing updates",
        ],
    );
    assert!(!outcome.unwrap_err().contains("poll failed"));
}

#[test]
fn the_typical_script_within_the_capabilities_and_a_dossier_of_the_adapters_procedure_are_served() {
    let caps = codec(2, Defect::None).capabilities();
    // No supplements (the codec sends none) and no result: accepted, processing, late.
    let typical = hoso_testkit::typical_script_for(&caps, hoso_testkit::sample_certificate());
    assert_eq!(typical.steps().len(), 3, "{typical:?}");
    script_check_of(2, Defect::None, typical, None).unwrap();
    let agency = codec(2, Defect::None).agency;
    let own = hoso_testkit::posted_dossier_under(&agency, "2.000488".parse().unwrap(), 2);
    script_check_of(2, Defect::None, accept_and_process(), Some(own)).unwrap();
}

#[test]
fn the_correct_codec_follows_the_script() {
    script_check(Defect::None).unwrap();
}

#[test]
fn a_codec_that_makes_up_message_ids_fails_the_script_check() {
    assert_fails_naming(
        script_check(Defect::MadeUpMessageIds),
        &[
            "which is not one the agency sent",
            "a message delivered again (as every poll does) is applied twice",
        ],
    );
}
