//! Citations checked against the texts (docs/legal.md): the places that once cited the wrong article say the
//! right one.

use hoso_core::PostalForm;
use hoso_core::deadline::Rule;
use hoso_core::regime::Regime;

#[test]
fn the_first_day_rule_cites_civil_code_art_147_2_and_3_not_147_1() {
    for text in [
        Rule::ProcessingTimeLimit.citation().to_owned(),
        Rule::ProcessingTimeLimit.citation_under(&Regime::DECREE_61_2018),
        Rule::ProcessingTimeLimit.citation_under(&Regime::DECREE_118_2025),
    ] {
        assert!(text.contains("Civil Code 2015 Art 147(2)–(3)"), "{text}");
        assert!(!text.contains("147(1)"), "{text}");
        assert!(text.contains("Decision 45/2016/QĐ-TTg Art 7(4)"), "{text}");
    }
}

#[test]
fn the_postal_service_forms_cite_decision_45_2016_art_5() {
    let schema = serde_json::to_value(schemars::schema_for!(PostalForm)).unwrap();
    let description = schema["description"].as_str().unwrap();
    assert!(
        description.contains("Decision 45/2016/QĐ-TTg Art 5"),
        "{description}"
    );
    assert!(!description.contains("Art 3"), "{description}");
}

#[test]
fn delivery_against_id_cites_circular_17_2017_art_5_2_d() {
    let table = hoso_core::machine::state_machine_markdown();
    let delivered = table
        .lines()
        .find(|l| l.starts_with("| `delivered` |"))
        .unwrap();
    assert!(
        delivered.contains("Circular 17/2017/TT-BTTTT Art 5(2)(d)"),
        "{delivered}"
    );
    assert!(
        !delivered.contains("ID document and signature (Decision 45/2016/QĐ-TTg Art 10)"),
        "{delivered}"
    );
}
