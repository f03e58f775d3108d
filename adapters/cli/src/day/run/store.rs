//! The day's writes: a dossier's events with the messages they cause in one append, the outbox flushed to
//! the agencies and the carrier, the carrier's recorded events merged back, the custody records stored.

use std::sync::Arc;

use hoso_core::Dossier;
use hoso_core::adapter::{AgencyRef, OutboundMessage};
use hoso_core::event::{ActorRole, Event};
use hoso_core::service::portal::portal_sync;
use hoso_core::service::{AgencyDispatcher, postal_orders};
use hoso_core::store::{Append, DossierIndex, ExpectedVersion};
use jiff::Timestamp;

use super::super::custody::DossierChain;
use super::super::portal::flush_portal;
use super::{DayError, DayRun};

impl DayRun<'_> {
    /// Writes `events` (which took the dossier from version `before` to `d`), the outbox messages filing
    /// `messages` with the dossier's agency, and the dossier's index row, in one append.
    pub(super) async fn persist(
        &mut self,
        d: &Dossier,
        before: u64,
        events: Vec<Event>,
        messages: Vec<OutboundMessage>,
    ) -> Result<(), DayError> {
        let agency = self
            .agency
            .clone()
            .ok_or_else(|| DayError::NoAdapter("(none chosen)".into()))?;
        let mut outbox = messages
            .iter()
            .map(|m| AgencyDispatcher::message_for(&agency, m))
            .collect::<Result<Vec<_>, _>>()?;
        // The carrier orders these events call for, as the service writes them.
        outbox.extend(postal_orders(d, &events)?);
        self.messages += messages.len();
        let version = d.history().len() as u64;
        let append = Append::new(d.code().clone(), ExpectedVersion::after(before), events)
            .with_outbox(outbox)
            .with_outbox(
                self.portal
                    .as_ref()
                    .and_then(|_| portal_sync(d, version - before)),
            )
            .with_index(DossierIndex::of(d, version, self.filing.clone()));
        self.service.store().append(append).await?;
        Ok(())
    }

    /// Sends what the outbox holds for the agencies, until nothing is pending, and returns the agency's
    /// reference for the dossier as the store recorded it. A message claimed by a run that was killed is sent
    /// again once its lease runs out; the agency files it once, by its idempotency key.
    pub(super) async fn flush_outbox(&mut self, code: &str) -> Result<AgencyRef, DayError> {
        self.flush_all(code).await?;
        let store = self.service.store();
        let dossier: hoso_core::DossierCode = code
            .parse()
            .map_err(|e: hoso_core::IdError| DayError::Calendar(e.to_string()))?;
        let filing = store
            .index(&dossier)
            .await?
            .and_then(|i| i.filing)
            .ok_or_else(|| DayError::AgencySilent(code.to_owned()))?;
        let reference = filing.reference.clone();
        self.filing = Some(filing);
        Ok(reference)
    }

    /// Sends what the outbox holds, to the agencies and to the carrier, until nothing is pending.
    pub(super) async fn flush_all(&mut self, code: &str) -> Result<(), DayError> {
        let store = Arc::clone(self.service.store());
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            let now = Timestamp::now();
            let agencies = self.dispatcher.dispatch_once(now).await?;
            let carrier = self.carrier.dispatch_once(now).await?;
            flush_portal(self.portal.as_deref()).await?;
            let counts = store.outbox_counts().await?;
            if counts.dead > 0 {
                let dead = store.dead_letters(1).await?;
                return Err(DayError::DeadLetter {
                    dossier: code.to_owned(),
                    error: dead
                        .first()
                        .and_then(|m| m.last_error.clone())
                        .unwrap_or_default(),
                });
            }
            if counts.pending == 0 {
                break;
            }
            if std::time::Instant::now() > give_up {
                return Err(DayError::AgencySilent(code.to_owned()));
            }
            if agencies.sent + carrier.sent == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
        Ok(())
    }

    /// Applies to `d` the events the carrier's poller recorded in the store, up to the first that does not
    /// follow yet (and only those: the day records the others itself, counting the messages they cause, the
    /// same in a resumed run as in one never killed).
    pub(super) async fn merge_carrier(&self, d: &mut Dossier) -> Result<(), DayError> {
        for r in self.service.store().read_stream(d.code(), 0).await? {
            // A resumed day finds the later leg's reports too: they wait until the day has got there.
            if r.event.actor.role == ActorRole::PostalSystem
                && !d.has_event(r.event.id)
                && d.apply_owned(r.event).is_err()
            {
                break;
            }
        }
        Ok(())
    }

    /// Stores the dossier's custody records (once: records already stored are kept as they are).
    pub(super) async fn store_custody(
        &mut self,
        d: &Dossier,
        chain: &DossierChain,
    ) -> Result<(), DayError> {
        if chain.is_empty() {
            return Ok(());
        }
        let entries = chain
            .entries()
            .map_err(|e| DayError::Calendar(format!("custody record as JSON: {e}")))?;
        let version = d.history().len() as u64;
        let append = Append::new(
            d.code().clone(),
            ExpectedVersion::Exact(version),
            Vec::new(),
        )
        .with_custody(entries)
        .with_index(DossierIndex::of(d, version, self.filing.clone()));
        self.service.store().append(append).await?;
        Ok(())
    }
}
