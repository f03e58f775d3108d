//! Deadlines computed from a dossier's pinned procedure and events.

use super::*;
use crate::Dossier;
use crate::demo;
use crate::event::{Actor, ActorRole, Event, EventId, EventKind};

fn options() -> DeadlineOptions {
    DeadlineOptions {
        to_agency: Some(CarriageRoute::InterProvince),
        to_recipient: Some(CarriageRoute::SameProvince),
        delivers_appointment_slip: false,
        appointment_notified_at: None,
    }
}

fn find(d: &dossier::DossierDeadlines, rule: Rule) -> Vec<Deadline> {
    d.deadlines
        .iter()
        .filter(|x| x.rule == rule)
        .cloned()
        .collect()
}

#[test]
fn a_dossier_lifecycle_yields_every_deadline_with_its_rule() {
    // demo::lifecycle: opened and sealed Monday 2 March 2026 08:30, handed to the agency Tuesday 3 March
    // 08:30, supplement requested Wednesday 4, received Thursday 5, finished Friday 6, result collected
    // Friday 6 09:30, delivered Sunday 8 March.
    let dossier = Dossier::from_events(&demo::lifecycle(1)).unwrap();
    let c = cal();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();

    let carriage = find(&d, Rule::CarriageToAgency);
    assert_eq!(carriage.len(), 1);
    assert_eq!(carriage[0].due, date(2026, 3, 6));
    assert_eq!(carriage[0].met_at, dossier.filed_at());

    let window = find(&d, Rule::SupplementRequestWindow);
    assert_eq!(window[0].due, date(2026, 3, 6));
    assert!(window[0].met_at.is_some());
    assert_eq!(d.supplement_window, None);

    let processing = d.processing.clone().unwrap();
    assert_eq!(processing.rule, Rule::ProcessingTimeLimit);
    assert_eq!(processing.due, date(2026, 3, 12));

    let back = find(&d, Rule::CarriageToRecipient);
    assert_eq!(back[0].due, date(2026, 3, 10));
    assert!(back[0].met_at.is_some());
    assert!(d.breaches.is_empty());

    let now = vn(date(2026, 3, 20), 9, 0);
    for (deadline, status) in d.statuses(&c, now, 1).unwrap() {
        assert_eq!(status, DeadlineStatus::Met, "{deadline:?}");
    }
}

#[test]
fn supplement_received_restarts_the_processing_clock_from_zero_decree_61_2018_art_19() {
    let dossier = Dossier::from_events(&demo::lifecycle(2)).unwrap();
    let d = dossier_deadlines(&dossier, &cal(), &options()).unwrap();
    let all = find(&d, Rule::ProcessingTimeLimit);
    // From the handover (Tuesday 3 March): Tuesday 10 March; superseded when the supplement arrived on
    // Thursday 5 March: 5 working days from then, Thursday 12 March.
    assert_eq!(
        all.iter().map(|x| x.due).collect::<Vec<_>>(),
        [date(2026, 3, 10), date(2026, 3, 12)]
    );
    assert_eq!(d.processing.clone().unwrap().due, date(2026, 3, 12));
    let shown = d.statuses(&cal(), vn(date(2026, 3, 20), 9, 0), 0).unwrap();
    assert_eq!(
        shown
            .iter()
            .filter(|(x, _)| x.rule == Rule::ProcessingTimeLimit)
            .count(),
        1
    );
}

fn up_to_processing(sequence: u32) -> Vec<Event> {
    let mut events = demo::lifecycle(sequence);
    events.truncate(6); // ... HandedToAgency, Accepted, ProcessingStarted
    events
}

/// Sample dossier 3 up to processing, then extended in time: handed over Tuesday 3 March (due Tuesday 10
/// March), apology Monday 9 March with a new date, Tuesday 17 March.
fn extended_on_time() -> Vec<Event> {
    let mut events = up_to_processing(3);
    events.push(extended(
        999,
        vn(date(2026, 3, 9), 10, 0),
        date(2026, 3, 17),
    ));
    events
}

