use super::*;
use crate::calendar::WorkCalendar;
use crate::deadline::Rule;
use crate::deadline::dossier::{DeadlineOptions, dossier_deadlines};
use crate::procedure::Channel;
use crate::{Dossier, demo};
use jiff::Timestamp;

/// The last day of the 2018 regime and the first of the 2025 one.
const LAST_OLD: Date = date(2025, 6, 30);
const FIRST_NEW: Date = date(2025, 7, 1);

fn vn(d: Date, h: i8, m: i8) -> Timestamp {
    crate::time::from_vietnam(d.at(h, m, 0, 0)).unwrap()
}

#[test]
fn the_receiving_date_chooses_the_regime_decree_118_2025_from_1_july_2025() {
    assert_eq!(Regime::for_received(LAST_OLD).id, RegimeId::Decree61Of2018);
    assert_eq!(
        Regime::for_received(FIRST_NEW).id,
        RegimeId::Decree118Of2025
    );
    assert_eq!(
        Regime::for_received(date(2019, 1, 1)).id,
        RegimeId::Decree61Of2018
    );
    assert_eq!(
        Regime::for_received(date(2026, 12, 1)).id,
        RegimeId::Decree118Of2025
    );
    // Dates before the oldest regime get it; the ranges touch without a gap or an overlap.
    assert_eq!(
        Regime::for_received(date(1990, 1, 1)).id,
        RegimeId::Decree61Of2018
    );
    for d in [date(1990, 1, 1), LAST_OLD, FIRST_NEW, date(2100, 12, 31)] {
        let governing: Vec<RegimeId> = Regime::ALL
            .iter()
            .filter(|r| r.governs(d))
            .map(|r| r.id)
            .collect();
        assert_eq!(governing, [Regime::for_received(d).id], "{d}");
    }
    for id in [RegimeId::Decree61Of2018, RegimeId::Decree118Of2025] {
        assert_eq!(id.regime().id, id);
    }
}

#[test]
fn each_regime_cites_its_own_documents_for_every_provision() {
    for p in Provision::ALL {
        let old = Regime::DECREE_61_2018.citation(p);
        let new = Regime::DECREE_118_2025.citation(p);
        if p == Provision::Forms {
            assert_eq!(old.document, "Circular 01/2018/TT-VPCP");
            assert_eq!(new.document, "Circular 03/2025/TT-VPCP");
        } else {
            assert_eq!(old.document, "Decree 61/2018/NĐ-CP", "{p:?}");
            assert_eq!(new.document, "Decree 118/2025/NĐ-CP", "{p:?}");
        }
        assert!(!old.note.is_empty() && !new.note.is_empty(), "{p:?}");
    }
    // What could not be read says so when displayed.
    let cutoff = Regime::DECREE_118_2025.citation(Provision::PaperCutoff);
    assert!(!cutoff.verified);
    assert_eq!(
        cutoff.to_string(),
        "Decree 118/2025/NĐ-CP (article not identified) [unverified]"
    );
    assert_eq!(
        Regime::DECREE_61_2018
            .citation(Provision::SupplementWindow)
            .to_string(),
        "Decree 61/2018/NĐ-CP Art 19 [unverified]"
    );
    assert_eq!(
        Regime::DECREE_61_2018
            .citation(Provision::Forms)
            .to_string(),
        "Circular 01/2018/TT-VPCP Appendix, forms 01–06"
    );
}

