//! The carrier simulator against the carrier checks, and the postal leg driven through the outbox: orders
//! written with the events that call for them, placed once, and the tracking feed applied once, in order.

use std::sync::Arc;

use hoso_core::adapter::AdapterErrorKind;
use hoso_core::carrier::{OrderLeg, OrderNumber, PostalCarrier, PostalStep};
use hoso_core::event::{Actor, ActorRole, DeliveryFailure, Event, EventId, EventKind, Recipient};
use hoso_core::service::OutboxConsumer;
use hoso_core::service::{
    AgencyDesks, Changes, DossierService, PostalDispatcher, ReportOutcome, TrackingPoller,
};
use hoso_core::state::PostalState;
use hoso_core::store::{CommandId, DestinationKind, EventStore, MemoryStore, OutboxPolicy};
use hoso_core::{DossierCode, PostalForm, demo};
use hoso_testkit::carrier_checks;
use hoso_testkit::carrier_sim::{
    CarrierSimulator, Outage, SIM_STATUS, UNKNOWN_CODE, sample_address, sample_desk,
};
use jiff::Timestamp;

fn t(minute: i64) -> Timestamp {
    demo::at(minute)
}

#[test]
fn the_simulator_passes_the_carrier_checks() {
    hoso_testkit::block_on(carrier_checks::all_carrier_checks(|| async {
        let sim = CarrierSimulator::new(SIM_STATUS);
        (sim.clone(), sim)
    }));
}

/// Pending outbox messages but the national portal's, which the service writes beside the postal orders and
/// no one sends here: the portal's are settled first (as if the portal had acknowledged them).
async fn pending_postal(store: &Arc<dyn EventStore>) -> u64 {
    let policy = OutboxPolicy {
        batch: 1_000,
        ..OutboxPolicy::default()
    };
    let far = t(1_000_000);
    for c in store
        .claim(DestinationKind::Portal, far, &policy)
        .await
        .expect("claim")
    {
        store.complete(&c.lease, far).await.expect("complete");
    }
    store.outbox_counts().await.expect("counts").pending
}

struct Leg {
    service: DossierService,
    sim: CarrierSimulator,
    dispatcher: PostalDispatcher,
    poller: TrackingPoller,
    code: DossierCode,
}

/// A dossier picked up at the applicant's address and returned by post, opened with its pickup request;
/// unless `routable`, the applicant's address keeps no administrative unit.
async fn picked_up_dossier(sequence: u32, routable: bool) -> Leg {
    let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
    let service = DossierService::new(Arc::clone(&store));
    let sim = CarrierSimulator::new(SIM_STATUS);
    let carrier: Arc<dyn PostalCarrier> = Arc::new(sim.clone());
    let mut header = demo::header(sequence);
    header.postal_form = PostalForm::Both;
    if let hoso_core::Applicant::Citizen { address, .. } = &mut header.applicant
        && routable
    {
        *address = sample_address("12 Lê Lợi, phường Bến Thành");
    }
    let code = header.code.clone();
    let clerk = Actor::new(ActorRole::PostalWorker, "collector-1");
    let opened = Event::new(
        EventId::from_u128(1),
        t(0),
        clerk.clone(),
        EventKind::Opened {
            header: Arc::new(header),
        },
    );
    let pickup = Event::new(
        EventId::from_u128(2),
        t(1),
        clerk,
        EventKind::PickupRequested,
    );
    service
        .open(
            CommandId::new(format!("open-{sequence}")),
            opened,
            Changes::events(vec![pickup]),
        )
        .await
        .expect("open");
    let mut desks = AgencyDesks::new();
    desks.insert(code.agency_code(), sample_desk());
    let dispatcher = PostalDispatcher::new(service.clone(), Arc::clone(&carrier), desks)
        .with_policy(OutboxPolicy {
            lease: jiff::SignedDuration::from_secs(10),
            ..OutboxPolicy::default()
        });
    let poller = TrackingPoller::new(service.clone(), carrier).with_page_size(4);
    Leg {
        service,
        sim,
        dispatcher,
        poller,
        code,
    }
}

