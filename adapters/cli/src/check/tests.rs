//! The checker's own helpers: the agency found in a message, JSON paths, the content's agency.

use super::*;

#[test]
fn the_agency_is_the_first_dossier_codes() {
    let xml = br#"<RutHoSo maThongDiep="RUT-000.00.26.H26-260202-0015-1"><MaHoSo>000.00.26.H26-260202-0015</MaHoSo>"#;
    assert_eq!(
        named_agency(xml).map(|a| a.to_string()),
        Some("000.00.26.H26".into())
    );
    assert_eq!(named_agency(b"{\"a\": \"no code here\"}"), None);
    // A code that ends the input counts; one followed by more of its word does not.
    let at_end = named_agency(b"x CA.H01-260115-0042").map(|a| a.to_string());
    assert_eq!(at_end, Some("CA.H01".into()));
    assert_eq!(named_agency(b"\"RUT-000.00.26.H26-260202-0015-1\""), None);
}

#[test]
fn a_json_messages_content_shows_its_dossiers_agency_or_the_one_asked_for() {
    let notice = include_bytes!("../../../police/samples/v2/resultReady.json");
    let receipt = include_bytes!("../../../judicial/samples/v1/receipt.json");
    let agency = |checker: &Checker, bytes: &[u8]| {
        let content = checker.check(bytes).unwrap().content().unwrap();
        let agency = content.get("agency").and_then(|a| a.as_str());
        agency.map(str::to_owned)
    };
    let dossier = |bytes: &[u8]| named_agency(bytes).map(|a| a.to_string());
    let checker = Checker::new();
    assert_eq!(agency(&checker, notice), dossier(notice));
    assert_eq!(agency(&checker, receipt), dossier(receipt));
    assert!(dossier(notice).is_some() && dossier(receipt).is_some());
    let fixed = Checker::for_agency("000.00.12.H01".parse().unwrap());
    assert_eq!(agency(&fixed, notice).as_deref(), Some("000.00.12.H01"));
}

#[test]
fn pointers_become_the_codecs_json_paths() {
    assert_eq!(json_path(""), "$");
    assert_eq!(
        line_in("at $.a (line 3, column 30): x"),
        Some(Location::Line {
            line: 3,
            column: 30
        })
    );
    assert_eq!(json_path("/payload/items/2/a~1b"), "$.payload.items[2].a/b");
}
