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
