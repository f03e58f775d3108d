//! The PostgreSQL store passes the store conformance suite, each check in a database of its own.

mod common;

use common::{damage, fresh, server_is_up};

hoso_testkit::store_conformance_tests!(postgres {
    store: fresh,
    corrupt: damage,
    available: server_is_up,
});