fn extended(id: u128, at: Timestamp, new_appointment: Date) -> Event {
    Event::new(
        EventId::from_u128(id),
        at,
        Actor::new(ActorRole::AgencySystem, "gplx-h56"),
        EventKind::Extended {
            new_appointment,
            reason: "xác minh".into(),
        },
    )
}

#[test]
fn extension_sets_the_new_date_and_checks_the_apology_decree_61_2018_art_19() {
    let c = cal();
    // Handed over Tuesday 3 March: due Tuesday 10 March. Apology Monday 9 March: in time.
    let events = extended_on_time();
    let dossier = Dossier::from_events(&events).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    let p = d.processing.clone().unwrap();
    assert_eq!(
        (p.rule, p.due),
        (Rule::ExtendedAppointment, date(2026, 3, 17))
    );
    assert!(d.breaches.is_empty());
    let apology = find(&d, Rule::ApologyBeforeDueDate);
    assert_eq!(apology[0].due, date(2026, 3, 9));
    assert_eq!(
        apology[0]
            .status_at(&c, vn(date(2026, 3, 9), 11, 0), 0)
            .unwrap(),
        DeadlineStatus::Met
    );

    // Apology on the due date itself: a breach, and the apology deadline is met late.
    let mut events = up_to_processing(4);
    events.push(extended(
        999,
        vn(date(2026, 3, 10), 10, 0),
        date(2026, 3, 17),
    ));
    let dossier = Dossier::from_events(&events).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    assert_eq!(d.breaches.len(), 1);
    assert_eq!(d.breaches[0].rule, Rule::ApologyBeforeDueDate);
    assert_eq!(
        d.breaches[0].error,
        DeadlineError::ApologyTooLate {
            apology: date(2026, 3, 10),
            due: date(2026, 3, 10),
            latest: date(2026, 3, 9)
        }
    );
}

#[test]
fn no_supplement_request_is_not_a_missed_deadline() {
    let c = cal();
    let dossier = Dossier::from_events(&up_to_processing(9)).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    // Handed over Tuesday 3 March: a request may come until Friday 6 March.
    assert_eq!(d.supplement_window, Some(date(2026, 3, 6)));
    assert!(find(&d, Rule::SupplementRequestWindow).is_empty());
    let later = d.statuses(&c, vn(date(2026, 3, 9), 9, 0), 0).unwrap();
    assert!(
        later
            .iter()
            .all(|(x, _)| x.rule != Rule::SupplementRequestWindow)
    );
}

#[test]
fn supplement_requested_after_three_working_days_is_met_late() {
    let c = cal();
    let mut events = up_to_processing(10);
    events.push(Event::new(
        EventId::from_u128(998),
        vn(date(2026, 3, 9), 9, 0),
        Actor::new(ActorRole::AgencySystem, "gplx-h56"),
        EventKind::SupplementRequested {
            missing: vec!["Giấy khám sức khỏe".into()],
        },
    ));
    let dossier = Dossier::from_events(&events).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    let window = find(&d, Rule::SupplementRequestWindow);
    assert_eq!(
        window[0]
            .status_at(&c, vn(date(2026, 3, 9), 10, 0), 0)
            .unwrap(),
        DeadlineStatus::MetLate { days_late: 3 }
    );
    // While the supplement is awaited the processing clock is stopped.
    assert_eq!(d.processing, None);
}

#[test]
fn overdue_dossier_is_missed_and_due_soon_within_margin() {
    let c = cal();
    let dossier = Dossier::from_events(&up_to_processing(5)).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    let p = d.processing.clone().unwrap();
    assert_eq!(p.due, date(2026, 3, 10));
    assert_eq!(
        p.status_at(&c, vn(date(2026, 3, 9), 9, 0), 1).unwrap(),
        DeadlineStatus::DueSoon {
            working_days_left: 1
        }
    );
    assert_eq!(
        p.status_at(&c, vn(date(2026, 3, 13), 9, 0), 1).unwrap(),
        DeadlineStatus::Missed { days_overdue: 3 }
    );
}

