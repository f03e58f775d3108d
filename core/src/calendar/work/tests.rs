use super::*;
use jiff::civil::date;

fn cal() -> WorkCalendar {
    WorkCalendar::vietnam()
}

#[test]
fn weekends_and_official_days_off_are_not_working_days() {
    let c = cal();
    let cases = [
        (date(2026, 1, 1), false),  // New Year's Day
        (date(2026, 1, 2), false),  // swapped day off
        (date(2026, 1, 3), false),  // Saturday
        (date(2026, 1, 5), true),   // Monday
        (date(2026, 1, 10), true),  // Saturday worked in exchange for 2 January
        (date(2026, 2, 13), true),  // Friday before Tết
        (date(2026, 2, 16), false), // 29 tháng Chạp
        (date(2026, 2, 20), false), // mùng 4
        (date(2026, 2, 23), true),
        (date(2026, 4, 27), false), // compensatory day for Hùng Kings' day on Sunday 26 April
        (date(2024, 5, 4), true),   // Saturday worked for Monday 29 April 2024
        (date(2024, 4, 29), false),
        (date(2031, 1, 1), false), // computed year
    ];
    for (d, working) in cases {
        assert_eq!(c.is_working_day(d).unwrap(), working, "{d}");
    }
}

#[test]
fn add_working_days_skips_tet_and_weekends() {
    let c = cal();
    // Five working days from Thursday 12 February 2026 cross the 9-day Tết break.
    assert_eq!(
        c.add_working_days(date(2026, 2, 12), 1).unwrap(),
        date(2026, 2, 13)
    );
    assert_eq!(
        c.add_working_days(date(2026, 2, 12), 2).unwrap(),
        date(2026, 2, 23)
    );
    assert_eq!(
        c.add_working_days(date(2026, 2, 12), 5).unwrap(),
        date(2026, 2, 26)
    );
    // From a day off.
    assert_eq!(
        c.add_working_days(date(2026, 2, 17), 1).unwrap(),
        date(2026, 2, 23)
    );
    assert_eq!(
        c.add_working_days(date(2026, 2, 17), 0).unwrap(),
        date(2026, 2, 17)
    );
    // Backwards.
    assert_eq!(
        c.add_working_days(date(2026, 2, 23), -1).unwrap(),
        date(2026, 2, 13)
    );
    assert_eq!(
        c.add_working_days(date(2026, 2, 17), -1).unwrap(),
        date(2026, 2, 13)
    );
    // The swapped Saturday counts.
    assert_eq!(
        c.add_working_days(date(2026, 1, 9), 1).unwrap(),
        date(2026, 1, 10)
    );
}

#[test]
fn add_working_days_agrees_with_a_day_by_day_walk() {
    let c = cal();
    let mut d = date(2023, 12, 1);
    while d < date(2027, 2, 1) {
        for n in [1_i64, 2, 3, 7, 15, 30] {
            let mut walk = d;
            let mut left = n;
            while left > 0 {
                walk = walk.tomorrow().unwrap();
                if c.is_working_day(walk).unwrap() {
                    left -= 1;
                }
            }
            let fast = c.add_working_days(d, n).unwrap();
            assert_eq!(fast, walk, "{d} + {n}");
            assert_eq!(c.working_days_between(d, fast).unwrap(), n);
            assert_eq!(c.working_days_between(fast, d).unwrap(), -n);
            if c.is_working_day(d).unwrap() {
                assert_eq!(c.add_working_days(fast, -n).unwrap(), d);
            }
        }
        d = d.tomorrow().unwrap();
    }
}

#[test]
fn dates_outside_1900_2100_are_typed_errors() {
    let c = cal();
    assert!(matches!(
        c.is_working_day(date(2101, 1, 1)),
        Err(CalendarError::SolarDateOutOfRange { .. })
    ));
    assert_eq!(
        c.add_working_days(date(2100, 12, 1), 100),
        Err(CalendarError::WorkingDaysOutOfRange {
            from: date(2100, 12, 1),
            days: 100
        })
    );
    assert!(c.add_working_days(date(1900, 1, 3), -10).is_err());
    assert!(c.add_working_days(date(2026, 1, 5), i64::MAX).is_err());
    assert!(c.add_working_days(date(2026, 1, 5), i64::MIN).is_err());
}

#[test]
fn paper_dossier_after_15h_counts_from_next_working_day_decree_61_2018_art_18() {
    let c = cal();
    let friday = date(2026, 2, 13);
    assert_eq!(c.intake_day(friday.at(14, 59, 0, 0), true).unwrap(), friday);
    // "After 15:00" (Art 18(2)): 15:00:00 exactly is the same day, a nanosecond later is not.
    assert_eq!(c.intake_day(friday.at(15, 0, 0, 0), true).unwrap(), friday);
    assert_eq!(
        c.intake_day(friday.at(15, 0, 0, 1), true).unwrap(),
        date(2026, 2, 23)
    );
    assert_eq!(
        c.intake_day(friday.at(15, 0, 1, 0), true).unwrap(),
        date(2026, 2, 23)
    );
    // An electronic dossier still counts the same day until the office closes.
    assert_eq!(c.intake_day(friday.at(16, 0, 0, 0), false).unwrap(), friday);
    assert_eq!(
        c.intake_day(friday.at(17, 0, 0, 0), false).unwrap(),
        date(2026, 2, 23)
    );
    // Received on a Sunday: Monday.
    assert_eq!(
        c.intake_day(date(2026, 3, 1).at(9, 0, 0, 0), true).unwrap(),
        date(2026, 3, 2)
    );
    // Timestamps are read in Vietnam time: 08:30 UTC is 15:30 in Hanoi.
    let ts: jiff::Timestamp = "2026-03-02T08:30:00Z".parse().unwrap();
    assert_eq!(c.intake_day_of(ts, true).unwrap(), date(2026, 3, 3));
}

