//! A carrier's status codes as data: each raw code mapped onto a step of the postal leg, or reported unknown.

use serde::{Deserialize, Serialize};

use super::OrderLeg;
use crate::TrackingNumber;
use crate::event::{DeliveryFailure, EventKind, Recipient};

/// A step of an item's journey, as carriers report it, whichever way it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "step")]
#[non_exhaustive]
pub enum PostalStep {
    /// Taken in and sealed: from the applicant (Decision 45/2016/QĐ-TTg Art 6) or, for a return, from the
    /// agency (Art 9).
    Collected,
    /// On its way.
    InTransit,
    /// A postal worker is out delivering it (return leg).
    OutForDelivery,
    /// A delivery attempt failed and an invitation was left (Circular 17/2017/TT-BTTTT Art 5).
    DeliveryAttempted {
        /// Why it failed, as the code says.
        reason: DeliveryFailure,
    },
    /// Held at a post office for the recipient to collect (Circular 17/2017/TT-BTTTT Art 7(2)(c)).
    AwaitingCollection,
    /// Delivered: to the agency's desk on the pickup leg (the handover, Decision 45/2016/QĐ-TTg Art 7), to the
    /// recipient on the return leg (Art 10).
    Delivered {
        /// Who received a returned result, as the code says.
        recipient: Recipient,
    },
    /// Undeliverable; sent back to the agency (Circular 17/2017/TT-BTTTT Art 5).
    Returned,
    /// Lost in the carrier's custody (Decision 45/2016/QĐ-TTg Art 14).
    Lost,
}

/// Why a step has no event on a leg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StepError {
    /// The step does not happen on this leg (a delivery attempt on the way to the agency's desk).
    #[error("the step {step:?} has no event on the {leg:?} leg")]
    NotOnLeg {
        /// The step.
        step: PostalStep,
        /// The leg.
        leg: OrderLeg,
    },
    /// The step records the item's tracking number, and the report names no item.
    #[error("the step {step:?} records the item, and the report names none")]
    NoItem {
        /// The step.
        step: PostalStep,
    },
}

impl PostalStep {
    /// The core postal-leg event this step is on `leg`. `item` is the item the carrier reported: the
    /// collection events record it as the tracking number and, since carriers' feeds name no seal, as the
    /// seal's id (the item's S10 label closes the sealed envelope).
    ///
    /// ```
    /// use hoso_core::carrier::{OrderLeg, PostalStep};
    /// use hoso_core::event::{EventKind, Recipient};
    /// let delivered = PostalStep::Delivered { recipient: Recipient::Applicant };
    /// assert_eq!(delivered.event_kind(OrderLeg::Pickup, None), Ok(EventKind::HandedToAgency));
    /// assert!(PostalStep::OutForDelivery.event_kind(OrderLeg::Pickup, None).is_err());
    /// ```
    pub fn event_kind(
        self,
        leg: OrderLeg,
        item: Option<&TrackingNumber>,
    ) -> Result<EventKind, StepError> {
        let not_on_leg = Err(StepError::NotOnLeg { step: self, leg });
        let sealed = |step| {
            item.map(|t| (t.clone(), t.to_string()))
                .ok_or(StepError::NoItem { step })
        };
        Ok(match (leg, self) {
            (OrderLeg::Pickup, PostalStep::Collected) => {
                let (tracking, seal) = sealed(self)?;
                EventKind::CollectedAndSealed { tracking, seal }
            }
            (OrderLeg::Pickup, PostalStep::InTransit) => EventKind::DispatchedToAgency,
            (OrderLeg::Pickup, PostalStep::Delivered { .. }) => EventKind::HandedToAgency,
            (OrderLeg::Return, PostalStep::Collected) => {
                let (tracking, seal) = sealed(self)?;
                EventKind::ResultCollected { tracking, seal }
            }
            (OrderLeg::Return, PostalStep::InTransit) => EventKind::DispatchedToRecipient,
            (OrderLeg::Return, PostalStep::OutForDelivery) => EventKind::OutForDelivery,
            (OrderLeg::Return, PostalStep::DeliveryAttempted { reason }) => {
                EventKind::DeliveryAttempted { reason }
            }
            (OrderLeg::Return, PostalStep::AwaitingCollection) => EventKind::CollectionNotified,
            (OrderLeg::Return, PostalStep::Delivered { recipient }) => {
                EventKind::Delivered { recipient }
            }
            (OrderLeg::Return, PostalStep::Returned) => EventKind::ReturnedToAgency,
            (_, PostalStep::Lost) => EventKind::LostOrDamaged {
                lost: true,
                note: "reported lost by the carrier".into(),
            },
            _ => return not_on_leg,
        })
    }
}

/// One row of a carrier's status table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusEntry {
    /// The carrier's code, exactly as it sends it.
    pub code: &'static str,
    /// The step it means; `None`: a report that moves nothing on the postal leg (order received, price
    /// quoted, cancelled on request).
    pub step: Option<PostalStep>,
    /// What the code means, in the carrier's words (Vietnamese) and in English.
    pub meaning: &'static str,
}

/// What a raw code means by a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMapping {
    /// A step of the postal leg.
    Step(PostalStep),
    /// A known code that moves nothing on the postal leg.
    Informational,
    /// A code the table does not hold: reported, never guessed.
    Unknown,
}

