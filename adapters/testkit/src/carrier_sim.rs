//! A postal carrier simulator: orders placed once per order number, a tracking feed read from a cursor that
//! can repeat, reorder or skip reports and carry unknown codes, orders refused for a bad address, and
//! injected outages.
//!
//! [`CarrierSimulator`] is the carrier's state; it implements [`PostalCarrier`] itself (the carrier as an
//! in-process double for the service's tests and the main job), and a carrier adapter's HTTP tests put a
//! front in the carrier's wire format over the same state.
//!
//! ```
//! # hoso_testkit::block_on(async {
//! use hoso_core::carrier::{OrderLeg, OrderNumber, PostalCarrier, PostalStep, TrackingCursor};
//! use hoso_testkit::carrier_sim::{CarrierSimulator, sample_order};
//! let sim = CarrierSimulator::new(hoso_testkit::carrier_sim::SIM_STATUS);
//! let order = sample_order(OrderLeg::Pickup);
//! let first = sim.create_order(&order).await.unwrap();
//! assert_eq!(sim.create_order(&order).await.unwrap(), first); // the same order, the same waybill
//! assert_eq!(sim.orders_placed(), 1);
//! sim.publish(&order.number, PostalStep::Collected, "2026-03-02T02:00:00Z".parse().unwrap());
//! let page = sim.track(TrackingCursor::default(), 10).await.unwrap();
//! assert_eq!(page.events.len(), 1);
//! assert_eq!(page.events[0].item.as_ref(), Some(&first.item));
//! # });
//! ```

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use hoso_core::adapter::{AdapterErrorKind, Location};
use hoso_core::carrier::{
    CarrierError, CarrierEvent, CarrierOrder, OrderLeg, OrderNumber, Party, PostalCarrier,
    PostalStep, StatusEntry, StatusTable, TrackingCursor, TrackingPage, Waybill,
};
use hoso_core::contact::Address;
use hoso_core::event::{DeliveryFailure, Recipient};
use hoso_core::{DossierCode, TrackingNumber, Vnd};
use jiff::Timestamp;

/// The simulator's own status codes, when it plays no particular carrier.
pub const SIM_STATUS: StatusTable = StatusTable::new(
    "sim",
    &[
        StatusEntry {
            code: "ORDERED",
            step: None,
            meaning: "order received",
        },
        StatusEntry {
            code: "COLLECTED",
            step: Some(PostalStep::Collected),
            meaning: "collected and sealed",
        },
        StatusEntry {
            code: "TRANSIT",
            step: Some(PostalStep::InTransit),
            meaning: "in transit",
        },
        StatusEntry {
            code: "OUT",
            step: Some(PostalStep::OutForDelivery),
            meaning: "out for delivery",
        },
        StatusEntry {
            code: "ABSENT",
            step: Some(PostalStep::DeliveryAttempted {
                reason: DeliveryFailure::RecipientAbsent,
            }),
            meaning: "delivery attempted: recipient absent",
        },
        StatusEntry {
            code: "HELD",
            step: Some(PostalStep::AwaitingCollection),
            meaning: "held at the post office",
        },
        StatusEntry {
            code: "DELIVERED",
            step: Some(PostalStep::Delivered {
                recipient: Recipient::Applicant,
            }),
            meaning: "delivered",
        },
        StatusEntry {
            code: "RETURNED",
            step: Some(PostalStep::Returned),
            meaning: "returned to sender",
        },
    ],
);

/// A code no carrier table holds, for the unknown-code checks.
pub const UNKNOWN_CODE: &str = "X-999";

/// An injected failure of the carrier's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// The API answers 5xx (`Unavailable`).
    ServerError,
    /// The API does not answer in time (`Timeout`).
    Timeout,
}

#[derive(Debug)]
struct State {
    orders: BTreeMap<OrderNumber, Waybill>,
    cancelled: Vec<OrderNumber>,
    feed: Vec<(u64, CarrierEvent)>,
    next_id: u64,
    next_serial: u32,
    outages: VecDeque<Outage>,
    create_calls: usize,
    track_calls: usize,
    journeys: BTreeMap<OrderNumber, Vec<(PostalStep, Timestamp)>>,
    journal: Option<std::fs::File>,
}

/// A postal carrier's order and tracking service, in memory. Cheap to clone: clones share the carrier.
#[derive(Debug, Clone)]
pub struct CarrierSimulator {
    table: StatusTable,
    state: Arc<Mutex<State>>,
}

impl CarrierSimulator {
    /// A carrier that reports in `table`'s codes.
    pub fn new(table: StatusTable) -> Self {
        CarrierSimulator {
            table,
            state: Arc::new(Mutex::new(State {
                orders: BTreeMap::new(),
                cancelled: Vec::new(),
                feed: Vec::new(),
                next_id: 0,
                next_serial: 30_000_000,
                outages: VecDeque::new(),
                create_calls: 0,
                track_calls: 0,
                journeys: BTreeMap::new(),
                journal: None,
            })),
        }
    }

