//! What the envelope and the message reader guarantee to every adapter, each rule a test.

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyRef, Decoded, MessageFamily, SubmissionApplicant,
    SubmissionReceipt,
};

use super::{agency, at};
use crate::{
    ApplicantNames, DateFormat, DateTimeFormat, Element, EncodeError, Envelope, FormatVersion,
    Head, Limits, MessageReader, XmlResult, XmlWriter,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V {
    One,
    Two,
}

impl std::fmt::Display for V {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            V::One => "v1",
            V::Two => "v2",
        })
    }
}

impl FormatVersion for V {
    fn namespace(self) -> &'static str {
        match self {
            V::One => "urn:example:v1",
            V::Two => "urn:example:v2",
        }
    }
    fn number(self) -> &'static str {
        match self {
            V::One => "1",
            V::Two => "2",
        }
    }
    fn requires_number(self) -> bool {
        self == V::Two
    }
}

static ENVELOPE: Envelope<V> = Envelope {
    format: "the example office's format",
    namespace_prefix: "urn:example:",
    versions: &[V::One, V::Two],
    version_attribute: "phienBan",
    message_id_attribute: "maThongDiep",
    sent_at_attribute: "thoiGianGui",
    date: DateFormat {
        pattern: "yyyy-MM-dd",
    },
    date_time: DateTimeFormat {
        pattern: "dd/MM/yyyy HH:mm:ss",
    },
    inner_attributes: |_| &[],
};

const SENT: &str = "05/01/2026 08:00:00";

/// A message of version 2 with `attrs` on its root and `body` inside, the root on line 2.
fn message(attrs: &str, body: &str) -> String {
    format!("<?xml version=\"1.0\"?>\n<Msg xmlns=\"urn:example:v2\" {attrs}>\n{body}\n</Msg>")
}

fn good(body: &str) -> String {
    message(
        &format!("phienBan=\"2\" maThongDiep=\"m-1\" thoiGianGui=\"{SENT}\""),
        body,
    )
}

fn head(input: &str) -> XmlResult<(V, Head)> {
    let agency = agency();
    let (m, _root, head) = ENVELOPE.open(input.as_bytes(), Limits::default(), &agency)?;
    Ok((m.version(), head))
}

fn refused(input: &str) -> AdapterError {
    *head(input).expect_err("refused")
}

/// Reads one child of the root into the slot.
type Read<T> = for<'a> fn(&mut MessageReader<'a, V>, &Element<'a>, &mut Option<T>) -> XmlResult<()>;

/// Reads every child of the root with `read`.
fn fields<T>(input: &str, read: Read<T>) -> XmlResult<Option<T>> {
    let agency = agency();
    let (mut m, _root, _head) = ENVELOPE.open(input.as_bytes(), Limits::default(), &agency)?;
    let mut slot = None;
    while let Some(el) = m.next_child()? {
        read(&mut m, &el, &mut slot)?;
    }
    m.finish()?;
    Ok(slot)
}

#[test]
fn the_envelope_gives_the_version_message_id_and_send_time() {
    let (version, head) = head(&good("<A>x</A>")).unwrap();
    assert_eq!(version, V::Two);
    assert_eq!(head.message_id, "m-1");
    assert_eq!(head.sent_at, "2026-01-05T01:00:00Z".parse().unwrap());
    let v1 = format!(
        "<Msg xmlns=\"urn:example:v1\" maThongDiep=\"m\" thoiGianGui=\"{SENT}\"><A/></Msg>"
    );
    assert_eq!(self::head(&v1).unwrap().0, V::One, "v1 may omit phienBan");
}

#[test]
fn a_blank_or_missing_message_id_is_refused_at_the_root() {
    for id in ["", " ", "\t \n", "&#x20;&#9;"] {
        let e = refused(&message(
            &format!("phienBan=\"2\" maThongDiep=\"{id}\" thoiGianGui=\"{SENT}\""),
            "<A/>",
        ));
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload, "{id:?}");
        assert!(e.message().contains("maThongDiep"), "{id:?}: {e}");
        assert_eq!(at(&e), (2, 1), "{id:?}");
    }
    let e = refused(&message(
        &format!("phienBan=\"2\" thoiGianGui=\"{SENT}\""),
        "<A/>",
    ));
    assert!(e.message().contains("lacks attribute maThongDiep"), "{e}");
    assert_eq!(at(&e), (2, 1));
}

