//! The shipped procedure catalogue (`core/data/procedures.json`): it loads, its versions follow the
//! legal changes they record, and every version says where its figures come from.

use hoso_core::procedure::{AgencyFamily, DayKind, PostalService, TimeLimit};
use hoso_core::{
    AdminUnitCode, Catalogue, Channel, PostalForm, Procedure, ProcedureCode, Vnd, demo,
};
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

/// From 1 July 2025, 17 working days to register and 20 with the certificate (Decree 151/2025/NĐ-CP, as the
/// provinces publish it; Decree 101/2024/NĐ-CP Art 22(1) gave 20 + 3 until then). Unverified: the entry says so.
#[test]
fn land_first_registration_1_013978_takes_20_working_days() {
    let catalogue = shipped();
    let p = catalogue
        .in_force(&code("1.013978"), date(2025, 7, 1))
        .unwrap();
    assert_eq!(p.province, None);
    for channel in [Channel::InPerson, Channel::Postal] {
        assert_eq!(p.terms(channel).unwrap().time_limit, TimeLimit::working(20));
    }
    assert!(
        catalogue
            .in_force(&code("1.013978"), date(2025, 6, 30))
            .is_none()
    );
    // The legal basis is the 2025 decree, not the superseded article of 2024.
    assert!(
        p.legal_basis
            .iter()
            .any(|b| b.starts_with("Decree 151/2025/NĐ-CP"))
    );
    assert!(
        !p.legal_basis
            .iter()
            .any(|b| b.starts_with("Decree 101/2024/NĐ-CP Art 22"))
    );
    assert!(!p.verified);
    for flag in ["Decree 151/2025/NĐ-CP", "differ by province", "Đồng Nai"] {
        assert!(p.source.contains(flag), "{flag}");
    }
}

fn province(s: &str) -> AdminUnitCode {
    s.parse().unwrap()
}

/// Đồng Nai's own version of 1.013978 (Decision 2228/QĐ-UBND): its dossiers get its fees and its online
/// channel; a dossier of a province without a version of its own gets the national one.
#[test]
fn a_dong_nai_dossier_gets_the_provincial_version_and_others_the_national_one() {
    let catalogue = shipped();
    let land = code("1.013978");
    let day = date(2026, 3, 2);
    let dong_nai = province("2025:province:75");
    let p = catalogue
        .in_force_in(&land, day, &dong_nai)
        .unwrap()
        .unwrap();
    assert_eq!(p.province, Some(dong_nai));
    assert_eq!(p.terms(Channel::InPerson).unwrap().fee, Vnd(895_000));
    assert_eq!(p.terms(Channel::Postal).unwrap().fee, Vnd(895_000));
    let online = p.terms(Channel::Online).unwrap();
    assert_eq!(
        (online.time_limit, online.fee),
        (TimeLimit::working(20), Vnd(836_000))
    );
    assert!(p.legal_basis.iter().any(|b| b.contains("2228/QĐ-UBND")));
    assert!(!p.verified && p.source.contains("Unverified:"));

    for other in ["2025:province:01", "2025:province:79"] {
        let n = catalogue
            .in_force_in(&land, day, &province(other))
            .unwrap()
            .unwrap();
        assert_eq!(n.province, None, "{other}");
        assert_eq!(n.terms(Channel::InPerson).unwrap().fee, Vnd(100_000));
        assert!(n.terms(Channel::Online).is_none(), "{other}");
    }
    // The national lookup never returns a province's version.
    assert_eq!(catalogue.in_force(&land, day).unwrap().province, None);
    // A procedure without provincial versions falls back for every province.
    let licence = catalogue
        .in_force_in(&code("1.002820"), day, &dong_nai)
        .unwrap()
        .unwrap();
    assert_eq!(licence.province, None);
}

/// The pin keeps the province: the dossier is held to the provincial version, found again by its pin,
/// and pins without a province (stored before provinces were carried) name the national version.
#[test]
fn a_provincial_pin_names_its_version() {
    let catalogue = shipped();
    let dong_nai = province("2025:province:75");
    let p = catalogue
        .in_force_in(&code("1.013978"), date(2026, 3, 2), &dong_nai)
        .unwrap()
        .unwrap();
    let pin = p.pin(Channel::Postal).unwrap();
    assert_eq!(pin.province, Some(dong_nai));
    assert_eq!(pin.fee, Vnd(895_000));
    assert_eq!(catalogue.pinned(&pin), Some(p));
    let json = serde_json::to_value(&pin).unwrap();
    assert_eq!(json["province"], "2025:province:75");
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("province");
    let old: hoso_core::procedure::PinnedProcedure = serde_json::from_value(old).unwrap();
    assert_eq!(old.province, None);
    assert_eq!(catalogue.pinned(&old).unwrap().province, None);
}

