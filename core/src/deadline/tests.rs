use jiff::civil::{Date, date};

use super::dossier::{DeadlineOptions, dossier_deadlines};
use super::postal::*;
use super::processing::*;
use super::summary::OnTimeSummary;
use super::*;
use crate::procedure::{Channel, DayKind, TimeLimit};

fn cal() -> WorkCalendar {
    WorkCalendar::vietnam()
}

/// An instant from a Vietnam civil date-time.
fn vn(d: Date, h: i8, m: i8) -> Timestamp {
    crate::time::from_vietnam(d.at(h, m, 0, 0)).unwrap()
}

#[test]
fn processing_time_limit_counts_from_the_handover_record_decision_45_2016_art_7() {
    // Handover record signed Thursday 12 February 2026, 10:00: 5 working days, Tết 16–20 Feb skipped.
    let due = processing_due(
        &cal(),
        vn(date(2026, 2, 12), 10, 0),
        TimeLimit::working(5),
        Channel::Postal,
    )
    .unwrap();
    assert_eq!(due, date(2026, 2, 26));
}

#[test]
fn first_day_of_a_period_is_not_counted_civil_code_2015_art_147() {
    let c = cal();
    assert_eq!(
        period_end(&c, date(2026, 3, 2), 1, DayKind::Working).unwrap(),
        date(2026, 3, 3)
    );
    assert_eq!(
        period_end(&c, date(2026, 3, 2), 1, DayKind::Calendar).unwrap(),
        date(2026, 3, 3)
    );
}

#[test]
fn calendar_day_limit_ending_on_a_day_off_moves_to_next_working_day_civil_code_2015_art_148() {
    let c = cal();
    // Monday 2 March 2026 + 5 days = Saturday 7 March → Monday 9 March.
    let due = processing_due(
        &c,
        vn(date(2026, 3, 2), 9, 0),
        TimeLimit::calendar(5),
        Channel::InPerson,
    )
    .unwrap();
    assert_eq!(due, date(2026, 3, 9));
    // Ending on Tết: 10 February + 7 days = 17 February (mùng 1) → Monday 23 February.
    assert_eq!(
        period_end(&c, date(2026, 2, 10), 7, DayKind::Calendar).unwrap(),
        date(2026, 2, 23)
    );
}

#[test]
fn paper_dossier_received_after_15h_counts_from_next_working_day_decree_61_2018_art_18() {
    let c = cal();
    let late = vn(date(2026, 3, 2), 15, 30);
    let limit = TimeLimit::working(5);
    assert_eq!(
        processing_due(&c, late, limit, Channel::Postal).unwrap(),
        date(2026, 3, 10)
    );
    assert_eq!(
        processing_due(&c, late, limit, Channel::InPerson).unwrap(),
        date(2026, 3, 10)
    );
    // An online dossier at 15:30 still counts from the same day.
    assert_eq!(
        processing_due(&c, late, limit, Channel::Online).unwrap(),
        date(2026, 3, 9)
    );
    // At 15:00:00 exactly the dossier is not received *after* 15:00: it counts from the same day, under both
    // regimes (30 June and 1 July 2025 are a Monday and a Tuesday).
    assert_eq!(
        processing_due(&c, vn(date(2026, 3, 2), 15, 0), limit, Channel::Postal).unwrap(),
        date(2026, 3, 9)
    );
    for day in [date(2025, 6, 30), date(2025, 7, 1)] {
        assert_eq!(
            reception_day(&c, vn(day, 15, 0), Channel::Postal).unwrap(),
            day
        );
        assert_eq!(
            reception_day(&c, vn(day, 15, 1), Channel::Postal).unwrap(),
            c.add_working_days(day, 1).unwrap()
        );
    }
}

