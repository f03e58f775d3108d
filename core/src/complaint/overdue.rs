//! Complaints past their resolution date and not resolved, over every dossier: a projection over the
//! store's global order ([`EventStore::read_all`]).
//!
//! The dossier index has no column for complaints, and adding one would need a migration in every engine;
//! the projection reads only what the store already keeps, folds each dossier's complaint events with the
//! same [`ComplaintLog`] the dossier uses, and so can never disagree with the streams. It reads every event
//! once per call: fine for an operator's list, and the place to add a checkpointed read model if the
//! stores grow large (`docs/complaints.md`).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::{ComplaintLog, ComplaintNumber, ComplaintState, ComplaintSubject, is_after_service};
use crate::DossierCode;
use crate::store::{EventStore, StoreError};

/// How many events one page of the projection reads.
pub const PAGE: usize = 500;

/// One complaint past its resolution date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueComplaint {
    /// The dossier.
    pub dossier: DossierCode,
    /// The complaint's number in it.
    pub number: ComplaintNumber,
    /// What it is about.
    pub subject: ComplaintSubject,
    /// Where it stands (filed or investigating).
    pub state: ComplaintState,
    /// When it was received.
    pub filed_at: Timestamp,
    /// The day it was due (Circular 17/2017/TT-BTTTT Art 8(1)(b)).
    pub resolution_due: Date,
    /// Whether the service crossed a province boundary (7 working days instead of 5).
    pub inter_province: bool,
}

/// The complaints of every dossier that are unresolved past their resolution date at `now`
/// ([`Complaint::is_overdue_at`](super::Complaint::is_overdue_at)), the longest overdue first, then by
/// dossier and number.
///
/// # Errors
/// The store's errors.
pub async fn overdue_complaints(
    store: &dyn EventStore,
    now: Timestamp,
) -> Result<Vec<OverdueComplaint>, StoreError> {
    let mut logs: BTreeMap<DossierCode, ComplaintLog> = BTreeMap::new();
    let mut after = 0;
    loop {
        let page = store.read_all(after, PAGE).await?;
        if page.events.is_empty() {
            break;
        }
        after = page.next;
        for recorded in page.events {
            if !is_after_service(&recorded.event.kind) {
                continue;
            }
            let log = logs.entry(recorded.dossier.clone()).or_default();
            // The store holds only events the state machine accepted; one the log refuses is skipped, not
            // allowed to hide every other dossier's complaints.
            if let Err(e) = log.apply(&recorded.event) {
                tracing::warn!(dossier = %recorded.dossier, position = recorded.position, error = %e,
                    "a stored complaint event does not fold; skipped");
            }
        }
    }
    let mut out: Vec<OverdueComplaint> = logs
        .into_iter()
        .flat_map(|(dossier, log)| {
            log.complaints()
                .iter()
                .filter(|c| c.is_overdue_at(now))
                .map(|c| OverdueComplaint {
                    dossier: dossier.clone(),
                    number: c.number,
                    subject: c.subject,
                    state: c.state,
                    filed_at: c.filed_at,
                    resolution_due: c.resolution_due,
                    inter_province: c.inter_province,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort_by(|a, b| {
        (a.resolution_due, &a.dossier, a.number).cmp(&(b.resolution_due, &b.dossier, b.number))
    });
    Ok(out)
}