/// A provincial version is chosen only on the days it is in force; outside them the national one applies.
#[test]
fn a_provincial_version_keeps_its_validity_dates() {
    let mut file: serde_json::Value = serde_json::from_str(&shipped().to_json()).unwrap();
    let entry = file["procedures"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["province"] == "2025:province:75")
        .unwrap();
    entry["effective_until"] = serde_json::json!("2026-01-31");
    let catalogue = Catalogue::from_json(&file.to_string()).unwrap();
    let land = code("1.013978");
    let dong_nai = province("2025:province:75");
    let on = |d| {
        catalogue
            .in_force_in(&land, d, &dong_nai)
            .unwrap()
            .map(|p| p.province)
    };
    assert_eq!(on(date(2026, 1, 31)), Some(Some(dong_nai)));
    assert_eq!(on(date(2026, 2, 1)), Some(None));
    // Before 1 July 2025 neither version is in force, and a 2025 province code means nothing yet.
    let before = date(2025, 6, 30);
    assert_eq!(
        catalogue
            .in_force_in(&land, before, &province("pre2025:province:75"))
            .unwrap(),
        None
    );
    let err = catalogue.in_force_in(&land, before, &dong_nai).unwrap_err();
    assert!(err.to_string().contains("2025:province:75"), "{err}");
}

#[test]
fn a_lookup_by_a_unit_that_is_not_a_province_is_refused() {
    let err = shipped()
        .in_force_in(
            &code("1.013978"),
            date(2026, 3, 2),
            &province("2025:ward:26734"),
        )
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("2025:ward:26734") && text.contains("province-level"),
        "{text}"
    );
}

/// A NUL character (`\u0000`) in a string is refused where it is: no store or XML document holds one.
#[test]
fn a_nul_character_in_an_entry_is_malformed_at_its_place() {
    let mut file: serde_json::Value = serde_json::from_str(&shipped().to_json()).unwrap();
    let name = file["procedures"][1]["name_en"]
        .as_str()
        .unwrap()
        .to_owned();
    file["procedures"][1]["name_en"] = serde_json::json!(format!("{name}\u{0}"));
    let text = serde_json::to_string_pretty(&file).unwrap();
    let at = text.find(r"\u0000").unwrap();
    let line = text[..at].matches('\n').count() + 1;
    match Catalogue::from_json(&text) {
        Err(hoso_core::procedure::CatalogueError::Json {
            line: l, message, ..
        }) => {
            assert_eq!(l, line);
            assert!(
                message.contains("NUL") && message.contains("$.procedures[1].name_en"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

/// Two versions of one province may not overlap; a province's version beside the national one may. A
/// version's province must be a province code of the generation in force over the whole version.
#[test]
fn provincial_versions_are_validated() {
    let shipped_json: serde_json::Value = serde_json::from_str(&shipped().to_json()).unwrap();
    let dong_nai_index = shipped_json["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| p["province"] == "2025:province:75")
        .unwrap();
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut file = shipped_json.clone();
        edit(&mut file);
        Catalogue::from_json(&file.to_string())
    };
    let twice = with(&|f| {
        let mut copy = f["procedures"][dong_nai_index].clone();
        copy["effective_from"] = serde_json::json!("2026-01-01");
        f["procedures"].as_array_mut().unwrap().push(copy);
    })
    .unwrap_err();
    assert!(
        matches!(twice, hoso_core::procedure::CatalogueError::Overlap { ref code, .. } if code.contains("2025:province:75")),
        "{twice}"
    );
    for (unit, from, needle) in [
        ("2025:ward:26734", "2025-07-01", "not a province-level"),
        ("2025:province:75", "2025-06-01", "before 2025-07-01"),
        ("pre2025:province:75", "2025-01-01", "past 30 June 2025"),
    ] {
        let err = with(&|f| {
            let p = &mut f["procedures"][dong_nai_index];
            p["province"] = serde_json::json!(unit);
            p["effective_from"] = serde_json::json!(from);
        })
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(".province:") && text.contains(needle),
            "{unit}: {text}"
        );
    }
    let old = with(&|f| {
        let p = &mut f["procedures"][dong_nai_index];
        p["province"] = serde_json::json!("pre2025:province:75");
        p["effective_from"] = serde_json::json!("2025-01-01");
        p["effective_until"] = serde_json::json!("2025-06-30");
    });
    assert!(old.is_ok(), "{old:?}");
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
