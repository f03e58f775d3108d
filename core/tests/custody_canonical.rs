//! The canonical byte form (RFC 8785, JSON Canonicalization Scheme) on the examples of the RFC that fall in
//! the subset records use, and the refusal of what falls outside it.

use hoso_core::custody::canonical::{CanonicalError, canonicalize, to_canonical_bytes};
use serde_json::{Value, json};

fn canonical(text: &str) -> String {
    let value: Value = serde_json::from_str(text).unwrap();
    String::from_utf8(canonicalize(&value).unwrap()).unwrap()
}

#[test]
fn rfc8785_section_3_2_3_sorts_member_names_by_utf16_code_units() {
    // RFC 8785 §3.2.3, the sorting example: names compared as UTF-16 code units, so the emoji
    // (surrogates D83D DE00) sorts before U+FB33 although its UTF-8 bytes are greater.
    let input = r#"{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
    }"#;
    let value: Value = serde_json::from_str(input).unwrap();
    let out = String::from_utf8(canonicalize(&value).unwrap()).unwrap();
    let order: Vec<&str> = [
        "Carriage Return",
        "One",
        "Control",
        "Latin Small",
        "Euro Sign",
        "Emoji",
        "Hebrew",
    ]
    .to_vec();
    let positions: Vec<usize> = order.iter().map(|name| out.find(name).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert!(
        out.starts_with("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\""),
        "{out}"
    );
}

#[test]
fn rfc8785_section_3_2_2_2_string_and_literal_example() {
    // The "literals" and "string" members of the RFC's §3.2.2 example (its "numbers" are floats, refused
    // below), with the RFC's expected output.
    let input = r#"{
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
    }"#;
    assert_eq!(
        canonical(input),
        "{\"literals\":[null,true,false],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"
    );
}

