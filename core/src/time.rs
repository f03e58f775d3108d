//! Time in `hoso`: instants are [`jiff::Timestamp`]; legal dates are civil dates in Vietnam's time zone.
//!
//! Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact. This module also holds the
//! serde/JSON Schema glue for jiff types, which schemars does not cover.

use jiff::{Timestamp, civil, tz};

pub mod rfc3339;

/// Vietnam's offset from UTC: +07:00, all year (no daylight saving).
pub const VIETNAM_OFFSET: tz::Offset = tz::offset(7);

/// The time zone in which legal dates and working hours are reckoned: a fixed UTC+7 (`Asia/Ho_Chi_Minh`).
pub fn vietnam() -> tz::TimeZone {
    tz::TimeZone::fixed(VIETNAM_OFFSET)
}

/// The civil date-time in Vietnam of an instant.
pub fn to_vietnam(ts: Timestamp) -> civil::DateTime {
    VIETNAM_OFFSET.to_datetime(ts)
}

/// The civil date in Vietnam of an instant.
pub fn vietnam_date(ts: Timestamp) -> civil::Date {
    to_vietnam(ts).date()
}

/// The instant of a civil date-time read in Vietnam's time zone.
///
/// A fixed offset has no gaps or folds, so this never fails for dates jiff supports.
pub fn from_vietnam(dt: civil::DateTime) -> Result<Timestamp, jiff::Error> {
    VIETNAM_OFFSET.to_timestamp(dt)
}

/// JSON Schema for a [`jiff::Timestamp`] serialised as an RFC 3339 string.
///
/// Use as `#[schemars(schema_with = "crate::time::timestamp_schema")]`.
pub fn timestamp_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "format": "date-time" })
}

/// JSON Schema for a [`jiff::civil::Date`] serialised as `YYYY-MM-DD`.
pub fn date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "format": "date" })
}

/// JSON Schema for an optional [`jiff::civil::Date`].
pub fn option_date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": ["string", "null"], "format": "date" })
}

/// JSON Schema for an optional [`jiff::Timestamp`].
pub fn option_timestamp_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": ["string", "null"], "format": "date-time" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnam_is_utc_plus_seven_without_dst() {
        let ts: Timestamp = "2026-07-01T00:00:00Z".parse().unwrap();
        assert_eq!(to_vietnam(ts), civil::date(2026, 7, 1).at(7, 0, 0, 0));
        let ts: Timestamp = "2026-01-01T17:30:00Z".parse().unwrap();
        assert_eq!(vietnam_date(ts), civil::date(2026, 1, 2));
        assert_eq!(
            from_vietnam(civil::date(2026, 1, 2).at(0, 30, 0, 0)).unwrap(),
            ts
        );
    }
}
