//! Applying 100,000 carrier tracking reports to their dossiers (VNPost's feed decoded, each report mapped
//! through the status table and recorded through the service with its command id, over the in-memory store),
//! beside decoding the same feed pages alone (the floor), in the same run.
//!
//! The feed: 25,000 dossiers picked up at the applicant's address, 4 reports each in VNPost's `rh:doc` pages of
//! 500: collected, in transit, handed to the agency, and the in-transit report repeated (a carrier repeating
//! itself: applied once, the repeat a no-op). A plain harness: one timed pass of each, 3 rounds, the best of
//! each; the figure quoted is reports per second and the ratio to the floor.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use hoso_benches::summary::Summary;
use hoso_core::carrier::{
    CarrierError, CarrierEvent, CarrierOrder, OrderLeg, OrderNumber, PostalCarrier, StatusTable,
    TrackingCursor, TrackingPage, Waybill,
};
use hoso_core::event::{Actor, ActorRole, Event, EventId, EventKind};
use hoso_core::service::{Changes, DossierService, ReportOutcome, TrackingPoller};
use hoso_core::store::{CommandId, MemoryStore};
use hoso_core::{DossierCode, TrackingNumber, demo};
use hoso_vnpost::{VNPOST_STATUS, VnpostCodec};

const DOSSIERS: u32 = 25_000;
const PAGE: usize = 500;

fn code(i: u32) -> DossierCode {
    let agency = format!("000.00.{:02}.H56", 1 + i / 9_999);
    DossierCode::generate(
        &agency.parse().expect("agency"),
        jiff::civil::date(2026, 3, 2),
        1 + i % 9_999,
    )
    .expect("code")
}

/// The feed's reports, in feed order, and the pages VNPost would send for them.
fn feed() -> (Vec<CarrierEvent>, Vec<Vec<u8>>) {
    let codec = VnpostCodec::new("HCC-KH-0001");
    let mut events = Vec::new();
    let at = |m: i64| demo::at(m);
    for i in 0..DOSSIERS {
        let order = OrderNumber::new(code(i), OrderLeg::Pickup);
        let item = TrackingNumber::new("EH", 20_000_000 + i, "VN").expect("item");
        let mut push = |code: &str, minute: i64| {
            let id = events.len() + 1;
            events.push(CarrierEvent {
                id: format!("vnpost-{id}"),
                order: order.clone(),
                item: Some(item.clone()),
                code: code.to_owned(),
                message: String::new(),
                at: at(minute),
            });
        };
        push("200", 60);
        push("300", 120);
        push("501", 300);
        push("300", 120);
    }
    let pages = events
        .chunks(PAGE)
        .map(|chunk| {
            let next = chunk
                .last()
                .and_then(|e| e.id.strip_prefix("vnpost-"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            codec
                .encode_feed(&TrackingPage {
                    events: chunk.to_vec(),
                    next: TrackingCursor(next),
                })
                .expect("page")
        })
        .collect();
    (events, pages)
}

/// VNPost's feed served from encoded pages: `track` decodes the page after the cursor, as the adapter does
/// with the body it reads.
#[derive(Debug)]
struct Pages {
    codec: VnpostCodec,
    pages: Arc<Vec<Vec<u8>>>,
}

#[async_trait::async_trait]
impl PostalCarrier for Pages {
    fn name(&self) -> &str {
        "vnpost"
    }
    fn status_table(&self) -> &StatusTable {
        &VNPOST_STATUS
    }
    async fn create_order(&self, _: &CarrierOrder) -> Result<Waybill, CarrierError> {
        unreachable!("the bench places no orders")
    }
    async fn cancel(&self, _: &OrderNumber) -> Result<(), CarrierError> {
        unreachable!("the bench cancels nothing")
    }
    async fn track(&self, after: TrackingCursor, _: usize) -> Result<TrackingPage, CarrierError> {
        let index = usize::try_from(after.0).unwrap_or(usize::MAX) / PAGE;
        match self.pages.get(index) {
            Some(bytes) => self.codec.decode_feed(bytes),
            None => Ok(TrackingPage {
                events: Vec::new(),
                next: after,
            }),
        }
    }
}

async fn opened_store() -> DossierService {
    let service = DossierService::new(Arc::new(MemoryStore::new()));
    let clerk = Actor::new(ActorRole::PostalWorker, "collector");
    for i in 0..DOSSIERS {
        let mut header = demo::header(1);
        header.code = code(i);
        let opened = Event::new(
            EventId::from_u128(1),
            demo::at(0),
            clerk.clone(),
            EventKind::Opened {
                header: Arc::new(header),
            },
        );
        let pickup = Event::new(
            EventId::from_u128(2),
            demo::at(1),
            clerk.clone(),
            EventKind::PickupRequested,
        );
        service
            .open(
                CommandId::new(format!("open-{i}")),
                opened,
                Changes::events(vec![pickup]),
            )
            .await
            .expect("open");
    }
    service
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (events, pages) = feed();
    let pages = Arc::new(pages);
    let codec = VnpostCodec::new("HCC-KH-0001");
    let total = events.len();
    let mut best_decode = f64::MAX;
    let mut best_apply = f64::MAX;
    for round in 0..3 {
        let started = Instant::now();
        let mut decoded = 0;
        for page in pages.iter() {
            decoded += black_box(codec.decode_feed(page).expect("decodes"))
                .events
                .len();
        }
        let decode = started.elapsed().as_secs_f64();
        assert_eq!(decoded, total);

        let service = runtime.block_on(opened_store());
        let carrier = Arc::new(Pages {
            codec: codec.clone(),
            pages: Arc::clone(&pages),
        });
        let poller = TrackingPoller::new(service, carrier).with_page_size(PAGE);
        let started = Instant::now();
        let report = runtime.block_on(poller.catch_up()).expect("applies");
        let apply = started.elapsed().as_secs_f64();
        assert_eq!(report.outcomes.len(), total);
        assert_eq!(report.applied(), total / 4 * 3, "every step applied once");
        assert_eq!(
            report.count(|o| *o == ReportOutcome::Repeated || *o == ReportOutcome::AlreadyThere),
            total / 4
        );
        println!(
            "round {round}: decode {:.0} reports/s, apply {:.0} reports/s",
            total as f64 / decode,
            total as f64 / apply
        );
        best_decode = best_decode.min(decode);
        best_apply = best_apply.min(apply);
    }
    println!(
        "carrier/apply_100k: {:.0} reports/s; decoding alone {:.0} reports/s; ratio {:.3}",
        total as f64 / best_apply,
        total as f64 / best_decode,
        best_decode / best_apply
    );
    // No goal was set (issue 15 asks for the figure against decoding alone).
    Summary::new("carrier_apply", total as f64 / best_apply, "reports/s")
        .floor(total as f64 / best_decode)
        .print();
}
