//! Driving the postal leg from the outbox: the dispatcher that places the orders the postal rule wrote, and
//! the poller that applies the carrier's tracking reports to the dossiers, each once.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;

use crate::carrier::{
    CarrierEvent, CarrierOrder, OrderLeg, Party, PostalCarrier, StatusMapping, TrackingCursor,
};
use crate::event::{Actor, ActorRole, Event, EventId, EventType};
use crate::state::PostalState;
use crate::store::{CommandId, DestinationKind, NewOutboxMessage};
use crate::{AgencyCode, Applicant, Dossier, Vnd};

use super::dispatch::{Failure, OutboxConsumer, Retries};
use super::{Changes, DispatchReport, DossierService, PostalOrderRequest, ServiceError};

/// Where agencies' one-stop desks are, for the orders that carry to or from them.
pub type AgencyDesks = HashMap<AgencyCode, Party>;

/// Places the outbox's postal orders with a carrier.
///
/// Restart-safe as the agency dispatcher is: a message is completed only after the carrier answered with a
/// waybill; a resend after a crash carries the same order number, which the carrier answers with the same
/// waybill.
#[derive(Debug, Clone)]
pub struct PostalDispatcher {
    service: DossierService,
    carrier: Arc<dyn PostalCarrier>,
    desks: Arc<AgencyDesks>,
    retries: Retries,
}

impl OutboxConsumer for PostalDispatcher {
    fn retries_mut(&mut self) -> &mut Retries {
        &mut self.retries
    }
}

impl PostalDispatcher {
    /// A dispatcher over `service`'s store, ordering from `carrier`, with the agencies' desks as the far end
    /// of each order.
    pub fn new(
        service: DossierService,
        carrier: Arc<dyn PostalCarrier>,
        desks: AgencyDesks,
    ) -> Self {
        PostalDispatcher {
            service,
            carrier,
            desks: Arc::new(desks),
            retries: Retries::default(),
        }
    }

    /// Claims the postal orders due at `now` and places each once.
    pub async fn dispatch_once(&self, now: Timestamp) -> Result<DispatchReport, ServiceError> {
        self.retries
            .round(self.service.store(), DestinationKind::Postal)
            .run(now, |c| {
                Box::pin(async move {
                    let request = PostalOrderRequest::from_payload(&c.message.payload)
                        .map_err(Failure::Permanent)?;
                    self.place(&request).await
                })
            })
            .await
    }

    async fn place(&self, request: &PostalOrderRequest) -> Result<(), Failure> {
        let code = &request.order.dossier;
        let loaded = self
            .service
            .load(code)
            .await
            .map_err(Failure::Service)?
            .ok_or_else(|| Failure::Permanent(format!("no dossier {code}")))?;
        let order = order_for(&loaded.dossier, request, &self.desks).map_err(Failure::Permanent)?;
        let waybill = self
            .carrier
            .create_order(&order)
            .await
            .map_err(|e| Failure::of(e.is_retryable(), &e))?;
        if waybill.order != order.number {
            return Err(Failure::Permanent(format!(
                "the carrier answered order {} with the waybill of order {}",
                order.number, waybill.order
            )));
        }
        if let Some(item) = &order.item
            && item != &waybill.item
        {
            return Err(Failure::Permanent(format!(
                "order {}: the carrier's item {} is not the item {item} allocated with the order",
                order.number, waybill.item
            )));
        }
        tracing::info!(order = %order.number, item = %waybill.item, "carrier order placed");
        Ok(())
    }
}

/// The order a request stands for, built from the dossier: the applicant (at the delivery address, for the
/// return) at one end, the agency's desk at the other.
pub fn order_for(
    dossier: &Dossier,
    request: &PostalOrderRequest,
    desks: &AgencyDesks,
) -> Result<CarrierOrder, String> {
    let header = dossier.header();
    let agency = header.code.agency_code();
    let desk = desks
        .get(&agency)
        .cloned()
        .ok_or_else(|| format!("no desk address for agency {agency}"))?;
    let (name, phone, address) = match &header.applicant {
        Applicant::Citizen {
            name,
            phone,
            address,
            ..
        }
        | Applicant::Organisation {
            name,
            phone,
            address,
            ..
        } => (name.clone(), phone.clone(), address.clone()),
    };
    let leg = request.order.leg;
    let applicant = Party {
        name,
        phone,
        address: match leg {
            OrderLeg::Return => header.delivery_address.clone().unwrap_or(address),
            OrderLeg::Pickup => address,
        },
    };
    let what = match leg {
        OrderLeg::Pickup => "hồ sơ",
        OrderLeg::Return => "kết quả",
    };
    let (sender, receiver) = match leg {
        OrderLeg::Pickup => (applicant, desk),
        OrderLeg::Return => (desk, applicant),
    };
    // An item the dossier already knows (sealed at a counter, or reported by the agency with the result)
    // goes with the order, so that the carrier's reports name the same item.
    let item = match leg {
        OrderLeg::Pickup => dossier.outbound_tracking(),
        OrderLeg::Return => dossier.return_tracking(),
    };
    Ok(CarrierOrder {
        number: request.order.clone(),
        item: item.cloned(),
        sender,
        receiver,
        cod: Vnd::ZERO,
        description: format!("{what} {}", header.procedure.code),
    })
}

