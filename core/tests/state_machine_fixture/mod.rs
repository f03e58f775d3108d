//! Shared by the state machine's tests: run a sample dossier through a list of event types.
#![allow(dead_code, unreachable_pub)]

use hoso_core::demo::{event, opened_with_form, sample_kind};
use hoso_core::event::EventType as T;
use hoso_core::machine::TransitionError;
use hoso_core::{Dossier, PostalForm};

/// Opens sample dossier with `form` and applies `types` one minute apart.
pub fn run(form: PostalForm, types: &[T]) -> Result<Dossier, (usize, TransitionError)> {
    let mut d = Dossier::open(opened_with_form(1, form)).unwrap();
    for (i, t) in types.iter().enumerate() {
        let e = event(1000 + i as u128, 10 * (i as i64 + 1), sample_kind(*t));
        d.apply(&e).map_err(|err| (i, err))?;
    }
    Ok(d)
}

/// The post takes, carries and hands over the dossier: the start of every posted dossier's life.
pub const POSTED: [T; 3] = [
    T::CollectedAndSealed,
    T::DispatchedToAgency,
    T::HandedToAgency,
];

/// [`POSTED`], then `rest`.
pub fn posted(rest: &[T]) -> Vec<T> {
    POSTED.iter().chain(rest).copied().collect()
}

/// A result-only dossier accepted, processed and its result collected by the post, then `rest`.
pub fn result_ready(rest: &[T]) -> Vec<T> {
    [
        T::Accepted,
        T::ProcessingStarted,
        T::ProcessingFinished,
        T::ResultCollected,
    ]
    .iter()
    .chain(rest)
    .copied()
    .collect()
}