#[test]
fn on_time_summary_groups_by_procedure_agency_and_province() {
    let c = cal();
    let done = Dossier::from_events(&demo::lifecycle(6)).unwrap();
    let late = Dossier::from_events(&up_to_processing(7)).unwrap();
    let running = Dossier::from_events(&up_to_processing(8)).unwrap();
    let now = vn(date(2026, 3, 11), 9, 0);
    let summary =
        OnTimeSummary::of_dossiers([&done, &late], &c, &options(), now, |_| "Hà Nội".to_owned())
            .unwrap();
    assert_eq!(summary.overall.total, 2);
    assert_eq!(summary.overall.finished_on_time, 1);
    assert_eq!(summary.overall.overdue, 1);
    assert_eq!(summary.overall.on_time_basis_points(), Some(5_000));
    assert_eq!(summary.by_procedure["1.002820"].total, 2);
    assert_eq!(summary.by_agency["000.00.01.H56"].overdue, 1);
    assert_eq!(
        summary.by_province["Hà Nội"].finished_on_time_basis_points(),
        Some(10_000)
    );

    let earlier = vn(date(2026, 3, 6), 9, 0);
    let summary =
        OnTimeSummary::of_dossiers([&running], &c, &options(), earlier, |_| "Huế".to_owned())
            .unwrap();
    assert_eq!(summary.overall.in_progress_on_time, 1);
    assert_eq!(summary.overall.finished_on_time_basis_points(), None);
}

#[test]
fn carriage_to_the_recipient_ends_at_the_first_delivery_attempt_circular_17_2017_art_7() {
    // demo::lifecycle: the result is collected Friday 6 March, a first attempt fails Friday 6 at 12:30,
    // the delivery succeeds Sunday 8 March. The carriage was met on the 6th, by the first attempt.
    let events = demo::lifecycle(3);
    let dossier = Dossier::from_events(&events).unwrap();
    let d = dossier_deadlines(&dossier, &cal(), &options()).unwrap();
    let back = find(&d, Rule::CarriageToRecipient);
    let first_attempt = events
        .iter()
        .find(|e| matches!(e.kind, EventKind::DeliveryAttempted { .. }))
        .map(|e| e.at);
    assert_eq!(back[0].met_at, first_attempt);
    // Delivered at the first round, the delivery itself meets it.
    let attempt = events
        .iter()
        .position(|e| matches!(e.kind, EventKind::DeliveryAttempted { .. }))
        .unwrap();
    let mut without: Vec<Event> = events[..attempt].to_vec();
    without.push(events.last().unwrap().clone());
    let dossier = Dossier::from_events(&without).unwrap();
    let d = dossier_deadlines(&dossier, &cal(), &options()).unwrap();
    let delivered = dossier.history().last().map(|e| e.at);
    assert_eq!(find(&d, Rule::CarriageToRecipient)[0].met_at, delivered);
}

/// A result given at a post office: the carriage ends when the recipient is told to collect it, not when
/// they come for it (Circular 17/2017/TT-BTTTT Art 7(2)(c)).
#[test]
fn carriage_of_a_result_collected_at_the_post_office_ends_at_the_notice_circular_17_2017_art_7_2_c()
{
    let c = cal();
    let life = demo::lifecycle(4);
    let collected = life
        .iter()
        .position(|e| matches!(e.kind, EventKind::ResultCollected { .. }))
        .unwrap();
    let carrier = Actor::new(ActorRole::PostalWorker, "BC-700000-031");
    let mut events = life[..=collected].to_vec();
    // Collected Friday 6 March 2026; within the province J+2 working days is Tuesday 10 March.
    let notified = vn(date(2026, 3, 10), 10, 0);
    let came = vn(date(2026, 3, 13), 15, 0);
    events.extend([
        Event::new(
            EventId::from_u128(491),
            vn(date(2026, 3, 6), 12, 0),
            carrier.clone(),
            EventKind::DispatchedToRecipient,
        ),
        Event::new(
            EventId::from_u128(492),
            notified,
            carrier.clone(),
            EventKind::CollectionNotified,
        ),
    ]);
    let waiting = Dossier::from_events(&events).unwrap();
    assert_eq!(
        waiting.postal_state(),
        crate::state::PostalState::AwaitingCollection
    );
    events.push(Event::new(
        EventId::from_u128(493),
        came,
        carrier,
        EventKind::Delivered {
            recipient: crate::event::Recipient::Applicant,
        },
    ));
    let dossier = Dossier::from_events(&events).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    let back = find(&d, Rule::CarriageToRecipient);
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].due, date(2026, 3, 10));
    // Met by the notice on the due day; the applicant coming three days later does not make the post late.
    assert_eq!(back[0].met_at, Some(notified));
    assert_eq!(back[0].status_at(&c, came, 0).unwrap(), DeadlineStatus::Met);
    // Notified a working day late, the carriage is met late.
    let mut late = events.clone();
    late[collected + 2].at = vn(date(2026, 3, 11), 10, 0);
    let dossier = Dossier::from_events(&late).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    assert_eq!(
        find(&d, Rule::CarriageToRecipient)[0]
            .status_at(&c, came, 0)
            .unwrap(),
        DeadlineStatus::MetLate { days_late: 1 }
    );
}