/// What applying a carrier's report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportOutcome {
    /// Its event was recorded.
    Applied,
    /// It was applied before (the carrier sent it again, or the poller read it again after a restart).
    Repeated,
    /// The dossier is already at or past the step it reports (a late, reordered report, or the same step
    /// recorded from another source such as the agency): nothing recorded.
    AlreadyThere,
    /// The report does not follow from where the dossier stands (the carrier skipped a report it should
    /// have sent before): nothing recorded, reported.
    OutOfStep(String),
    /// The carrier's code is not in its status table: nothing recorded, reported.
    UnknownCode(String),
    /// A known code that moves nothing on the postal leg.
    Informational,
    /// The report cannot be applied: no such dossier, a step with no event on its leg, a collection
    /// without its item.
    Unusable(String),
}

/// What one read of a carrier's feed did, report by report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackingReport {
    /// Every report read, with its outcome, in the order applied.
    pub outcomes: Vec<(CarrierEvent, ReportOutcome)>,
    /// Where the feed was read up to.
    pub cursor: TrackingCursor,
}

impl TrackingReport {
    /// How many reports had `outcome`'s kind.
    pub fn count(&self, pred: impl Fn(&ReportOutcome) -> bool) -> usize {
        self.outcomes.iter().filter(|(_, o)| pred(o)).count()
    }

    /// How many events were recorded.
    pub fn applied(&self) -> usize {
        self.count(|o| *o == ReportOutcome::Applied)
    }
}

/// Reads a carrier's tracking feed from a stored cursor and applies each report to its dossier through the
/// [`DossierService`], under a command id per report (`carrier:{name}/{report id}`), so that a report
/// applies once however often it is read. Reports of one dossier are applied in the carrier's time order;
/// the cursor is saved after a page is applied, so a restart reads the page again, harmlessly.
#[derive(Clone)]
pub struct TrackingPoller {
    service: DossierService,
    carrier: Arc<dyn PostalCarrier>,
    page: usize,
    effects: Option<Arc<Effects>>,
}

/// What a recorded carrier event causes beyond the postal rule (the filing with the agency that a handover
/// calls for, say): outbox messages written in the same append as the event.
pub type Effects =
    dyn Fn(&Dossier, &Event) -> Result<Vec<NewOutboxMessage>, ServiceError> + Send + Sync;

impl std::fmt::Debug for TrackingPoller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrackingPoller")
            .field("carrier", &self.carrier)
            .field("page", &self.page)
            .field("effects", &self.effects.is_some())
            .finish_non_exhaustive()
    }
}

impl TrackingPoller {
    /// A poller applying `carrier`'s feed through `service`.
    pub fn new(service: DossierService, carrier: Arc<dyn PostalCarrier>) -> Self {
        TrackingPoller {
            service,
            carrier,
            page: crate::carrier::MAX_EVENTS_PER_PAGE,
            effects: None,
        }
    }

    /// Sets what a recorded event causes: `effects(dossier after the event, event)` gives outbox messages
    /// written in the same append.
    pub fn with_effects(
        mut self,
        effects: impl Fn(&Dossier, &Event) -> Result<Vec<NewOutboxMessage>, ServiceError>
        + Send
        + Sync
        + 'static,
    ) -> Self {
        self.effects = Some(Arc::new(effects));
        self
    }

    /// Sets how many reports one read asks for (at most [`crate::carrier::MAX_EVENTS_PER_PAGE`]).
    pub fn with_page_size(mut self, page: usize) -> Self {
        self.page = page.clamp(1, crate::carrier::MAX_EVENTS_PER_PAGE);
        self
    }

    /// The checkpoint name the cursor is stored under: `carrier:{name}`.
    pub fn consumer(&self) -> String {
        format!("carrier:{}", self.carrier.name())
    }

    /// Reads one page after the stored cursor, applies it and saves the cursor.
    pub async fn poll_once(&self) -> Result<TrackingReport, ServiceError> {
        let consumer = self.consumer();
        let store = self.service.store();
        let after = TrackingCursor(store.checkpoint(&consumer).await?);
        let page = self
            .carrier
            .track(after, self.page)
            .await
            .map_err(|e| ServiceError::Carrier(Box::new(e)))?;
        let report = self.apply_all(page.events).await?;
        if page.next != after {
            store.save_checkpoint(&consumer, page.next.0).await?;
        }
        Ok(TrackingReport {
            cursor: page.next,
            ..report
        })
    }

