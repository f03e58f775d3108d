//! The kit tests its XML checks: a small XML codec on `hoso-xml`, correct, and the same codec with one defect
//! at a time; and a correct XSD beside broken ones. Each defect must make the check that covers it fail, with
//! a message that names the defect.
//!
//! The format: `<BienNhan xmlns="urn:hoso:kit:v1" maThongDiep=".." thoiGianGui="..">` with `MaHoSo` and
//! `SoBienNhan` and the holder's `SoDinhDanh`, a receipt and nothing else.

use std::path::{Path, PathBuf};

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyCodec, AgencyMessage, AgencyRef, AgencySide,
    Capabilities, OutboundMessage, SubmissionReceipt,
};
use hoso_core::{AgencyCode, CitizenId};
use hoso_testkit::Sample;
use hoso_xml::{DateFormat, DateTimeFormat, Envelope, Limits, XmlResult};

mod common;
use common::{assert_fails_naming, failure};

hoso_xml::format_versions! {
    /// The one version of the kit's receipt format.
    pub enum Version {
        /// Version 1.
        V1 => ("urn:hoso:kit:v1", "1", optional),
    }
}

static ENVELOPE: Envelope<Version> = Envelope {
    format: "the kit's receipt format",
    namespace_prefix: "urn:hoso:kit:",
    versions: &Version::ALL,
    version_attribute: "phienBan",
    message_id_attribute: "maThongDiep",
    sent_at_attribute: "thoiGianGui",
    date: DateFormat {
        pattern: "yyyy-MM-dd",
    },
    date_time: DateTimeFormat {
        pattern: "yyyy-MM-ddTHH:mm:ss+07:00",
    },
    inner_attributes: |_| &[],
};

/// The one defect a codec has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defect {
    None,
    /// An element the decoder does not know is skipped instead of refused.
    UnknownElementSkipped,
    /// A field given twice keeps its last value instead of being refused.
    LastValueWins,
    /// The citizen ID is parsed by hand and quoted whole when it is invalid.
    PersonalDataInError,
}

#[derive(Debug)]
struct ReceiptCodec {
    agency: AgencyCode,
    defect: Defect,
}

fn codec(defect: Defect) -> ReceiptCodec {
    ReceiptCodec {
        agency: "000.00.15.H22".parse().unwrap(),
        defect,
    }
}

impl ReceiptCodec {
    fn read(&self, bytes: &[u8]) -> XmlResult<SubmissionReceipt> {
        let (mut m, root, head) = ENVELOPE.open(bytes, Limits::default(), &self.agency)?;
        if root.local_name() != "BienNhan" {
            return Err(m.unknown_message(&root));
        }
        let (mut dossier, mut reference, mut holder) = (None, None, None);
        while let Some(el) = m.next_child()? {
            if el.local_name() == "SoDinhDanh" {
                let id = if self.defect == Defect::PersonalDataInError {
                    let text = m.string(&el)?;
                    text.parse::<CitizenId>()
                        .map_err(|_| m.invalid(&el, format!("{text} is not a citizen ID")))?
                } else {
                    m.citizen_id(&el)?
                };
                m.set(&mut holder, id, &el)?;
                continue;
            }
            let slot = match el.local_name() {
                "MaHoSo" => &mut dossier,
                "SoBienNhan" => &mut reference,
                _ if self.defect == Defect::UnknownElementSkipped => {
                    m.text(&el)?;
                    continue;
                }
                _ => return Err(m.unknown(&el)),
            };
            let value = m.string(&el)?;
            if self.defect == Defect::LastValueWins {
                *slot = Some(value);
            } else {
                m.set(slot, value, &el)?;
            }
        }
        let dossier = dossier.ok_or_else(|| m.missing(&root, "MaHoSo"))?;
        let reference = reference.ok_or_else(|| m.missing(&root, "SoBienNhan"))?;
        m.finish()?;
        Ok(SubmissionReceipt {
            agency: self.agency.clone(),
            dossier: dossier.parse().map_err(|e| {
                Box::new(AdapterError::new(
                    AdapterErrorKind::InvalidPayload,
                    self.agency.clone(),
                    format!("MaHoSo: {e}"),
                ))
            })?,
            reference: AgencyRef(reference),
            idempotency_key: head.message_id,
            received_at: head.sent_at,
        })
    }

    fn none(&self, what: &str) -> AdapterError {
        AdapterError::new(
            AdapterErrorKind::Unsupported,
            self.agency.clone(),
            format!("this format has no {what}"),
        )
    }
}

impl AgencyCodec for ReceiptCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        ENVELOPE.capabilities(Limits::default())
    }

    fn decode(&self, _: &[u8]) -> Result<AgencyMessage, AdapterError> {
        Err(self.none("notices"))
    }

    fn encode(&self, _: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        Err(self.none("messages to the agency"))
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        self.read(bytes).map_err(|e| *e)
    }
}

impl AgencySide for ReceiptCodec {
    fn decode_outbound(&self, _: &[u8]) -> Result<OutboundMessage, AdapterError> {
        Err(self.none("messages to the agency"))
    }

    fn encode_notice(&self, _: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        Err(self.none("notices"))
    }

    fn encode_receipt(&self, _: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        Err(self.none("encoder in this test"))
    }
}