#[test]
fn negative_zero_and_absurd_time_limits_are_typed_errors() {
    let c = cal();
    let start = date(2026, 3, 2);
    assert_eq!(
        period_end(&c, start, 0, DayKind::Working),
        Err(DeadlineError::TimeLimitNotPositive { days: 0 })
    );
    assert_eq!(
        period_end(&c, start, -3, DayKind::Calendar),
        Err(DeadlineError::TimeLimitNotPositive { days: -3 })
    );
    assert_eq!(
        period_end(&c, start, 731, DayKind::Working),
        Err(DeadlineError::TimeLimitAbsurd {
            days: 731,
            max: 730
        })
    );
    assert_eq!(
        processing_due(&c, vn(start, 9, 0), TimeLimit::working(0), Channel::Online),
        Err(DeadlineError::TimeLimitNotPositive { days: 0 })
    );
}

#[test]
fn dates_outside_the_calendar_range_are_typed_errors() {
    let c = cal();
    let err = processing_due(
        &c,
        vn(date(2100, 12, 30), 9, 0),
        TimeLimit::working(30),
        Channel::Online,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        DeadlineError::Calendar(CalendarError::WorkingDaysOutOfRange { .. })
    ));
    let err = processing_due(
        &c,
        vn(date(1899, 6, 1), 9, 0),
        TimeLimit::working(3),
        Channel::Online,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        DeadlineError::Calendar(CalendarError::SolarDateOutOfRange { .. })
    ));
}

#[test]
fn times_outside_vietnam_time_zone_are_refused() {
    let paris: jiff::ZonedDateTime = "2026-03-02T09:00:00+01:00[Europe/Paris]".parse().unwrap();
    assert!(matches!(
        vietnam_instant(&paris),
        Err(DeadlineError::NotVietnamTime { .. })
    ));
    let hanoi: jiff::ZonedDateTime = "2026-03-02T15:00:00+07:00[Asia/Ho_Chi_Minh]"
        .parse()
        .unwrap();
    assert_eq!(
        vietnam_instant(&hanoi).unwrap(),
        vn(date(2026, 3, 2), 15, 0)
    );
}

#[test]
fn supplement_request_must_come_within_3_working_days_decree_61_2018_art_19() {
    let c = cal();
    let filed = vn(date(2026, 2, 12), 10, 0);
    assert_eq!(
        supplement_request_deadline(&c, filed, Channel::Postal).unwrap(),
        date(2026, 2, 24)
    );
}

#[test]
fn extension_is_allowed_once_with_apology_one_day_before_due_decree_61_2018_art_19() {
    let due = date(2026, 3, 10);
    let new_date = date(2026, 3, 17);
    assert_eq!(
        check_extension(false, vn(date(2026, 3, 9), 16, 0), due, new_date),
        Ok(())
    );
    assert_eq!(
        check_extension(false, vn(date(2026, 3, 10), 8, 0), due, new_date),
        Err(DeadlineError::ApologyTooLate {
            apology: date(2026, 3, 10),
            due,
            latest: date(2026, 3, 9)
        })
    );
    assert_eq!(
        check_extension(true, vn(date(2026, 3, 5), 8, 0), due, new_date),
        Err(DeadlineError::ExtensionAlreadyUsed)
    );
    assert_eq!(
        check_extension(false, vn(date(2026, 3, 5), 8, 0), due, due),
        Err(DeadlineError::NewDateNotLater { new_date: due, due })
    );
}

