//! How long the post's records of a dossier must be kept, and when they may be purged.
//!
//! Circular 17/2017/TT-BTTTT Art 14(3): the postal operator keeps its paper records of the service at least
//! 1 year and its electronic records at least 5 years, counted from the day the dossier or the result was
//! taken in for carriage ("kể từ ngày hồ sơ, kết quả được nhận gửi"). A period in years ends on the same day
//! and month of its last year (Civil Code 2015 Art 148(4)); the record may be purged from the next day, and
//! never before: [`check_purge`] refuses an earlier purge with a typed error. Which records a store holds and
//! how it deletes them is the store's business; this module only says when.
//!
//! ```
//! use hoso_core::retention::{Medium, check_purge, purgeable_from};
//! use jiff::civil::date;
//!
//! // A dossier taken in on 2 March 2026: its paper slips may go from 3 March 2027, its events from 2031.
//! assert_eq!(purgeable_from(Medium::Paper, date(2026, 3, 2))?, date(2027, 3, 3));
//! assert_eq!(purgeable_from(Medium::Electronic, date(2026, 3, 2))?, date(2031, 3, 3));
//! assert!(check_purge(Medium::Electronic, date(2026, 3, 2), date(2030, 12, 31)).is_err());
//! # Ok::<(), hoso_core::retention::RetentionError>(())
//! ```

use jiff::civil::Date;

use crate::Dossier;
use crate::event::EventKind;
use crate::time::vietnam_date;

/// What a record is kept on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Medium {
    /// Paper (phiếu gửi, biên bản giao nhận on paper): at least 1 year.
    Paper,
    /// Electronic (events, custody records, evidence files, scans): at least 5 years.
    Electronic,
}

impl Medium {
    /// Years the record must be kept (Circular 17/2017/TT-BTTTT Art 14(3)).
    pub fn years(self) -> i16 {
        match self {
            Medium::Paper => 1,
            Medium::Electronic => 5,
        }
    }
}

/// A purge the rule does not allow, or a date the calendar cannot place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RetentionError {
    /// The record must still be kept (Circular 17/2017/TT-BTTTT Art 14(3)).
    #[error(
        "{medium:?} record taken in on {taken_in} must be kept until {kept_until} \
         (Circular 17/2017/TT-BTTTT Art 14(3)); purge refused on {on}"
    )]
    TooEarly {
        /// What the record is kept on.
        medium: Medium,
        /// The day the dossier or result was taken in.
        taken_in: Date,
        /// The last day it must be kept.
        kept_until: Date,
        /// The day the purge was asked for.
        on: Date,
    },
    /// The retention period runs past the supported dates.
    #[error("retention of a record taken in on {taken_in} runs past the supported dates")]
    OutOfRange {
        /// The day the record was taken in.
        taken_in: Date,
    },
    /// The dossier has no intake by the post yet: nothing to count from.
    #[error("the dossier was never taken in by the post; no retention period has started")]
    NotTakenIn,
}

/// The last day a record taken in on `taken_in` must be kept: the same day and month, [`Medium::years`]
/// later (Civil Code 2015 Art 148(4); 29 February ends on 28 February).
///
/// # Errors
/// [`RetentionError::OutOfRange`] past the year 9999.
pub fn kept_until(medium: Medium, taken_in: Date) -> Result<Date, RetentionError> {
    taken_in
        .checked_add(jiff::Span::new().years(medium.years()))
        .map_err(|_| RetentionError::OutOfRange { taken_in })
}

/// The first day a record taken in on `taken_in` may be purged: the day after [`kept_until`].
///
/// # Errors
/// [`RetentionError::OutOfRange`] past the year 9999.
pub fn purgeable_from(medium: Medium, taken_in: Date) -> Result<Date, RetentionError> {
    kept_until(medium, taken_in)?
        .tomorrow()
        .map_err(|_| RetentionError::OutOfRange { taken_in })
}

