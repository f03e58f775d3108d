//! The agencies' side of the day: one simulator per agency on loopback, and the adapters that talk to them
//! over HTTP through the production transport, wrapped in the retry layer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use hoso_core::AgencyCode;
use hoso_core::adapter::{AgencyAdapter, AgencySide, AgencyTransport};
use hoso_http::{AuditSink, HttpTransport, Resilient, RetryPolicy};
use hoso_testkit::{AgencySimulator, Release, Script, ScriptSource, SimClock};

use super::plan::Agencies;
use super::run::Desks;

/// The running simulators, one per agency; they stop when dropped.
#[derive(Debug)]
pub struct Simulators {
    /// Each agency's simulator.
    pub by_agency: Vec<(AgencyCode, AgencySimulator)>,
}

impl Simulators {
    /// Dossiers filed with all agencies together (each counted once, however often it was sent).
    pub fn filings(&self) -> usize {
        self.by_agency.iter().map(|(_, s)| s.filings()).sum()
    }
}

/// Why the agencies could not be started.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// A simulator could not bind on loopback.
    #[error("starting a simulator: {0}")]
    Io(#[from] std::io::Error),
    /// The HTTP transport could not be built.
    #[error("building the HTTP transport: {0}")]
    Transport(#[from] hoso_http::TransportBuildError),
}

/// Starts the three agencies' simulators, each following `scripts` (by dossier code) in simulated time, and
/// the adapters that reach them over HTTP, with every exchange recorded to `audit`. With `journals`, each
/// agency keeps what it was sent in `journals/<agency>.jsonl` and, started again on the same directory,
/// knows every dossier filed with it before (a day that resumes after a crash).
pub async fn start_desks(
    agencies: &Agencies,
    scripts: HashMap<String, Script>,
    audit: Arc<dyn AuditSink>,
    journals: Option<&std::path::Path>,
) -> Result<(Simulators, Desks), DeskError> {
    let scripts = Arc::new(scripts);
    let choose = ScriptSource::PerDossier(Arc::new(move |s| {
        scripts.get(s.dossier.as_str()).cloned().unwrap_or_default()
    }));
    let licensing = hoso_licensing::LicensingCodec::new(
        agencies.licensing.clone(),
        hoso_licensing::Version::V2,
    );
    let land = hoso_land::LandCodec::new(agencies.land.clone(), hoso_land::Version::V2);
    let police = hoso_police::PoliceCodec::new(agencies.police.clone(), hoso_police::Version::V2);
    let mut sims = Simulators {
        by_agency: Vec::new(),
    };
    let mut desks = Desks::new();
    let codecs: [(AgencyCode, Arc<dyn AgencySide>); 3] = [
        (agencies.licensing.clone(), Arc::new(licensing.clone())),
        (agencies.land.clone(), Arc::new(land.clone())),
        (agencies.police.clone(), Arc::new(police.clone())),
    ];
    for (agency, codec) in codecs {
        let sim = match journals {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                let journal = dir.join(format!("{}.jsonl", agency.as_str()));
                AgencySimulator::start_journaled(
                    codec,
                    choose.clone(),
                    Release::AtOnce,
                    SimClock::Simulated,
                    &journal,
                )
                .await?
            }
            None => {
                AgencySimulator::start_with(
                    codec,
                    choose.clone(),
                    Release::AtOnce,
                    SimClock::Simulated,
                )
                .await?
            }
        };
        let transport: Arc<dyn AgencyTransport> = Arc::new(
            HttpTransport::builder(agency.clone(), sim.base_url())
                .timeout(Duration::from_secs(5))
                .audit(Arc::clone(&audit))
                .build()?,
        );
        let adapter: Arc<dyn AgencyAdapter> = if agency == agencies.licensing {
            Arc::new(hoso_licensing::LicensingAdapter::new(
                licensing.clone(),
                transport,
            ))
        } else if agency == agencies.land {
            Arc::new(hoso_land::LandAdapter::new(land.clone(), transport))
        } else {
            Arc::new(hoso_police::PoliceAdapter::new(police.clone(), transport))
        };
        // Retries, timeouts and tracing wrap the adapter from outside, the same for every agency.
        let adapter: Arc<dyn AgencyAdapter> = Arc::new(
            Resilient::builder_for(adapter)
                .policy(RetryPolicy::default())
                .build(),
        );
        desks.insert(agency.clone(), adapter);
        sims.by_agency.push((agency, sim));
    }
    Ok((sims, desks))
}
