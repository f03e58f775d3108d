//! Fixtures shared by the benchmarks of `hoso` (`cargo bench`).
#![deny(missing_docs)]

pub mod measure;
pub mod peer;
pub mod police;
pub mod summary;
pub mod xml;

use std::collections::HashMap;
use std::time::Duration;

use hoso_core::event::{Event, EventKind};
use hoso_core::{Dossier, DossierCode, demo};

/// Dossiers looked up by code, as a replay builds them.
pub type Dossiers = HashMap<DossierCode, Dossier, foldhash::fast::RandomState>;

/// An empty map for `dossiers` dossiers.
pub fn dossiers_with_capacity(dossiers: usize) -> Dossiers {
    Dossiers::with_capacity_and_hasher(dossiers, foldhash::fast::RandomState::default())
}

/// Folds one owned event (as read from storage) into its dossier: an opening event opens it, any other is
/// applied to the dossier already there (moved into its history, not cloned).
#[inline]
pub fn fold(map: &mut Dossiers, code: DossierCode, event: Event) {
    if let EventKind::Opened { .. } = event.kind {
        map.insert(code, Dossier::open(event).expect("opens"));
    } else if let Some(d) = map.get_mut(&code) {
        d.apply_owned(event).expect("legal");
    }
}

/// The lives of `dossiers` sample dossiers, `per_dossier` events each (at most 14), dossier by dossier, each
/// with its code. Dossier `i` starts `i` seconds after the sample start; its event ids are `i * 100 + 1 ..`.
/// Codes are those of agency `000.00.01.H56`, 9,999 a day, spread over as many days as needed.
pub fn dossier_lives(
    dossiers: usize,
    per_dossier: usize,
) -> impl Iterator<Item = (DossierCode, Vec<Event>)> {
    let start = demo::at(0);
    let agency = "000.00.01.H56".parse().expect("valid agency");
    (0..dossiers).map(move |i| {
        let mut header = demo::header(1);
        // Dossier codes are unique per agency and day, 9,999 a day: spread over days.
        let day = hoso_core::time::vietnam_date(start)
            .checked_add(jiff::Span::new().days((i / 9999) as i64))
            .unwrap_or_else(|_| hoso_core::time::vietnam_date(start));
        header.code =
            DossierCode::generate(&agency, day, (i % 9999) as u32 + 1).expect("valid code");
        let first = start
            .saturating_add(jiff::SignedDuration::from_secs(i as i64))
            .unwrap_or(start);
        let code = header.code.clone();
        let mut events = demo::lifecycle_of(header, (i as u128) * 100, first);
        events.truncate(per_dossier);
        (code, events)
    })
}

/// Events of `dossiers` sample dossiers ([`dossier_lives`]), `per_dossier` events each (at most 14),
/// interleaved by time as a day's stream would be: each dossier starts one second after the previous one.
/// Each event comes with the code of its dossier, as a stream carries it.
pub fn interleaved_stream(dossiers: usize, per_dossier: usize) -> Vec<(DossierCode, Event)> {
    let mut out: Vec<(DossierCode, Event)> = dossier_lives(dossiers, per_dossier)
        .flat_map(|(code, events)| events.into_iter().map(move |e| (code.clone(), e)))
        .collect();
    out.sort_by_key(|(_, e)| e.at);
    out
}

/// The latency at quantile `p` (0 to 1) of `sorted`, which is sorted ascending and not empty.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}
