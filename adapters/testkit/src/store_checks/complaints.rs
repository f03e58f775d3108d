//! Complaints and ratings, which live in the dossier's own stream: every engine stores them with no table
//! of their own, a retried command writes them once, and the overdue list is read from the global order.

use hoso_core::calendar::WorkCalendar;
use hoso_core::complaint::{
    Compensation, ComplaintNumber, ComplaintOutcome, ComplaintState, ComplaintSubject, Feedback,
    FreeText, Rating,
};
use hoso_core::deadline::dossier::DeadlineOptions;
use hoso_core::event::{Actor, ActorRole};
use hoso_core::service::{Changes, ComplaintRequest, DossierService};
use hoso_core::store::CommandId;
use hoso_core::{Dossier, Vnd};
use jiff::Timestamp;

use super::{Store, sample_stream};

fn vietnam(text: &str) -> Timestamp {
    let civil: jiff::civil::DateTime = text.parse().expect("a civil time");
    hoso_core::time::from_vietnam(civil).expect("a Vietnam time")
}

/// Check: a complaint filed (twice under one command), investigated and upheld with compensation, and a
/// rating, read back through a second service over the same store as the same dossier; the complaint is
/// listed overdue the day after its due date while a second dossier's resolved one is not.
pub async fn complaints_and_ratings_are_kept_in_the_dossier_stream(store: Store) {
    let service = DossierService::new(store.clone());
    let cal = WorkCalendar::vietnam();
    let options = DeadlineOptions::default();
    let citizen = Actor::new(ActorRole::Citizen, "tra-cuu");
    let officer = Actor::new(ActorRole::PostalWorker, "BC-700000-090");
    let mut codes = Vec::new();
    for n in [1, 2] {
        let (code, events) = sample_stream(n);
        service
            .open(
                CommandId::new(format!("open-{n}")),
                events[0].clone(),
                Changes::events(events[1..].to_vec()),
            )
            .await
            .expect("open");
        codes.push(code);
    }
    // Delivered on Sunday 8 March 2026; filed Monday 9 March, due Monday 16 March.
    let request = ComplaintRequest {
        subject: ComplaintSubject::LostOrMisplaced,
        statement: FreeText::new("Thiếu một bản chính — “giấy phép” 🚚").expect("text"),
        at: vietnam("2026-03-09T10:00"),
        actor: citizen.clone(),
        place: None,
    };
    for code in &codes {
        for _ in 0..2 {
            let filed = service
                .file_complaint(
                    code,
                    CommandId::new(format!("kn/{code}")),
                    &cal,
                    &options,
                    request.clone(),
                )
                .await
                .expect("file");
            assert_eq!(
                filed.number,
                ComplaintNumber(1),
                "a retried filing is the same complaint"
            );
        }
    }
    let one = ComplaintNumber(1);
    service
        .investigate_complaint(
            &codes[1],
            CommandId::new("i"),
            one,
            vietnam("2026-03-10T09:00"),
            officer.clone(),
        )
        .await
        .expect("investigate");
    let upheld = ComplaintOutcome::Upheld {
        reason: FreeText::new("Thất lạc trong khi chuyển phát").expect("text"),
        compensation: Some(Compensation {
            reissue_costs: Vnd(150_000),
            damages: Vnd(128_000),
        }),
    };
    service
        .resolve_complaint(
            &codes[1],
            CommandId::new("r"),
            one,
            upheld.clone(),
            vietnam("2026-03-12T15:00"),
            officer,
        )
        .await
        .expect("resolve");
    let feedback = Feedback {
        rating: Rating::new(2).expect("rating"),
        comment: None,
    };
    service
        .give_feedback(
            &codes[1],
            CommandId::new("f"),
            feedback.clone(),
            vietnam("2026-03-12T16:00"),
            citizen,
        )
        .await
        .expect("feedback");

    let again = DossierService::new(store.clone());
    let read = again
        .load(&codes[1])
        .await
        .expect("load")
        .expect("the dossier");
    assert_eq!(
        read.version,
        14 + 4,
        "one filing, one investigation, one resolution, one rating"
    );
    let replayed = Dossier::from_events(read.dossier.history()).expect("the stream replays");
    assert_eq!(replayed, read.dossier);
    let c = &read.dossier.complaints()[0];
    assert_eq!(
        (c.state, c.outcome.as_ref()),
        (ComplaintState::Resolved, Some(&upheld))
    );
    assert_eq!(read.dossier.feedback().map(|(f, _)| f), Some(&feedback));

    let overdue = again
        .overdue_complaints(vietnam("2026-03-17T08:00"))
        .await
        .expect("overdue");
    let listed: Vec<_> = overdue.iter().map(|o| (&o.dossier, o.number)).collect();
    assert_eq!(
        listed,
        [(&codes[0], one)],
        "only the unresolved complaint is overdue"
    );
    assert!(
        again
            .overdue_complaints(vietnam("2026-03-16T20:00"))
            .await
            .expect("overdue")
            .is_empty()
    );
}
