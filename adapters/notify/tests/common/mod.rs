//! What the notifiers' tests share: the sample dossier in a memory store, with a preference, and the clock.

use std::sync::Arc;

use hoso_core::notify::NotifyPreference;
use hoso_core::service::{Changes, DossierService};
use hoso_core::store::{CommandId, EventStore, MemoryStore};
use hoso_core::{DossierHeader, demo};
use jiff::{SignedDuration, Timestamp};

/// `secs` seconds after the sample dossier's start.
pub(crate) fn t(secs: i64) -> Timestamp {
    demo::at(0)
        .checked_add(SignedDuration::from_secs(secs))
        .unwrap()
}

/// A service over a memory store holding the sample dossier with `preference`: its whole lifecycle (five
/// notices), or its first `events` events when given (4: up to the handover, one notice).
pub(crate) async fn service_with(
    preference: Option<NotifyPreference>,
    events: Option<usize>,
) -> DossierService {
    let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
    let service = DossierService::new(store);
    let header = DossierHeader {
        notifications: preference,
        ..demo::header(1)
    };
    let mut all = demo::lifecycle_of(header, 100, demo::at(0));
    all.truncate(events.unwrap_or(all.len()));
    service
        .open(
            CommandId::new("open"),
            all[0].clone(),
            Changes::events(all[1..].to_vec()),
        )
        .await
        .unwrap();
    service
}
