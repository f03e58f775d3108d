//! What the portal adapter's tests share: the profile, the codec, sample dossiers, a simulator and a client
//! in either mode.
#![allow(dead_code)] // each test crate uses part of it

use std::sync::Arc;
use std::time::Duration;

use hoso_core::procedure::AgencyFamily;
use hoso_core::{AgencyCode, Dossier, Event};
use hoso_dvcqg::{Direct, DvcqgCodec, Mode, PortalClient, PortalProfile, ProcedureNames, Relay};
use hoso_http::{Auth, HttpTransport};
use hoso_testkit::{PortalConfig, PortalSimulator};

pub(crate) fn portal_code() -> AgencyCode {
    "000.00.00.G22".parse().unwrap()
}

pub(crate) fn profile() -> PortalProfile {
    PortalProfile::new("000.00.01.H56".parse().unwrap()).with_procedure(
        "1.002820".parse().unwrap(),
        ProcedureNames::of_family("Cấp đổi giấy phép lái xe", AgencyFamily::Licensing),
    )
}

pub(crate) fn codec() -> DvcqgCodec {
    DvcqgCodec::new(portal_code(), profile())
}

/// The sample dossier's whole life.
pub(crate) fn life(sequence: u32) -> Vec<Event> {
    hoso_core::demo::lifecycle(sequence)
}

/// The sample dossier after its first `n` events.
pub(crate) fn after(sequence: u32, n: usize) -> Dossier {
    Dossier::from_events(&life(sequence)[..n]).unwrap()
}

/// Which mode a test runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    Direct,
    Relay,
}

pub(crate) fn mode(config: &PortalConfig, which: Which) -> Mode {
    match which {
        Which::Direct => Mode::Direct(Direct {
            login: config.login.clone(),
            integration: config.integration.clone(),
            username: config.username.clone(),
            password: config.password.clone(),
            unit: "000.00.01.H56".into(),
        }),
        Which::Relay => Mode::Relay(Relay {
            create: config.relay_create.clone(),
            update: config.relay_update.clone(),
            progress: config.relay_progress.clone(),
        }),
    }
}

/// The production transport to the simulator, with the `dstcode` header and a timeout of `timeout`.
pub(crate) fn transport(sim: &PortalSimulator, timeout: Duration) -> Arc<HttpTransport> {
    Arc::new(
        HttpTransport::builder(portal_code(), sim.base_url())
            .auth(Auth::ApiKey {
                header: "dstcode".into(),
                key: sim.config().dstcode.clone(),
            })
            .timeout(timeout)
            .build()
            .unwrap(),
    )
}

/// A generous timeout: outcomes in the tests never depend on the machine's speed, except the timeout
/// fault, which holds its request until the simulator stops.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(3);

/// A client of `sim` in mode `which`.
pub(crate) fn client(sim: &PortalSimulator, which: Which) -> PortalClient {
    PortalClient::new(codec(), mode(sim.config(), which), transport(sim, TIMEOUT))
}

pub(crate) async fn start(config: PortalConfig, which: Which) -> (PortalSimulator, PortalClient) {
    let sim = PortalSimulator::start(config).await.unwrap();
    let client = client(&sim, which);
    (sim, client)
}
