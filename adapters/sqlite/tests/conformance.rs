//! The SQLite store passes the store conformance suite, each test on a file of its own.

use std::sync::Arc;

use hoso_core::DossierCode;
use hoso_core::store::EventStore;
use hoso_sqlite::SqliteStore;

mod common;

async fn fresh() -> Arc<dyn EventStore> {
    let dir = common::temp_dir();
    Arc::new(
        SqliteStore::open(dir.join("hoso.db"))
            .await
            .expect("open a fresh store"),
    )
}

/// Overwrites the payload of the dossier's first event behind the store's back, through a connection of its
/// own, as a damaged disk or a foreign writer would.
async fn damage(store: Arc<dyn EventStore>, dossier: DossierCode) {
    let path = format!("{store:?}");
    let path = common::path_in_debug(&path);
    common::execute(
        &path,
        "UPDATE events SET payload = '{\"type\":\"teleported\"' WHERE stream_id = ?1 AND version = 1",
        dossier.as_str(),
    )
    .await;
}

hoso_testkit::store_conformance_tests!(sqlite {
    store: fresh,
    corrupt: damage
});
