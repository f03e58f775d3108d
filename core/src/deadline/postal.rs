//! The post's own deadlines: carriage by route, delivery invitations, complaints
//! (Circular 17/2017/TT-BTTTT).

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::DeadlineError;
use crate::calendar::WorkCalendar;

/// A carriage route, which sets the carriage limit (Circular 17/2017/TT-BTTTT Art 7(2)(đ), (e), (g)).
///
/// Since 1 July 2025 there is no district level. The J+1 tier of Art 7(2)(đ) ("trong phạm vi nội
/// quận/thị xã/huyện/thành phố trực thuộc tỉnh") has no successor in the text; the library reads
/// [`CarriageRoute::SameDistrict`] as carriage within one former district's area, or for a dossier received
/// from 1 July 2025 within one commune-level unit (xã, phường, đặc khu), and anything wider within a province
/// as [`CarriageRoute::SameProvince`] (J+2). This is the library's reading, not a text: see `docs/legal.md`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CarriageRoute {
    /// Within one district (from 1 July 2025: one commune-level unit): J+1 (Art 7(2)(đ)).
    SameDistrict,
    /// Between districts of one province: J+2 (Art 7(2)(đ)).
    SameProvince,
    /// Between special or type-I cities: J+3 (Art 7(2)(e)).
    BetweenMajorCities,
    /// Any other inter-province route: J+4 (Art 7(2)(e)).
    InterProvince,
    /// A carriage time not set by route: agreed between the post and the applicant for a procedure whose
    /// result is given the same day (Art 7(2)(d)), or set and published by the post for an area of special
    /// geography (Art 7(2)(g)). Used as given, not doubled for the appointment slip.
    Agreed {
        /// The agreed or published number of working days after J.
        working_days: u8,
        /// Whether the route crosses a province boundary (for complaint resolution, Art 8(1)(b)).
        inter_province: bool,
    },
}

impl CarriageRoute {
    /// The carriage limit in working days after the sending slip's date J (Circular 17/2017/TT-BTTTT
    /// Art 7(2)(đ), (e)), without the appointment slip.
    pub fn working_days(self) -> i64 {
        match self {
            CarriageRoute::SameDistrict => 1,
            CarriageRoute::SameProvince => 2,
            CarriageRoute::BetweenMajorCities => 3,
            CarriageRoute::InterProvince => 4,
            CarriageRoute::Agreed { working_days, .. } => i64::from(working_days),
        }
    }

    /// The carriage limit when the post also delivers the appointment slip: twice the route's
    /// (J+2, J+4, J+6, J+8, Art 7(2)(đ), (e)); an agreed or published time is used as given.
    pub fn working_days_with_slip(self) -> i64 {
        match self {
            CarriageRoute::Agreed { .. } => self.working_days(),
            _ => self.working_days() * 2,
        }
    }

    /// Whether the route crosses a province boundary (for complaint resolution, Art 8).
    pub fn is_inter_province(self) -> bool {
        match self {
            CarriageRoute::BetweenMajorCities | CarriageRoute::InterProvince => true,
            CarriageRoute::Agreed { inter_province, .. } => inter_province,
            CarriageRoute::SameDistrict | CarriageRoute::SameProvince => false,
        }
    }
}

/// The last day of carriage: J + n working days from the date on the sending slip (J), n by route, doubled
/// when the post also delivers the appointment slip (Circular 17/2017/TT-BTTTT Art 7(2)(a), (đ), (e)).
///
/// # Errors
/// [`DeadlineError::Calendar`] outside 1900–2100.
pub fn carriage_due(
    cal: &WorkCalendar,
    slip_date: Date,
    route: CarriageRoute,
    delivers_appointment_slip: bool,
) -> Result<Date, DeadlineError> {
    let n = if delivers_appointment_slip {
        route.working_days_with_slip()
    } else {
        route.working_days()
    };
    Ok(cal.add_working_days(slip_date, n)?)
}

/// Working days between two delivery invitations (Circular 17/2017/TT-BTTTT Art 5).
pub const INVITATION_INTERVAL_WORKING_DAYS: i64 = 2;
/// Delivery invitations required before a result may go back to the agency (Circular 17/2017/TT-BTTTT Art 5).
pub const INVITATIONS_BEFORE_RETURN: usize = 2;

