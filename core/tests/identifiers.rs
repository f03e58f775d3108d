//! The published JSON Schemas of the identifiers agree with their parsers on shape.

use hoso_core::{
    AdminUnitCode, AgencyCode, CitizenId, DossierCode, PostalCode, ProcedureCode, TrackingNumber,
    Vnd,
};
use schemars::JsonSchema;
use serde_json::{Value, json};

fn schema_of<T: JsonSchema>() -> jsonschema::Validator {
    let schema = schemars::schema_for!(T);
    jsonschema::validator_for(&serde_json::to_value(&schema).unwrap()).unwrap()
}

/// Checks the schema accepts every valid value and refuses every shape error (not range rules such as
/// check digits or calendar dates, which only the parser knows).
fn check<T: JsonSchema + std::str::FromStr>(valid: &[&str], bad_shape: &[&str]) {
    let v = schema_of::<T>();
    for s in valid {
        assert!(s.parse::<T>().is_ok(), "parser refuses {s}");
        assert!(v.is_valid(&json!(s)), "schema refuses {s}");
    }
    for s in bad_shape {
        assert!(s.parse::<T>().is_err(), "parser accepts {s}");
        assert!(!v.is_valid(&json!(s)), "schema accepts {s}");
    }
}

#[test]
fn identifier_schemas_match_parsers() {
    check::<TrackingNumber>(
        &["EA123456785VN", "RR473124829GB"],
        &["EA12345678VN", "ea123456785VN", ""],
    );
    check::<CitizenId>(&["001089000123"], &["00108900012", "00108900012a", ""]);
    check::<ProcedureCode>(
        &["1.013978", "2.000488.000.00.00.H56", "1.012753.H19"],
        &[
            "1.01397",
            "1.013978.",
            "1.013978..H19",
            "1.013978.h19",
            "12.01397",
        ],
    );
    check::<AgencyCode>(
        &["000.00.01.H22", "H22.31", "G01"],
        &[".H22", "H22.", "H22-31", "h22", "H", ""],
    );
    check::<DossierCode>(
        &["000.00.01.H22-260115-0042", "G01-991231-9999"],
        &[
            "G01-2601150042",
            "G01-26011-0042",
            "g01-260115-0042",
            "G01..A-260115-0042",
        ],
    );
    check::<PostalCode>(&["10000", "70000"], &["1000", "100000", "1000A"]);
    check::<AdminUnitCode>(
        &[
            "pre2025:province:01",
            "pre2025:district:001",
            "pre2025:ward:00004",
            "2025:province:01",
            "2025:ward:00004",
        ],
        &[
            "2025:district:001",
            "pre2025:province:1",
            "2024:ward:00004",
            "pre2025:commune:00004",
        ],
    );
}

#[test]
fn vnd_schema_is_a_non_negative_integer() {
    let v = schema_of::<Vnd>();
    assert!(v.is_valid(&json!(0)));
    assert!(v.is_valid(&json!(1_250_000)));
    assert!(!v.is_valid(&json!(-1)));
    assert!(!v.is_valid(&json!(1.5)));
    assert!(!v.is_valid(&json!("1000")));
    assert_eq!(
        serde_json::to_value(Vnd(1_250_000)).unwrap(),
        Value::from(1_250_000u64)
    );
}
