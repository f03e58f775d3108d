//! The complaint rules one at a time: the filing window and the resolution limits on the working-day
//! calendar (Circular 17/2017/TT-BTTTT Art 8(1)), the complaint's own state machine, the rating after
//! delivery, and no personal data in `Debug` or errors.

use jiff::Timestamp;
use jiff::civil::{Date, date};

use super::*;
use crate::calendar::WorkCalendar;
use crate::deadline::dossier::DeadlineOptions;
use crate::deadline::postal::CarriageRoute;
use crate::event::{Actor, ActorRole, Event, EventId, EventType};
use crate::machine::TransitionError;
use crate::service::portal::portal_sync;
use crate::{Dossier, PostalForm, demo};

/// Vietnam 10:00 on `d`.
fn ten_am(d: Date) -> Timestamp {
    crate::time::from_vietnam(d.at(10, 0, 0, 0)).unwrap()
}

fn citizen() -> Actor {
    Actor::new(ActorRole::Citizen, "web")
}

/// The sample dossier's whole life: result collected Friday 6 March 2026, delivered Sunday 8 March.
fn delivered() -> Dossier {
    Dossier::from_events(&demo::lifecycle(1)).unwrap()
}

fn filing(number: u16, due: Date) -> ComplaintFiling {
    ComplaintFiling {
        number: ComplaintNumber(number),
        subject: ComplaintSubject::LateCarriage,
        statement: FreeText::new("Kết quả đến chậm").unwrap(),
        inter_province: false,
        filing_deadline: date(2026, 9, 8),
        resolution_due: due,
    }
}

fn ev(id: u128, on: Date, kind: EventKind) -> Event {
    Event::new(EventId::from_u128(id), ten_am(on), citizen(), kind)
}

fn route(r: CarriageRoute) -> DeadlineOptions {
    DeadlineOptions {
        to_recipient: Some(r),
        ..DeadlineOptions::default()
    }
}

#[test]
fn filing_window_is_six_months_from_the_end_of_the_carriage_time_circular_17_2017_art_8_1_a() {
    let cal = WorkCalendar::vietnam();
    let d = delivered();
    // Result taken Friday 6 March, within a province: the carriage time ends J+2, Tuesday 10 March.
    let options = route(CarriageRoute::SameProvince);
    assert_eq!(
        carriage_end(&d, &cal, &options).unwrap(),
        Some(date(2026, 3, 10))
    );
    let last = filing_terms(&d, &cal, &options, ten_am(date(2026, 9, 10))).unwrap();
    assert_eq!(last.filing_deadline, date(2026, 9, 10));
    let err = filing_terms(&d, &cal, &options, ten_am(date(2026, 9, 11))).unwrap_err();
    assert_eq!(
        err,
        ComplaintError::FilingWindowClosed {
            carriage_end: date(2026, 3, 10),
            deadline: date(2026, 9, 10),
            filed: date(2026, 9, 11),
        }
    );
    let message = err.to_string();
    assert!(message.contains("2026-09-10"), "{message}");
    assert!(
        message.contains("Circular 17/2017/TT-BTTTT Art 8(1)(a)"),
        "{message}"
    );
}

#[test]
fn a_filing_deadline_on_a_day_off_moves_to_the_next_working_day_civil_code_2015_art_148_5() {
    let cal = WorkCalendar::vietnam();
    // Between provinces the carriage ends J+4, Thursday 12 March; six months later is Saturday 12 September.
    let terms = filing_terms(
        &delivered(),
        &cal,
        &route(CarriageRoute::InterProvince),
        ten_am(date(2026, 3, 9)),
    )
    .unwrap();
    assert_eq!(terms.carriage_end, date(2026, 3, 12));
    assert_eq!(terms.filing_deadline, date(2026, 9, 14));
}

#[test]
fn without_a_route_the_window_runs_from_the_posts_last_act() {
    let cal = WorkCalendar::vietnam();
    // Delivered Sunday 8 March; six months later is Tuesday 8 September.
    let terms = filing_terms(
        &delivered(),
        &cal,
        &DeadlineOptions::default(),
        ten_am(date(2026, 3, 9)),
    )
    .unwrap();
    assert_eq!(terms.carriage_end, date(2026, 3, 8));
    assert_eq!(terms.filing_deadline, date(2026, 9, 8));
    // Without a route, the province's own limit (5 working days).
    assert!(!terms.inter_province);
}

