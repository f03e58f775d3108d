//! Driving the day: each planned dossier through intake, carriage, handover, the agency's answers (over HTTP,
//! from its simulator), result return and delivery, with deadlines and signed custody records.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hoso_core::adapter::{
    AdapterError, AgencyAdapter, AgencyRef, DossierSubmission, OutboundMessage, SupplementDelivery,
};
use hoso_core::calendar::WorkCalendar;
use hoso_core::deadline::dossier::{DeadlineOptions, dossier_deadlines};
use hoso_core::deadline::{DeadlineStatus, Rule};
use hoso_core::event::{
    Actor, ActorRole, DeliveryFailure, Event, EventId, EventKind, Place, PlaceKind, Recipient,
};
use hoso_core::state::AgencyState;
use hoso_core::time::{from_vietnam, vietnam_date};
use hoso_core::{AgencyCode, Dossier, TrackingNumber};
use jiff::Timestamp;
use jiff::civil::{Date, Time};

use super::custody::{CustodyError, DossierChain, Signers};
use super::plan::{Intake, PlannedDossier, Scenario};
use super::report::{DayReport, Outcome};

/// Why the day stopped.
#[derive(Debug, thiserror::Error)]
pub enum DayError {
    /// The state machine refused an event: a bug in the day's driver or an agency saying the impossible.
    #[error("dossier {dossier}: {source}")]
    Transition {
        /// The dossier.
        dossier: String,
        /// Why.
        source: hoso_core::TransitionError,
    },
    /// An agency exchange failed for good (after the transport's retries).
    #[error("dossier {dossier}: agency exchange failed: {source}")]
    Agency {
        /// The dossier.
        dossier: String,
        /// The adapter's error.
        source: Box<AdapterError>,
    },
    /// No adapter for an agency.
    #[error("no adapter registered for agency {0}")]
    NoAdapter(String),
    /// A custody record could not be made.
    #[error(transparent)]
    Custody(#[from] CustodyError),
    /// Calendar or deadline arithmetic failed.
    #[error("calendar: {0}")]
    Calendar(String),
    /// Writing an evidence file failed.
    #[error("writing {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The agency never reached a final answer within the polls allowed.
    #[error("dossier {0}: the agency did not answer within the polls allowed")]
    AgencySilent(String),
}

impl DayError {
    fn agency(dossier: &str, source: AdapterError) -> Self {
        DayError::Agency {
            dossier: dossier.to_owned(),
            source: Box::new(source),
        }
    }
}

fn calendar_error(e: impl std::fmt::Display) -> DayError {
    DayError::Calendar(e.to_string())
}

/// An instant on a Vietnam civil date at hh:mm.
pub fn at_time(day: Date, hour: i8, minute: i8) -> Result<Timestamp, DayError> {
    from_vietnam(day.to_datetime(Time::constant(hour, minute, 0, 0))).map_err(calendar_error)
}

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
    ) -> Result<Self, DayError> {
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
        })
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
            report.outcomes.push(self.drive(p).await?);
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
        let mut d = Dossier::open(opened).map_err(fail)?;
        let mut chain = DossierChain::new(&p.header);
        let mut t = p.opened_at;

        // ----- the dossier to the agency -----
        let submitted_at = if form.sends_dossier() {
            let tracking = self.tracking()?;
            let pickup = p.intake == Intake::Pickup;
            if pickup {
                d.apply(&ev(t, &collector, None, EventKind::PickupRequested))
                    .map_err(fail)?;
            }
            t = sealing_time(p)?;
            let seal = format!("NP-{}", p.header.code.sequence());
            let sealer = if pickup { &collector } else { &clerk };
            d.apply(&ev(
                t,
                sealer,
                Some(&post),
                EventKind::CollectedAndSealed {
                    tracking: tracking.clone(),
                    seal,
                },
            ))
            .map_err(fail)?;
            chain.intake(&self.signers, &p.header, &p.agency, &tracking, t, pickup)?;
            let slip_day = vietnam_date(t);
            let dispatch = at_time(slip_day, 17, 0)?.max(t);
            d.apply(&ev(
                dispatch,
                &courier,
                Some(&post),
                EventKind::DispatchedToAgency,
            ))
            .map_err(fail)?;
            let handed = filing_time(&self.calendar, p)?;
            d.apply(&ev(
                handed,
                &courier,
                Some(&desk),
                EventKind::HandedToAgency,
            ))
            .map_err(fail)?;
            chain.agency_handover(&mut self.signers, &p.agency, handed)?;
            handed
        } else {
            p.opened_at
        };

        // ----- the agency leg, over HTTP -----
        let submission = DossierSubmission::from_dossier(&d, submitted_at);
        let receipt = adapter
            .send(&OutboundMessage::Submission(submission))
            .await
            .map_err(|source| DayError::agency(&code, source))?;
        self.messages += 1;
        let mut polls = 0;
        loop {
            polls += 1;
            if polls > MAX_POLLS {
                return Err(DayError::AgencySilent(code));
            }
            let messages = adapter
                .poll(&receipt.reference)
                .await
                .map_err(|source| DayError::agency(&code, source))?;
            self.messages += 1;
            for m in &messages {
                for e in m.events() {
                    d.apply(&e).map_err(fail)?;
                }
            }
            match d.agency_state() {
                AgencyState::SupplementRequested => {
                    let requested = d.last_event_at().unwrap_or(t);
                    let arrives = supplement_arrival(&self.calendar, requested)?;
                    self.send_supplement(adapter.as_ref(), &d, &receipt.reference, arrives, &code)
                        .await?;
                    let officer = Actor::new(ActorRole::OneStopOfficer, p.agency.as_str());
                    d.apply(&ev(
                        arrives,
                        &officer,
                        Some(&desk),
                        EventKind::SupplementReceived,
                    ))
                    .map_err(fail)?;
                }
                AgencyState::ResultReturned
                | AgencyState::Refused
                | AgencyState::Stopped
                | AgencyState::Withdrawn => break,
                _ => {}
            }
        }

        // ----- the result to the recipient -----
        if d.agency_state() == AgencyState::ResultReturned && form.returns_result() {
            let collected = d.last_event_at().unwrap_or(t);
            if let Some(tracking) = d.return_tracking().cloned() {
                chain.result_return(&mut self.signers, &p.agency, &tracking, collected)?;
            }
            let dispatched = collected
                .saturating_add(jiff::SignedDuration::from_mins(60))
                .map_err(calendar_error)?;
            d.apply(&ev(
                dispatched,
                &courier,
                Some(&post),
                EventKind::DispatchedToRecipient,
            ))
            .map_err(fail)?;
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
                    d.apply(&ev(
                        back,
                        &courier,
                        Some(&desk),
                        EventKind::ReturnedToAgency,
                    ))
                    .map_err(fail)?;
                    break;
                }
                d.apply(&ev(
                    at_time(day, 8, 0)?,
                    &carrier,
                    None,
                    EventKind::OutForDelivery,
                ))
                .map_err(fail)?;
                let visit = at_time(day, 10, 15)?;
                if attempt < failures {
                    let reason = DeliveryFailure::RecipientAbsent;
                    d.apply(&ev(
                        visit,
                        &carrier,
                        None,
                        EventKind::DeliveryAttempted { reason },
                    ))
                    .map_err(fail)?;
                    last_attempt = Some(visit);
                    // The next invitation comes 2 working days later (Circular 17/2017/TT-BTTTT Art 5).
                    day = self
                        .calendar
                        .add_working_days(day, 2)
                        .map_err(calendar_error)?;
                } else {
                    let recipient = Recipient::Applicant;
                    d.apply(&ev(
                        visit,
                        &carrier,
                        None,
                        EventKind::Delivered { recipient },
                    ))
                    .map_err(fail)?;
                    chain.delivery(&mut self.signers, &p.header, visit)?;
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
        let mut processed_on_time = None;
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
                    deadline.rule.citation()
                ));
            }
            if matches!(
                deadline.rule,
                Rule::ProcessingTimeLimit | Rule::ExtendedAppointment
            ) && deadlines.processing.as_ref() == Some(&deadline)
                && deadline.met_at.is_some()
            {
                processed_on_time = Some(!late);
            }
        }
        for b in &deadlines.breaches {
            missed.push(format!("{:?}: {} ({})", b.rule, b.error, b.rule.citation()));
        }
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

    async fn send_supplement(
        &mut self,
        adapter: &dyn AgencyAdapter,
        d: &Dossier,
        reference: &AgencyRef,
        at: Timestamp,
        code: &str,
    ) -> Result<(), DayError> {
        let documents = DossierSubmission::from_dossier(d, at)
            .documents
            .into_iter()
            .take(1)
            .collect();
        let message = OutboundMessage::SupplementDelivered(SupplementDelivery {
            message_id: format!("BS-{code}"),
            sent_at: at,
            dossier: d.code().clone(),
            reference: Some(reference.clone()),
            documents,
        });
        adapter
            .send(&message)
            .await
            .map_err(|source| DayError::agency(code, source))?;
        self.messages += 1;
        Ok(())
    }
}

