use super::*;

fn shipped(year: i16) -> HolidaySchedule {
    Holidays::vietnam().schedule(year).unwrap()
}

fn off(s: &HolidaySchedule) -> Vec<Date> {
    s.days_off.iter().map(|d| d.date).collect()
}

#[test]
fn shipped_official_schedules_load_for_2024_2025_2026() {
    let h = Holidays::vietnam();
    assert_eq!(h.explicit_years().collect::<Vec<_>>(), [2024, 2025, 2026]);
    for y in [2024, 2025, 2026] {
        let s = h.schedule(y).unwrap();
        assert!(s.official);
        assert_eq!(s.source, ScheduleSource::Shipped);
        s.validate().unwrap();
    }
}

#[test]
fn tet_2026_is_monday_16_to_friday_20_february_per_announcement_9441_tb_bnv() {
    let s = shipped(2026);
    for d in 16..=20 {
        assert!(s.is_day_off(date(2026, 2, d)), "{d}");
    }
    assert!(!s.is_day_off(date(2026, 2, 23)));
    assert!(s.is_swapped_working_day(date(2026, 1, 10)));
}

#[test]
fn tet_2024_has_two_compensatory_days_labour_code_art_111_3() {
    let s = shipped(2024);
    let comp: Vec<Date> = s
        .days_off
        .iter()
        .filter(|d| d.kind == DayOffKind::Compensatory)
        .map(|d| d.date)
        .collect();
    assert_eq!(comp, [date(2024, 2, 13), date(2024, 2, 14)]);
}

#[test]
fn computed_default_follows_labour_code_2019_art_112() {
    // 2027: Tết (1/1 Đinh Mùi) is Saturday 6 February 2027.
    let s = HolidaySchedule::computed(2027).unwrap();
    assert!(!s.official);
    assert_eq!(s.source, ScheduleSource::Computed);
    let holidays: Vec<Date> = s
        .days_off
        .iter()
        .filter(|d| d.kind == DayOffKind::Holiday)
        .map(|d| d.date)
        .collect();
    let hung = LunarDate::new(2027, 3, 10, false)
        .unwrap()
        .to_solar()
        .unwrap();
    let mut expected = vec![
        date(2027, 1, 1),
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        date(2027, 2, 9),
        hung,
        date(2027, 4, 30),
        date(2027, 5, 1),
        // 2 September 2027 is a Thursday: the adjacent Friday joins the weekend.
        date(2027, 9, 2),
        date(2027, 9, 3),
    ];
    expected.sort();
    assert_eq!(holidays, expected);
    assert_eq!(LunarDate::from_solar(date(2027, 2, 6)).unwrap().day(), 1);
}

#[test]
fn computed_weekend_holiday_gives_compensatory_day_on_next_working_day_art_111_3() {
    // 2027: Tết Saturday 6 and Sunday 7 February fall in the 5-day block (5–9 Feb): the two rest days move
    // to Wednesday 10 and Thursday 11; 1 May 2027 is a Saturday: Monday 3 May.
    let s = HolidaySchedule::computed(2027).unwrap();
    let comp: Vec<Date> = s
        .days_off
        .iter()
        .filter(|d| d.kind == DayOffKind::Compensatory)
        .map(|d| d.date)
        .collect();
    assert!(comp.contains(&date(2027, 2, 10)));
    assert!(comp.contains(&date(2027, 2, 11)));
    assert!(comp.contains(&date(2027, 5, 3)));
    for c in comp {
        assert!(!is_weekend(c));
    }
}

#[test]
fn computed_national_day_companion_joins_a_weekend() {
    // Weekday of 2 September → the adjacent day chosen.
    let cases = [
        (2024, date(2024, 9, 3)), // Monday → Tuesday 3 (as announced in 5015/TB-LĐTBXH)
        (2025, date(2025, 9, 1)), // Tuesday → Monday 1
        (2026, date(2026, 9, 1)), // Wednesday → 1 September by default
        (2027, date(2027, 9, 3)), // Thursday → Friday 3
        (2022, date(2022, 9, 1)), // Friday → Thursday 1
        (2023, date(2023, 9, 1)), // Saturday → Friday 1
        (2029, date(2029, 9, 3)), // Sunday → Monday 3
    ];
    for (y, companion) in cases {
        let s = HolidaySchedule::computed(y).unwrap();
        assert!(s.is_day_off(companion), "{y}");
    }
}

