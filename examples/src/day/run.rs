//! Driving the day: each planned dossier through intake, carriage, handover, the agency's answers (over HTTP,
//! from its simulator), result return and delivery, with deadlines and signed custody records.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hoso_core::adapter::{AgencyAdapter, AgencyRef, DossierSubmission, OutboundMessage};
use hoso_core::calendar::WorkCalendar;
use hoso_core::custody::Parties;
use hoso_core::deadline::DeadlineStatus;
use hoso_core::deadline::dossier::{DeadlineOptions, dossier_deadlines};
use hoso_core::event::{
    Actor, ActorRole, DeliveryFailure, Event, EventId, EventKind, Place, PlaceKind, Recipient,
};
use hoso_core::service::portal::portal_sync;
use hoso_core::service::{AgencyDispatcher, DossierService};
use hoso_core::state::AgencyState;
use hoso_core::store::{
    AgencyFiling, Append, CustodyEntry, DossierIndex, EventStore, ExpectedVersion, OutboxPolicy,
};
use hoso_core::time::vietnam_date;
use hoso_core::{AgencyCode, Dossier, TrackingNumber};
use jiff::Timestamp;

use super::custody::{CustodyError, DossierChain, Signers};
pub use super::error::DayError;
use super::error::calendar_error;
use super::messages::{no_messages, supplement_message};
use super::plan::{Intake, PlannedDossier, Scenario};
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
        let submitted_at = if form.sends_dossier() {
            let tracking = self.tracking()?;
            let pickup = p.intake == Intake::Pickup;
            if pickup {
                self.record(
                    &mut d,
                    ev(t, &collector, None, EventKind::PickupRequested),
                    no_messages,
                )
                .await?;
            }
            t = sealing_time(p)?;
            let seal = format!("NP-{}", p.header.code.sequence());
            let sealer = if pickup { &collector } else { &clerk };
            // At a pickup the dossier is sealed at the applicant's address, which the header gives.
            let sealed_at = if pickup { None } else { Some(&post) };
            let sealing = ev(
                t,
                sealer,
                sealed_at,
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
        if d.agency_state() == AgencyState::ResultReturned && form.returns_result() {
            let collected = d.last_event_at().unwrap_or(t);
            chain.result_return(&mut self.signers, &d)?;
            let dispatched = collected
                .saturating_add(jiff::SignedDuration::from_mins(60))
                .map_err(calendar_error)?;
            self.record(
                &mut d,
                ev(
                    dispatched,
                    &courier,
                    Some(&post),
                    EventKind::DispatchedToRecipient,
                ),
                no_messages,
            )
            .await?;
            let mut day = self
                .calendar
                .next_working_day(vietnam_date(dispatched))
                .map_err(calendar_error)?;
            let failures = match p.scenario {
                Scenario::FailedThenDelivered => 1,
                Scenario::ReturnedToAgency => 2,
                _ => 0,
            };
            let mut last_attempt = None;
            for attempt in 0..=failures {
                if attempt == 2 {
                    // After two invitations 2 working days apart, the result goes back to the agency the
                    // afternoon of the second (Circular 17/2017/TT-BTTTT Art 5).
                    let last = last_attempt.unwrap_or(dispatched);
                    let back = at_time(vietnam_date(last), 16, 0)?;
                    self.record(
                        &mut d,
                        ev(back, &courier, Some(&desk), EventKind::ReturnedToAgency),
                        no_messages,
                    )
                    .await?;
                    break;
                }
                self.record(
                    &mut d,
                    ev(
                        at_time(day, 8, 0)?,
                        &carrier,
                        None,
                        EventKind::OutForDelivery,
                    ),
                    no_messages,
                )
                .await?;
                let visit = at_time(day, 10, 15)?;
                if attempt < failures {
                    let reason = DeliveryFailure::RecipientAbsent;
                    self.record(
                        &mut d,
                        ev(
                            visit,
                            &carrier,
                            None,
                            EventKind::DeliveryAttempted { reason },
                        ),
                        no_messages,
                    )
                    .await?;
                    last_attempt = Some(visit);
                    // The next invitation comes 2 working days later (Circular 17/2017/TT-BTTTT Art 5).
                    day = self
                        .calendar
                        .add_working_days(day, 2)
                        .map_err(calendar_error)?;
                } else {
                    let recipient = Recipient::Applicant;
                    let delivered = ev(visit, &carrier, None, EventKind::Delivered { recipient });
                    self.record(&mut d, delivered.clone(), no_messages).await?;
                    chain.delivery(&mut self.signers, &d, &delivered)?;
                }
            }
        }

        // ----- deadlines and evidence -----
        let options = DeadlineOptions {
            to_agency: form.sends_dossier().then_some(p.route),
            to_recipient: form.returns_result().then_some(p.route),
            delivers_appointment_slip: false,
            appointment_notified_at: None,
        };
        let deadlines = dossier_deadlines(&d, &self.calendar, &options).map_err(calendar_error)?;
        let now = d.last_event_at().unwrap_or(t);
        let mut missed = Vec::new();
        // As the service's statistics count it: against the first appointment, an apologised new date
        // notwithstanding (DossierDeadlines::reported_processing).
        let processed_on_time = match deadlines.reported_processing() {
            Some(p) if p.met_at.is_some() => Some(matches!(
                p.status_at(&self.calendar, now, 1)
                    .map_err(calendar_error)?,
                DeadlineStatus::Met
            )),
            _ => None,
        };
        for (deadline, status) in deadlines
            .statuses(&self.calendar, now, 1)
            .map_err(calendar_error)?
        {
            let late = matches!(
                status,
                DeadlineStatus::Missed { .. } | DeadlineStatus::MetLate { .. }
            );
            if late {
                missed.push(format!(
                    "{:?} due {} ({})",
                    deadline.rule,
                    deadline.due,
                    deadlines.citation(deadline.rule)
                ));
            }
        }
        for b in &deadlines.breaches {
            missed.push(format!(
                "{:?}: {} ({})",
                b.rule,
                b.error,
                deadlines.citation(b.rule)
            ));
        }
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

    /// Writes `events` (which took the dossier from version `before` to `d`), the outbox messages filing
    /// `messages` with the dossier's agency, and the dossier's index row, in one append.
    async fn persist(
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
        let outbox = messages
            .iter()
            .map(|m| AgencyDispatcher::message_for(&agency, m))
            .collect::<Result<Vec<_>, _>>()?;
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
    async fn flush_outbox(&mut self, code: &str) -> Result<AgencyRef, DayError> {
        let store = Arc::clone(self.service.store());
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            let report = self.dispatcher.dispatch_once(Timestamp::now()).await?;
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
            if report.sent == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
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

    /// Stores the dossier's custody records (once: records already stored are kept as they are).
    async fn store_custody(&mut self, d: &Dossier, chain: &DossierChain) -> Result<(), DayError> {
        if chain.is_empty() {
            return Ok(());
        }
        let entries = chain
            .records()
            .iter()
            .enumerate()
            .map(|(i, r)| {
                serde_json::to_string(r).map(|record| CustodyEntry {
                    sequence: i as u64 + 1,
                    record,
                })
            })
            .collect::<Result<Vec<_>, _>>()
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