/// What the delivery invitations allow next (Circular 17/2017/TT-BTTTT Art 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "next")]
pub enum InvitationStep {
    /// No invitation yet: deliver or leave the first one.
    FirstInvitation,
    /// Another invitation is due, not before `earliest`.
    NextInvitation {
        /// The earliest day for it.
        #[schemars(schema_with = "crate::time::date_schema")]
        earliest: Date,
    },
    /// Enough invitations were made: the result may go back to the agency.
    MayReturnToAgency,
}

/// Check the dates of failed delivery attempts (each leaves an invitation) and say what may happen next:
/// at least 2 invitations, each 2 working days after the previous one, before the result goes back
/// (Circular 17/2017/TT-BTTTT Art 5). Attempts closer together do not count towards the 2.
///
/// # Errors
/// [`DeadlineError::InvitationsTooClose`] for an attempt earlier than 2 working days after the previous
/// counted one; [`DeadlineError::Calendar`] outside 1900–2100.
pub fn invitation_step(
    cal: &WorkCalendar,
    attempts: &[Date],
) -> Result<InvitationStep, DeadlineError> {
    let mut counted: Option<Date> = None;
    let mut count = 0;
    for &a in attempts {
        if let Some(prev) = counted {
            let earliest = cal.add_working_days(prev, INVITATION_INTERVAL_WORKING_DAYS)?;
            if a < earliest {
                return Err(DeadlineError::InvitationsTooClose {
                    first: prev,
                    second: a,
                    earliest,
                });
            }
        }
        counted = Some(a);
        count += 1;
    }
    Ok(match counted {
        None => InvitationStep::FirstInvitation,
        Some(_) if count >= INVITATIONS_BEFORE_RETURN => InvitationStep::MayReturnToAgency,
        Some(last) => InvitationStep::NextInvitation {
            earliest: cal.add_working_days(last, INVITATION_INTERVAL_WORKING_DAYS)?,
        },
    })
}

/// Check a return to the agency: it needs [`INVITATIONS_BEFORE_RETURN`] valid invitations first
/// (Circular 17/2017/TT-BTTTT Art 5).
///
/// # Errors
/// [`DeadlineError::ReturnedTooEarly`], or as [`invitation_step`].
pub fn check_return_to_agency(cal: &WorkCalendar, attempts: &[Date]) -> Result<(), DeadlineError> {
    match invitation_step(cal, attempts)? {
        InvitationStep::MayReturnToAgency => Ok(()),
        _ => Err(DeadlineError::ReturnedTooEarly {
            attempts: attempts.len(),
        }),
    }
}

/// Months after the end of the carriage period within which a complaint may be filed
/// (Circular 17/2017/TT-BTTTT Art 8).
pub const COMPLAINT_FILING_MONTHS: i64 = 6;

/// The last day to file a complaint: 6 months after the end of the carriage period
/// (Circular 17/2017/TT-BTTTT Art 8), the same day number of the sixth month or its last day when it has
/// none (Civil Code 2015 Art 148(3)), moved to the next working day when it is a day off (Art 148(5)).
///
/// # Errors
/// [`DeadlineError::Calendar`] outside 1900–2100.
pub fn complaint_filing_deadline(
    cal: &WorkCalendar,
    carriage_end: Date,
) -> Result<Date, DeadlineError> {
    let end = carriage_end
        .checked_add(jiff::Span::new().months(COMPLAINT_FILING_MONTHS))
        .map_err(|_| crate::calendar::CalendarError::SolarDateOutOfRange {
            date: carriage_end,
            min: crate::calendar::MIN_SOLAR,
            max: crate::calendar::MAX_SOLAR,
        })?;
    Ok(cal.this_or_next_working_day(end)?)
}

/// The last day to resolve a complaint: 5 working days after receiving it within a province, 7 between
/// provinces (Circular 17/2017/TT-BTTTT Art 8).
///
/// # Errors
/// [`DeadlineError::Calendar`] outside 1900–2100.
pub fn complaint_resolution_due(
    cal: &WorkCalendar,
    received: Date,
    inter_province: bool,
) -> Result<Date, DeadlineError> {
    Ok(cal.add_working_days(received, if inter_province { 7 } else { 5 })?)
}
