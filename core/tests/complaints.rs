//! Complaints and ratings through the service layer: written to the dossier's own stream under the caller's
//! command id (a retried command is applied once), refused with a typed error after the filing window
//! (Circular 17/2017/TT-BTTTT Art 8(1)(a)), and listed when overdue (Art 8(1)(b)).

use std::sync::Arc;

use hoso_core::calendar::WorkCalendar;
use hoso_core::complaint::{
    ComplaintError, ComplaintNumber, ComplaintOutcome, ComplaintState, ComplaintSubject, Feedback,
    FreeText, Rating,
};
use hoso_core::deadline::dossier::DeadlineOptions;
use hoso_core::deadline::postal::CarriageRoute;
use hoso_core::event::{Actor, ActorRole};
use hoso_core::machine::TransitionError;
use hoso_core::service::{Changes, ComplaintRequest, DossierService, FiledComplaint, ServiceError};
use hoso_core::store::{CommandId, EventStore, MemoryStore};
use hoso_core::{DossierCode, demo};
use jiff::Timestamp;
use jiff::civil::{Date, date};

fn ten_am(d: Date) -> Timestamp {
    hoso_core::time::from_vietnam(d.at(10, 0, 0, 0)).unwrap()
}

fn officer() -> Actor {
    Actor::new(ActorRole::PostalWorker, "BC-700000-090")
}

fn request(on: Date) -> ComplaintRequest {
    ComplaintRequest {
        subject: ComplaintSubject::LateCarriage,
        statement: FreeText::new("Kết quả đến chậm").unwrap(),
        at: ten_am(on),
        actor: Actor::new(ActorRole::Citizen, "tra-cuu"),
        place: None,
    }
}

/// Files the sample complaint on `on` under command `id`, within a province unless `options` say otherwise.
async fn file(
    service: &DossierService,
    code: &DossierCode,
    id: &str,
    on: Date,
    options: &DeadlineOptions,
) -> Result<FiledComplaint, ServiceError> {
    let cal = WorkCalendar::vietnam();
    let command = CommandId::new(id);
    service
        .file_complaint(code, command, &cal, options, request(on))
        .await
}

/// A service over a fresh store holding sample dossiers `sequences`, each delivered on Sunday 8 March 2026.
async fn delivered(sequences: &[u32]) -> (DossierService, Vec<DossierCode>) {
    let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
    let service = DossierService::new(store);
    let mut codes = Vec::new();
    for &n in sequences {
        let events = demo::lifecycle(n);
        service
            .open(
                CommandId::new(format!("open-{n}")),
                events[0].clone(),
                Changes::events(events[1..].to_vec()),
            )
            .await
            .unwrap();
        codes.push(demo::header(n).code);
    }
    (service, codes)
}

#[tokio::test]
async fn a_retried_complaint_is_filed_once() {
    let (service, codes) = delivered(&[1]).await;
    let options = DeadlineOptions::default();
    let monday = date(2026, 3, 9);
    let first = file(&service, &codes[0], "kn-1", monday, &options)
        .await
        .unwrap();
    assert_eq!(first.number, ComplaintNumber(1));
    assert_eq!(first.outcome.appended, 1);
    // Filed Monday 9 March within a province: due Monday 16 March (5 working days).
    assert_eq!(first.resolution_due, date(2026, 3, 16));
    // The retry, a day later, gets the first filing's number and due day.
    let again = file(&service, &codes[0], "kn-1", date(2026, 3, 10), &options)
        .await
        .unwrap();
    assert!(again.outcome.repeated_command);
    assert_eq!(
        (again.number, again.resolution_due),
        (first.number, first.resolution_due)
    );
    let other = file(&service, &codes[0], "kn-2", monday, &options)
        .await
        .unwrap();
    assert_eq!(other.number, ComplaintNumber(2));
    let loaded = service.load(&codes[0]).await.unwrap().unwrap();
    assert_eq!(loaded.dossier.complaints().len(), 2);
    // Filed Monday 9 March within a province: due Monday 16 March.
    assert_eq!(
        loaded.dossier.complaints()[0].resolution_due,
        date(2026, 3, 16)
    );
    // No portal message: complaints do not change the portal status.
    let before = service.store().outbox_counts().await.unwrap();
    let _ = service
        .investigate_complaint(
            &codes[0],
            CommandId::new("kn-1/x"),
            ComplaintNumber(1),
            ten_am(date(2026, 3, 10)),
            officer(),
        )
        .await
        .unwrap();
    assert_eq!(service.store().outbox_counts().await.unwrap(), before);
}

