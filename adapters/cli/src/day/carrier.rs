//! The post's side of the day: every pickup and every return is an order placed with the carrier simulator
//! (speaking VNPost's status codes), and the postal leg's events come from the carrier's tracking feed,
//! applied through the service once each.
//!
//! The simulator keeps its orders in a journal beside the store (`carrier/orders.jsonl`), so that a day
//! killed and resumed finds the orders it placed: a resend is the same order, never a second one. What the
//! carrier will report of each order (its journey) follows from the plan, the same in every run.

use std::path::Path;
use std::sync::Arc;

use hoso_core::adapter::{DossierSubmission, OutboundMessage};
use hoso_core::calendar::WorkCalendar;
use hoso_core::carrier::{OrderLeg, OrderNumber, Party, PostalCarrier, PostalStep};
use hoso_core::contact::Address;
use hoso_core::event::{ActorRole, DeliveryFailure, Event, EventKind, Recipient};
use hoso_core::service::OutboxConsumer;
use hoso_core::service::{
    AgencyDesks, AgencyDispatcher, DispatchReport, DossierService, PostalDispatcher,
    TrackingPoller, TrackingReport,
};
use hoso_core::store::{EventStore, OutboxPolicy};
use hoso_core::time::vietnam_date;
use hoso_core::{AdminGeneration, AdminLevel, AdminUnitCode, AgencyCode, Dossier};
use hoso_testkit::carrier_sim::CarrierSimulator;
use jiff::{SignedDuration, Timestamp};

use super::error::{DayError, calendar_error};
use super::plan::{PlannedDossier, Scenario};
use super::times::{at_time, filing_time, sealing_time};

/// The sample province's 2025 unit (Khánh Hòa, GSO 56), where every address of the day lies.
pub fn province() -> Option<AdminUnitCode> {
    AdminUnitCode::new(AdminGeneration::From2025, AdminLevel::Province, 56).ok()
}

fn desk(agency: &AgencyCode) -> Party {
    Party {
        name: format!("Bộ phận một cửa {agency}"),
        phone: None,
        address: Address {
            line: "Trung tâm Phục vụ hành chính công tỉnh, Nha Trang".into(),
            unit: province(),
            postal_code: None,
        },
    }
}

/// The carrier, its order dispatcher and its feed's poller.
#[derive(Debug)]
pub struct CarrierLeg {
    sim: CarrierSimulator,
    dispatcher: PostalDispatcher,
    poller: TrackingPoller,
}