#[test]
fn a_missing_or_malformed_send_time_is_refused_at_the_root() {
    let e = refused(&message(
        "phienBan=\"2\" maThongDiep=\"m\" thoiGianGui=\"05/01/2026\"",
        "<A/>",
    ));
    assert!(e.message().contains("dd/MM/yyyy HH:mm:ss"), "{e}");
    assert_eq!(at(&e), (2, 1));
    let e = refused(&message("phienBan=\"2\" maThongDiep=\"m\"", "<A/>"));
    assert!(e.message().contains("thoiGianGui"), "{e}");
}

#[test]
fn the_version_comes_from_the_namespace_and_the_attribute_must_agree() {
    let ids = format!("maThongDiep=\"m\" thoiGianGui=\"{SENT}\"");
    let cases = [
        (
            "phienBan=\"1\"",
            AdapterErrorKind::InvalidPayload,
            "contradicts",
        ),
        (
            "phienBan=\"9\"",
            AdapterErrorKind::UnsupportedVersion,
            "contradicts",
        ),
        (
            "",
            AdapterErrorKind::InvalidPayload,
            "requires the attribute phienBan",
        ),
    ];
    for (version, kind, says) in cases {
        let e = refused(&message(&format!("{version} {ids}"), "<A/>"));
        assert_eq!(e.kind(), kind, "{version}: {e}");
        assert!(e.message().contains(says), "{version}: {e}");
        assert_eq!(at(&e), (2, 1));
    }
    let v3 = good("<A/>").replace("urn:example:v2", "urn:example:v3");
    let e = refused(&v3);
    assert_eq!(e.kind(), AdapterErrorKind::UnsupportedVersion);
    assert!(
        e.message().contains("v3") && e.message().contains("v1, v2"),
        "{e}"
    );
    let other = good("<A/>").replace("urn:example:v2", "urn:other:v2");
    let e = refused(&other);
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert!(e.message().contains("the example office's format"), "{e}");
}

#[test]
fn an_empty_message_is_refused() {
    let input = format!(
        "<Msg xmlns=\"urn:example:v2\" phienBan=\"2\" maThongDiep=\"m\" thoiGianGui=\"{SENT}\"/>"
    );
    assert!(refused(&input).message().contains("is empty"));
}

#[test]
fn a_field_given_twice_is_refused_at_its_second_occurrence() {
    let input = good("  <A>x</A>\n  <A>y</A>");
    let read: Read<String> = |m, el, slot| {
        let v = m.string(el)?;
        m.set(slot, v, el)
    };
    let e = fields(&input, read).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert!(e.message().contains("A appears twice"), "{e}");
    assert_eq!(at(&e), (4, 3));
}

#[test]
fn text_is_trimmed_and_blank_text_is_refused_where_a_value_is_read() {
    let read: Read<String> = |m, el, slot| {
        let v = m.string(el)?;
        m.set(slot, v, el)
    };
    assert_eq!(
        fields(&good("<A>\n  x y \t</A>"), read).unwrap().as_deref(),
        Some("x y")
    );
    for blank in ["<A/>", "<A></A>", "<A>  \n\t</A>", "<A>&#x20;</A>"] {
        let e = fields(&good(&format!("  {blank}")), read).unwrap_err();
        assert!(e.message().contains("A is empty"), "{blank}: {e}");
        assert_eq!(at(&e), (3, 3), "{blank}");
    }
}

