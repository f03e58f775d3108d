use super::*;

fn lunar(y: i16, m: i8, d: i8) -> (i32, u32, u32, bool) {
    let l = LunarDate::from_solar(date(y, m, d)).unwrap();
    (l.year(), l.month(), l.day(), l.is_leap_month())
}

#[test]
fn tet_2024_and_2026_are_the_first_day_of_the_first_month() {
    assert_eq!(lunar(2024, 2, 10), (2024, 1, 1, false));
    assert_eq!(lunar(2026, 2, 17), (2026, 1, 1, false));
    assert_eq!(lunar(2026, 2, 16), (2025, 12, 29, false));
    assert_eq!(lunar(2024, 2, 9), (2023, 12, 30, false));
}

/// Years where the calendar reckoned at UTC+7 (Vietnam) and at UTC+8 (China) disagree on Tết. The three
/// first are the widely published ones (1968: Tết Mậu Thân a day earlier in Vietnam; 1985: a whole month
/// apart because Vietnam's 1984–85 year took a leap month 2 where China took a leap month 10; 2007).
#[test]
fn vietnamese_tet_differs_from_chinese_new_year_in_known_years() {
    let cn = LunarTable::build(8.0);
    let vn = vietnam_table();
    let cases = [
        (1968, date(1968, 1, 29), date(1968, 1, 30)),
        (1985, date(1985, 1, 21), date(1985, 2, 20)),
        (2007, date(2007, 2, 17), date(2007, 2, 18)),
        (1903, date(1903, 1, 28), date(1903, 1, 29)),
        (1916, date(1916, 2, 3), date(1916, 2, 4)),
        (1935, date(1935, 2, 3), date(1935, 2, 4)),
        (1965, date(1965, 2, 1), date(1965, 2, 2)),
        (1969, date(1969, 2, 16), date(1969, 2, 17)),
        (2030, date(2030, 2, 2), date(2030, 2, 3)),
        (2053, date(2053, 2, 18), date(2053, 2, 19)),
    ];
    for (year, vietnam, china) in cases {
        assert_eq!(
            jdn::to_date(vn.new_year(year).unwrap()),
            Some(vietnam),
            "{year}"
        );
        assert_eq!(
            jdn::to_date(cn.new_year(year).unwrap()),
            Some(china),
            "{year}"
        );
        let tet = LunarDate::from_solar(vietnam).unwrap();
        assert_eq!(
            (tet.year(), tet.month(), tet.day()),
            (i32::from(year), 1, 1)
        );
    }
    // Same Tết, different leap month.
    assert_eq!(vn.leap_month(1984), None);
    assert_eq!(cn.leap_month(1984), Some(10));
    assert_eq!(vn.leap_month(1985), Some(2));
    assert_eq!(cn.leap_month(1985), None);
    // Every other year of the range agrees on Tết.
    let differing: Vec<i16> = (1900..=2100)
        .filter(|&y| vn.new_year(y) != cn.new_year(y))
        .collect();
    assert_eq!(
        differing,
        [1903, 1916, 1935, 1965, 1968, 1969, 1985, 2007, 2030, 2053]
    );
}

#[test]
fn leap_months_are_flagged_and_follow_the_regular_month() {
    // 2023 had a leap second month (tháng 2 nhuận) from 22 March; 2025 a leap sixth month from 25 July.
    assert_eq!(lunar(2023, 3, 21), (2023, 2, 30, false));
    assert_eq!(lunar(2023, 3, 22), (2023, 2, 1, true));
    assert_eq!(lunar(2023, 4, 20), (2023, 3, 1, false));
    assert_eq!(lunar(2025, 7, 25), (2025, 6, 1, true));
    assert_eq!(LunarDate::leap_month_of(2023).unwrap(), Some(2));
    assert_eq!(LunarDate::leap_month_of(2025).unwrap(), Some(6));
    assert_eq!(LunarDate::leap_month_of(2024).unwrap(), None);
    let regular = LunarDate::new(2023, 2, 1, false).unwrap();
    let leap = LunarDate::new(2023, 2, 1, true).unwrap();
    assert!(regular < leap);
    assert_eq!(leap.to_solar().unwrap(), date(2023, 3, 22));
    assert_eq!(leap.to_string(), "01/02 nhuận/2023 (âm lịch)");
}