#[test]
fn a_complaint_needs_a_carriage_to_complain_of() {
    let cal = WorkCalendar::vietnam();
    let opened = Dossier::open(demo::opened_event()).unwrap();
    let err = filing_terms(
        &opened,
        &cal,
        &DeadlineOptions::default(),
        ten_am(date(2026, 3, 2)),
    )
    .unwrap_err();
    assert_eq!(err, ComplaintError::NoCarriage);
    // And the state machine refuses the event before the post took part.
    let mut d = opened;
    let e = ev(
        9,
        date(2026, 3, 3),
        EventKind::ComplaintFiled {
            filing: filing(1, date(2026, 3, 10)),
        },
    );
    assert!(matches!(
        d.apply(&e),
        Err(TransitionError::NotAllowed {
            event: EventType::ComplaintFiled,
            ..
        })
    ));
}

#[test]
fn resolved_within_5_working_days_in_a_province_7_between_circular_17_2017_art_8_1_b() {
    let cal = WorkCalendar::vietnam();
    let d = delivered();
    // Filed Monday 9 March: 5 working days is Monday 16 March (a weekend between), 7 is Wednesday 18.
    let within = filing_terms(
        &d,
        &cal,
        &route(CarriageRoute::SameProvince),
        ten_am(date(2026, 3, 9)),
    );
    assert_eq!(within.unwrap().resolution_due, date(2026, 3, 16));
    let between = filing_terms(
        &d,
        &cal,
        &route(CarriageRoute::InterProvince),
        ten_am(date(2026, 3, 9)),
    );
    let between = between.unwrap();
    assert!(between.inter_province);
    assert_eq!(between.resolution_due, date(2026, 3, 18));
}

#[test]
fn resolution_days_skip_the_lunar_new_year_circular_17_2017_art_8_1_b_labour_code_2019_art_112() {
    let cal = WorkCalendar::vietnam();
    // A life started on 2 February 2026 ends with the delivery on 8 February; a complaint filed on
    // Thursday 12 February, just before Tết, is due after the holiday.
    let start = ten_am(date(2026, 2, 2));
    let d = Dossier::from_events(&demo::lifecycle_of(demo::header(1), 100, start)).unwrap();
    let filed = ten_am(date(2026, 2, 12));
    let within = filing_terms(&d, &cal, &route(CarriageRoute::SameProvince), filed).unwrap();
    assert_eq!(within.resolution_due, date(2026, 2, 26));
    let between = filing_terms(&d, &cal, &route(CarriageRoute::InterProvince), filed).unwrap();
    assert_eq!(between.resolution_due, date(2026, 3, 2));
}

#[test]
fn a_complaint_goes_filed_then_investigating_then_resolved() {
    let mut d = delivered();
    let legs = (d.agency_state(), d.postal_state(), d.portal_status());
    let due = date(2026, 3, 16);
    d.apply(&ev(
        90,
        date(2026, 3, 9),
        EventKind::ComplaintFiled {
            filing: filing(1, due),
        },
    ))
    .unwrap();
    assert_eq!(d.complaints()[0].state, ComplaintState::Filed);
    let resolve = |id| {
        ev(
            id,
            date(2026, 3, 12),
            EventKind::ComplaintResolved {
                complaint: ComplaintNumber(1),
                outcome: ComplaintOutcome::Rejected {
                    reason: FreeText::new("Phát đúng thời gian toàn trình").unwrap(),
                },
            },
        )
    };
    // Not resolved before it is investigated.
    assert_eq!(
        d.apply(&resolve(91)).unwrap_err(),
        TransitionError::Complaint(ComplaintError::NotAllowed {
            number: ComplaintNumber(1),
            state: ComplaintState::Filed,
            event: EventType::ComplaintResolved,
        })
    );
    let investigate = |id| {
        ev(
            id,
            date(2026, 3, 10),
            EventKind::ComplaintInvestigating {
                complaint: ComplaintNumber(1),
            },
        )
    };
    d.apply(&investigate(92)).unwrap();
    assert_eq!(d.complaints()[0].state, ComplaintState::Investigating);
    assert!(matches!(
        d.apply(&investigate(93)),
        Err(TransitionError::Complaint(
            ComplaintError::NotAllowed { .. }
        ))
    ));
    d.apply(&resolve(94)).unwrap();
    let c = &d.complaints()[0];
    assert_eq!(c.state, ComplaintState::Resolved);
    assert_eq!(c.resolved_on_time(), Some(true));
    assert!(!c.outcome.as_ref().unwrap().is_upheld());
    assert!(matches!(
        d.apply(&resolve(95)),
        Err(TransitionError::Complaint(ComplaintError::NotAllowed {
            state: ComplaintState::Resolved,
            ..
        }))
    ));
    // The two legs and the portal status are untouched, and the portal hears of none of it.
    assert_eq!(
        (d.agency_state(), d.postal_state(), d.portal_status()),
        legs
    );
    assert!(portal_sync(&d, 3).is_none());
    // The history replays, and reads back from JSON, to the same dossier.
    assert_eq!(Dossier::from_events(d.history()).unwrap(), d);
    let back: Dossier = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
}

