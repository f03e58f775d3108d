//! Orders placed with a carrier: who sends, who receives, under which number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::contact::{Address, PhoneNumber};
use crate::{DossierCode, TrackingNumber, Vnd};

/// Which way an order carries the paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderLeg {
    /// The dossier, from the applicant's address to the agency's one-stop desk (Decision 45/2016/QĐ-TTg
    /// Art 6–7): the agency is the receiver.
    Pickup,
    /// The result, from the agency to the recipient (Decision 45/2016/QĐ-TTg Art 9–10): the agency is the
    /// sender.
    Return,
}

/// The suffix that tells a return order's number from its pickup order's: `KQ`, kết quả (the result).
const RETURN_SUFFIX: &str = "-KQ";

/// An order's number at the carrier, and its idempotency key: the dossier code for the pickup order, the
/// dossier code followed by `-KQ` for the return order (two orders of one dossier need two numbers; the
/// dossier code stays readable in both).
///
/// ```
/// use hoso_core::carrier::{OrderLeg, OrderNumber};
/// let code: hoso_core::DossierCode = "000.00.01.H22-260115-0042".parse()?;
/// let back = OrderNumber::new(code.clone(), OrderLeg::Return);
/// assert_eq!(back.to_string(), "000.00.01.H22-260115-0042-KQ");
/// assert_eq!(back.to_string().parse::<OrderNumber>()?, back);
/// assert_eq!("000.00.01.H22-260115-0042".parse::<OrderNumber>()?.leg, OrderLeg::Pickup);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderNumber {
    /// The dossier carried.
    pub dossier: DossierCode,
    /// Which way.
    pub leg: OrderLeg,
}

impl OrderNumber {
    /// The number of `dossier`'s order on `leg`.
    pub fn new(dossier: DossierCode, leg: OrderLeg) -> Self {
        OrderNumber { dossier, leg }
    }
}

impl fmt::Display for OrderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.leg {
            OrderLeg::Pickup => write!(f, "{}", self.dossier),
            OrderLeg::Return => write!(f, "{}{RETURN_SUFFIX}", self.dossier),
        }
    }
}

/// A carrier's order number that is not one of `hoso`'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "order number {value:?} is not a dossier code, optionally followed by {RETURN_SUFFIX:?}: {reason}"
)]
pub struct OrderNumberError {
    /// The offending text (at most 64 characters of it).
    pub value: String,
    /// Why the dossier code was refused.
    pub reason: String,
}

impl FromStr for OrderNumber {
    type Err = OrderNumberError;
    fn from_str(s: &str) -> Result<Self, OrderNumberError> {
        let (code, leg) = match s.strip_suffix(RETURN_SUFFIX) {
            Some(code) => (code, OrderLeg::Return),
            None => (s, OrderLeg::Pickup),
        };
        let dossier = code.parse().map_err(|e: crate::IdError| OrderNumberError {
            value: s.chars().take(64).collect(),
            reason: e.to_string(),
        })?;
        Ok(OrderNumber { dossier, leg })
    }
}

impl Serialize for OrderNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OrderNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A sender or receiver: a name, a phone number (personal data: `Debug` shows its last 3 digits) and an
/// address with its administrative unit, from which a carrier adapter finds the carrier's own ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The person's or the office's name.
    pub name: String,
    /// The phone number, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneNumber>,
    /// The address.
    pub address: Address,
}

/// An order to carry one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierOrder {
    /// The order's number, its idempotency key.
    pub number: OrderNumber,
    /// The S10 item code when it is allocated before the order (as the Thanh Hóa LGSP route does); `None`:
    /// the carrier allocates it and answers with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<TrackingNumber>,
    /// Who hands the item over.
    pub sender: Party,
    /// Who receives it.
    pub receiver: Party,
    /// Cash to collect on delivery (0: none).
    pub cod: Vnd,
    /// What is carried, for the carrier's staff (never personal data).
    pub description: String,
}

/// The carrier's answer to an order: the order's number and the item's S10 code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Waybill {
    /// The order it answers.
    pub order: OrderNumber,
    /// The item's tracking number.
    pub item: TrackingNumber,
}