/// A carrier's status codes: data, one table per carrier, each code once.
///
/// ```
/// use hoso_core::carrier::{PostalStep, StatusEntry, StatusMapping, StatusTable};
/// const TABLE: StatusTable = StatusTable::new("demo", &[
///     StatusEntry { code: "1", step: None, meaning: "order received" },
///     StatusEntry { code: "2", step: Some(PostalStep::Collected), meaning: "collected" },
/// ]);
/// assert_eq!(TABLE.map("2"), StatusMapping::Step(PostalStep::Collected));
/// assert_eq!(TABLE.map("1"), StatusMapping::Informational);
/// assert_eq!(TABLE.map("77"), StatusMapping::Unknown);
/// assert_eq!(TABLE.code_for(PostalStep::Collected), Some("2"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusTable {
    /// The carrier whose codes these are.
    pub carrier: &'static str,
    /// The rows.
    pub entries: &'static [StatusEntry],
}

impl StatusTable {
    /// A table of `carrier`'s codes.
    pub const fn new(carrier: &'static str, entries: &'static [StatusEntry]) -> Self {
        StatusTable { carrier, entries }
    }

    /// What `code` means (codes compare exactly, after trimming surrounding white space).
    pub fn map(&self, code: &str) -> StatusMapping {
        let code = code.trim();
        match self.entries.iter().find(|e| e.code == code) {
            Some(StatusEntry { step: Some(s), .. }) => StatusMapping::Step(*s),
            Some(_) => StatusMapping::Informational,
            None => StatusMapping::Unknown,
        }
    }

    /// The first code that means `step` (what a simulator of the carrier sends for it).
    pub fn code_for(&self, step: PostalStep) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|e| e.step == Some(step))
            .map(|e| e.code)
    }

    /// Codes that appear twice (a table must hold none).
    pub fn duplicate_codes(&self) -> Vec<&'static str> {
        let mut seen = std::collections::HashSet::new();
        self.entries
            .iter()
            .filter(|e| !seen.insert(e.code))
            .map(|e| e.code)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = "EA123456785VN";

    #[test]
    fn every_step_has_its_event_on_the_legs_it_happens_on() {
        let item: TrackingNumber = ITEM.parse().unwrap();
        let delivered = PostalStep::Delivered {
            recipient: Recipient::AuthorisedPerson,
        };
        let attempted = PostalStep::DeliveryAttempted {
            reason: DeliveryFailure::AddressNotFound,
        };
        let pickup = [
            (PostalStep::Collected, Some("collected_and_sealed")),
            (PostalStep::InTransit, Some("dispatched_to_agency")),
            (delivered, Some("handed_to_agency")),
            (PostalStep::OutForDelivery, None),
            (attempted, None),
            (PostalStep::AwaitingCollection, None),
            (PostalStep::Returned, None),
            (PostalStep::Lost, Some("lost_or_damaged")),
        ];
        let ret = [
            (PostalStep::Collected, "result_collected"),
            (PostalStep::InTransit, "dispatched_to_recipient"),
            (delivered, "delivered"),
            (PostalStep::OutForDelivery, "out_for_delivery"),
            (attempted, "delivery_attempted"),
            (PostalStep::AwaitingCollection, "collection_notified"),
            (PostalStep::Returned, "returned_to_agency"),
            (PostalStep::Lost, "lost_or_damaged"),
        ];
        for (step, event) in pickup {
            let got = step.event_kind(OrderLeg::Pickup, Some(&item));
            assert_eq!(got.ok().map(|k| k.event_type().name()), event, "{step:?}");
        }
        for (step, event) in ret {
            let got = step.event_kind(OrderLeg::Return, Some(&item)).unwrap();
            assert_eq!(got.event_type().name(), event, "{step:?}");
        }
        assert_eq!(
            delivered.event_kind(OrderLeg::Return, None),
            Ok(EventKind::Delivered {
                recipient: Recipient::AuthorisedPerson
            })
        );
        assert_eq!(
            attempted.event_kind(OrderLeg::Return, None),
            Ok(EventKind::DeliveryAttempted {
                reason: DeliveryFailure::AddressNotFound
            })
        );
    }

    #[test]
    fn a_collection_without_its_item_is_refused_not_invented() {
        assert_eq!(
            PostalStep::Collected.event_kind(OrderLeg::Return, None),
            Err(StepError::NoItem {
                step: PostalStep::Collected
            })
        );
        let item: TrackingNumber = ITEM.parse().unwrap();
        assert_eq!(
            PostalStep::Collected.event_kind(OrderLeg::Pickup, Some(&item)),
            Ok(EventKind::CollectedAndSealed {
                tracking: item.clone(),
                seal: ITEM.into()
            })
        );
    }

    #[test]
    fn codes_compare_exactly_after_trimming() {
        const T: StatusTable = StatusTable::new(
            "t",
            &[StatusEntry {
                code: "A1",
                step: Some(PostalStep::InTransit),
                meaning: "x",
            }],
        );
        assert_eq!(T.map(" A1 "), StatusMapping::Step(PostalStep::InTransit));
        assert_eq!(T.map("a1"), StatusMapping::Unknown);
        assert_eq!(T.map(""), StatusMapping::Unknown);
        assert!(T.duplicate_codes().is_empty());
    }
}