#[test]
fn rfc8785_numbers_example_is_refused_because_it_holds_floats() {
    let value: Value = serde_json::from_str(
        r#"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]}"#,
    )
    .unwrap();
    match canonicalize(&value) {
        Err(CanonicalError::NonIntegerNumber { path, .. }) => assert_eq!(path, "$.numbers[0]"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn strings_escape_exactly_as_json_stringify() {
    let cases = [
        ("\u{8}\t\n\u{c}\r", r#""\b\t\n\f\r""#),
        ("\u{0}\u{1f}", r#""\u0000\u001f""#),
        ("\u{7f}", "\"\u{7f}\""),
        ("\u{2028}\u{2029}", "\"\u{2028}\u{2029}\""),
        ("</script>", r#""</script>""#),
        ("Phiếu gửi hồ sơ", "\"Phiếu gửi hồ sơ\""),
        ("😀", "\"😀\""),
        ("a\"b\\c", r#""a\"b\\c""#),
    ];
    for (input, expected) in cases {
        let out = to_canonical_bytes(&json!(input)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected, "{input:?}");
    }
}

#[test]
fn integers_print_as_plain_decimals_within_the_exact_range_of_doubles() {
    assert_eq!(
        to_canonical_bytes(&json!([0, -1, 9007199254740991_i64, -9007199254740991_i64])).unwrap(),
        b"[0,-1,9007199254740991,-9007199254740991]"
    );
    assert!(matches!(
        to_canonical_bytes(&json!(9007199254740992_u64)),
        Err(CanonicalError::IntegerOutOfRange { .. })
    ));
    assert!(
        matches!(to_canonical_bytes(&json!({"a": [u64::MAX]})), Err(CanonicalError::IntegerOutOfRange { path, .. }) if path == "$.a[0]")
    );
    assert!(matches!(
        to_canonical_bytes(&json!(-9007199254740992_i64)),
        Err(CanonicalError::IntegerOutOfRange { .. })
    ));
}

#[test]
fn whitespace_and_member_order_of_the_input_do_not_matter() {
    let a = canonical(r#"{ "b" : [ 1 , { "y": null, "x": true } ], "a": "" }"#);
    let b = canonical(r#"{"a":"","b":[1,{"x":true,"y":null}]}"#);
    assert_eq!(a, b);
    assert_eq!(a, r#"{"a":"","b":[1,{"x":true,"y":null}]}"#);
}

#[test]
fn empty_containers() {
    assert_eq!(canonical("{}"), "{}");
    assert_eq!(canonical("[]"), "[]");
    assert_eq!(canonical(r#"{"a":{},"b":[]}"#), r#"{"a":{},"b":[]}"#);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// serde_json escapes strings exactly as ECMAScript's JSON.stringify does (short escapes, lowercase
        /// `\u00xx`, nothing else escaped), so it is an independent oracle for RFC 8785 strings.
        #[test]
        fn strings_match_an_independent_json_stringify(s in any::<String>()) {
            prop_assert_eq!(String::from_utf8(to_canonical_bytes(&s).unwrap()).unwrap(), serde_json::to_string(&s).unwrap());
        }

        /// Canonicalising the canonical form changes nothing, and members come out in UTF-16 order of names.
        #[test]
        fn canonical_form_is_a_fixed_point(entries in prop::collection::btree_map(any::<String>(), any::<i32>(), 0..8)) {
            let once = to_canonical_bytes(&entries).unwrap();
            let reparsed: Value = serde_json::from_slice(&once).unwrap();
            prop_assert_eq!(canonicalize(&reparsed).unwrap(), once.clone());
            let mut sorted: Vec<(&String, &i32)> = entries.iter().collect();
            sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            let members: Vec<String> = sorted.iter().map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap())).collect();
            prop_assert_eq!(String::from_utf8(once).unwrap(), format!("{{{}}}", members.join(",")));
        }
    }
}

/// For names without characters at or above U+E000, serde_json's own output of a `Value` (its maps are
/// sorted by bytes, its string escaping is ECMAScript's) is RFC 8785 for integer-only data: an
/// independent oracle for the canonical serializer, which writes straight from `Serialize`.
mod against_serde_json {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn oracle<T: Serialize>(value: &T) -> String {
        serde_json::to_string(&serde_json::to_value(value).unwrap()).unwrap()
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { zeta: bool, alpha: Option<u16> },
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Tagged {
        Intake { seal: String, count: u32 },
    }

    #[derive(Serialize)]
    struct Everything {
        z_last: Vec<Shape>,
        a_first: (u8, i64, char),
        m_map: BTreeMap<String, Option<i8>>,
        tagged: Tagged,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        bytes: serde_bytes_like::Bytes,
    }

    mod serde_bytes_like {
        /// Bytes serialised with `serialize_bytes` (an array of integers in JSON).
        pub(super) struct Bytes(pub(super) Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    #[test]
    fn every_serde_shape_is_written_as_serde_json_writes_it_sorted() {
        let value = Everything {
            z_last: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-3, "t\u{1}".into()),
                Shape::Struct {
                    zeta: true,
                    alpha: None,
                },
            ],
            a_first: (1, -9_007_199_254_740_991, 'é'),
            m_map: [("b".to_owned(), Some(-1)), ("a".to_owned(), None)]
                .into_iter()
                .collect(),
            tagged: Tagged::Intake {
                seal: "S-1".into(),
                count: 4,
            },
            skipped: None,
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
        };
        let ours = String::from_utf8(to_canonical_bytes(&value).unwrap()).unwrap();
        assert_eq!(ours, oracle(&value));
        assert!(
            ours.contains(r#""tagged":{"count":4,"kind":"intake","seal":"S-1"}"#),
            "{ours}"
        );
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(Value::from),
            "[ -~\\x00-\\x1f\u{80}-\u{2029}]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("[ -~\u{80}-\u{d7ff}]{0,6}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_integer_json_matches_the_oracle(value in json_value()) {
            let ours = String::from_utf8(canonicalize(&value).unwrap()).unwrap();
            prop_assert_eq!(ours, oracle(&value));
        }
    }
}

#[test]
fn error_paths_escape_member_names() {
    // A member name holding a newline, a quote and a control character names its member escaped, in the
    // bracket form, so nothing raw reaches the message.
    let value = json!({"bad\nname\"\u{1}": [1.5], "plain_1": {"x y": 2.5}});
    let err = to_canonical_bytes(&value).expect_err("floats are refused");
    let CanonicalError::NonIntegerNumber { path, .. } = &err else {
        panic!("unexpected {err:?}")
    };
    assert_eq!(path, r#"$["bad\nname\"\u0001"][0]"#);
    assert!(!err.to_string().contains('\n'), "{err}");
    let err = to_canonical_bytes(&json!({"plain_1": {"x y": 2.5}})).expect_err("float");
    assert!(
        matches!(&err, CanonicalError::NonIntegerNumber { path, .. } if path == r#"$.plain_1["x y"]"#),
        "{err:?}"
    );
}
