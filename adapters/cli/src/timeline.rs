//! A dossier's history, one row per event: when, what, the state of each leg after it with its
//! Vietnamese and English labels, and the national portal's status code (`hoso timeline`, and the
//! `timeline` example).

use std::fmt::Write;

use hoso_core::time::to_vietnam;
use hoso_core::{Dossier, Event, TransitionError};
use serde::Serialize;

use crate::lang::Lang;

/// One step of a dossier's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// When (Vietnam time, `YYYY-MM-DD HH:MM`).
    pub at: String,
    /// The event's type.
    pub event: &'static str,
    /// The agency leg's state after it, in Vietnamese (as one-stop systems label it).
    pub agency_vi: &'static str,
    /// The agency leg's state after it, in English.
    pub agency_en: &'static str,
    /// The postal leg's state after it, in Vietnamese.
    pub postal_vi: &'static str,
    /// The postal leg's state after it, in English.
    pub postal_en: &'static str,
    /// The national portal's status code (TrangThaiHoSo) after it.
    pub portal: u8,
}

/// The rows of a dossier's events, replayed through the state machine.
///
/// ```
/// let events = hoso_core::demo::lifecycle(1);
/// let rows = hoso_cli::timeline::rows(&events)?;
/// assert_eq!(rows.len(), events.len());
/// assert_eq!(rows.last().map(|r| r.portal), Some(10));
/// # Ok::<(), hoso_core::TransitionError>(())
/// ```
///
/// # Errors
/// The first event the state machine refuses (the history of a store is never refused: it was checked when
/// it was appended).
pub fn rows(events: &[Event]) -> Result<Vec<Row>, TransitionError> {
    let mut rows = Vec::with_capacity(events.len());
    let mut dossier: Option<Dossier> = None;
    for event in events {
        let d = match dossier.as_mut() {
            Some(d) => {
                d.apply(event)?;
                d
            }
            None => dossier.insert(Dossier::open(event.clone())?),
        };
        let (a, p) = (d.agency_state().label(), d.postal_state().label());
        rows.push(Row {
            at: to_vietnam(event.at).strftime("%Y-%m-%d %H:%M").to_string(),
            event: event.kind.event_type().name(),
            agency_vi: a.vi,
            agency_en: a.en,
            postal_vi: p.vi,
            postal_en: p.en,
            portal: d.portal_status(),
        });
    }
    Ok(rows)
}

/// The rows as a table, both labels of each state side by side (`vi / en`), headers in `lang`.
pub fn table(rows: &[Row], lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<17} {:<24} {:<46} {:<52} {}",
        lang.pick("time (UTC+7)", "thời gian (UTC+7)"),
        lang.pick("event", "sự kiện"),
        lang.pick("agency leg (vi / en)", "chiều cơ quan (vi / en)"),
        lang.pick("postal leg (vi / en)", "chiều bưu chính (vi / en)"),
        lang.pick("portal", "cổng DVC"),
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<17} {:<24} {:<46} {:<52} {}",
            r.at,
            r.event,
            format!("{} / {}", r.agency_vi, r.agency_en),
            format!("{} / {}", r.postal_vi, r.postal_en),
            r.portal
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use hoso_core::demo::{event, sample_kind};
    use hoso_core::event::EventType;

    use super::*;

    #[test]
    fn complaints_and_ratings_show_in_the_timeline_and_leave_the_legs_as_they_were() {
        let mut events = hoso_core::demo::lifecycle(1);
        let after = 6 * 24 * 60 + 300;
        for (i, t) in [
            EventType::ComplaintFiled,
            EventType::ComplaintInvestigating,
            EventType::ComplaintResolved,
            EventType::FeedbackGiven,
        ]
        .into_iter()
        .enumerate()
        {
            events.push(event(9_000 + i as u128, after + i as i64, sample_kind(t)));
        }
        let rows = rows(&events).unwrap();
        let delivered = &rows[13];
        let names: Vec<_> = rows[14..].iter().map(|r| r.event).collect();
        assert_eq!(
            names,
            [
                "complaint_filed",
                "complaint_investigating",
                "complaint_resolved",
                "feedback_given"
            ]
        );
        for r in &rows[14..] {
            assert_eq!(
                (r.agency_en, r.postal_en, r.portal),
                (delivered.agency_en, delivered.postal_en, delivered.portal)
            );
        }
    }
}
