//! The national portal's side of the day: a portal simulator on loopback (journaled in the output directory,
//! so that a day killed and restarted reports to a portal that remembers), the outbox consumer that reports
//! every status change to it, and the check that the portal ends up with every step of every dossier, in
//! order.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use hoso_core::service::OutboxConsumer;
use hoso_core::service::{DispatchReport, DossierService, RetryBackoff};
use hoso_core::store::{EventStore, OutboxPolicy};
use hoso_core::{AgencyCode, Catalogue, DossierCode};
use hoso_dvcqg::{
    Direct, DvcqgCodec, DvcqgSync, Mode, PortalClient, PortalProfile, ProcedureNames,
};
use hoso_http::{Auth, HttpTransport};
use hoso_testkit::{PortalConfig, PortalFault, PortalSimulator};
use jiff::{SignedDuration, Timestamp};

use super::error::DayError;

/// The portal's code, as the adapter's errors carry it.
const PORTAL: &str = "000.00.00.G22";

/// The one-stop system reporting (`madonvi`).
const UNIT: &str = "000.00.01.H56";

/// The portal, its consumer and what it did this run.
#[derive(Debug)]
pub struct DayPortal {
    sim: PortalSimulator,
    sync: DvcqgSync,
    rounds: AtomicUsize,
    retried: AtomicUsize,
}

/// What the portal holds at the end of the day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PortalSummary {
    /// Dossiers the portal holds.
    pub dossiers: usize,
    /// Dossiers whose steps at the portal are exactly the dossier's, in order.
    pub complete: usize,
    /// Steps the portal holds.
    pub steps: usize,
}

fn setup(e: impl std::fmt::Display) -> DayError {
    DayError::Calendar(format!("portal: {e}"))
}

impl DayPortal {
    /// Starts the portal (journal `journal`, if given) and its consumer over `store`, naming the
    /// procedures of `catalogue`. The portal fails a few calls and expires its sessions, as a real one
    /// does: the day's summary counts the retries.
    pub async fn start(
        store: Arc<dyn EventStore>,
        catalogue: &Catalogue,
        journal: Option<&Path>,
    ) -> Result<Self, DayError> {
        let config = PortalConfig {
            session_calls: Some(50),
            ..PortalConfig::default()
        };
        let sim = match journal {
            Some(path) => PortalSimulator::start_journaled(config, path).await,
            None => PortalSimulator::start(config).await,
        }
        .map_err(setup)?;
        sim.inject(PortalFault::Status(503), 2);
        sim.inject(
            PortalFault::Malformed(b"<html>Bad gateway</html>".to_vec()),
            1,
        );
        let portal: AgencyCode = PORTAL.parse().map_err(setup)?;
        let mut profile = PortalProfile::new(UNIT.parse().map_err(setup)?);
        for p in catalogue.iter() {
            profile = profile.with_procedure(
                p.code.clone(),
                ProcedureNames::of_family(p.name_vi.clone(), p.family),
            );
        }
        let transport = HttpTransport::builder(portal.clone(), sim.base_url())
            .auth(Auth::ApiKey {
                header: "dstcode".into(),
                key: sim.config().dstcode.clone(),
            })
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .map_err(setup)?;
        let c = sim.config();
        let mode = Mode::Direct(Direct {
            login: c.login.clone(),
            integration: c.integration.clone(),
            username: c.username.clone(),
            password: c.password.clone(),
            unit: UNIT.into(),
        });
        let client = PortalClient::new(DvcqgCodec::new(portal, profile), mode, Arc::new(transport));
        // No wait between attempts: the day's portal recovers at once, and a retry is due in the same flush.
        let sync = DvcqgSync::new(DossierService::new(store), client)
            .with_policy(OutboxPolicy {
                lease: SignedDuration::from_secs(3),
                ..OutboxPolicy::default()
            })
            .with_backoff(RetryBackoff {
                base: SignedDuration::ZERO,
                max: SignedDuration::ZERO,
            });
        Ok(DayPortal {
            sim,
            sync,
            rounds: AtomicUsize::new(0),
            retried: AtomicUsize::new(0),
        })
    }

    /// The simulator's address.
    pub fn base_url(&self) -> String {
        self.sim.base_url()
    }

    /// Reports every pending change: sync rounds until one claims nothing.
    pub async fn flush(&self) -> Result<(), DayError> {
        loop {
            let report = self.sync.sync_once(Timestamp::now()).await?;
            if report.outbox == DispatchReport::default() {
                return Ok(());
            }
            self.rounds.fetch_add(1, Ordering::Relaxed);
            self.retried
                .fetch_add(report.outbox.retried, Ordering::Relaxed);
            if report.outbox.dead > 0 {
                return Err(DayError::DeadLetter {
                    dossier: "(portal)".into(),
                    error: "a portal sync was dead-lettered".into(),
                });
            }
        }
    }

    /// Compares what the portal holds with the dossiers of `codes` in `store`.
    pub async fn summary(
        &self,
        store: Arc<dyn EventStore>,
        codes: &[DossierCode],
    ) -> Result<PortalSummary, DayError> {
        let service = DossierService::new(store);
        let codec = self.sync.client().codec();
        let mut summary = PortalSummary {
            dossiers: self.sim.dossier_codes().len(),
            ..PortalSummary::default()
        };
        for code in codes {
            let Some(loaded) = service.load(code).await? else {
                continue;
            };
            let expected: Vec<String> = codec
                .progress_messages(&loaded.dossier)
                .into_iter()
                .map(|s| s.trang_thai)
                .collect();
            if let Some(held) = self.sim.dossier(code.as_str()) {
                summary.steps += held.progress.len();
                summary.complete += usize::from(held.progress_statuses() == expected);
            }
        }
        Ok(summary)
    }

    /// This run's calls (they differ between a run and a resumed one): dossier syncs, progress calls,
    /// retried messages, sessions, repeated steps the portal ignored.
    pub fn calls(&self) -> String {
        let client = self.sync.client().counts();
        format!(
            "portal calls this run: {} dossier syncs, {} progress calls, {} retried, {} sessions, {} steps resent",
            client.dossiers,
            client.progress_calls,
            self.retried.load(Ordering::Relaxed),
            client.sessions,
            self.sim.counts().repeated_steps,
        )
    }
}

/// Reports every pending change to `portal`, if the day has one.
pub async fn flush_portal(portal: Option<&DayPortal>) -> Result<(), DayError> {
    match portal {
        Some(portal) => portal.flush().await,
        None => Ok(()),
    }
}

impl std::fmt::Display for PortalSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "national portal (DVCQG): {} dossiers, {} steps; dossiers with every step, in order: {}",
            self.dossiers, self.steps, self.complete
        )
    }
}
