//! Driving the day: each planned dossier through intake, carriage, handover, the agency's answers (over HTTP,
//! from its simulator), result return and delivery, with deadlines and signed custody records.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hoso_core::adapter::{AgencyAdapter, DossierSubmission, OutboundMessage};
use hoso_core::calendar::WorkCalendar;
use hoso_core::custody::Parties;
use hoso_core::event::{Actor, ActorRole, Event, EventId, EventKind, EventType, Place, PlaceKind};
use hoso_core::service::OutboxConsumer;
use hoso_core::service::{AgencyDispatcher, DossierService};
use hoso_core::state::AgencyState;
use hoso_core::store::{AgencyFiling, EventStore, OutboxPolicy};
use hoso_core::time::vietnam_date;
use hoso_core::{AgencyCode, Dossier, TrackingNumber};
use jiff::Timestamp;

mod store;

use super::carrier::{CarrierLeg, at_event, tracking_events};
use super::custody::{CustodyError, DossierChain, Signers};
use super::deadlines::findings;
pub use super::error::DayError;
use super::messages::{no_messages, supplement_message};
use super::plan::{Intake, PlannedDossier};
use super::portal::{DayPortal, flush_portal};
use super::report::{DayReport, Outcome};
pub use super::times::{at_time, filing_time, sealing_time, supplement_arrival};

/// The agencies' side, as the day needs it: one adapter per agency.
pub type Desks = HashMap<AgencyCode, Arc<dyn AgencyAdapter>>;

/// Drives the planned dossiers one by one. Owns the calendar, the signers and the tracking-number serials.
pub struct DayRun<'a> {
    calendar: WorkCalendar,
    signers: Signers,
    desks: &'a Desks,
    evidence_dir: PathBuf,
    next_serial: u32,
    messages: usize,
    service: DossierService,
    dispatcher: AgencyDispatcher,
    filing: Option<AgencyFiling>,
    agency: Option<AgencyCode>,
    carrier: CarrierLeg,
    portal: Option<Arc<DayPortal>>,
}

impl std::fmt::Debug for DayRun<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DayRun")
            .field("evidence_dir", &self.evidence_dir)
            .finish_non_exhaustive()
    }
}

/// The most polls a dossier gets before the day gives up on its agency.
const MAX_POLLS: usize = 12;

impl<'a> DayRun<'a> {
    /// A run whose evidence files go to `evidence_dir`, signed by `signers`, talking to the agencies
    /// through `desks`.
    pub fn new(
        calendar: WorkCalendar,
        desks: &'a Desks,
        evidence_dir: &Path,
        signers: Signers,
        store: Arc<dyn EventStore>,
    ) -> Result<Self, DayError> {
        let service = DossierService::new(store);
        let mut registry = hoso_core::adapter::AdapterRegistry::new();
        for adapter in desks.values() {
            registry.register(Arc::clone(adapter));
        }
        // A short lease: a day killed while sending resends within seconds of its restart.
        let dispatcher =
            AgencyDispatcher::new(service.clone(), registry).with_policy(OutboxPolicy {
                lease: jiff::SignedDuration::from_secs(3),
                ..OutboxPolicy::default()
            });
        std::fs::create_dir_all(evidence_dir).map_err(|source| DayError::Io {
            path: evidence_dir.to_owned(),
            source,
        })?;
        // The carrier keeps its journal beside the evidence directory, in the day's output directory.
        let out = evidence_dir.parent().unwrap_or(evidence_dir);
        let carrier = CarrierLeg::new(&service, desks.keys(), out)?;
        Ok(DayRun {
            calendar,
            signers,
            desks,
            evidence_dir: evidence_dir.to_owned(),
            next_serial: 10_000_000,
            messages: 0,
            service,
            dispatcher,
            filing: None,
            agency: None,
            carrier,
            portal: None,
        })
    }

    /// Reports every status change to `portal` through the outbox.
    pub fn with_portal(mut self, portal: Arc<DayPortal>) -> Self {
        self.portal = Some(portal);
        self
    }

    /// The calendar in use.
    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    fn tracking(&mut self) -> Result<TrackingNumber, DayError> {
        self.next_serial += 1;
        TrackingNumber::new("EH", self.next_serial, "VN")
            .map_err(|e| DayError::Calendar(e.to_string()))
    }

    /// Runs every planned dossier and reports; `progress(done, total)` is called after each.
    pub async fn run(
        mut self,
        planned: &[PlannedDossier],
        mut progress: impl FnMut(usize, usize),
    ) -> Result<DayReport, DayError> {
        let mut report = DayReport {
            evidence_dir: self.evidence_dir.clone(),
            ..DayReport::default()
        };
        for (i, p) in planned.iter().enumerate() {
            // Serials follow the plan, not the run: a resumed day gives each dossier the same numbers.
            self.next_serial = 10_000_000 + u32::try_from(i).unwrap_or(u32::MAX - 10_000_000);
            self.filing = None;
            self.agency = Some(p.agency.clone());
            report.outcomes.push(self.drive(p).await?);
            flush_portal(self.portal.as_deref()).await?;
            progress(i + 1, planned.len());
        }
        report.agency_messages = self.messages;
        report.carrier_orders = self.carrier.orders_placed();
        report.tracking_events = tracking_events(self.service.store()).await?;
        Ok(report)
    }