#[test]
fn complaints_are_numbered_in_order_and_known_by_number() {
    let mut d = delivered();
    let due = date(2026, 3, 16);
    let second = ev(
        90,
        date(2026, 3, 9),
        EventKind::ComplaintFiled {
            filing: filing(2, due),
        },
    );
    assert_eq!(
        d.apply(&second).unwrap_err(),
        TransitionError::Complaint(ComplaintError::NotNext {
            number: ComplaintNumber(2),
            expected: ComplaintNumber(1),
        })
    );
    let unknown = ev(
        91,
        date(2026, 3, 9),
        EventKind::ComplaintInvestigating {
            complaint: ComplaintNumber(1),
        },
    );
    assert_eq!(
        d.apply(&unknown).unwrap_err(),
        TransitionError::Complaint(ComplaintError::Unknown {
            number: ComplaintNumber(1)
        })
    );
    let early_due = ev(
        92,
        date(2026, 3, 9),
        EventKind::ComplaintFiled {
            filing: filing(1, date(2026, 3, 6)),
        },
    );
    assert!(matches!(
        d.apply(&early_due),
        Err(TransitionError::Complaint(
            ComplaintError::DueBeforeFiling { .. }
        ))
    ));
    assert!(d.complaints().is_empty());
}

#[test]
fn a_complaint_is_overdue_after_its_due_day_until_resolved() {
    let mut log = ComplaintLog::default();
    log.apply(&ev(
        1,
        date(2026, 3, 9),
        EventKind::ComplaintFiled {
            filing: filing(1, date(2026, 3, 16)),
        },
    ))
    .unwrap();
    let c = log.get(ComplaintNumber(1)).unwrap().clone();
    assert!(!c.is_overdue_at(ten_am(date(2026, 3, 16))));
    assert!(c.is_overdue_at(ten_am(date(2026, 3, 17))));
    log.apply(&ev(
        2,
        date(2026, 3, 17),
        EventKind::ComplaintInvestigating {
            complaint: ComplaintNumber(1),
        },
    ))
    .unwrap();
    assert!(log.complaints()[0].is_overdue_at(ten_am(date(2026, 3, 18))));
    log.apply(&ev(
        3,
        date(2026, 3, 18),
        EventKind::ComplaintResolved {
            complaint: ComplaintNumber(1),
            outcome: ComplaintOutcome::Upheld {
                reason: FreeText::new("Chậm 2 ngày").unwrap(),
                compensation: Some(Compensation {
                    reissue_costs: Vnd::ZERO,
                    damages: Vnd(32_000),
                }),
            },
        },
    ))
    .unwrap();
    let c = &log.complaints()[0];
    assert!(!c.is_overdue_at(ten_am(date(2026, 3, 19))));
    assert_eq!(c.resolved_on_time(), Some(false));
}

#[test]
fn the_service_is_rated_once_after_delivery() {
    let rate = |id, on| {
        ev(
            id,
            on,
            EventKind::FeedbackGiven {
                feedback: Feedback {
                    rating: Rating::new(4).unwrap(),
                    comment: Some(FreeText::new("Nhân viên nhiệt tình").unwrap()),
                },
            },
        )
    };
    // Before delivery: refused by the table.
    let mut before = Dossier::from_events(&demo::lifecycle(1)[..12]).unwrap();
    assert!(matches!(
        before.apply(&rate(90, date(2026, 3, 9))),
        Err(TransitionError::NotAllowed {
            event: EventType::FeedbackGiven,
            ..
        })
    ));
    let mut d = delivered();
    d.apply(&rate(91, date(2026, 3, 9))).unwrap();
    let (f, at) = d.feedback().unwrap();
    assert_eq!(f.rating.get(), 4);
    assert_eq!(at, ten_am(date(2026, 3, 9)));
    // Once per dossier: a second rating is refused, saying when the first was given.
    assert_eq!(
        d.apply(&rate(92, date(2026, 3, 10))).unwrap_err(),
        TransitionError::Complaint(ComplaintError::FeedbackAlreadyGiven {
            at: ten_am(date(2026, 3, 9))
        })
    );
}