    /// Reads pages until the feed has nothing more; returns every report read.
    pub async fn catch_up(&self) -> Result<TrackingReport, ServiceError> {
        let mut all = TrackingReport::default();
        loop {
            let page = self.poll_once().await?;
            let empty = page.outcomes.is_empty() || page.cursor == all.cursor;
            all.outcomes.extend(page.outcomes);
            all.cursor = page.cursor;
            if empty {
                return Ok(all);
            }
        }
    }

    /// Applies reports (a page read, or a webhook's), each dossier's in the carrier's time order.
    pub async fn apply_all(
        &self,
        events: Vec<CarrierEvent>,
    ) -> Result<TrackingReport, ServiceError> {
        // Per dossier, in time order (a stable sort keeps the carrier's order between equal times); the
        // dossiers in the order they first appear.
        let mut order: Vec<crate::DossierCode> = Vec::new();
        let mut by_dossier: HashMap<crate::DossierCode, Vec<CarrierEvent>> = HashMap::new();
        for e in events {
            let code = e.order.dossier.clone();
            if !by_dossier.contains_key(&code) {
                order.push(code.clone());
            }
            by_dossier.entry(code).or_default().push(e);
        }
        let mut report = TrackingReport::default();
        for code in order {
            let mut events = by_dossier.remove(&code).unwrap_or_default();
            events.sort_by_key(|e| e.at);
            for e in events {
                let outcome = self.apply(&e).await?;
                if !matches!(outcome, ReportOutcome::Applied | ReportOutcome::Repeated) {
                    tracing::warn!(report = %e.id, order = %e.order, code = %e.code, ?outcome, "carrier report not applied");
                }
                report.outcomes.push((e, outcome));
            }
        }
        Ok(report)
    }

    async fn apply(&self, e: &CarrierEvent) -> Result<ReportOutcome, ServiceError> {
        let step = match self.carrier.status_table().map(&e.code) {
            StatusMapping::Step(step) => step,
            StatusMapping::Informational => return Ok(ReportOutcome::Informational),
            StatusMapping::Unknown => return Ok(ReportOutcome::UnknownCode(e.code.clone())),
        };
        let kind = match step.event_kind(e.order.leg, e.item.as_ref()) {
            Ok(kind) => kind,
            Err(why) => return Ok(ReportOutcome::Unusable(why.to_string())),
        };
        let consumer = self.consumer();
        let event = Event::new(
            EventId::derive(&consumer, &e.id),
            e.at,
            Actor::new(ActorRole::PostalSystem, self.carrier.name()),
            kind,
        );
        let command = CommandId::new(format!("{consumer}/{}", e.id));
        let mut verdict = ReportOutcome::Applied;
        let result = self
            .service
            .update(&e.order.dossier, Some(command), |loaded| {
                let mut trial = loaded.dossier.clone();
                match trial.apply(&event) {
                    Ok(()) => {
                        verdict = ReportOutcome::Applied;
                        let caused = match &self.effects {
                            Some(effects) => effects(&trial, &event)?,
                            None => Vec::new(),
                        };
                        Ok(Changes::events(vec![event.clone()]).with_outbox(caused))
                    }
                    Err(why) => {
                        verdict = if reached(loaded.dossier.postal_state(), event.kind.event_type())
                        {
                            ReportOutcome::AlreadyThere
                        } else {
                            ReportOutcome::OutOfStep(why.to_string())
                        };
                        Ok(Changes::default())
                    }
                }
            })
            .await;
        match result {
            Ok(outcome) if outcome.repeated_command => Ok(ReportOutcome::Repeated),
            Ok(_) => Ok(verdict),
            Err(ServiceError::NotFound(code)) => {
                Ok(ReportOutcome::Unusable(format!("no dossier {code}")))
            }
            Err(e) => Err(e),
        }
    }
}

/// Whether a dossier whose postal leg is at `now` has already reached the state `event` leads to.
fn reached(now: PostalState, event: EventType) -> bool {
    let target = match event {
        EventType::CollectedAndSealed => PostalState::CollectedAndSealed,
        EventType::DispatchedToAgency => PostalState::InTransitToAgency,
        EventType::HandedToAgency => PostalState::HandedToAgency,
        EventType::ResultCollected => PostalState::ResultCollected,
        EventType::DispatchedToRecipient => PostalState::InTransitToRecipient,
        EventType::OutForDelivery => PostalState::OutForDelivery,
        EventType::DeliveryAttempted => PostalState::DeliveryAttempted,
        EventType::CollectionNotified => PostalState::AwaitingCollection,
        EventType::Delivered => PostalState::Delivered,
        EventType::ReturnedToAgency => PostalState::ReturnedToAgency,
        _ => return false,
    };
    let rank = |s| PostalState::ALL.iter().position(|p| *p == s);
    rank(now) >= rank(target)
}