#[tokio::test]
async fn a_complaint_after_the_window_is_refused_with_its_deadline_circular_17_2017_art_8_1_a() {
    let (service, codes) = delivered(&[1]).await;
    let options = DeadlineOptions {
        to_recipient: Some(CarriageRoute::SameProvince),
        ..DeadlineOptions::default()
    };
    let err = file(&service, &codes[0], "late", date(2026, 9, 11), &options)
        .await
        .unwrap_err();
    match &err {
        ServiceError::Transition {
            source: TransitionError::Complaint(ComplaintError::FilingWindowClosed { deadline, .. }),
            ..
        } => assert_eq!(*deadline, date(2026, 9, 10)),
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("2026-09-10"), "{err}");
    // Nothing was written, and the command is not recorded: fixed, it can be sent again.
    let loaded = service.load(&codes[0]).await.unwrap().unwrap();
    assert!(loaded.dossier.complaints().is_empty());
    assert!(
        service
            .store()
            .command_outcome(&CommandId::new("late"))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_complaint_is_investigated_then_resolved_and_illegal_steps_are_refused() {
    let (service, codes) = delivered(&[1]).await;
    let code = &codes[0];
    let options = DeadlineOptions::default();
    file(&service, code, "kn", date(2026, 3, 9), &options)
        .await
        .unwrap();
    let rejected = ComplaintOutcome::Rejected {
        reason: FreeText::new("Phát đúng hạn").unwrap(),
    };
    let early = service
        .resolve_complaint(
            code,
            CommandId::new("kn/r0"),
            ComplaintNumber(1),
            rejected.clone(),
            ten_am(date(2026, 3, 10)),
            officer(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            early,
            ServiceError::Transition {
                source: TransitionError::Complaint(ComplaintError::NotAllowed {
                    state: ComplaintState::Filed,
                    ..
                }),
                ..
            }
        ),
        "{early}"
    );
    service
        .investigate_complaint(
            code,
            CommandId::new("kn/i"),
            ComplaintNumber(1),
            ten_am(date(2026, 3, 10)),
            officer(),
        )
        .await
        .unwrap();
    let resolved = service
        .resolve_complaint(
            code,
            CommandId::new("kn/r"),
            ComplaintNumber(1),
            rejected.clone(),
            ten_am(date(2026, 3, 11)),
            officer(),
        )
        .await
        .unwrap();
    let again = service
        .resolve_complaint(
            code,
            CommandId::new("kn/r"),
            ComplaintNumber(1),
            rejected,
            ten_am(date(2026, 3, 11)),
            officer(),
        )
        .await
        .unwrap();
    assert!(again.repeated_command);
    assert_eq!(again.version, resolved.version);
    let c = service
        .load(code)
        .await
        .unwrap()
        .unwrap()
        .dossier
        .complaints()[0]
        .clone();
    assert_eq!(c.state, ComplaintState::Resolved);
    assert_eq!(c.resolved_on_time(), Some(true));
}

#[tokio::test]
async fn overdue_complaints_are_those_past_their_due_day_and_unresolved_circular_17_2017_art_8_1_b()
{
    let (service, codes) = delivered(&[1, 2, 3]).await;
    let none = DeadlineOptions::default();
    let between = DeadlineOptions {
        to_recipient: Some(CarriageRoute::InterProvince),
        ..none
    };
    let monday = date(2026, 3, 9);
    let file_monday = |code: &DossierCode, id: &str, options: DeadlineOptions| {
        let (service, code, id) = (service.clone(), code.clone(), id.to_owned());
        async move { file(&service, &code, &id, monday, &options).await.unwrap() }
    };
    let investigate = |code: &DossierCode, id: &str| {
        let (service, code, id) = (service.clone(), code.clone(), CommandId::new(id));
        let at = ten_am(date(2026, 3, 10));
        async move {
            let one = ComplaintNumber(1);
            service
                .investigate_complaint(&code, id, one, at, officer())
                .await
                .unwrap();
        }
    };
    // Dossier 1: filed Monday 9 March, within a province, due Monday 16 March, never handled.
    file_monday(&codes[0], "a", none).await;
    // Dossier 2: filed the same day between provinces, due Wednesday 18 March, under investigation.
    file_monday(&codes[1], "b", between).await;
    investigate(&codes[1], "b/i").await;
    // Dossier 3: filed and resolved in time.
    file_monday(&codes[2], "c", none).await;
    investigate(&codes[2], "c/i").await;
    let upheld = ComplaintOutcome::Upheld {
        reason: FreeText::new("Chậm").unwrap(),
        compensation: None,
    };
    let at = ten_am(date(2026, 3, 11));
    let (code, one) = (&codes[2], ComplaintNumber(1));
    service
        .resolve_complaint(code, CommandId::new("c/r"), one, upheld, at, officer())
        .await
        .unwrap();
    // On the due day nothing is overdue yet.
    assert!(
        service
            .overdue_complaints(ten_am(date(2026, 3, 16)))
            .await
            .unwrap()
            .is_empty()
    );
    let on_17 = service
        .overdue_complaints(ten_am(date(2026, 3, 17)))
        .await
        .unwrap();
    assert_eq!(on_17.len(), 1);
    assert_eq!(
        (&on_17[0].dossier, on_17[0].resolution_due),
        (&codes[0], date(2026, 3, 16))
    );
    let on_19 = service
        .overdue_complaints(ten_am(date(2026, 3, 19)))
        .await
        .unwrap();
    let listed: Vec<_> = on_19.iter().map(|o| (o.dossier.clone(), o.state)).collect();
    assert_eq!(
        listed,
        [
            (codes[0].clone(), ComplaintState::Filed),
            (codes[1].clone(), ComplaintState::Investigating)
        ]
    );
    assert!(on_19[1].inter_province);
}

#[tokio::test]
async fn a_rating_is_given_once_after_delivery() {
    let (service, codes) = delivered(&[1]).await;
    let feedback = Feedback {
        rating: Rating::new(5).unwrap(),
        comment: None,
    };
    let citizen = Actor::new(ActorRole::Citizen, "tra-cuu");
    service
        .give_feedback(
            &codes[0],
            CommandId::new("f1"),
            feedback.clone(),
            ten_am(date(2026, 3, 9)),
            citizen.clone(),
        )
        .await
        .unwrap();
    let retry = service
        .give_feedback(
            &codes[0],
            CommandId::new("f1"),
            feedback.clone(),
            ten_am(date(2026, 3, 9)),
            citizen.clone(),
        )
        .await
        .unwrap();
    assert!(retry.repeated_command);
    let second = service
        .give_feedback(
            &codes[0],
            CommandId::new("f2"),
            feedback,
            ten_am(date(2026, 3, 10)),
            citizen,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            second,
            ServiceError::Transition {
                source: TransitionError::Complaint(ComplaintError::FeedbackAlreadyGiven { .. }),
                ..
            }
        ),
        "{second}"
    );
}