#[test]
fn personal_data_is_parsed_with_the_core_types_and_never_quoted_whole() {
    const NAMES: ApplicantNames = ApplicantNames {
        name: "HoTen",
        citizen_id: "SoDinhDanh",
        phone: "SoDienThoai",
        address: "DiaChi",
        email: None,
    };
    let read = |input: &str| {
        let read: Read<SubmissionApplicant> = |m, el, slot| {
            let v = m.applicant(el, &NAMES)?;
            m.set(slot, v, el)
        };
        fields(&good(input), read)
    };
    let ok = read("<Nguoi><HoTen>An</HoTen><SoDinhDanh>001090012345</SoDinhDanh><SoDienThoai>0912345678</SoDienThoai></Nguoi>")
        .unwrap()
        .unwrap();
    assert_eq!(
        ok.citizen_id.as_ref().map(|c| c.reveal()),
        Some("001090012345")
    );
    for (bad, value) in [
        ("<SoDinhDanh>00109001234X</SoDinhDanh>", "00109001234"),
        ("<SoDienThoai>09123456789999</SoDienThoai>", "0912345678"),
    ] {
        let e = read(&format!("<Nguoi><HoTen>An</HoTen>{bad}</Nguoi>")).unwrap_err();
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
        assert!(!e.to_string().contains(value), "personal data in {e}");
    }
    let e = read("<Nguoi><DiaChi>x</DiaChi></Nguoi>").unwrap_err();
    assert!(e.message().contains("lacks element HoTen"), "{e}");
    let e = read("<Nguoi><HoTen>An</HoTen><Email>a@b</Email></Nguoi>").unwrap_err();
    assert!(
        e.message()
            .contains("unexpected element Email in version v2"),
        "{e}"
    );
}

#[test]
fn lists_are_bounded_and_hold_only_their_items() {
    let limits = Limits::default();
    let items = "<I>x</I>".repeat(limits.max_list_items + 1);
    let read: Read<Vec<String>> = |m, el, slot| {
        let v = m.list(el, "I", "items", |m, item| m.string(item))?;
        m.set(slot, v, el)
    };
    let e = fields(&good(&format!("<L>{items}</L>")), read).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::LimitExceeded);
    assert!(e.message().contains("more than 256 items"), "{e}");
    let e = fields(&good("<L><I>x</I><J>y</J></L>"), read).unwrap_err();
    assert!(e.message().contains("unexpected element J"), "{e}");
    assert_eq!(fields(&good("<L/>"), read).unwrap(), Some(vec![]));
    assert_eq!(
        fields(&good("<L><I> a </I><I>b</I></L>"), read).unwrap(),
        Some(vec!["a".into(), "b".into()])
    );
}

#[test]
fn whole_numbers_choices_and_dates_are_strict() {
    let whole = |text: &str| {
        let read: Read<u32> = |m, el, slot| {
            let v = m.whole(el)?;
            m.set(slot, v, el)
        };
        fields(&good(&format!("<N>{text}</N>")), read)
    };
    assert_eq!(whole(" 42 ").unwrap(), Some(42));
    for bad in ["+1", "-1", "1 000", "1.0", "4294967296"] {
        assert!(whole(bad).is_err(), "{bad}");
    }
    let choice = |text: &str| {
        let read: Read<bool> = |m, el, slot| {
            let v = m.choice(el, &[("CO", true), ("KHONG", false)])?;
            m.set(slot, v, el)
        };
        fields(&good(&format!("<C>{text}</C>")), read)
    };
    assert_eq!(choice("KHONG").unwrap(), Some(false));
    let e = choice("co").unwrap_err();
    assert!(e.message().contains("is not one of CO, KHONG"), "{e}");
    let date = |text: &str| {
        let read: Read<jiff::civil::Date> = |m, el, slot| {
            let v = m.date(el)?;
            m.set(slot, v, el)
        };
        fields(&good(&format!("<D>{text}</D>")), read)
    };
    assert_eq!(
        date("2026-01-05").unwrap(),
        Some(jiff::civil::date(2026, 1, 5))
    );
    assert!(
        date("05/01/2026")
            .unwrap_err()
            .message()
            .contains("yyyy-MM-dd")
    );
}

#[test]
fn a_message_of_the_wrong_kind_is_refused_at_its_root() {
    let agency = agency();
    let input = good("<A/>");
    let e = ENVELOPE.wrong_message(
        &agency,
        input.as_bytes(),
        MessageFamily::Notice,
        MessageFamily::Receipt,
    );
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert_eq!(
        e.message(),
        "expected a notice from the agency, got a receipt"
    );
    assert_eq!(at(&e), (2, 1));
}

