//! Julian day numbers: a day count that makes date arithmetic integer arithmetic.
//!
//! The formulas are the standard Gregorian ones (Fliegel & Van Flandern, as used by Hồ Ngọc Đức's
//! `jdFromDate`); the supported range (1900–2100) is entirely Gregorian.

use jiff::civil::Date;

/// The Julian day number of a Gregorian civil date (noon-based: 2000-01-01 is 2451545).
pub(crate) fn from_date(date: Date) -> i32 {
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    let a = (14 - m) / 12;
    let y = y + 4800 - a;
    let m = m + 12 * a - 3;
    d + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
}

/// The Gregorian civil date of a Julian day number, or `None` outside what `jiff` represents.
pub(crate) fn to_date(jd: i32) -> Option<Date> {
    let a = jd + 32044;
    let b = (4 * a + 3) / 146_097;
    let c = a - b * 146_097 / 4;
    let d = (4 * c + 3) / 1461;
    let e = c - 1461 * d / 4;
    let m = (5 * e + 2) / 153;
    let day = e - (153 * m + 2) / 5 + 1;
    let month = m + 3 - 12 * (m / 10);
    let year = b * 100 + d - 4800 + m / 10;
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn julian_day_numbers_round_trip_and_match_the_astronomical_epoch() {
        assert_eq!(from_date(date(2000, 1, 1)), 2_451_545);
        assert_eq!(from_date(date(1900, 1, 1)), 2_415_021);
        let mut d = date(1899, 1, 1);
        while d < date(2102, 1, 1) {
            let jd = from_date(d);
            assert_eq!(to_date(jd), Some(d));
            let next = d.tomorrow().unwrap();
            assert_eq!(from_date(next), jd + 1);
            d = next;
        }
    }
}