#[test]
fn after_hours_intake_rolls_to_the_next_working_morning() {
    let c = cal();
    let monday = date(2026, 3, 2);
    let cases = [
        (monday.at(6, 0, 0, 0), monday.at(7, 0, 0, 0)),
        (monday.at(9, 15, 0, 0), monday.at(9, 15, 0, 0)),
        (monday.at(12, 0, 0, 0), monday.at(13, 30, 0, 0)),
        (monday.at(17, 0, 0, 0), date(2026, 3, 3).at(7, 0, 0, 0)),
        (
            date(2026, 2, 13).at(18, 0, 0, 0),
            date(2026, 2, 23).at(7, 0, 0, 0),
        ),
    ];
    for (at, expected) in cases {
        assert_eq!(c.next_working_moment(at).unwrap(), expected, "{at}");
    }
    assert!(c.is_working_time(monday.at(8, 0, 0, 0)).unwrap());
    assert!(!c.is_working_time(monday.at(12, 0, 0, 0)).unwrap());
}

#[test]
fn shifts_and_cutoff_are_configurable_and_checked() {
    let hours = WorkingHours::new(
        vec![Shift {
            start: time(8, 0, 0, 0),
            end: time(16, 0, 0, 0),
        }],
        time(14, 0, 0, 0),
    )
    .unwrap();
    let c = cal().with_hours(hours);
    let monday = date(2026, 3, 2);
    assert_eq!(c.intake_day(monday.at(14, 0, 0, 0), true).unwrap(), monday);
    assert_eq!(
        c.intake_day(monday.at(14, 0, 1, 0), true).unwrap(),
        date(2026, 3, 3)
    );
    assert_eq!(
        c.next_working_moment(monday.at(7, 0, 0, 0)).unwrap(),
        monday.at(8, 0, 0, 0)
    );
    assert!(matches!(
        WorkingHours::new(vec![], time(15, 0, 0, 0)),
        Err(CalendarError::InvalidWorkingHours { .. })
    ));
    let backwards = Shift {
        start: time(12, 0, 0, 0),
        end: time(8, 0, 0, 0),
    };
    assert!(WorkingHours::new(vec![backwards], time(15, 0, 0, 0)).is_err());
    let a = Shift {
        start: time(7, 0, 0, 0),
        end: time(12, 0, 0, 0),
    };
    let b = Shift {
        start: time(11, 0, 0, 0),
        end: time(17, 0, 0, 0),
    };
    assert!(WorkingHours::new(vec![a, b], time(15, 0, 0, 0)).is_err());
}

#[test]
fn user_holidays_change_the_working_days() {
    let mut h = Holidays::vietnam();
    let mut s = h.schedule(2026).unwrap();
    s.days_off.push(crate::calendar::DayOff {
        date: date(2026, 11, 24),
        name_vi: "Ngày Văn hóa Việt Nam".into(),
        name_en: "Vietnamese Culture Day".into(),
        kind: crate::calendar::DayOffKind::Holiday,
        reference: None,
        verified: true,
    });
    h.insert(s);
    let c = WorkCalendar::new(&h, WorkingHours::default());
    assert!(!c.is_working_day(date(2026, 11, 24)).unwrap());
    assert!(cal().is_working_day(date(2026, 11, 24)).unwrap());
    assert_eq!(
        c.add_working_days(date(2026, 11, 23), 1).unwrap(),
        date(2026, 11, 25)
    );
}

#[test]
fn national_day_2026_break_runs_29_august_to_2_september_with_saturday_22_august_worked() {
    // Thông báo 9441/TB-BNV: Monday 31 August 2026 is given off for Saturday 22 August; 1–2 September are
    // the National Day pair.
    let c = cal();
    let cases = [
        (date(2026, 8, 21), true),  // Friday
        (date(2026, 8, 22), true),  // Saturday worked for Monday 31 August
        (date(2026, 8, 23), false), // Sunday
        (date(2026, 8, 28), true),  // Friday before the break
        (date(2026, 8, 29), false), // Saturday
        (date(2026, 8, 31), false), // swapped day off
        (date(2026, 9, 1), false),  // National Day (adjacent day)
        (date(2026, 9, 2), false),  // National Day
        (date(2026, 9, 3), true),   // Thursday
    ];
    for (d, working) in cases {
        assert_eq!(c.is_working_day(d).unwrap(), working, "{d}");
    }
    assert_eq!(
        c.add_working_days(date(2026, 8, 28), 1).unwrap(),
        date(2026, 9, 3)
    );
    assert_eq!(
        c.add_working_days(date(2026, 8, 21), 1).unwrap(),
        date(2026, 8, 22)
    );
    assert_eq!(
        c.working_days_between(date(2026, 8, 21), date(2026, 9, 4))
            .unwrap(),
        8
    );
}