fn samples() -> Vec<Sample> {
    let bytes = br#"<?xml version="1.0" encoding="UTF-8"?>
<BienNhan xmlns="urn:hoso:kit:v1" maThongDiep="BN-1" thoiGianGui="2026-03-02T09:00:00+07:00">
  <MaHoSo>000.00.15.H22-260302-0001</MaHoSo>
  <SoBienNhan>REF-1</SoBienNhan>
  <SoDinhDanh>001085012345</SoDinhDanh>
</BienNhan>
"#;
    vec![Sample {
        path: PathBuf::from("bien-nhan.xml"),
        bytes: bytes.to_vec(),
    }]
}

/// The schema's body: `{children}` is the root's content model.
fn xsd(children: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:hoso:kit:v1"
           xmlns="urn:hoso:kit:v1" elementFormDefault="qualified">
  <xs:element name="BienNhan">
    <xs:complexType>
      {children}
      <xs:attribute name="maThongDiep" type="xs:string" use="required"/>
      <xs:attribute name="thoiGianGui" type="xs:string" use="required"/>
      <xs:attribute name="phienBan" type="xs:string"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"#
    )
}

const CLOSED: &str = r#"<xs:sequence>
        <xs:element name="MaHoSo" type="xs:string"/>
        <xs:element name="SoBienNhan" type="xs:string"/>
        <xs:element name="SoDinhDanh" type="xs:string"/>
      </xs:sequence>"#;

/// Runs the XSD check with `schema` written to a file of its own.
fn xsd_check(name: &str, schema: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("hoso-testkit-xsd-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("schema.xsd");
    std::fs::write(&path, schema).unwrap();
    // The samples as files: xmllint reads them from disk.
    let samples: Vec<Sample> = samples()
        .into_iter()
        .map(|s| {
            let file = dir.join(&s.path);
            std::fs::write(&file, &s.bytes).unwrap();
            Sample { path: file, ..s }
        })
        .collect();
    let outcome =
        failure(|| hoso_testkit::samples_validate_against_xsd(Path::new(&path), &samples));
    std::fs::remove_dir_all(&dir).unwrap();
    outcome
}

#[test]
fn the_correct_codec_and_schema_pass_every_check_they_are_controls_for() {
    let c = codec(Defect::None);
    let s = samples();
    hoso_testkit::every_sample_decodes(&c, &s);
    hoso_testkit::unknown_elements_are_an_error(&c, &s);
    hoso_testkit::duplicated_elements_are_refused(&c, &s);
    hoso_testkit::unknown_attributes_are_an_error(&c, &s);
    hoso_testkit::duplicated_attributes_are_an_error(&c, &s);
    hoso_testkit::personal_data_stays_out_of_errors(&c, &s);
    xsd_check("correct", &xsd(CLOSED)).unwrap();
    // The schema's target namespace is the version's: version 999 is another namespace, refused.
    let dir = std::env::temp_dir().join(format!("hoso-testkit-xsd-{}-version", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("schema.xsd");
    std::fs::write(&path, xsd(CLOSED)).unwrap();
    let to_999 = hoso_testkit::xml_namespace_version_999;
    let outcome =
        failure(|| hoso_testkit::schema_refuses_other_versions(&c, &path, &s, &to_999, None));
    std::fs::remove_dir_all(&dir).unwrap();
    outcome.unwrap();
}

#[test]
fn a_decoder_that_skips_unknown_elements_fails_the_unknown_element_check() {
    assert_fails_naming(
        failure(|| {
            hoso_testkit::unknown_elements_are_an_error(
                &codec(Defect::UnknownElementSkipped),
                &samples(),
            )
        }),
        &[
            "bien-nhan.xml",
            "an unknown element KitUnknownElement in /BienNhan (line 2)",
            "decoded instead of failing",
        ],
    );
}

#[test]
fn a_decoder_where_the_last_value_wins_fails_the_duplicate_check() {
    assert_fails_naming(
        failure(|| {
            hoso_testkit::duplicated_elements_are_refused(&codec(Defect::LastValueWins), &samples())
        }),
        &[
            "bien-nhan.xml",
            "element /BienNhan/MaHoSo (line 3) given twice",
            "read as if it were given once",
        ],
    );
}

#[test]
fn a_vacuous_schema_fails_the_schema_check() {
    let vacuous = r#"<xs:sequence>
        <xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded" namespace="urn:hoso:kit:v1"/>
      </xs:sequence>"#;
    assert_fails_naming(
        xsd_check("vacuous", &xsd(vacuous)),
        &[
            "accepts",
            "bien-nhan.xml with an unknown element KitUnknownElement",
        ],
    );
}

#[test]
fn a_schema_that_requires_nothing_fails_the_schema_check() {
    let optional = CLOSED.replace(
        "type=\"xs:string\"/>",
        "type=\"xs:string\" minOccurs=\"0\"/>",
    );
    assert_fails_naming(
        xsd_check("optional", &xsd(&optional)),
        &[
            "bien-nhan.xml with any one child of its root removed",
            "the schema must say which elements are required",
        ],
    );
}

#[test]
fn a_decoder_that_quotes_a_citizen_id_fails_the_personal_data_check() {
    assert_fails_naming(
        failure(|| {
            hoso_testkit::personal_data_stays_out_of_errors(
                &codec(Defect::PersonalDataInError),
                &samples(),
            )
        }),
        &[
            "bien-nhan.xml",
            "quotes it whole",
            "personal data must be masked",
        ],
    );
}