    /// A carrier that keeps its orders in a journal at `path` (one JSON order a line) and, started again on
    /// the same journal, holds the same orders with the same item codes: a carrier that outlives the process
    /// placing its orders (the main job's kill -9 test).
    pub fn with_journal(table: StatusTable, path: &std::path::Path) -> std::io::Result<Self> {
        let sim = CarrierSimulator::new(table);
        if let Ok(text) = std::fs::read_to_string(path) {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                // A line cut short by a kill is the order the carrier never confirmed.
                let Ok(order) = serde_json::from_str::<CarrierOrder>(line) else {
                    continue;
                };
                sim.place(&order)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
            }
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        sim.state().journal = Some(file);
        Ok(sim)
    }

    /// What the carrier will report of `order` once it is placed: each step at its time (published at once if
    /// the order is placed already). A journey is published once.
    pub fn plan_journey(&self, order: &OrderNumber, steps: Vec<(PostalStep, Timestamp)>) {
        let placed = {
            let mut s = self.state();
            if s.orders.contains_key(order) {
                true
            } else {
                s.journeys.insert(order.clone(), steps.clone());
                false
            }
        };
        if placed {
            let already = self.state().feed.iter().any(|(_, e)| &e.order == order);
            if !already {
                for (step, at) in steps {
                    self.publish(order, step, at);
                }
            }
        }
    }
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind: keep using it.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn error(&self, kind: AdapterErrorKind, message: impl Into<String>) -> CarrierError {
        CarrierError::new(kind, self.table.carrier, message)
    }

    /// The next `n` calls (orders, cancellations, feed reads) fail with `outage`.
    pub fn fail_next(&self, outage: Outage, n: usize) {
        let mut s = self.state();
        s.outages.extend(std::iter::repeat_n(outage, n));
    }

    /// Takes the next injected outage, if any (an HTTP front answers it with 503 or 504).
    pub fn take_outage(&self) -> Option<Outage> {
        self.state().outages.pop_front()
    }

    fn outage(&self) -> Result<(), CarrierError> {
        match self.take_outage() {
            None => Ok(()),
            Some(Outage::ServerError) => Err(self.error(
                AdapterErrorKind::Unavailable,
                "the carrier's API answered 503 (injected)",
            )),
            Some(Outage::Timeout) => Err(self.error(
                AdapterErrorKind::Timeout,
                "the carrier's API did not answer in time (injected)",
            )),
        }
    }

    /// Places an order as the carrier does: once per number; an order whose sender or receiver has no
    /// administrative unit is refused (the carrier routes by its province and district ids).
    pub fn place(&self, order: &CarrierOrder) -> Result<Waybill, CarrierError> {
        let mut s = self.state();
        s.create_calls += 1;
        if let Some(w) = s.orders.get(&order.number) {
            return Ok(w.clone());
        }
        for (party, path) in [(&order.sender, "$.sender"), (&order.receiver, "$.receiver")] {
            if party.address.unit.is_none() {
                return Err(CarrierError::new(
                    AdapterErrorKind::Rejected,
                    self.table.carrier,
                    "the address has no province or commune the carrier can route to",
                )
                .with_location(Location::JsonPath(format!("{path}.address.unit"))));
            }
        }
        let item = match &order.item {
            Some(item) => item.clone(),
            None => {
                s.next_serial += 1;
                TrackingNumber::new("EH", s.next_serial, "VN").map_err(|e| {
                    CarrierError::new(
                        AdapterErrorKind::Unavailable,
                        self.table.carrier,
                        e.to_string(),
                    )
                })?
            }
        };
        let waybill = Waybill {
            order: order.number.clone(),
            item,
        };
        if let Some(file) = &mut s.journal {
            use std::io::Write;
            let line = serde_json::to_string(order).map_err(|e| {
                CarrierError::new(
                    AdapterErrorKind::Unavailable,
                    self.table.carrier,
                    e.to_string(),
                )
            })?;
            // One write of the whole line: a kill leaves a line whole or absent.
            file.write_all(format!("{line}\n").as_bytes())
                .map_err(|e| {
                    CarrierError::new(
                        AdapterErrorKind::Unavailable,
                        self.table.carrier,
                        format!("the carrier cannot keep the order: {e}"),
                    )
                })?;
        }
        s.orders.insert(order.number.clone(), waybill.clone());
        let journey = s.journeys.remove(&order.number);
        drop(s);
        for (step, at) in journey.unwrap_or_default() {
            self.publish(&order.number, step, at);
        }
        Ok(waybill)
    }

    /// Reports `step` of an order at `at`, in the carrier's code for it (the report gets the next feed id).
    ///
    /// # Panics
    /// If the carrier's table has no code for `step` or the order was never placed (a mistake in the test).
    pub fn publish(&self, order: &OrderNumber, step: PostalStep, at: Timestamp) -> CarrierEvent {
        let code = self
            .table
            .code_for(step)
            .unwrap_or_else(|| panic!("the carrier's table has no code for {step:?}"));
        self.publish_code(order, code, at)
    }

