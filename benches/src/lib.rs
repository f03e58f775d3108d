//! Fixtures shared by the benchmarks of `hoso` (`cargo bench`).
#![deny(missing_docs)]

use hoso_core::event::Event;
use hoso_core::{DossierCode, demo};

/// Events of `dossiers` sample dossiers, `per_dossier` events each (at most 14), interleaved by time as a
/// day's stream would be: each dossier starts one second after the previous one. Each event comes with the
/// code of its dossier, as a stream carries it.
pub fn interleaved_stream(dossiers: usize, per_dossier: usize) -> Vec<(DossierCode, Event)> {
    let start = demo::at(0);
    let mut out = Vec::with_capacity(dossiers * per_dossier);
    for i in 0..dossiers {
        let mut header = demo::header(1);
        // Dossier codes are unique per agency and day, 9,999 a day: spread over days.
        let day = hoso_core::time::vietnam_date(start)
            .checked_add(jiff::Span::new().days((i / 9999) as i64))
            .unwrap_or_else(|_| hoso_core::time::vietnam_date(start));
        header.code = DossierCode::generate(
            &"000.00.01.H56".parse().expect("valid agency"),
            day,
            (i % 9999) as u32 + 1,
        )
        .expect("valid code");
        let first = start
            .saturating_add(jiff::SignedDuration::from_secs(i as i64))
            .unwrap_or(start);
        let code = header.code.clone();
        for e in demo::lifecycle_of(header, (i as u128) * 100, first)
            .into_iter()
            .take(per_dossier)
        {
            out.push((code.clone(), e));
        }
    }
    out.sort_by_key(|(_, e)| e.at);
    out
}