#[test]
fn the_pickup_order_is_written_with_the_pickup_request_and_placed_once() {
    hoso_testkit::block_on(async {
        let leg = picked_up_dossier(1, true).await;
        let store = leg.service.store();
        assert_eq!(
            pending_postal(store).await,
            1,
            "no pickup order in the append"
        );
        // A dispatcher claims the order and dies before completing it: the lease runs out, another sends again.
        let claimed = store
            .claim(
                DestinationKind::Postal,
                t(2),
                &OutboxPolicy {
                    lease: jiff::SignedDuration::from_secs(10),
                    ..OutboxPolicy::default()
                },
            )
            .await
            .expect("claim");
        assert_eq!(claimed.len(), 1);
        let order = OrderNumber::new(leg.code.clone(), OrderLeg::Pickup);
        let report = leg
            .dispatcher
            .dispatch_once(t(2))
            .await
            .expect("dispatch while leased");
        assert_eq!(report.sent, 0, "a leased order was sent");
        leg.sim.fail_next(Outage::Timeout, 1);
        let report = leg
            .dispatcher
            .dispatch_once(t(3))
            .await
            .expect("dispatch after the lease");
        assert_eq!(report.retried, 1, "a time-out is not retried: {report:?}");
        let report = leg
            .dispatcher
            .dispatch_once(t(10))
            .await
            .expect("dispatch again");
        assert_eq!(report.sent, 1, "{report:?}");
        assert_eq!(leg.sim.orders_placed(), 1);
        // The order placed again (a crash after the carrier answered) is the same order.
        let again = leg
            .sim
            .place(
                &hoso_core::service::order_for(
                    &leg.service.load(&leg.code).await.unwrap().unwrap().dossier,
                    &hoso_core::service::PostalOrderRequest {
                        order: order.clone(),
                    },
                    &[(leg.code.agency_code(), sample_desk())]
                        .into_iter()
                        .collect(),
                )
                .unwrap(),
            )
            .unwrap();
        assert_eq!(Some(again), leg.sim.waybill(&order));
        assert_eq!(leg.sim.orders_placed(), 1);
        assert_eq!(pending_postal(store).await, 0);
    });
}

#[test]
fn an_order_to_an_address_the_carrier_cannot_route_is_a_dead_letter() {
    hoso_testkit::block_on(async {
        let leg = picked_up_dossier(3, false).await;
        let report = leg.dispatcher.dispatch_once(t(2)).await.unwrap();
        assert_eq!(report.dead, 1, "{report:?}");
        let dead = leg.service.store().dead_letters(10).await.unwrap();
        let why = dead[0].last_error.clone().unwrap_or_default();
        assert!(
            why.contains("rejected") && why.contains("$.sender.address.unit"),
            "{why}"
        );
        assert_eq!(leg.sim.orders_placed(), 0);
    });
}

#[test]
fn the_feed_applies_once_in_order_through_repeats_reorders_skips_and_unknown_codes() {
    hoso_testkit::block_on(async {
        let leg = picked_up_dossier(2, true).await;
        leg.dispatcher.dispatch_once(t(2)).await.expect("dispatch");
        let order = OrderNumber::new(leg.code.clone(), OrderLeg::Pickup);
        let waybill = leg.sim.waybill(&order).expect("placed");
        // Published out of time order: transit before collection, then an unknown code, then a repeat.
        let transit = leg.sim.publish(&order, PostalStep::InTransit, t(120));
        let collected = leg.sim.publish(&order, PostalStep::Collected, t(60));
        leg.sim.publish_code(&order, UNKNOWN_CODE, t(130));
        leg.sim.repeat(&collected);
        let report = leg.poller.catch_up().await.expect("poll");
        let outcomes: Vec<_> = report
            .outcomes
            .iter()
            .map(|(e, o)| (e.code.as_str(), o.clone()))
            .collect();
        // The first page (4 reports) is applied per dossier in time order.
        assert_eq!(
            outcomes,
            vec![
                ("COLLECTED", ReportOutcome::Applied),
                ("COLLECTED", ReportOutcome::Repeated),
                ("TRANSIT", ReportOutcome::Applied),
                (
                    UNKNOWN_CODE,
                    ReportOutcome::UnknownCode(UNKNOWN_CODE.into())
                ),
            ]
        );
        let d = leg.service.load(&leg.code).await.unwrap().unwrap().dossier;
        assert_eq!(d.postal_state(), PostalState::InTransitToAgency);
        assert_eq!(d.outbound_tracking(), Some(&waybill.item));
        assert_eq!(transit.item.as_ref(), Some(&waybill.item));
        // A late report of a step already passed changes nothing; the handover arrives and applies.
        leg.sim.publish(&order, PostalStep::Collected, t(61));
        leg.sim.publish(
            &order,
            PostalStep::Delivered {
                recipient: Recipient::Applicant,
            },
            t(300),
        );
        let report = leg.poller.catch_up().await.expect("poll");
        let outcomes: Vec<_> = report.outcomes.iter().map(|(_, o)| o.clone()).collect();
        assert_eq!(
            outcomes,
            vec![ReportOutcome::AlreadyThere, ReportOutcome::Applied]
        );
        let loaded = leg.service.load(&leg.code).await.unwrap().unwrap();
        assert_eq!(loaded.dossier.postal_state(), PostalState::HandedToAgency);
        assert_eq!(
            loaded.dossier.filed_at(),
            Some(t(300)),
            "the handover is the filing time"
        );
        // A restart that lost its cursor reads everything again and records nothing twice.
        leg.service
            .store()
            .save_checkpoint(&leg.poller.consumer(), 0)
            .await
            .unwrap();
        let again = leg.poller.catch_up().await.expect("poll again");
        assert_eq!(again.applied(), 0, "{again:?}");
        assert_eq!(
            leg.service.load(&leg.code).await.unwrap().unwrap().version,
            loaded.version
        );
        assert!(leg.sim.feed_reads() >= 4);
    });
}