/// When the post takes a dossier: at the counter 5 minutes after it is opened, at the address 90 minutes after
/// the pickup request.
pub fn sealing_time(p: &PlannedDossier) -> Result<Timestamp, DayError> {
    let minutes = if p.intake == Intake::Pickup { 90 } else { 5 };
    p.opened_at
        .saturating_add(jiff::SignedDuration::from_mins(minutes))
        .map_err(calendar_error)
}

/// The legal filing time of a planned dossier (Decision 45/2016/QĐ-TTg Art 7): for a dossier sent by post,
/// the handover at the agency, 08:30 on the last day of carriage (J + n working days from the sending slip,
/// Circular 17/2017/TT-BTTTT Art 7); for one filed at the desk, its opening.
pub fn filing_time(cal: &WorkCalendar, p: &PlannedDossier) -> Result<Timestamp, DayError> {
    if !p.header.postal_form.sends_dossier() {
        return Ok(p.opened_at);
    }
    let slip_day = vietnam_date(sealing_time(p)?);
    let day = cal
        .add_working_days(slip_day, p.route.working_days())
        .map_err(calendar_error)?;
    at_time(day, 8, 30)
}

/// When the applicant's supplement reaches the desk: 2 working days after the request, at 09:00.
pub fn supplement_arrival(cal: &WorkCalendar, requested: Timestamp) -> Result<Timestamp, DayError> {
    let day = cal
        .add_working_days(vietnam_date(requested), 2)
        .map_err(calendar_error)?;
    at_time(day, 9, 0)
}