#[test]
fn computed_matches_the_official_2026_tet_and_hung_kings_days() {
    let computed = HolidaySchedule::computed(2026).unwrap();
    let official = shipped(2026);
    for d in off(&computed) {
        if d.month() <= 5 {
            assert!(official.is_day_off(d), "{d}");
        }
    }
}

#[test]
fn every_year_of_the_range_has_a_computed_schedule_with_eleven_holidays() {
    for y in 1900..=2100 {
        let s = HolidaySchedule::computed(y).unwrap();
        s.validate().unwrap();
        let n = s
            .days_off
            .iter()
            .filter(|d| d.kind == DayOffKind::Holiday)
            .count();
        // In a few years (e.g. 1947) Hùng Kings' day falls on 30 April or 1 May: one date, two holidays.
        let hung = LunarDate::new(i32::from(y), 3, 10, false)
            .unwrap()
            .to_solar()
            .unwrap();
        let collides = hung == date(y, 4, 30) || hung == date(y, 5, 1);
        assert_eq!(n, if collides { 10 } else { 11 }, "{y}");
    }
    assert_eq!(
        HolidaySchedule::computed(2101),
        Err(ScheduleError::YearOutOfRange { year: 2101 })
    );
}

#[test]
fn schedule_round_trips_through_json() {
    for y in [2024, 2025, 2026] {
        let s = shipped(y);
        let mut again = HolidaySchedule::from_json(&s.to_json()).unwrap();
        again.source = ScheduleSource::Shipped;
        assert_eq!(again, s);
    }
}

fn doc(days_off: &str, working: &str) -> String {
    format!(
        r#"{{"year": 2030, "official": false,
            "references": [{{"id": "X", "issuer": "Y", "title": "Z"}}],
            "days_off": [{days_off}], "working_days": [{working}]}}"#
    )
}

const NEW_YEAR: &str =
    r#"{"date": "2030-01-01", "name_vi": "a", "name_en": "b", "kind": "holiday"}"#;

