//! Checks of what a store keeps beside the events: the index rows its lookups read, custody records,
//! consumer checkpoints.

use hoso_core::Dossier;
use hoso_core::adapter::AgencyRef;
use hoso_core::store::{AgencyFiling, Append, CustodyEntry, DossierQuery, ExpectedVersion};

use super::{Store, agency, index_of, sample_stream};

/// Check: the lookups read the index rows written with the events: by tracking number, by the agency's
/// reference, by state, the overdue list, and paging in code order.
pub async fn lookups_follow_the_index(store: Store) {
    let mut codes = Vec::new();
    for n in 1..=3 {
        let (code, events) = sample_stream(n);
        let upto = if n == 3 { 5 } else { events.len() };
        let filing = AgencyFiling {
            agency: agency(),
            reference: AgencyRef(format!("BN-{n}")),
        };
        store
            .append(
                Append::new(
                    code.clone(),
                    ExpectedVersion::NoStream,
                    events[..upto].to_vec(),
                )
                .with_index(index_of(&events[..upto], Some(filing))),
            )
            .await
            .expect("append");
        codes.push((code, events));
    }
    let (code1, events1) = &codes[0];
    let d1 = Dossier::from_events(events1).expect("fold");
    let tracking = d1.outbound_tracking().expect("tracking").clone();
    let found = store
        .find_by_tracking(&tracking)
        .await
        .expect("by tracking");
    // Every sample dossier carries the same sample tracking numbers; the index keeps the last writer's.
    assert!(found.is_some(), "the tracking number is indexed");
    let by_ref = store
        .find_by_agency_ref(&agency(), &AgencyRef("BN-1".into()))
        .await
        .expect("by reference");
    assert_eq!(by_ref.as_ref(), Some(code1));
    let none = store
        .find_by_agency_ref(&agency(), &AgencyRef("BN-404".into()))
        .await
        .expect("missing reference");
    assert!(none.is_none());
    let row = store.index(code1).await.expect("index").expect("row");
    assert_eq!(row.version, events1.len() as u64);
    assert_eq!(row.agency_state, d1.agency_state());
    let open_state = Dossier::from_events(&codes[2].1[..5])
        .expect("fold")
        .agency_state();
    let in_state = store
        .query(&DossierQuery::in_state(open_state))
        .await
        .expect("by state");
    assert!(in_state.iter().any(|r| r.dossier == codes[2].0));
    let all = store.query(&DossierQuery::all()).await.expect("all");
    assert_eq!(all.len(), 3);
    assert!(
        all.windows(2).all(|w| w[0].dossier < w[1].dossier),
        "code order"
    );
    let page = store
        .query(&DossierQuery::all().after(all[0].dossier.clone()).limit(1))
        .await
        .expect("page");
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].dossier, all[1].dossier);
    // The third dossier is open with an appointment; a day after it, it is overdue; the finished ones never are.
    let due = Dossier::from_events(&codes[2].1[..5])
        .expect("fold")
        .appointment();
    if let Some(due) = due {
        let overdue = store
            .query(&DossierQuery::overdue_on(due.tomorrow().expect("date")))
            .await
            .expect("overdue");
        assert_eq!(
            overdue.iter().map(|r| &r.dossier).collect::<Vec<_>>(),
            [&codes[2].0]
        );
        let not_yet = store
            .query(&DossierQuery::overdue_on(due))
            .await
            .expect("overdue");
        assert!(not_yet.is_empty(), "due on the day itself is not overdue");
    }
}

/// Check: custody records are stored with their dossier and read back in chain order, byte for byte; a
/// retried record is not written twice.
pub async fn custody_records_are_kept_with_the_dossier(store: Store) {
    let (code, events) = sample_stream(1);
    let record = |n: u64| CustodyEntry {
        sequence: n,
        record: format!("{{\"sequence\":{n},\"note\":\"biên bản giao nhận\"}}"),
    };
    store
        .append(
            Append::new(
                code.clone(),
                ExpectedVersion::NoStream,
                events[..2].to_vec(),
            )
            .with_custody([record(1)]),
        )
        .await
        .expect("first record");
    store
        .append(
            Append::new(
                code.clone(),
                ExpectedVersion::Exact(2),
                events[2..4].to_vec(),
            )
            .with_custody([record(2), record(1)]),
        )
        .await
        .expect("second record");
    let read = store.read_custody(&code).await.expect("custody");
    assert_eq!(read, vec![record(1), record(2)]);
}

/// Check: consumers' checkpoints start at 0 and keep what was saved.
pub async fn checkpoints_are_kept(store: Store) {
    assert_eq!(
        store.checkpoint("portal-sync").await.expect("checkpoint"),
        0
    );
    store
        .save_checkpoint("portal-sync", 42)
        .await
        .expect("save");
    store.save_checkpoint("statistics", 7).await.expect("save");
    store
        .save_checkpoint("portal-sync", 43)
        .await
        .expect("save again");
    assert_eq!(
        store.checkpoint("portal-sync").await.expect("checkpoint"),
        43
    );
    assert_eq!(store.checkpoint("statistics").await.expect("checkpoint"), 7);
}
