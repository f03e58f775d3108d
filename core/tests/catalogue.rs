//! The shipped procedure catalogue (`core/data/procedures.json`): it loads, its versions follow the
//! legal changes they record, and every version says where its figures come from.

use hoso_core::procedure::{AgencyFamily, DayKind, PostalService, TimeLimit};
use hoso_core::{Catalogue, Channel, PostalForm, Procedure, ProcedureCode, Vnd, demo};
use jiff::civil::{Date, date};

fn shipped() -> Catalogue {
    Catalogue::shipped().unwrap_or_else(|e| panic!("shipped catalogue: {e}"))
}

fn code(s: &str) -> ProcedureCode {
    s.parse().unwrap()
}

fn in_force(catalogue: &Catalogue, c: &str, d: Date) -> &'static str {
    match catalogue.in_force(&code(c), d) {
        None => "none",
        Some(p) => version_label(p),
    }
}

/// A short label for a version, from its effective dates (tests compare labels, not whole structs).
fn version_label(p: &Procedure) -> &'static str {
    match (p.code.as_str(), p.effective_from.to_string().as_str()) {
        ("1.002820", "2017-06-01") => "transport 2017",
        ("1.002820", "2023-12-01") => "transport 2023",
        ("1.002820", "2025-03-01") => "police 2025",
        ("2.001610", "2021-01-04") => "decree 01/2021",
        ("2.001610", "2025-07-01") => "decree 168/2025",
        _ => "other",
    }
}

#[test]
fn shipped_catalogue_loads_with_the_required_procedures() {
    let catalogue = shipped();
    for (c, family) in [
        ("1.002820", AgencyFamily::Licensing),
        ("1.013978", AgencyFamily::LandRegistry),
        ("2.000488", AgencyFamily::Justice),
        ("3.000333", AgencyFamily::Police),
        ("1.001456", AgencyFamily::Police),
        ("1.004222", AgencyFamily::Police),
        ("2.001610", AgencyFamily::Business),
    ] {
        let versions = catalogue.versions(&code(c));
        assert!(!versions.is_empty(), "{c} missing");
        assert!(versions.iter().all(|p| p.family == family), "{c}: family");
    }
}

#[test]
fn shipped_catalogue_round_trips_through_json() {
    let catalogue = shipped();
    let again = Catalogue::from_json(&catalogue.to_json()).unwrap();
    assert_eq!(again, catalogue);
}

/// Licensing passed from the transport sector to the police on 1 March 2025 (Circular 12/2025/TT-BCA).
#[test]
fn driver_licence_1_002820_moves_to_police_on_2025_03_01() {
    let catalogue = shipped();
    for (d, expected) in [
        (date(2017, 5, 31), "none"),
        (date(2017, 6, 1), "transport 2017"),
        (date(2023, 11, 30), "transport 2017"),
        (date(2023, 12, 1), "transport 2023"),
        (date(2025, 2, 28), "transport 2023"),
        (date(2025, 3, 1), "police 2025"),
        (date(2026, 11, 26), "police 2025"),
    ] {
        assert_eq!(in_force(&catalogue, "1.002820", d), expected, "on {d}");
    }
    let before = catalogue
        .in_force(&code("1.002820"), date(2025, 2, 28))
        .unwrap();
    let after = catalogue
        .in_force(&code("1.002820"), date(2025, 3, 1))
        .unwrap();
    assert!(
        before
            .legal_basis
            .iter()
            .any(|b| b.contains("12/2017/TT-BGTVT"))
    );
    assert!(
        after
            .legal_basis
            .iter()
            .any(|b| b.contains("12/2025/TT-BCA"))
    );
}

/// Circular 63/2023/TT-BTC: 115.000 đồng online from 1 December 2023; 135.000 đồng at the desk.
#[test]
fn driver_licence_online_fee_is_reduced_from_2023_12_01() {
    let catalogue = shipped();
    let fee = |d: Date, ch: Channel| {
        catalogue
            .in_force(&code("1.002820"), d)
            .and_then(|p| p.terms(ch))
            .map(|t| t.fee)
    };
    assert_eq!(fee(date(2023, 11, 30), Channel::Online), Some(Vnd(135_000)));
    assert_eq!(fee(date(2023, 12, 1), Channel::Online), Some(Vnd(115_000)));
    assert_eq!(fee(date(2025, 3, 1), Channel::Online), Some(Vnd(115_000)));
    assert_eq!(fee(date(2025, 3, 1), Channel::InPerson), Some(Vnd(135_000)));
    let limit = catalogue
        .in_force(&code("1.002820"), date(2024, 6, 1))
        .and_then(|p| p.terms(Channel::Postal))
        .map(|t| t.time_limit);
    assert_eq!(limit, Some(TimeLimit::working(5)));
}

/// Judicial records passed from the justice departments to the provincial police on 1 March 2025.
#[test]
fn judicial_record_moves_from_justice_2_000488_to_police_3_000333_on_2025_03_01() {
    let catalogue = shipped();
    assert_eq!(in_force(&catalogue, "2.000488", date(2025, 2, 28)), "other");
    assert_eq!(in_force(&catalogue, "2.000488", date(2025, 3, 1)), "none");
    assert_eq!(in_force(&catalogue, "3.000333", date(2025, 2, 28)), "none");
    assert_eq!(in_force(&catalogue, "3.000333", date(2025, 3, 1)), "other");
    // Law on Judicial Records 2009 Art 48: not more than 10 days.
    let justice = catalogue
        .in_force(&code("2.000488"), date(2020, 1, 1))
        .unwrap();
    let limit = justice.terms(Channel::InPerson).unwrap().time_limit;
    assert_eq!((limit.days, limit.kind), (10, DayKind::Calendar));
    assert_eq!(justice.terms(Channel::InPerson).unwrap().fee, Vnd(200_000));
}