    async fn drive(&mut self, p: &PlannedDossier) -> Result<Outcome, DayError> {
        let code = p.header.code.to_string();
        let fail = |source| DayError::Transition {
            dossier: code.clone(),
            source,
        };
        let adapter = Arc::clone(
            self.desks
                .get(&p.agency)
                .ok_or_else(|| DayError::NoAdapter(p.agency.to_string()))?,
        );
        let clerk = Actor::new(ActorRole::PostalWorker, "vnpost-h56-counter-01");
        let collector = Actor::new(ActorRole::PostalWorker, "vnpost-h56-collector-01");
        let courier = Actor::new(ActorRole::PostalWorker, "vnpost-h56-courier-01");
        let carrier = Actor::new(ActorRole::PostalWorker, "vnpost-h56-carrier-01");
        let post = Place::new(PlaceKind::PostOffice, "Bưu điện trung tâm Nha Trang");
        let desk = Place::new(PlaceKind::OneStopDesk, p.agency.as_str());
        let mut n = 0u128;
        let base = u128::from(p.header.code.sequence()) << 64 | u128::from(self.next_serial) << 16;
        let mut ev = |at: Timestamp, actor: &Actor, place: Option<&Place>, kind: EventKind| {
            n += 1;
            let e = Event::new(EventId::from_u128(base | n), at, actor.clone(), kind);
            match place {
                Some(pl) => e.at_place(pl.clone()),
                None => e,
            }
        };
        let form = p.header.postal_form;
        let opener = if form.sends_dossier() {
            &clerk
        } else {
            &Actor::new(ActorRole::OneStopOfficer, p.agency.as_str())
        };
        let opened = ev(
            p.opened_at,
            opener,
            Some(if form.sends_dossier() { &post } else { &desk }),
            EventKind::Opened {
                header: Arc::clone(&p.header),
            },
        );
        let mut d = Dossier::open(opened.clone()).map_err(fail)?;
        // A dossier filed at the desk is filed with the agency by its opening; one sent by post, by the
        // handover below.
        let at_desk = !form.sends_dossier();
        let opened_at = p.opened_at;
        let opening = if at_desk {
            vec![OutboundMessage::Submission(
                DossierSubmission::from_dossier(&d, opened_at),
            )]
        } else {
            Vec::new()
        };
        self.persist(&d, 0, vec![opened], opening).await?;
        let mut chain = DossierChain::new(&p.header);
        let mut t = p.opened_at;

        // ----- the dossier to the agency -----
        let submitted_at = if form.sends_dossier() && p.intake == Intake::Pickup {
            // The pickup is an order placed with the carrier; collection, carriage and the handover at the
            // desk come from its feed, and the handover's append files the dossier with the agency.
            self.carrier.plan_pickup(&self.calendar, p)?;
            self.record(
                &mut d,
                ev(t, &collector, None, EventKind::PickupRequested),
                no_messages,
            )
            .await?;
            self.flush_all(&code).await?;
            self.carrier.track().await?;
            self.merge_carrier(&mut d).await?;
            let silent = |what| DayError::CarrierSilent(code.clone(), what);
            let (then, sealing) =
                at_event(&d, |e| e.kind.event_type() == EventType::CollectedAndSealed)
                    .ok_or_else(|| silent("collection"))?;
            // The carrier's system reported them; the slips were signed by its collector and courier.
            let by = |e: Event, worker: &Actor| Event {
                actor: worker.clone(),
                ..e
            };
            chain.record(
                &self.signers,
                &then,
                &by(sealing, &collector),
                &Parties::new(),
            )?;
            let (then, handover) = at_event(&d, |e| e.kind == EventKind::HandedToAgency)
                .ok_or_else(|| silent("handover at the desk"))?;
            let handover = by(handover, &courier);
            chain.agency_handover(&mut self.signers, &then, &handover)?;
            self.messages += 1;
            t = handover.at;
            handover.at
        } else if form.sends_dossier() {
            let tracking = self.tracking()?;
            t = sealing_time(p)?;
            let seal = format!("NP-{}", p.header.code.sequence());
            let sealing = ev(
                t,
                &clerk,
                Some(&post),
                EventKind::CollectedAndSealed {
                    tracking: tracking.clone(),
                    seal,
                },
            );
            self.record(&mut d, sealing.clone(), no_messages).await?;
            chain.record(&self.signers, &d, &sealing, &Parties::new())?;
            let slip_day = vietnam_date(t);
            let dispatch = at_time(slip_day, 17, 0)?.max(t);
            self.record(
                &mut d,
                ev(
                    dispatch,
                    &courier,
                    Some(&post),
                    EventKind::DispatchedToAgency,
                ),
                no_messages,
            )
            .await?;
            let handed = filing_time(&self.calendar, p)?;
            // The handover causes the filing with the agency: the event and the outbox message that files the
            // dossier are written in one transaction.
            let handover = ev(handed, &courier, Some(&desk), EventKind::HandedToAgency);
            self.record(&mut d, handover.clone(), |d| {
                vec![OutboundMessage::Submission(
                    DossierSubmission::from_dossier(d, handed),
                )]
            })
            .await?;
            chain.agency_handover(&mut self.signers, &d, &handover)?;
            handed
        } else {
            p.opened_at
        };

        // ----- the agency leg, over HTTP -----
        let _ = submitted_at;
        let reference = self.flush_outbox(&code).await?;
        let mut heard = std::collections::HashSet::new();
        let mut polls = 0;
        loop {
            polls += 1;
            if polls > MAX_POLLS {
                return Err(DayError::AgencySilent(code));
            }
            let messages = adapter
                .poll(&reference)
                .await
                .map_err(|source| DayError::agency(&code, source))?;
            // Counted once per message, however many polls repeat it: a resumed day counts the same.
            heard.extend(messages.iter().map(|m| m.message_id.clone()));
            // Messages are taken one event at a time: a supplement request is answered before what the agency
            // said after receiving the supplement (a resumed day finds both in one poll).
            for m in &messages {
                for e in m.events() {
                    self.record(&mut d, e, no_messages).await?;
                    if d.agency_state() != AgencyState::SupplementRequested {
                        continue;
                    }
                    let requested = d.last_event_at().unwrap_or(t);
                    let arrives = supplement_arrival(&self.calendar, requested)?;
                    let officer = Actor::new(ActorRole::OneStopOfficer, p.agency.as_str());
                    let supplement =
                        |d: &Dossier| vec![supplement_message(d, &reference, arrives, &code)];
                    self.record(
                        &mut d,
                        ev(
                            arrives,
                            &officer,
                            Some(&desk),
                            EventKind::SupplementReceived,
                        ),
                        supplement,
                    )
                    .await?;
                    self.flush_outbox(&code).await?;
                }
            }
            match d.agency_state() {
                AgencyState::ResultReturned
                | AgencyState::Refused
                | AgencyState::Stopped
                | AgencyState::Withdrawn => break,
                _ => {}
            }
        }

        self.messages += heard.len();

        // ----- the result to the recipient -----
        // The return order was written with the result's readiness; the carrier's feed brings the carriage and
        // the delivery rounds.
        if d.agency_state() == AgencyState::ResultReturned && form.returns_result() {
            let collected = d.last_event_at().unwrap_or(t);
            chain.result_return(&mut self.signers, &d)?;
            self.carrier.plan_return(&self.calendar, p, collected)?;
            self.flush_all(&code).await?;
            self.carrier.track().await?;
            self.merge_carrier(&mut d).await?;
            if let Some((then, delivered)) =
                at_event(&d, |e| matches!(e.kind, EventKind::Delivered { .. }))
            {
                // Signed for on the delivering postal worker's device.
                let delivered = Event {
                    actor: carrier.clone(),
                    ..delivered
                };
                chain.delivery(&mut self.signers, &then, &delivered)?;
            }
        }

        // ----- deadlines and evidence -----
        let now = d.last_event_at().unwrap_or(t);
        let (missed, processed_on_time) = findings(&d, &self.calendar, p, now)?;
        self.store_custody(&d, &chain).await?;
        let custody_records = chain.len();
        let chain_verified = if chain.is_empty() {
            false
        } else {
            let evidence = chain.evidence(&self.signers, now)?;
            let bytes = evidence.to_bytes().map_err(CustodyError::from)?;
            let path = self.evidence_dir.join(format!("{code}.json"));
            hoso_core::custody::write_private(&path, &bytes).map_err(|source| DayError::Io {
                path: path.clone(),
                source,
            })?;
            self.signers.verify(&bytes).is_ok()
        };
        Ok(Outcome {
            code: p.header.code.clone(),
            procedure: p.header.procedure.code.clone(),
            scenario: p.scenario,
            agency: d.agency_state(),
            postal: d.postal_state(),
            missed,
            processed_on_time,
            custody_records,
            chain_verified,
        })
    }

    /// Applies `e` to the dossier and writes it to the store with the messages to the agency it causes, in
    /// one transaction. An event the dossier already has (an agency repeating a message) is neither applied nor
    /// written again; on a resumed day, the store skips the events it already holds.
    async fn record(
        &mut self,
        d: &mut Dossier,
        e: Event,
        causes: impl FnOnce(&Dossier) -> Vec<OutboundMessage>,
    ) -> Result<(), DayError> {
        let before = d.history().len() as u64;
        d.apply(&e).map_err(|source| DayError::Transition {
            dossier: d.code().to_string(),
            source,
        })?;
        if d.history().len() as u64 == before {
            return Ok(());
        }
        let messages = causes(d);
        self.persist(d, before, vec![e], messages).await
    }
}