#[test]
fn keep_hands_back_the_family_asked_for_and_refuses_another_at_the_root() {
    let agency = agency();
    let input = good("<A/>");
    let receipt = SubmissionReceipt {
        agency: agency.clone(),
        dossier: "000.00.15.H22-260302-0001".parse().unwrap(),
        reference: AgencyRef("REF-1".into()),
        idempotency_key: "M-1".into(),
        received_at: "2026-03-02T02:00:00Z".parse().unwrap(),
    };
    let kept = ENVELOPE.keep_receipt(&agency, input.as_bytes(), Decoded::Receipt(receipt.clone()));
    assert_eq!(kept.unwrap(), receipt);
    let e = ENVELOPE
        .keep_outbound(&agency, input.as_bytes(), Decoded::Receipt(receipt))
        .unwrap_err();
    assert_eq!(
        e.message(),
        "expected a message to the agency, got a receipt"
    );
    assert_eq!(at(&e), (2, 1));
}

#[test]
fn the_root_is_written_as_it_is_read() {
    let agency = agency();
    let mut w = XmlWriter::new();
    let sent: jiff::Timestamp = "2026-01-05T01:00:00Z".parse().unwrap();
    ENVELOPE.open_root(&mut w, V::Two, "Msg", "m-7", sent);
    w.leaf("A", &[], "x");
    w.close("Msg");
    let bytes = w.finish().unwrap();
    let (m, root, head) = ENVELOPE
        .open(&bytes, Limits::default(), &agency)
        .map_err(|e| *e)
        .unwrap();
    assert_eq!((m.version(), root.local_name()), (V::Two, "Msg"));
    assert_eq!(
        head,
        Head {
            message_id: "m-7".into(),
            sent_at: sent
        }
    );
}

#[test]
fn what_cannot_be_written_is_unsupported_and_what_xml_cannot_carry_is_invalid() {
    let agency = agency();
    let mut w = XmlWriter::new();
    w.leaf("A", &[], "bell\u{7}");
    let e = EncodeError::from(w.finish().unwrap_err()).into_adapter_error(&agency);
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    let e = EncodeError::from("version 1 has no e-mail").into_adapter_error(&agency);
    assert_eq!(
        (e.kind(), e.message()),
        (AdapterErrorKind::Unsupported, "version 1 has no e-mail")
    );
}

#[test]
fn date_patterns_read_strictly_and_write_what_they_read() {
    let (date, date_time) = (ENVELOPE.date, ENVELOPE.date_time);
    assert_eq!(
        date.parse("2026-01-05"),
        Some(jiff::civil::date(2026, 1, 5))
    );
    for bad in [
        "2026-1-05",
        "2026/01/05",
        "20260105",
        "2026-13-01",
        "2026-02-30",
        "2026-01-05 ",
        "２０２６-01-05",
    ] {
        assert_eq!(date.parse(bad), None, "{bad:?}");
    }
    let t: jiff::Timestamp = "2026-01-15T17:30:00Z".parse().unwrap();
    let mut out = String::new();
    date_time.write(t, &mut out);
    assert_eq!(out, "16/01/2026 00:30:00", "Vietnam time");
    assert_eq!(date_time.parse(&out), Some(t));
    for bad in [
        "16/01/2026",
        "16/01/2026 24:00:00",
        "16/01/2026T00:30:00",
        "16/01/2026 00:60:00",
        "6/01/2026 00:30:00",
    ] {
        assert_eq!(date_time.parse(bad), None, "{bad:?}");
    }
    let offset = crate::DateTimeFormat {
        pattern: "yyyy-MM-ddTHH:mm:ss+07:00",
    };
    assert_eq!(offset.parse("2026-01-16T00:30:00+07:00"), Some(t));
    assert_eq!(
        offset.parse("2026-01-16T00:30:00+08:00"),
        None,
        "only Vietnam's offset"
    );
    let mut out = String::new();
    date.write(jiff::civil::date(26, 1, 5), &mut out);
    assert_eq!(out, "0026-01-05", "zero-padded to the pattern's width");
}

mod notices;