#[test]
fn carriage_limits_by_route_circular_17_2017_art_7() {
    let c = cal();
    let monday = date(2026, 3, 2);
    let cases = [
        (CarriageRoute::SameDistrict, false, date(2026, 3, 3)),
        (CarriageRoute::SameProvince, false, date(2026, 3, 4)),
        (CarriageRoute::BetweenMajorCities, false, date(2026, 3, 5)),
        (CarriageRoute::InterProvince, false, date(2026, 3, 6)),
        // Doubled when the post also delivers the appointment slip.
        (CarriageRoute::SameDistrict, true, date(2026, 3, 4)),
        (CarriageRoute::InterProvince, true, date(2026, 3, 12)),
    ];
    for (route, slip, expected) in cases {
        assert_eq!(
            carriage_due(&c, monday, route, slip).unwrap(),
            expected,
            "{route:?} {slip}"
        );
    }
    // An agreed time (same-day procedures, Art 7(2)(d)) or one the post publishes for an area of special
    // geography (Art 7(2)(g)) is used as given, slip or not.
    let agreed = CarriageRoute::Agreed {
        working_days: 6,
        inter_province: false,
    };
    assert_eq!(
        carriage_due(&c, monday, agreed, false).unwrap(),
        date(2026, 3, 10)
    );
    assert_eq!(
        carriage_due(&c, monday, agreed, true).unwrap(),
        date(2026, 3, 10)
    );
    assert!(!agreed.is_inter_province());
    assert!(
        CarriageRoute::Agreed {
            working_days: 0,
            inter_province: true
        }
        .is_inter_province()
    );
    assert_eq!(
        carriage_due(
            &c,
            monday,
            CarriageRoute::Agreed {
                working_days: 0,
                inter_province: false
            },
            true
        )
        .unwrap(),
        monday
    );
    // J+4 from the Friday before Tết 2026 ends on Thursday 26 February.
    assert_eq!(
        carriage_due(&c, date(2026, 2, 13), CarriageRoute::InterProvince, false).unwrap(),
        date(2026, 2, 26)
    );
}

#[test]
fn two_delivery_invitations_two_working_days_apart_before_return_circular_17_2017_art_5() {
    let c = cal();
    assert_eq!(
        invitation_step(&c, &[]).unwrap(),
        InvitationStep::FirstInvitation
    );
    assert_eq!(
        invitation_step(&c, &[date(2026, 3, 5)]).unwrap(),
        InvitationStep::NextInvitation {
            earliest: date(2026, 3, 9)
        }
    );
    assert_eq!(
        invitation_step(&c, &[date(2026, 3, 5), date(2026, 3, 6)]),
        Err(DeadlineError::InvitationsTooClose {
            first: date(2026, 3, 5),
            second: date(2026, 3, 6),
            earliest: date(2026, 3, 9)
        })
    );
    assert_eq!(
        invitation_step(&c, &[date(2026, 3, 5), date(2026, 3, 9)]).unwrap(),
        InvitationStep::MayReturnToAgency
    );
    assert_eq!(
        check_return_to_agency(&c, &[date(2026, 3, 5)]),
        Err(DeadlineError::ReturnedTooEarly { attempts: 1 })
    );
    assert!(check_return_to_agency(&c, &[date(2026, 3, 5), date(2026, 3, 9)]).is_ok());
}

#[test]
fn complaints_six_months_to_file_and_five_or_seven_working_days_to_resolve_circular_17_2017_art_8()
{
    let c = cal();
    // 6 March + 6 months = Sunday 6 September 2026 → Monday 7 September.
    assert_eq!(
        complaint_filing_deadline(&c, date(2026, 3, 6)).unwrap(),
        date(2026, 9, 7)
    );
    // The day number is kept, or clamped to the month's last day.
    assert_eq!(
        complaint_filing_deadline(&c, date(2026, 4, 3)).unwrap(),
        date(2026, 10, 5)
    );
    assert_eq!(
        complaint_resolution_due(&c, date(2026, 3, 2), false).unwrap(),
        date(2026, 3, 9)
    );
    assert_eq!(
        complaint_resolution_due(&c, date(2026, 3, 2), true).unwrap(),
        date(2026, 3, 11)
    );
    assert!(CarriageRoute::InterProvince.is_inter_province());
    assert!(!CarriageRoute::SameProvince.is_inter_province());
}