/// Allow a purge on `on` of a record taken in on `taken_in`, or refuse it.
///
/// # Errors
/// [`RetentionError::TooEarly`] before [`purgeable_from`]; [`RetentionError::OutOfRange`].
pub fn check_purge(medium: Medium, taken_in: Date, on: Date) -> Result<(), RetentionError> {
    let until = kept_until(medium, taken_in)?;
    if on <= until {
        return Err(RetentionError::TooEarly {
            medium,
            taken_in,
            kept_until: until,
            on,
        });
    }
    Ok(())
}

/// The day a dossier's records start their retention: the last day the post took something of it in (the
/// dossier at the counter or pickup, or the result from the agency), since the records of both legs are kept
/// together. Vietnam civil dates.
///
/// # Errors
/// [`RetentionError::NotTakenIn`] when the post took nothing in yet.
pub fn last_intake(dossier: &Dossier) -> Result<Date, RetentionError> {
    dossier
        .history()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::CollectedAndSealed { .. } | EventKind::ResultCollected { .. }
            )
        })
        .map(|e| vietnam_date(e.at))
        .max()
        .ok_or(RetentionError::NotTakenIn)
}

/// Allow or refuse purging a dossier's records of `medium` on `on` (from its [`last_intake`]).
///
/// # Errors
/// As [`check_purge`] and [`last_intake`].
pub fn check_dossier_purge(
    dossier: &Dossier,
    medium: Medium,
    on: Date,
) -> Result<(), RetentionError> {
    check_purge(medium, last_intake(dossier)?, on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use jiff::civil::date;

    #[test]
    fn paper_is_kept_one_year_and_electronic_five_from_intake_circular_17_2017_art_14_3() {
        let taken = date(2026, 3, 2);
        assert_eq!(kept_until(Medium::Paper, taken).unwrap(), date(2027, 3, 2));
        assert_eq!(
            kept_until(Medium::Electronic, taken).unwrap(),
            date(2031, 3, 2)
        );
        // The last day is still kept; the next may purge.
        assert_eq!(
            check_purge(Medium::Paper, taken, date(2027, 3, 2)),
            Err(RetentionError::TooEarly {
                medium: Medium::Paper,
                taken_in: taken,
                kept_until: date(2027, 3, 2),
                on: date(2027, 3, 2),
            })
        );
        assert_eq!(check_purge(Medium::Paper, taken, date(2027, 3, 3)), Ok(()));
        assert!(check_purge(Medium::Electronic, taken, date(2027, 3, 3)).is_err());
        assert_eq!(
            check_purge(Medium::Electronic, taken, date(2031, 3, 3)),
            Ok(())
        );
        // 29 February: the year ends on 28 February (Civil Code 2015 Art 148(4)).
        assert_eq!(
            kept_until(Medium::Paper, date(2028, 2, 29)).unwrap(),
            date(2029, 2, 28)
        );
        assert_eq!(
            kept_until(Medium::Paper, date(9999, 6, 1)),
            Err(RetentionError::OutOfRange {
                taken_in: date(9999, 6, 1)
            })
        );
    }

    #[test]
    fn a_dossier_is_kept_from_its_last_intake_by_the_post() {
        // demo::lifecycle: sealed Monday 2 March 2026, result collected Friday 6 March 2026.
        let dossier = Dossier::from_events(&demo::lifecycle(1)).unwrap();
        assert_eq!(last_intake(&dossier).unwrap(), date(2026, 3, 6));
        assert!(check_dossier_purge(&dossier, Medium::Paper, date(2027, 3, 6)).is_err());
        assert_eq!(
            check_dossier_purge(&dossier, Medium::Paper, date(2027, 3, 7)),
            Ok(())
        );
        // Only opened: nothing taken in yet.
        let opened = Dossier::from_events(&demo::lifecycle(2)[..1]).unwrap();
        assert_eq!(last_intake(&opened), Err(RetentionError::NotTakenIn));
    }
}