/// With the appointment slip, the carriage to the agency runs until the applicant has the slip, not until the
/// handover (Circular 17/2017/TT-BTTTT Art 7(2)(b)): J+8 between provinces.
#[test]
fn carriage_with_the_appointment_slip_ends_when_the_applicant_receives_it_circular_17_2017_art_7_2_b()
 {
    let c = cal();
    let dossier = Dossier::from_events(&up_to_processing(11)).unwrap();
    // Sealed Monday 2 March 2026: J+8 working days is Thursday 12 March.
    let mut with_slip = options();
    with_slip.delivers_appointment_slip = true;
    let d = dossier_deadlines(&dossier, &c, &with_slip).unwrap();
    let carriage = find(&d, Rule::CarriageToAgency);
    assert_eq!(carriage[0].due, date(2026, 3, 12));
    // The handover (Tuesday 3 March) does not end it: still open on 11 March, missed after the 12th.
    assert_eq!(carriage[0].met_at, None);
    assert_eq!(
        carriage[0]
            .status_at(&c, vn(date(2026, 3, 13), 9, 0), 0)
            .unwrap(),
        DeadlineStatus::Missed { days_overdue: 1 }
    );

    // The post reports the slip delivered on Wednesday 11 March: met then.
    with_slip.appointment_notified_at = Some(vn(date(2026, 3, 11), 10, 0));
    let d = dossier_deadlines(&dossier, &c, &with_slip).unwrap();
    let carriage = find(&d, Rule::CarriageToAgency);
    assert_eq!(carriage[0].met_at, with_slip.appointment_notified_at);
    assert_eq!(
        carriage[0]
            .status_at(&c, vn(date(2026, 3, 20), 9, 0), 0)
            .unwrap(),
        DeadlineStatus::Met
    );
    // Reported on Friday 13 March: met late.
    with_slip.appointment_notified_at = Some(vn(date(2026, 3, 13), 10, 0));
    let d = dossier_deadlines(&dossier, &c, &with_slip).unwrap();
    assert_eq!(
        find(&d, Rule::CarriageToAgency)[0]
            .status_at(&c, vn(date(2026, 3, 20), 9, 0), 0)
            .unwrap(),
        DeadlineStatus::MetLate { days_late: 1 }
    );
}

fn supplement(id: u128, at: Timestamp) -> Vec<Event> {
    let desk = Actor::new(ActorRole::OneStopOfficer, "MC-H56-04");
    let agency = Actor::new(ActorRole::AgencySystem, "gplx-h56");
    vec![
        Event::new(
            EventId::from_u128(id),
            at,
            agency,
            EventKind::SupplementRequested {
                missing: vec!["Giấy khám sức khỏe".into()],
            },
        ),
        Event::new(
            EventId::from_u128(id + 1),
            at.saturating_add(jiff::SignedDuration::from_hours(24))
                .unwrap(),
            desk,
            EventKind::SupplementReceived,
        ),
    ]
}