/// Decree 101/2024/NĐ-CP Art 22(1): 20 working days to register plus 3 to issue the certificate.
#[test]
fn land_first_registration_1_013978_takes_23_working_days() {
    let catalogue = shipped();
    let p = catalogue
        .in_force(&code("1.013978"), date(2025, 7, 1))
        .unwrap();
    assert_eq!(
        p.terms(Channel::InPerson).unwrap().time_limit,
        TimeLimit::working(23)
    );
    assert!(
        catalogue
            .in_force(&code("1.013978"), date(2025, 6, 30))
            .is_none()
    );
    // The figures are not a province's and the 2024 basis is reported superseded: the entry says so.
    assert!(!p.verified);
    for flag in ["Decree 151/2025/NĐ-CP", "differ by province", "Đồng Nai"] {
        assert!(p.source.contains(flag), "{flag}");
    }
}

/// Law on Residence 2020, Circular 75/2022/TT-BTC: 7 working days; 20.000 đồng, 10.000 đồng online.
#[test]
fn permanent_residence_1_004222_fee_is_lower_online() {
    let catalogue = shipped();
    let p = catalogue
        .in_force(&code("1.004222"), date(2026, 1, 15))
        .unwrap();
    assert_eq!(p.terms(Channel::InPerson).unwrap().fee, Vnd(20_000));
    assert_eq!(p.terms(Channel::Online).unwrap().fee, Vnd(10_000));
    assert_eq!(
        p.terms(Channel::Online).unwrap().time_limit,
        TimeLimit::working(7)
    );
    assert!(
        catalogue
            .in_force(&code("1.004222"), date(2023, 2, 4))
            .is_none()
    );
}

/// Decision 45/2016/QĐ-TTg Art 1: a procedure needing the applicant in person is not filed by post;
/// a passport application is filed in person (photograph, fingerprints), the post only delivers it.
#[test]
fn passport_1_001456_post_only_delivers_the_result() {
    let catalogue = shipped();
    let p = catalogue
        .in_force(&code("1.001456"), date(2026, 1, 15))
        .unwrap();
    assert!(p.postal.allows(PostalForm::ReceiveResult));
    assert!(!p.postal.allows(PostalForm::SendDossier));
    assert!(!p.postal.allows(PostalForm::Both));
    assert!(p.terms(Channel::Postal).is_none());
    // Law on Exit and Entry 2019 Art 15: 8 working days at the provincial office.
    assert_eq!(
        p.terms(Channel::InPerson).unwrap().time_limit,
        TimeLimit::working(8)
    );
}

#[test]
fn business_registration_2_001610_follows_its_decree() {
    let catalogue = shipped();
    assert_eq!(
        in_force(&catalogue, "2.001610", date(2025, 6, 30)),
        "decree 01/2021"
    );
    assert_eq!(
        in_force(&catalogue, "2.001610", date(2025, 7, 1)),
        "decree 168/2025"
    );
    let p = catalogue
        .in_force(&code("2.001610"), date(2024, 1, 2))
        .unwrap();
    assert_eq!(
        p.terms(Channel::InPerson).unwrap().time_limit,
        TimeLimit::working(3)
    );
}

/// A postal channel means the post carries the dossier there, so the procedure must allow that form.
#[test]
fn a_postal_channel_implies_the_post_may_send_the_dossier() {
    for p in shipped().iter() {
        if p.terms(Channel::Postal).is_some() {
            assert!(
                p.postal.allows(PostalForm::SendDossier),
                "{} from {}: postal channel but the post may not send the dossier",
                p.code,
                p.effective_from
            );
        }
        if let PostalService::NotAllowed { .. } = p.postal {
            assert!(p.terms(Channel::Postal).is_none(), "{}", p.code);
        }
    }
}

/// Every version names its legal basis and its sources, and an unverified one says what was not verified.
#[test]
fn every_version_cites_its_sources_and_flags_what_is_unverified() {
    for p in shipped().iter() {
        let at = format!("{} from {}", p.code, p.effective_from);
        assert!(!p.legal_basis.is_empty(), "{at}: no legal basis");
        assert!(
            !p.name_vi.is_empty() && !p.name_en.is_empty(),
            "{at}: names"
        );
        assert!(!p.documents.is_empty(), "{at}: no documents");
        assert!(p.source.contains("http"), "{at}: source names no page");
        assert_eq!(
            !p.verified,
            p.source.contains("Unverified:"),
            "{at}: `verified` and the source's `Unverified:` list disagree"
        );
    }
}

/// The demo dossier pins the police version of 1.002820 on the postal channel; the catalogue agrees.
#[test]
fn demo_pin_matches_the_shipped_version() {
    let catalogue = shipped();
    let pin = demo::header(1).procedure;
    let version = catalogue.pinned(&pin).expect("pinned version exists");
    assert_eq!(version.pin(pin.channel), Some(pin));
}

#[test]
fn a_zero_day_supplement_window_is_refused_with_its_field() {
    let mut catalogue: serde_json::Value =
        serde_json::from_str(&hoso_core::Catalogue::shipped().unwrap().to_json()).unwrap();
    catalogue["procedures"][0]["supplement_request_working_days"] = serde_json::json!(0);
    let err = hoso_core::Catalogue::from_json(&catalogue.to_string()).unwrap_err();
    assert!(
        err.to_string().contains("supplement_request_working_days"),
        "{err}"
    );
    catalogue["procedures"][0]["supplement_request_working_days"] = serde_json::json!(5);
    let ok = hoso_core::Catalogue::from_json(&catalogue.to_string()).unwrap();
    assert!(
        ok.iter()
            .any(|p| p.supplement_request_working_days == Some(5))
    );
}
