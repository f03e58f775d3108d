//! One dossier through its whole life, both legs: prints its timeline with bilingual state labels and the
//! national portal's status code at each step, then its deadlines with the rule each comes from.
//!
//! Run with `cargo run --example timeline`.

use hoso_core::calendar::WorkCalendar;
use hoso_core::deadline::dossier::{DeadlineOptions, dossier_deadlines};
use hoso_core::deadline::postal::CarriageRoute;
use hoso_core::time::to_vietnam;
use hoso_core::{Dossier, demo};

fn main() {
    let events = demo::lifecycle(42);
    let mut dossier = match Dossier::open(events[0].clone()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot open the dossier: {e}");
            std::process::exit(1);
        }
    };
    let h = dossier.header();
    println!("Hồ sơ / dossier {}", h.code);
    println!(
        "  thủ tục / procedure {} (version from {}), channel {:?}, postal form {:?}",
        h.procedure.code, h.procedure.effective_from, h.procedure.channel, h.postal_form
    );
    println!(
        "  người nộp / applicant {} ({})",
        h.applicant.name(),
        applicant_id(&dossier)
    );
    println!();
    // The rows are `hoso timeline`'s (hoso_cli::timeline).
    match hoso_cli::timeline::rows(&events) {
        Ok(rows) => print!(
            "{}",
            hoso_cli::timeline::table(&rows, hoso_cli::lang::Lang::En)
        ),
        Err(err) => {
            eprintln!("an event was refused: {err}");
            std::process::exit(1);
        }
    }
    for e in events.iter().skip(1) {
        if let Err(err) = dossier.apply(e) {
            eprintln!("event refused: {err}");
            std::process::exit(1);
        }
    }
    println!();
    if let Some(filed) = dossier.filed_at() {
        println!(
            "Filed (handover record signed, Decision 45/2016/QĐ-TTg Art 7): {}",
            to_vietnam(filed)
        );
    }
    if let Some(appointment) = dossier.appointment() {
        println!("Appointment date: {appointment}");
    }
    println!("Failed delivery attempts: {}", dossier.delivery_attempts());
    print_deadlines(&dossier);
}

/// The dossier's due dates on the Vietnamese working calendar, each with its status at the last event.
fn print_deadlines(dossier: &Dossier) {
    let cal = WorkCalendar::vietnam();
    // The routes are not in the events: this sample goes between provinces and returns within one.
    let options = DeadlineOptions {
        to_agency: Some(CarriageRoute::InterProvince),
        to_recipient: Some(CarriageRoute::SameProvince),
        delivers_appointment_slip: false,
        appointment_notified_at: None,
    };
    let deadlines = match dossier_deadlines(dossier, &cal, &options) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot compute the deadlines: {e}");
            std::process::exit(1);
        }
    };
    let Some(now) = dossier.last_event_at() else {
        return;
    };
    println!();
    println!("Deadlines (status at the last event, due soon = 1 working day left):");
    match deadlines.statuses(&cal, now, 1) {
        Ok(rows) => {
            for (d, status) in rows {
                println!(
                    "  {:<26} due {}  {:<40} {}",
                    format!("{:?}", d.rule),
                    d.due,
                    format!("{status:?}"),
                    deadlines.citation(d.rule)
                );
            }
        }
        Err(e) => eprintln!("cannot evaluate the deadlines: {e}"),
    }
    for b in &deadlines.breaches {
        println!(
            "  BREACH {:?}: {} ({})",
            b.rule,
            b.error,
            deadlines.citation(b.rule)
        );
    }
}

fn applicant_id(d: &Dossier) -> String {
    match &d.header().applicant {
        hoso_core::Applicant::Citizen { id, .. } => format!("{id:?}"),
        hoso_core::Applicant::Organisation { tax_code, .. } => tax_code.clone(),
    }
}
