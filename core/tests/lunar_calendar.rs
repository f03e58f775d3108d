//! The computed Vietnamese lunar calendar against Hồ Ngọc Đức's published year tables (1900–2100).
//!
//! The published tables follow the calendar actually used in Vietnam, which was reckoned on the UTC+8
//! meridian (the Chinese calendar) until 1967; the computed calendar uses UTC+7 for every year, as the
//! published algorithm does. The two therefore agree on every month from 1968 on, and before that
//! differ on Tết or the leap month in only seven years (and on a few month boundaries).

use hoso_core::calendar::LunarDate;
use jiff::civil::{Date, date};

fn year_codes() -> Vec<u32> {
    include_str!("data/hnd_year_codes.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .flat_map(|l| l.split(','))
        .map(|c| u32::from_str_radix(c.trim().trim_start_matches("0x"), 16).unwrap())
        .collect()
}

/// (Tết, month lengths in order including the leap month, leap month) decoded from one year code.
fn decode(year: i16, code: u32) -> (Date, Vec<(u32, bool, i8)>) {
    let tet = date(year, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(code >> 17)))
        .unwrap();
    let leap = code & 0xf;
    let leap_len = if (code >> 16) & 1 == 1 { 30 } else { 29 };
    let mut months = Vec::new();
    for m in 1..=12_u32 {
        let len = if (code >> (16 - m)) & 1 == 1 { 30 } else { 29 };
        months.push((m, false, len));
        if m == leap {
            months.push((m, true, leap_len));
        }
    }
    (tet, months)
}

#[test]
fn computed_calendar_matches_the_published_tables_for_every_month_1900_to_2100() {
    let codes = year_codes();
    assert_eq!(codes.len(), 210);
    let mut checked_months = 0;
    let mut differing = Vec::new();
    for (i, &code) in codes.iter().enumerate().take(201) {
        let year = 1900 + i as i16;
        let (tet, months) = decode(year, code);
        let leap = months.iter().find(|m| m.1).map(|m| m.0);
        let computed_tet = LunarDate::new(i32::from(year), 1, 1, false)
            .unwrap()
            .to_solar()
            .unwrap();
        let computed_leap = LunarDate::leap_month_of(i32::from(year)).unwrap();
        if (computed_tet, computed_leap) != (tet, leap) {
            differing.push(year);
        }
    }
    assert_eq!(differing, [1903, 1917, 1922, 1925, 1935, 1938, 1965]);
    // From 1968 on, compare every month start; list the boundaries that differ.
    let mut boundaries = Vec::new();
    for (i, &code) in codes.iter().enumerate().take(201).skip(68) {
        let year = 1900 + i as i16;
        let (tet, months) = decode(year, code);
        let mut start = tet;
        for (m, is_leap, len) in months {
            if start > date(2100, 12, 31) {
                break;
            }
            let l = LunarDate::from_solar(start).unwrap();
            if (l.year(), l.month(), l.day(), l.is_leap_month()) != (i32::from(year), m, 1, is_leap)
            {
                boundaries.push(start);
            }
            start = start
                .checked_add(jiff::Span::new().days(i64::from(len)))
                .unwrap();
            checked_months += 1;
        }
    }
    // Three new moons fall within minutes of local midnight, where the abridged series of the published
    // algorithm and the more precise computation behind the tables land on different days.
    assert_eq!(
        boundaries,
        [date(2054, 5, 7), date(2072, 12, 9), date(2077, 11, 15)]
    );
    assert!(checked_months > 1640, "{checked_months}");
}

#[test]
fn hung_kings_day_is_the_tenth_of_the_third_lunar_month() {
    for (year, solar) in [
        (2024, date(2024, 4, 18)),
        (2025, date(2025, 4, 7)),
        (2026, date(2026, 4, 26)),
    ] {
        assert_eq!(
            LunarDate::new(year, 3, 10, false)
                .unwrap()
                .to_solar()
                .unwrap(),
            solar
        );
    }
}