#[test]
fn a_report_that_skips_a_step_is_reported_not_forced() {
    hoso_testkit::block_on(async {
        let leg = picked_up_dossier(4, true).await;
        leg.dispatcher.dispatch_once(t(2)).await.expect("dispatch");
        let order = OrderNumber::new(leg.code.clone(), OrderLeg::Pickup);
        // The carrier reports the delivery attempt of a pickup (no such step on the way to the desk) and a
        // handover whose collection it never reported.
        leg.sim.publish(
            &order,
            PostalStep::DeliveryAttempted {
                reason: DeliveryFailure::RecipientAbsent,
            },
            t(30),
        );
        let report = leg.poller.catch_up().await.expect("poll");
        assert!(
            matches!(report.outcomes[0].1, ReportOutcome::Unusable(_)),
            "{report:?}"
        );
        leg.sim.publish(&order, PostalStep::InTransit, t(60));
        let report = leg.poller.catch_up().await.expect("poll");
        assert!(
            matches!(&report.outcomes[0].1, ReportOutcome::OutOfStep(why) if why.contains("dispatched_to_agency")),
            "{report:?}"
        );
        let d = leg.service.load(&leg.code).await.unwrap().unwrap().dossier;
        assert_eq!(d.postal_state(), PostalState::PickupRequested);
        // A feed that fails is an error the caller retries; the cursor stays.
        leg.sim.fail_next(Outage::ServerError, 1);
        match leg.poller.poll_once().await {
            Err(hoso_core::service::ServiceError::Carrier(e)) => {
                assert_eq!(e.kind(), AdapterErrorKind::Unavailable)
            }
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn the_return_order_is_written_when_processing_finishes() {
    hoso_testkit::block_on(async {
        let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
        let service = DossierService::new(Arc::clone(&store));
        let events = demo::lifecycle(5);
        let finished = events
            .iter()
            .position(|e| e.kind == EventKind::ProcessingFinished)
            .expect("the sample life finishes processing");
        service
            .open(
                CommandId::new("o"),
                events[0].clone(),
                Changes::events(events[1..finished].to_vec()),
            )
            .await
            .unwrap();
        assert_eq!(
            pending_postal(&store).await,
            0,
            "an order before the result is ready"
        );
        let code = hoso_core::Dossier::open(events[0].clone())
            .unwrap()
            .code()
            .clone();
        let next = Changes::events(vec![events[finished].clone()]);
        service
            .update(&code, Some(CommandId::new("f")), |_| Ok(next.clone()))
            .await
            .unwrap();
        let claimed = store
            .claim(DestinationKind::Postal, t(10_000), &OutboxPolicy::default())
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].message.key, format!("postal/{code}-KQ"));
    });
}