/// A procedure whose law sets its own supplement window keeps it in the dossier (Decree 61/2018/NĐ-CP
/// Art 19(4)).
#[test]
fn a_procedure_version_carries_its_own_supplement_window_decree_61_2018_art_19_4() {
    let c = cal();
    let mut events = up_to_processing(12);
    let EventKind::Opened { header } = &mut events[0].kind else {
        panic!("the first event opens the dossier")
    };
    let mut h = (**header).clone();
    h.procedure.supplement_request_working_days = Some(5);
    *header = std::sync::Arc::new(h);
    let dossier = Dossier::from_events(&events).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    // Handed over Tuesday 3 March 2026: 5 working days, Tuesday 10 March (the regime's 3: Friday 6 March).
    assert_eq!(d.supplement_window, Some(date(2026, 3, 10)));
    let plain = Dossier::from_events(&up_to_processing(13)).unwrap();
    assert_eq!(
        dossier_deadlines(&plain, &c, &options())
            .unwrap()
            .supplement_window,
        Some(date(2026, 3, 6))
    );
}

/// The applicant is guided once, completely: a second supplement request is a breach (Decree 61/2018/NĐ-CP
/// Art 15(3)).
#[test]
fn a_second_supplement_request_breaks_the_guidance_once_rule() {
    let c = cal();
    let mut events = up_to_processing(14);
    events.extend(supplement(900, vn(date(2026, 3, 4), 9, 0)));
    let once = Dossier::from_events(&events).unwrap();
    assert!(
        dossier_deadlines(&once, &c, &options())
            .unwrap()
            .breaches
            .is_empty()
    );
    events.extend(supplement(910, vn(date(2026, 3, 9), 9, 0)));
    let twice = Dossier::from_events(&events).unwrap();
    let d = dossier_deadlines(&twice, &c, &options()).unwrap();
    assert_eq!(d.breaches.len(), 1);
    assert_eq!(d.breaches[0].rule, Rule::GuidanceOnce);
    assert_eq!(
        d.breaches[0].error,
        DeadlineError::SupplementAlreadyRequested {
            first: date(2026, 3, 4)
        }
    );
    // A 2026 dossier: the rule of Decree 118/2025 (its Art 16(3), partly read).
    assert_eq!(
        d.citation(Rule::GuidanceOnce),
        "Decree 118/2025/NĐ-CP Art 16(3) [unverified]"
    );
    assert_eq!(
        Rule::GuidanceOnce.citation(),
        "Decree 61/2018/NĐ-CP Art 15(3)"
    );
}

#[test]
fn an_extended_dossier_finished_after_its_first_appointment_counts_late_decision_766_2023() {
    let c = cal();
    // Handed over Tuesday 3 March: due Tuesday 10 March. Apology Monday 9 March with a new date, Tuesday
    // 17 March; finished Thursday 12 March: within the new date, after the first appointment.
    let mut events = extended_on_time();
    events.push(Event::new(
        EventId::from_u128(1_000),
        vn(date(2026, 3, 12), 10, 0),
        Actor::new(ActorRole::AgencySystem, "gplx-h56"),
        EventKind::ProcessingFinished,
    ));
    let dossier = Dossier::from_events(&events).unwrap();
    let d = dossier_deadlines(&dossier, &c, &options()).unwrap();
    assert!(d.extended());
    let now = vn(date(2026, 3, 13), 9, 0);
    // The agency kept its new date...
    let p = d.processing.clone().unwrap();
    assert_eq!(p.status_at(&c, now, 0).unwrap(), DeadlineStatus::Met);
    // ...but the statistics count the dossier against its first appointment: late, with an apology.
    let reported = d.reported_processing().unwrap();
    assert_eq!(
        (reported.rule, reported.due),
        (Rule::ProcessingTimeLimit, date(2026, 3, 10))
    );
    assert_eq!(
        reported.status_at(&c, now, 0).unwrap(),
        DeadlineStatus::MetLate { days_late: 2 }
    );
    let summary =
        OnTimeSummary::of_dossiers([&dossier], &c, &options(), now, |_| "Hà Nội".to_owned())
            .unwrap();
    assert_eq!(summary.overall.finished_late, 1);
    assert_eq!(summary.overall.finished_on_time, 0);
    assert_eq!(summary.overall.extended, 1);
    assert_eq!(summary.by_agency["000.00.01.H56"].extended, 1);
}