#[test]
fn deadline_status_is_met_due_soon_or_missed_with_configurable_margin() {
    let c = cal();
    let d = Deadline {
        rule: Rule::ProcessingTimeLimit,
        due: date(2026, 3, 10),
        met_at: None,
    };
    let now = vn(date(2026, 3, 5), 9, 0);
    // 6, 9 and 10 March are left.
    assert_eq!(
        d.status_at(&c, now, 2).unwrap(),
        DeadlineStatus::Pending {
            working_days_left: 3
        }
    );
    assert_eq!(
        d.status_at(&c, now, 3).unwrap(),
        DeadlineStatus::DueSoon {
            working_days_left: 3
        }
    );
    assert_eq!(
        d.status_at(&c, vn(date(2026, 3, 10), 23, 0), 0).unwrap(),
        DeadlineStatus::DueSoon {
            working_days_left: 0
        }
    );
    assert_eq!(
        d.status_at(&c, vn(date(2026, 3, 12), 9, 0), 2).unwrap(),
        DeadlineStatus::Missed { days_overdue: 2 }
    );
    let met = Deadline {
        met_at: Some(vn(date(2026, 3, 10), 23, 59)),
        ..d.clone()
    };
    assert_eq!(met.status_at(&c, now, 2).unwrap(), DeadlineStatus::Met);
    let late = Deadline {
        met_at: Some(vn(date(2026, 3, 11), 0, 1)),
        ..d
    };
    assert_eq!(
        late.status_at(&c, now, 2).unwrap(),
        DeadlineStatus::MetLate { days_late: 1 }
    );
    assert!(!DeadlineStatus::Missed { days_overdue: 1 }.is_on_time());
}

#[test]
fn every_rule_has_a_citation() {
    let rules = [
        Rule::ProcessingTimeLimit,
        Rule::ExtendedAppointment,
        Rule::SupplementRequestWindow,
        Rule::ApologyBeforeDueDate,
        Rule::CarriageToAgency,
        Rule::CarriageToRecipient,
        Rule::DeliveryInvitations,
        Rule::ComplaintFiling,
        Rule::ComplaintResolution,
    ];
    for r in rules {
        assert!(r.citation().contains("Art"), "{r:?}");
    }
}

mod dossiers;

/// Deadlines across the National Day break of 2026 (Thông báo 9441/TB-BNV: 29 August to 2 September off,
/// Monday 31 August swapped for Saturday 22 August).
#[test]
fn deadlines_across_the_national_day_break_of_2026_follow_notice_9441_tb_bnv() {
    let c = cal();
    // Thursday 27 August, 10:00: 3 working days are Friday 28 August, Thursday 3 and Friday 4 September.
    let due = processing_due(
        &c,
        vn(date(2026, 8, 27), 10, 0),
        TimeLimit::working(3),
        Channel::Postal,
    )
    .unwrap();
    assert_eq!(due, date(2026, 9, 4));
    // Friday 21 August: the next working day is the swapped Saturday 22 August.
    let due = processing_due(
        &c,
        vn(date(2026, 8, 21), 9, 0),
        TimeLimit::working(1),
        Channel::InPerson,
    )
    .unwrap();
    assert_eq!(due, date(2026, 8, 22));
    // A supplement asked of a dossier received on Wednesday 26 August: by Thursday 3 September.
    assert_eq!(
        supplement_request_deadline(&c, vn(date(2026, 8, 26), 9, 0), Channel::InPerson).unwrap(),
        date(2026, 9, 3)
    );
    // Carriage within a province from a slip dated Friday 28 August: J+2 is Friday 4 September.
    assert_eq!(
        carriage_due(&c, date(2026, 8, 28), CarriageRoute::SameProvince, false).unwrap(),
        date(2026, 9, 4)
    );
    // A calendar-day limit ending on Monday 31 August moves to Thursday 3 September.
    assert_eq!(
        period_end(&c, date(2026, 8, 21), 10, DayKind::Calendar).unwrap(),
        date(2026, 9, 3)
    );
}