#[test]
fn bad_schedule_input_is_a_typed_error_with_its_json_path() {
    let cases: Vec<(String, ScheduleError)> = vec![
        (
            doc(&format!("{NEW_YEAR}, {NEW_YEAR}"), ""),
            ScheduleError::Duplicate {
                path: "$.days_off[1].date".into(),
                date: date(2030, 1, 1),
                first: "$.days_off[0].date".into(),
            },
        ),
        (
            doc(
                r#"{"date": "2031-01-01", "name_vi": "a", "name_en": "b", "kind": "holiday"}"#,
                "",
            ),
            ScheduleError::WrongYear {
                path: "$.days_off[0].date".into(),
                date: date(2031, 1, 1),
                year: 2030,
            },
        ),
        (
            // 5 January 2030 is a Saturday: it cannot be both worked and off.
            doc(
                r#"{"date": "2030-01-05", "name_vi": "a", "name_en": "b", "kind": "other"}"#,
                r#"{"date": "2030-01-05"}"#,
            ),
            ScheduleError::Overlap {
                path: "$.working_days[0].date".into(),
                date: date(2030, 1, 5),
                other: "$.days_off[0].date".into(),
            },
        ),
        (
            doc(NEW_YEAR, r#"{"date": "2030-01-07"}"#),
            ScheduleError::WorkingDayNotOnWeekend {
                path: "$.working_days[0].date".into(),
                date: date(2030, 1, 7),
                weekday: Weekday::Monday,
            },
        ),
        (
            doc(
                NEW_YEAR,
                r#"{"date": "2030-01-05", "compensates": "2030-01-02"}"#,
            ),
            ScheduleError::CompensatesUnknownDay {
                path: "$.working_days[0].compensates".into(),
                compensates: date(2030, 1, 2),
            },
        ),
        (
            doc(
                r#"{"date": "2030-01-01", "name_vi": "a", "name_en": "b", "kind": "holiday", "reference": "Q"}"#,
                "",
            ),
            ScheduleError::UnknownReference {
                path: "$.days_off[0].reference".into(),
                id: "Q".into(),
            },
        ),
        (
            r#"{"year": 1800, "official": true, "days_off": []}"#.into(),
            ScheduleError::YearOutOfRange { year: 1800 },
        ),
        (
            r#"{"year": 2030, "official": true, "days_off": [], "holidays": []}"#.into(),
            ScheduleError::Malformed {
                path: "$.holidays".into(),
                message: "unknown field".into(),
            },
        ),
        (
            r#"{"year": "2030", "official": true, "days_off": []}"#.into(),
            ScheduleError::Malformed {
                path: "$.year".into(),
                message: "missing or not an integer".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(HolidaySchedule::from_json(&text), Err(expected), "{text}");
    }
}

#[test]
fn malformed_entries_name_the_entry_and_the_field() {
    let err = HolidaySchedule::from_json(&doc(
        r#"{"date": "2030-02-30", "name_vi": "a", "name_en": "b", "kind": "holiday"}"#,
        "",
    ))
    .unwrap_err();
    let ScheduleError::Malformed { path, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "$.days_off[0]");
    let err = HolidaySchedule::from_json(&doc(
        r#"{"date": "2030-01-01", "name_vi": "a", "name_en": "b", "kind": "feast"}"#,
        "",
    ))
    .unwrap_err();
    assert!(err.to_string().contains("$.days_off[0]"), "{err}");
    assert!(err.to_string().contains("feast"), "{err}");
    let err = HolidaySchedule::from_json(&doc(r#"{"date": "2030-01-01"}"#, "")).unwrap_err();
    assert!(err.to_string().contains("name_vi"), "{err}");
    let err = HolidaySchedule::from_json("{\"year\": 2030,\n  oops}").unwrap_err();
    assert!(
        matches!(err, ScheduleError::Syntax { line: 2, .. }),
        "{err:?}"
    );
}

#[test]
fn user_schedule_overrides_the_shipped_year() {
    let mut h = Holidays::vietnam();
    let year = h
        .load_json(
            r#"{"year": 2026, "official": false,
                "days_off": [{"date": "2026-11-24", "name_vi": "Ngày Văn hóa Việt Nam",
                              "name_en": "Vietnamese Culture Day", "kind": "holiday"}]}"#,
        )
        .unwrap();
    assert_eq!(year, 2026);
    let s = h.schedule(2026).unwrap();
    assert_eq!(s.source, ScheduleSource::User);
    assert_eq!(off(&s), [date(2026, 11, 24)]);
}

#[test]
fn merge_lays_user_entries_over_the_shipped_year() {
    let mut h = Holidays::vietnam();
    let extra = HolidaySchedule::from_json(
        r#"{"year": 2026, "official": true,
            "days_off": [{"date": "2026-11-24", "name_vi": "Ngày Văn hóa Việt Nam",
                          "name_en": "Vietnamese Culture Day", "kind": "holiday"}],
            "working_days": [{"date": "2026-01-03"}]}"#,
    )
    .unwrap();
    h.merge(&extra).unwrap();
    let s = h.schedule(2026).unwrap();
    assert!(s.is_day_off(date(2026, 11, 24)));
    assert!(s.is_day_off(date(2026, 2, 17)));
    assert!(s.is_swapped_working_day(date(2026, 1, 3)));
    assert!(s.official);
    assert_eq!(s.source, ScheduleSource::User);
    let other_year = HolidaySchedule::computed(2027).unwrap();
    assert!(matches!(
        h.schedule(2026).unwrap().merge(&other_year),
        Err(ScheduleError::WrongYear { .. })
    ));
}

/// The lunar days written in the shipped names ("29 tháng Chạp", "mùng 1") agree with the lunar calendar.
#[test]
fn shipped_tet_names_agree_with_the_lunar_calendar() {
    let mut checked = 0;
    for y in [2024, 2025, 2026] {
        for d in shipped(y).days_off {
            let Some(inner) = d
                .name_vi
                .split_once('(')
                .and_then(|(_, rest)| rest.strip_suffix(')'))
            else {
                continue;
            };
            let l = LunarDate::from_solar(d.date).unwrap();
            if let Some(day) = inner.strip_suffix(" tháng Chạp") {
                assert_eq!(
                    (l.month(), l.day().to_string()),
                    (12, day.to_owned()),
                    "{d:?}"
                );
                checked += 1;
            } else if let Some(day) = inner.strip_prefix("mùng ") {
                assert_eq!(
                    (l.month(), l.day().to_string()),
                    (1, day.to_owned()),
                    "{d:?}"
                );
                checked += 1;
            } else if inner.starts_with("10/3") {
                assert_eq!((l.month(), l.day()), (3, 10), "{d:?}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 18);
}
