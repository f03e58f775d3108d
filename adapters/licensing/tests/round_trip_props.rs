//! Properties: any message the format can carry comes back unchanged from encode → decode, whatever its text
//! (markup characters, Vietnamese letters, entities), in both versions.

use hoso_core::Vnd;
use hoso_core::adapter::{
    AdapterErrorKind, AgencyCodec, AgencyMessage, AgencyRef, AgencySide, DossierSubmission,
    IssuedDocument, Notice, OutboundMessage, SubmissionApplicant, SubmittedDocument,
};
use hoso_licensing::{LicensingCodec, Version};
use jiff::Timestamp;
use jiff::civil::Date;
use proptest::prelude::*;

const AGENCY: &str = "000.00.15.H22";

/// Text as agencies write it: letters with diacritics, digits, punctuation and markup characters, no
/// surrounding whitespace (text fields are trimmed: README).
fn text() -> impl Strategy<Value = String> {
    // À-ỹ holds U+1680 (Ogham space mark), which is whitespace: trimmed, as the decoder trims text.
    "[A-Za-zÀ-ỹĐđ0-9&<>\"'.,;:/()-]([A-Za-zÀ-ỹĐđ0-9&<>\"'.,;:/() -]{0,30}[A-Za-zÀ-ỹĐđ0-9&<>\"'.,;:/()-])?"
        .prop_filter("no surrounding whitespace", |s: &String| s.trim() == s)
}

fn date() -> impl Strategy<Value = Date> {
    (2000i16..2099, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn instant() -> impl Strategy<Value = Timestamp> {
    (946_684_800i64..4_102_444_800).prop_map(|s| Timestamp::from_second(s).unwrap())
}

fn notice(v2: bool) -> impl Strategy<Value = Notice> {
    let opt = move |s: BoxedStrategy<String>| s.prop_map(move |x| v2.then_some(x));
    prop_oneof![
        (date(), instant()).prop_map(move |(appointment, at)| Notice::Accepted {
            appointment,
            received_at: v2.then_some(at)
        }),
        (text(), prop::collection::vec(text(), 0..4), date()).prop_map(
            move |(reason, missing, due)| {
                Notice::SupplementRequested {
                    reason,
                    missing,
                    due: v2.then_some(due),
                }
            }
        ),
        (text(), opt(text().boxed()), opt(text().boxed())).prop_map(
            |(reason, reason_code, legal_basis)| {
                Notice::Refused {
                    reason,
                    reason_code,
                    legal_basis,
                }
            }
        ),
        (
            text(),
            text(),
            prop::collection::vec("[A-Z][0-9A-Z]{0,2}", 1..4),
            date(),
            prop::option::of(date())
        )
            .prop_map(move |(title, number, categories, issued_on, valid_until)| {
                Notice::ResultReady {
                    document: IssuedDocument {
                        title: if v2 {
                            title
                        } else {
                            "Giấy phép lái xe".into()
                        },
                        number: number.clone(),
                        serial: v2.then_some(number),
                        categories,
                        issued_on,
                        valid_until,
                    },
                }
            }),
    ]
}

fn message(v2: bool) -> impl Strategy<Value = AgencyMessage> {
    (
        text(),
        prop::option::of(text()),
        instant(),
        prop::option::of(text()),
        notice(v2),
    )
        .prop_map(|(id, reference, sent_at, officer, notice)| AgencyMessage {
            message_id: id,
            agency: AGENCY.parse().unwrap(),
            dossier: "000.00.15.H22-260115-0042".parse().unwrap(),
            reference: reference.map(AgencyRef),
            sent_at,
            officer,
            notice,
        })
}

fn submission(v2: bool) -> impl Strategy<Value = OutboundMessage> {
    let document =
        (text(), 0u32..5, 0u32..5, 1u32..50).prop_map(move |(name, originals, copies, pages)| {
            SubmittedDocument {
                name,
                originals,
                copies,
                pages: v2.then_some(pages),
            }
        });
    (
        text(),
        instant(),
        text(),
        prop::option::of(text()),
        prop::collection::vec(document, 0..5),
        0u64..10_000_000,
        any::<bool>(),
    )
        .prop_map(
            move |(id, sent_at, name, address, documents, fee, by_post)| {
                OutboundMessage::Submission(DossierSubmission {
                    message_id: id,
                    sent_at,
                    dossier: "000.00.15.H22-260115-0042".parse().unwrap(),
                    procedure: "1.002820".parse().unwrap(),
                    applicant: SubmissionApplicant {
                        name,
                        citizen_id: Some("001090012345".parse().unwrap()),
                        phone: None,
                        address,
                        email: None,
                    },
                    documents,
                    fee: Vnd(fee),
                    result_by_post: by_post,
                })
            },
        )
}

fn codec(v2: bool) -> LicensingCodec {
    LicensingCodec::new(
        AGENCY.parse().unwrap(),
        if v2 { Version::V2 } else { Version::V1 },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_notice_survives_encode_then_decode(v2 in any::<bool>(), m in any::<bool>().prop_flat_map(message)) {
        // Encode in the version the message was generated for (v1 messages fit both).
        let c = codec(v2 || m.notice != strip(&m.notice));
        let bytes = c.encode_notice(&m).unwrap();
        prop_assert_eq!(c.decode(&bytes).unwrap(), m);
    }

    #[test]
    fn any_submission_survives_encode_then_decode(v2 in any::<bool>(), s in any::<bool>().prop_flat_map(submission)) {
        let needs_v2 = matches!(&s, OutboundMessage::Submission(d) if d.documents.iter().any(|x| x.pages.is_some()));
        let c = codec(v2 || needs_v2);
        let bytes = c.encode(&s).unwrap();
        prop_assert_eq!(c.decode_outbound(&bytes).unwrap(), s);
    }

    #[test]
    fn a_control_character_is_refused_not_written(reason in text(), at in 0usize..20) {
        let mut reason = reason;
        let cut = reason.char_indices().nth(at).map_or(reason.len(), |(i, _)| i);
        reason.insert(cut, '\u{1}');
        let m = AgencyMessage {
            message_id: "M-1".into(),
            agency: AGENCY.parse().unwrap(),
            dossier: "000.00.15.H22-260115-0042".parse().unwrap(),
            reference: None,
            sent_at: Timestamp::from_second(1_800_000_000).unwrap(),
            officer: None,
            notice: Notice::Refused { reason, reason_code: None, legal_basis: None },
        };
        // A value XML 1.0 cannot carry is bad input, not a message the format lacks a form for.
        let err = codec(true).encode_notice(&m).unwrap_err();
        prop_assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    }
}

/// The notice as v1 can carry it (the fields v2 added removed).
fn strip(notice: &Notice) -> Notice {
    match notice.clone() {
        Notice::Accepted { appointment, .. } => Notice::Accepted {
            appointment,
            received_at: None,
        },
        Notice::SupplementRequested {
            reason, missing, ..
        } => Notice::SupplementRequested {
            reason,
            missing,
            due: None,
        },
        Notice::Refused { reason, .. } => Notice::Refused {
            reason,
            reason_code: None,
            legal_basis: None,
        },
        Notice::ResultReady { mut document } => {
            document.serial = None;
            Notice::ResultReady { document }
        }
        other => other,
    }
}