#[test]
fn both_ends_of_the_range_convert_and_beyond_them_is_an_error() {
    assert_eq!(lunar(1900, 1, 1), (1899, 12, 1, false));
    assert_eq!(lunar(1900, 1, 31), (1900, 1, 1, false));
    assert_eq!(lunar(2100, 12, 31), (2100, 12, 1, false));
    for bad in [date(1899, 12, 31), date(2101, 1, 1)] {
        assert_eq!(
            LunarDate::from_solar(bad),
            Err(CalendarError::SolarDateOutOfRange {
                date: bad,
                min: MIN_SOLAR,
                max: MAX_SOLAR
            })
        );
    }
    // Lunar 1/11/1899 is in November 1899, before the range.
    assert!(matches!(
        LunarDate::new(1899, 11, 1, false),
        Err(CalendarError::SolarDateOutOfRange { .. })
    ));
    assert_eq!(
        LunarDate::new(2200, 1, 1, false),
        Err(CalendarError::LunarYearOutOfRange { year: 2200 })
    );
}

#[test]
fn invalid_lunar_dates_are_typed_errors_naming_the_value() {
    assert_eq!(
        LunarDate::new(2024, 13, 1, false),
        Err(CalendarError::InvalidLunarMonth { month: 13 })
    );
    assert_eq!(
        LunarDate::new(2024, 0, 1, false),
        Err(CalendarError::InvalidLunarMonth { month: 0 })
    );
    assert_eq!(
        LunarDate::new(2024, 5, 1, true),
        Err(CalendarError::NotALeapMonth {
            year: 2024,
            month: 5,
            leap_month: None
        })
    );
    assert_eq!(
        LunarDate::new(2025, 5, 1, true),
        Err(CalendarError::NotALeapMonth {
            year: 2025,
            month: 5,
            leap_month: Some(6)
        })
    );
    // Month 12 of 2025 (Ất Tỵ) has 29 days: Tết 2026 follows 29 Chạp.
    assert_eq!(
        LunarDate::new(2025, 12, 30, false),
        Err(CalendarError::InvalidLunarDay {
            year: 2025,
            month: 12,
            leap: false,
            day: 30,
            month_length: 29
        })
    );
    assert!(matches!(
        LunarDate::new(2025, 1, 0, false),
        Err(CalendarError::InvalidLunarDay { day: 0, .. })
    ));
}

#[test]
fn every_day_of_the_range_round_trips() {
    let mut jd = jdn::from_date(MIN_SOLAR);
    let last = jdn::from_date(MAX_SOLAR);
    let mut previous: Option<LunarDate> = None;
    while jd <= last {
        let solar = jdn::to_date(jd).unwrap();
        let l = LunarDate::from_solar(solar).unwrap();
        assert!((1..=30).contains(&l.day()), "{solar}: {l}");
        let again = LunarDate::new(l.year(), l.month(), l.day(), l.is_leap_month()).unwrap();
        assert_eq!(again, l);
        assert_eq!(l.to_solar().unwrap(), solar);
        if let Some(p) = previous {
            assert!(p < l, "{p} then {l}");
        }
        previous = Some(l);
        jd += 1;
    }
}

#[test]
fn months_are_29_or_30_days_and_years_12_or_13_months() {
    let t = vietnam_table();
    for pair in t.starts.windows(2) {
        assert!(matches!(pair[1] - pair[0], 29 | 30), "{pair:?}");
    }
    for y in 1900..=2100_i16 {
        let next = t.new_year(y + 1).unwrap();
        let this = t.new_year(y).unwrap();
        let months = ((f64::from(next - this)) / 29.53).round() as i32;
        assert_eq!(
            months,
            if t.leap_month(y).is_some() { 13 } else { 12 },
            "{y}"
        );
    }
}

#[test]
fn lunar_dates_serialise_as_fields_and_are_checked_on_reading() {
    let leap = LunarDate::new(2023, 2, 1, true).unwrap();
    let json = serde_json::to_string(&leap).unwrap();
    assert_eq!(json, r#"{"year":2023,"month":2,"day":1,"leap":true}"#);
    assert_eq!(serde_json::from_str::<LunarDate>(&json).unwrap(), leap);
    let err = serde_json::from_str::<LunarDate>(r#"{"year":2024,"month":5,"day":1,"leap":true}"#)
        .unwrap_err();
    assert!(err.to_string().contains("no leap month 5"), "{err}");
    assert!(serde_json::from_str::<LunarDate>(r#"{"year":2025,"month":12,"day":30}"#).is_err());
}
