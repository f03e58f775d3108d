//! The in-memory store passes the store conformance suite (it keeps typed values, so it has no corrupt-row
//! check).

use std::sync::Arc;

use hoso_core::store::{EventStore, MemoryStore};

async fn fresh() -> Arc<dyn EventStore> {
    Arc::new(MemoryStore::new())
}

hoso_testkit::store_conformance_tests!(memory { store: fresh });