impl CarrierLeg {
    /// The carrier for a day writing under `out`, ordering to and from the desks of `agencies`.
    pub fn new<'a>(
        service: &DossierService,
        agencies: impl IntoIterator<Item = &'a AgencyCode>,
        out: &Path,
    ) -> Result<Self, DayError> {
        let dir = out.join("carrier");
        let io = |source| DayError::Io {
            path: dir.clone(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let sim =
            CarrierSimulator::with_journal(hoso_vnpost::VNPOST_STATUS, &dir.join("orders.jsonl"))
                .map_err(io)?;
        let carrier: Arc<dyn PostalCarrier> = Arc::new(sim.clone());
        let desks: AgencyDesks = agencies.into_iter().map(|a| (a.clone(), desk(a))).collect();
        // A short lease, as for the agencies: an order claimed by a killed run is resent within seconds.
        let dispatcher = PostalDispatcher::new(service.clone(), Arc::clone(&carrier), desks)
            .with_policy(OutboxPolicy {
                lease: SignedDuration::from_secs(3),
                ..OutboxPolicy::default()
            });
        // The handover at the desk files the dossier with its agency: the filing message is written in the
        // same append as the handover the carrier reported.
        let poller = TrackingPoller::new(service.clone(), carrier).with_effects(filing_on_handover);
        Ok(CarrierLeg {
            sim,
            dispatcher,
            poller,
        })
    }

    /// Places the postal orders the outbox holds that are due at `now`.
    pub async fn dispatch_once(&self, now: Timestamp) -> Result<DispatchReport, DayError> {
        Ok(self.dispatcher.dispatch_once(now).await?)
    }

    /// Applies what the carrier's feed reports, until it has nothing more.
    pub async fn track(&self) -> Result<TrackingReport, DayError> {
        Ok(self.poller.catch_up().await?)
    }

    /// Orders the carrier holds (each once).
    pub fn orders_placed(&self) -> usize {
        self.sim.orders_placed()
    }

    /// What the carrier will report of the dossier's pickup: collected and sealed at the address, in transit
    /// at the evening's dispatch, handed to the desk at the filing time.
    pub fn plan_pickup(&self, cal: &WorkCalendar, p: &PlannedDossier) -> Result<(), DayError> {
        let sealed = sealing_time(p)?;
        let dispatched = at_time(vietnam_date(sealed), 17, 0)?.max(sealed);
        let order = OrderNumber::new(p.header.code.clone(), OrderLeg::Pickup);
        let delivered = PostalStep::Delivered {
            recipient: Recipient::Applicant,
        };
        self.sim.plan_journey(
            &order,
            vec![
                (PostalStep::Collected, sealed),
                (PostalStep::InTransit, dispatched),
                (delivered, filing_time(cal, p)?),
            ],
        );
        Ok(())
    }

    /// What the carrier will report of the dossier's result, taken from the agency at `collected`: in transit
    /// an hour later, then delivery rounds from the next working day, each attempt after the first 2 working
    /// days after the one before (Circular 17/2017/TT-BTTTT Art 5), delivered, or returned to the agency the
    /// afternoon of the second failed attempt.
    pub fn plan_return(
        &self,
        cal: &WorkCalendar,
        p: &PlannedDossier,
        collected: Timestamp,
    ) -> Result<(), DayError> {
        let dispatched = collected
            .saturating_add(SignedDuration::from_mins(60))
            .map_err(calendar_error)?;
        let mut steps = vec![
            (PostalStep::Collected, collected),
            (PostalStep::InTransit, dispatched),
        ];
        let failures = match p.scenario {
            Scenario::FailedThenDelivered => 1,
            Scenario::ReturnedToAgency => 2,
            _ => 0,
        };
        let mut day = cal
            .next_working_day(vietnam_date(dispatched))
            .map_err(calendar_error)?;
        let absent = PostalStep::DeliveryAttempted {
            reason: DeliveryFailure::RecipientAbsent,
        };
        let mut last_attempt = dispatched;
        for attempt in 0..=failures {
            if attempt == 2 {
                steps.push((
                    PostalStep::Returned,
                    at_time(vietnam_date(last_attempt), 16, 0)?,
                ));
                break;
            }
            steps.push((PostalStep::OutForDelivery, at_time(day, 8, 0)?));
            let visit = at_time(day, 10, 15)?;
            if attempt < failures {
                steps.push((absent, visit));
                last_attempt = visit;
                day = cal.add_working_days(day, 2).map_err(calendar_error)?;
            } else {
                let delivered = PostalStep::Delivered {
                    recipient: Recipient::Applicant,
                };
                steps.push((delivered, visit));
            }
        }
        let order = OrderNumber::new(p.header.code.clone(), OrderLeg::Return);
        self.sim.plan_journey(&order, steps);
        Ok(())
    }
}

/// The outbox message filing the dossier with its agency, when `event` is the handover at its desk.
fn filing_on_handover(
    d: &Dossier,
    event: &Event,
) -> Result<Vec<hoso_core::store::NewOutboxMessage>, hoso_core::service::ServiceError> {
    if event.kind != EventKind::HandedToAgency {
        return Ok(Vec::new());
    }
    let submission = OutboundMessage::Submission(DossierSubmission::from_dossier(d, event.at));
    Ok(vec![AgencyDispatcher::message_for(
        &d.code().agency_code(),
        &submission,
    )?])
}

/// The dossier as it stood just after its event `kind`'s first occurrence, with that event: what a custody
/// record of the event is drafted from.
pub fn at_event(d: &Dossier, pick: impl Fn(&Event) -> bool) -> Option<(Dossier, Event)> {
    let i = d.history().iter().position(pick)?;
    let history = d.history().get(..=i)?;
    let then = Dossier::from_events(history).ok()?;
    Some((then, history.last()?.clone()))
}

/// How many events of the store the carrier's feed recorded.
pub async fn tracking_events(store: &Arc<dyn EventStore>) -> Result<usize, DayError> {
    let mut after = 0;
    let mut n = 0;
    loop {
        let page = store.read_all(after, 1_000).await?;
        if page.events.is_empty() {
            return Ok(n);
        }
        after = page.next;
        n += page
            .events
            .iter()
            .filter(|r| r.event.actor.role == ActorRole::PostalSystem)
            .count();
    }
}
