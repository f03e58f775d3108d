//! `DvcqgSync`: the outbox consumer that reports dossiers to the portal.
//!
//! It claims the [`Destination::Portal`](hoso_core::store::Destination::Portal) messages the service wrote
//! with the events ([`hoso_core::service::portal`]), and for each dossier among them:
//!
//! 1. reads what the portal has acknowledged, from two per-dossier checkpoints in the store: the stream
//!    version of the last dossier sync (`dvcqg/{code}/version`; above 0, the dossier exists there) and the
//!    number of steps acknowledged (`dvcqg/{code}/steps`). A message whose version and steps are covered is
//!    completed without a call (a retry, or a change a later sync already carried);
//! 2. loads the dossier as it stands now, sends it (`DongBoHoSoMC`, an update once it exists; a create
//!    answered "already exists" is resent as an update) and saves the version;
//! 3. sends the steps not yet acknowledged, in order, at most 10 a call, saving the count after each call;
//! 4. completes the dossier's messages.
//!
//! A later change of a dossier is therefore never sent before an earlier one: each sync carries the state
//! at the newest version and every step up to it, in order, so an older message left behind (waiting for its
//! retry) finds itself covered. A failure leaves the messages pending with a backoff (retryable errors) or
//! among the dead letters (an error no retry can mend; revive them once mended): the portal being down
//! delays the sync, never loses it. What the checkpoints cannot make harmless is a crash between the
//! portal's acknowledgement and the checkpoint: the same call is sent again, an update of the same dossier
//! or the same steps once more (the portal's handling of a repeated step is **unverified**).
//!
//! Run one `DvcqgSync` per store: two at once could send one dossier's states out of order.

use std::collections::BTreeMap;

use hoso_core::adapter::AdapterError;
use hoso_core::service::portal::{PORTAL_DESTINATION, PortalChange};
use hoso_core::service::{
    Attempt, DispatchReport, DossierService, OutboxConsumer, Retries, ServiceError,
};
use hoso_core::store::Claimed;
use hoso_core::{Dossier, DossierCode};
use jiff::Timestamp;

use crate::adapter::PortalClient;
use crate::wire::MAX_PROGRESS_PER_CALL;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// The outbox messages: completed (`sent`: reported, or found covered by an earlier sync), to be
    /// retried, dead-lettered.
    pub outbox: DispatchReport,
    /// Dossier syncs sent and acknowledged.
    pub dossiers: usize,
    /// Steps acknowledged.
    pub steps: usize,
}

/// Reports the outbox's portal messages through a [`PortalClient`].
#[derive(Debug)]
pub struct DvcqgSync {
    service: DossierService,
    client: PortalClient,
    retries: Retries,
}

impl OutboxConsumer for DvcqgSync {
    fn retries_mut(&mut self) -> &mut Retries {
        &mut self.retries
    }
}

enum Failure {
    Portal(AdapterError),
    Permanent(String),
    Service(ServiceError),
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        Failure::Service(e)
    }
}

impl From<hoso_core::store::StoreError> for Failure {
    fn from(e: hoso_core::store::StoreError) -> Self {
        Failure::Service(e.into())
    }
}

/// The checkpoint of the last dossier version the portal acknowledged.
pub fn version_checkpoint(dossier: &DossierCode) -> String {
    format!("dvcqg/{dossier}/version")
}

/// The checkpoint of the number of steps the portal acknowledged.
pub fn steps_checkpoint(dossier: &DossierCode) -> String {
    format!("dvcqg/{dossier}/steps")
}

impl DvcqgSync {
    /// A consumer over `service`'s store, sending through `client`.
    pub fn new(service: DossierService, client: PortalClient) -> Self {
        DvcqgSync {
            service,
            client,
            retries: Retries::default(),
        }
    }

    /// The client (for its counts).
    pub fn client(&self) -> &PortalClient {
        &self.client
    }

    /// Claims the portal messages due at `now` and reports their dossiers once each.
    pub async fn sync_once(&self, now: Timestamp) -> Result<SyncReport, ServiceError> {
        let store = self.service.store();
        let claimed = store
            .claim(PORTAL_DESTINATION, now, &self.retries.policy)
            .await?;
        let mut report = SyncReport::default();
        let settler = self.retries.settler(store);
        // One group per dossier, in the order of its first message.
        let mut order: Vec<DossierCode> = Vec::new();
        let mut groups: BTreeMap<DossierCode, Vec<(Claimed, Option<PortalChange>)>> =
            BTreeMap::new();
        for c in claimed {
            let change = serde_json::from_value::<PortalChange>(c.message.payload.clone()).ok();
            let code = c.message.dossier.clone();
            if !groups.contains_key(&code) {
                order.push(code.clone());
            }
            groups.entry(code).or_default().push((c, change));
        }
        for code in order {
            let Some(group) = groups.remove(&code) else {
                continue;
            };
            let attempt = match self.sync_dossier(&code, &group, &mut report).await {
                Ok(()) => Attempt::Sent,
                Err(Failure::Portal(e)) if e.is_retryable() => Attempt::Transient(e.to_string()),
                Err(Failure::Portal(e)) => Attempt::Permanent(e.to_string()),
                Err(Failure::Permanent(why)) => Attempt::Permanent(why),
                Err(Failure::Service(e)) => return Err(e),
            };
            let not_a_change = Attempt::Permanent("the payload is not a portal change".to_owned());
            for (c, change) in &group {
                let attempt = if change.is_some() {
                    &attempt
                } else {
                    &not_a_change
                };
                settler.settle(c, attempt, now, &mut report.outbox).await?;
            }
        }
        Ok(report)
    }

    async fn sync_dossier(
        &self,
        code: &DossierCode,
        group: &[(Claimed, Option<PortalChange>)],
        report: &mut SyncReport,
    ) -> Result<(), Failure> {
        let store = self.service.store();
        let version_key = version_checkpoint(code);
        let steps_key = steps_checkpoint(code);
        let synced = store.checkpoint(&version_key).await?;
        let sent_steps = store.checkpoint(&steps_key).await?;
        let covered = group.iter().all(|(_, change)| {
            change
                .as_ref()
                .is_none_or(|c| c.version <= synced && u64::from(c.steps) <= sent_steps)
        });
        if covered {
            return Ok(());
        }
        let loaded = self
            .service
            .load(code)
            .await?
            .ok_or_else(|| Failure::Permanent(format!("no dossier {code} in the store")))?;
        if synced < loaded.version {
            let message = self
                .client
                .codec()
                .dossier_message(&loaded.dossier, loaded.filing.as_ref(), &[])
                .map_err(Failure::Portal)?;
            self.client
                .sync_dossier(&message, synced > 0)
                .await
                .map_err(Failure::Portal)?;
            store.save_checkpoint(&version_key, loaded.version).await?;
            report.dossiers += 1;
        }
        self.send_steps(&loaded.dossier, sent_steps, &steps_key, report)
            .await
    }

    async fn send_steps(
        &self,
        dossier: &Dossier,
        sent: u64,
        steps_key: &str,
        report: &mut SyncReport,
    ) -> Result<(), Failure> {
        let store = self.service.store();
        let steps = self.client.codec().progress_messages(dossier);
        let mut done = usize::try_from(sent).unwrap_or(usize::MAX).min(steps.len());
        for chunk in steps[done..].chunks(MAX_PROGRESS_PER_CALL) {
            self.client
                .update_progress(chunk)
                .await
                .map_err(Failure::Portal)?;
            done += chunk.len();
            report.steps += chunk.len();
            store.save_checkpoint(steps_key, done as u64).await?;
        }
        Ok(())
    }
}