#[test]
fn forms_are_renumbered_by_circular_03_2025_with_a_stop_notice_and_a_new_form_04() {
    let old = &Regime::DECREE_61_2018;
    let new = &Regime::DECREE_118_2025;
    assert_eq!(old.forms().len(), 6);
    assert_eq!(new.forms().len(), 7);
    let number = |r: &Regime, f: Form| r.form(f).map(|e| e.number);
    assert_eq!(number(old, Form::ReceiptAndAppointment), Some(1));
    assert_eq!(number(new, Form::ReceiptAndAppointment), Some(1));
    assert_eq!(number(old, Form::SupplementRequest), Some(2));
    assert_eq!(number(new, Form::SupplementRequest), Some(2));
    assert_eq!(number(old, Form::Refusal), Some(3));
    assert_eq!(number(new, Form::Refusal), Some(3));
    assert_eq!(number(old, Form::ProcessingStopNotice), None);
    assert_eq!(number(new, Form::ProcessingStopNotice), Some(5));
    assert_eq!(number(old, Form::ProcessingControlSlip), Some(5));
    assert_eq!(number(new, Form::ProcessingControlSlip), Some(6));
    assert_eq!(number(old, Form::Register), Some(6));
    assert_eq!(number(new, Form::Register), Some(7));
    assert_eq!(
        old.form(Form::ApologyAndNewDate).unwrap().title_vi,
        "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    );
    assert_eq!(
        new.form(Form::ApologyAndNewDate).unwrap().title_vi,
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    );
    // Numbers are 1..=n in order in both.
    for r in Regime::ALL {
        let numbers: Vec<u8> = r.forms().iter().map(|f| f.number).collect();
        let expected: Vec<u8> = (1..=u8::try_from(numbers.len()).unwrap()).collect();
        assert_eq!(numbers, expected);
    }
}

#[test]
fn paper_cutoff_applies_on_both_sides_of_1_july_2025() {
    let cal = WorkCalendar::vietnam();
    // Monday 30 June and Tuesday 1 July 2025, a paper dossier at 15:30: counted from the next working day.
    for (day, next) in [(LAST_OLD, FIRST_NEW), (FIRST_NEW, date(2025, 7, 2))] {
        let regime = Regime::for_received(day);
        assert_eq!(regime.paper_cutoff, time(15, 0, 0, 0));
        assert_eq!(
            regime
                .reception_day(&cal, vn(day, 15, 30), Channel::Postal)
                .unwrap(),
            next
        );
        assert_eq!(
            regime
                .reception_day(&cal, vn(day, 14, 30), Channel::Postal)
                .unwrap(),
            day
        );
        assert_eq!(
            regime
                .reception_day(&cal, vn(day, 15, 30), Channel::Online)
                .unwrap(),
            day
        );
    }
}

#[test]
fn supplement_window_is_three_working_days_on_both_sides_of_1_july_2025() {
    let cal = WorkCalendar::vietnam();
    // Received Monday 30 June 2025: Thursday 3 July. Received Tuesday 1 July: Friday 4 July.
    for (day, last) in [(LAST_OLD, date(2025, 7, 3)), (FIRST_NEW, date(2025, 7, 4))] {
        let regime = Regime::for_received(day);
        assert_eq!(regime.supplement_request_working_days, 3);
        assert_eq!(
            regime
                .supplement_request_deadline(&cal, vn(day, 9, 0), Channel::InPerson)
                .unwrap(),
            last
        );
    }
}

#[test]
fn apology_and_single_extension_apply_on_both_sides_of_1_july_2025() {
    for day in [LAST_OLD, FIRST_NEW] {
        let regime = Regime::for_received(day);
        let due = date(2025, 7, 10);
        assert_eq!(regime.latest_apology_day(due).unwrap(), date(2025, 7, 9));
        let later = date(2025, 7, 17);
        assert_eq!(
            regime.check_extension(0, vn(date(2025, 7, 9), 16, 0), due, later),
            Ok(())
        );
        assert!(matches!(
            regime.check_extension(0, vn(due, 8, 0), due, later),
            Err(crate::deadline::DeadlineError::ApologyTooLate { .. })
        ));
        assert_eq!(
            regime.check_extension(1, vn(date(2025, 7, 8), 8, 0), due, later),
            Err(crate::deadline::DeadlineError::ExtensionAlreadyUsed)
        );
    }
}

/// Sample dossier `sequence` opened at 08:30 on `opened`, handed to the agency the next day.
fn dossier_opened(sequence: u32, opened: Date) -> Dossier {
    let events = demo::lifecycle_of(
        demo::header(sequence),
        u128::from(sequence) * 100,
        vn(opened, 8, 30),
    );
    Dossier::from_events(&events).unwrap()
}

#[test]
fn a_dossier_received_on_30_june_and_one_on_1_july_2025_get_their_own_rules_and_citations() {
    let cal = WorkCalendar::vietnam();
    let options = DeadlineOptions::default();
    // Handed to the agency (filed) on Monday 30 June and on Tuesday 1 July 2025.
    let old = dossier_deadlines(&dossier_opened(1, date(2025, 6, 29)), &cal, &options).unwrap();
    let new = dossier_deadlines(&dossier_opened(2, LAST_OLD), &cal, &options).unwrap();
    assert_eq!(old.regime, Some(RegimeId::Decree61Of2018));
    assert_eq!(new.regime, Some(RegimeId::Decree118Of2025));
    for rule in [
        Rule::ProcessingTimeLimit,
        Rule::SupplementRequestWindow,
        Rule::ExtendedAppointment,
        Rule::ApologyBeforeDueDate,
    ] {
        assert!(
            old.citation(rule).contains("Decree 61/2018/NĐ-CP"),
            "{rule:?}"
        );
        assert!(
            new.citation(rule).contains("Decree 118/2025/NĐ-CP"),
            "{rule:?}"
        );
        assert!(!new.citation(rule).contains("61/2018"), "{rule:?}");
    }
    // The post's own rules do not change with the regime.
    assert_eq!(
        old.citation(Rule::CarriageToAgency),
        new.citation(Rule::CarriageToAgency)
    );
    // Supplement requested the day after filing, received the day after that, and the clock restarts: the
    // sample's 5 working days run from Wednesday 2 July (old) and Thursday 3 July (new).
    assert_eq!(
        old.processing.as_ref().map(|p| p.due),
        Some(date(2025, 7, 9))
    );
    assert_eq!(
        new.processing.as_ref().map(|p| p.due),
        Some(date(2025, 7, 10))
    );
}

#[test]
fn a_supplement_arriving_after_1_july_2025_keeps_the_regime_of_the_filing_day() {
    let cal = WorkCalendar::vietnam();
    // Opened Saturday 28 June 2025, filed (handed over) Sunday 29 June, supplement requested Monday 30 June
    // and received Tuesday 1 July 2025, when Decree 118/2025 is in force: the dossier keeps its regime.
    let d = dossier_deadlines(
        &dossier_opened(3, date(2025, 6, 28)),
        &cal,
        &DeadlineOptions::default(),
    )
    .unwrap();
    assert_eq!(d.regime, Some(RegimeId::Decree61Of2018));
    assert!(
        d.citation(Rule::ProcessingTimeLimit)
            .contains("Decree 61/2018/NĐ-CP")
    );
    // 5 working days from Tuesday 1 July 2025.
    assert_eq!(d.processing.as_ref().map(|p| p.due), Some(date(2025, 7, 8)));
}