    /// Reports a raw `code` (known or not) for an order at `at`.
    ///
    /// # Panics
    /// If the order was never placed.
    pub fn publish_code(&self, order: &OrderNumber, code: &str, at: Timestamp) -> CarrierEvent {
        let mut s = self.state();
        let item = s
            .orders
            .get(order)
            .map(|w| w.item.clone())
            .unwrap_or_else(|| panic!("order {order} was never placed"));
        s.next_id += 1;
        let id = s.next_id;
        let message = self
            .table
            .entries
            .iter()
            .find(|e| e.code == code)
            .map_or("unknown status", |e| e.meaning)
            .to_owned();
        let event = CarrierEvent {
            id: format!("{}-{id}", self.table.carrier),
            order: order.clone(),
            item: Some(item),
            code: code.to_owned(),
            message,
            at,
        };
        s.feed.push((id, event.clone()));
        event
    }

    /// Puts a report already in the feed in it again, at its end (a carrier repeating itself).
    pub fn repeat(&self, event: &CarrierEvent) {
        let mut s = self.state();
        s.next_id += 1;
        let id = s.next_id;
        s.feed.push((id, event.clone()));
    }

    /// The waybill of a placed order.
    pub fn waybill(&self, order: &OrderNumber) -> Option<Waybill> {
        self.state().orders.get(order).cloned()
    }

    /// How many distinct orders were placed.
    pub fn orders_placed(&self) -> usize {
        self.state().orders.len()
    }

    /// How many order requests arrived (repeats included).
    pub fn order_requests(&self) -> usize {
        self.state().create_calls
    }

    /// How many times the feed was read.
    pub fn feed_reads(&self) -> usize {
        self.state().track_calls
    }

    /// The orders cancelled.
    pub fn cancelled(&self) -> Vec<OrderNumber> {
        self.state().cancelled.clone()
    }

    /// The reports after `after`, at most `limit`, and the cursor to read on from.
    pub fn page(&self, after: TrackingCursor, limit: usize) -> TrackingPage {
        let mut s = self.state();
        s.track_calls += 1;
        let events: Vec<&(u64, CarrierEvent)> = s
            .feed
            .iter()
            .filter(|(id, _)| *id > after.0)
            .take(limit)
            .collect();
        let next = events.last().map_or(after, |(id, _)| TrackingCursor(*id));
        TrackingPage {
            events: events.into_iter().map(|(_, e)| e.clone()).collect(),
            next,
        }
    }

    /// Cancels an order not yet collected.
    pub fn cancel_order(&self, order: &OrderNumber) -> Result<(), CarrierError> {
        let mut s = self.state();
        if !s.orders.contains_key(order) {
            return Err(CarrierError::new(
                AdapterErrorKind::NotFound,
                self.table.carrier,
                format!("no order {order}"),
            ));
        }
        if !s.cancelled.contains(order) {
            s.cancelled.push(order.clone());
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl PostalCarrier for CarrierSimulator {
    fn name(&self) -> &str {
        self.table.carrier
    }

    fn status_table(&self) -> &StatusTable {
        &self.table
    }

    async fn create_order(&self, order: &CarrierOrder) -> Result<Waybill, CarrierError> {
        self.outage()?;
        self.place(order)
    }

    async fn cancel(&self, order: &OrderNumber) -> Result<(), CarrierError> {
        self.outage()?;
        self.cancel_order(order)
    }

    async fn track(
        &self,
        after: TrackingCursor,
        limit: usize,
    ) -> Result<TrackingPage, CarrierError> {
        self.outage()?;
        Ok(self.page(after, limit))
    }
}

/// A sample address in Hồ Chí Minh City, with its 2025 province as its administrative unit.
pub fn sample_address(line: &str) -> Address {
    Address {
        line: line.into(),
        unit: "2025:province:79".parse().ok(),
        postal_code: "70000".parse().ok(),
    }
}

/// The one-stop desk of the sample agency (`000.00.01.H56`, the sample dossiers' agency).
pub fn sample_desk() -> Party {
    Party {
        name: "Bộ phận một cửa, Sở Xây dựng".into(),
        phone: "0283829000".parse().ok(),
        address: sample_address("63 Lý Tự Trọng, phường Sài Gòn"),
    }
}

/// A sample order of the sample dossier number 1 on `leg`.
pub fn sample_order(leg: OrderLeg) -> CarrierOrder {
    let dossier: DossierCode = hoso_core::demo::header(1).code;
    let applicant = Party {
        name: "Nguyễn Văn An".into(),
        phone: "0912345678".parse().ok(),
        address: sample_address("12 Lê Lợi, phường Bến Thành"),
    };
    let (sender, receiver) = match leg {
        OrderLeg::Pickup => (applicant, sample_desk()),
        OrderLeg::Return => (sample_desk(), applicant),
    };
    CarrierOrder {
        number: OrderNumber::new(dossier, leg),
        item: None,
        sender,
        receiver,
        cod: Vnd::ZERO,
        description: "hồ sơ 1.002820".into(),
    }
}