#[test]
fn a_dossier_whose_result_is_collected_at_the_desk_is_rated_after_the_handover() {
    let open = demo::opened_with_form(1, PostalForm::SendDossier);
    let mut d = Dossier::open(open).unwrap();
    use EventType as T;
    for (i, t) in [
        T::CollectedAndSealed,
        T::DispatchedToAgency,
        T::HandedToAgency,
        T::Accepted,
        T::ProcessingStarted,
        T::ProcessingFinished,
        T::ResultReturnedAtDesk,
        T::FeedbackGiven,
    ]
    .into_iter()
    .enumerate()
    {
        d.apply(&demo::event(
            1000 + i as u128,
            10 * (i as i64 + 1),
            demo::sample_kind(t),
        ))
        .unwrap();
    }
    assert!(d.feedback().is_some());
}

#[test]
fn ratings_are_1_to_5_and_texts_are_not_blank() {
    for v in [1, 3, 5] {
        assert_eq!(Rating::new(v).unwrap().get() as i64, v);
    }
    for v in [0, 6, -1, 300] {
        assert_eq!(
            Rating::new(v).unwrap_err(),
            ComplaintError::RatingOutOfRange { value: v }
        );
    }
    assert!(serde_json::from_str::<Rating>("0").is_err());
    assert_eq!(serde_json::from_str::<Rating>("2").unwrap().get(), 2);
    assert_eq!(FreeText::new(" \n").unwrap_err(), ComplaintError::EmptyText);
    let long = "a".repeat(MAX_TEXT_CHARS + 1);
    assert_eq!(
        FreeText::new(long).unwrap_err(),
        ComplaintError::TextTooLong {
            chars: MAX_TEXT_CHARS + 1
        }
    );
    assert!(serde_json::from_str::<FreeText>("\"\"").is_err());
}

#[test]
fn no_personal_data_in_debug_or_errors() {
    let phone = "0912345678";
    let statement = FreeText::new(format!("Nguyễn Văn A, số điện thoại {phone}")).unwrap();
    let mut f = filing(1, date(2026, 3, 16));
    f.statement = statement;
    let e = ev(
        90,
        date(2026, 3, 9),
        EventKind::ComplaintFiled { filing: f.clone() },
    );
    let debug = format!("{e:?}");
    assert!(!debug.contains(phone), "{debug}");
    assert!(!debug.contains("Nguyễn"), "{debug}");
    // A refused complaint's error names numbers and dates only.
    f.number = ComplaintNumber(3);
    let refused = delivered()
        .apply(&ev(
            91,
            date(2026, 3, 9),
            EventKind::ComplaintFiled { filing: f },
        ))
        .unwrap_err();
    let text = format!("{refused} {refused:?}");
    assert!(!text.contains(phone), "{text}");
    // The text itself is kept whole for the record.
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains(phone));
}

#[test]
fn the_least_liability_is_four_times_the_charge_decree_47_2011_art_25_1_a() {
    assert_eq!(minimum_liability(Vnd(25_000)), Some(Vnd(100_000)));
    assert_eq!(minimum_liability(Vnd(u64::MAX)), None);
    let c = Compensation {
        reissue_costs: Vnd(150_000),
        damages: Vnd(100_000),
    };
    assert_eq!(c.total(), Some(Vnd(250_000)));
}

#[test]
fn complaint_states_have_distinct_bilingual_labels() {
    let labels: Vec<_> = ComplaintState::ALL.iter().map(|s| s.label()).collect();
    for (i, a) in labels.iter().enumerate() {
        assert!(!a.vi.is_empty() && !a.en.is_empty());
        for b in &labels[i + 1..] {
            assert!(a.vi != b.vi && a.en != b.en);
        }
    }
}
