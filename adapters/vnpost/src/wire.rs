//! VNPost's wire format, named as VNPost names it: the token reply, the order (`MOrder`) and its reply, and
//! the tracking feed (`_embedded.rh:doc[]`), with VNPost's status codes and its own province ids.

mod ids;
mod status;

pub use ids::{CarrierIds, IdsError, carrier_ids, unit_of_province};
pub use status::VNPOST_STATUS;

use std::fmt;

use serde::{Deserialize, Serialize};

/// The token endpoint's answer to a client-credentials grant (RFC 6749 §4.4).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenReply {
    /// The bearer token.
    pub access_token: String,
    /// `Bearer`.
    #[serde(default)]
    pub token_type: String,
    /// Seconds until it expires.
    #[serde(default)]
    pub expires_in: u64,
}

impl fmt::Debug for TokenReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenReply")
            .field("access_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// `MOrder`: an order as VNPost's HCC API takes it (OpenCPS `VNPostManagementImpl`), with the Thanh Hóa
/// route's pre-allocated `ItemCode` as an optional field.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MOrder {
    /// The sending organisation's VNPost customer code.
    pub customer_code: String,
    /// The order number: `hoso`'s order number, the idempotency key.
    pub order_number: String,
    /// A pre-allocated S10 item code, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_code: Option<String>,
    /// Cash on delivery, in đồng.
    #[serde(rename = "CODAmount")]
    pub cod_amount: u64,
    /// VNPost's province id of the sender.
    pub sender_province: u16,
    /// VNPost's district id of the sender (0: none, as for units from 1 July 2025).
    pub sender_district: u16,
    /// The sender's address line.
    pub sender_address: String,
    /// The sender's name.
    pub sender_name: String,
    /// The sender's e-mail (empty: none).
    #[serde(default)]
    pub sender_email: String,
    /// The sender's phone (personal data).
    #[serde(default)]
    pub sender_tel: String,
    /// A note about the sender.
    #[serde(default)]
    pub sender_desc: String,
    /// What is carried.
    pub description: String,
    /// The receiver's name.
    pub receiver_name: String,
    /// The receiver's address line.
    pub receiver_address: String,
    /// The receiver's phone (personal data).
    #[serde(default)]
    pub receiver_tel: String,
    /// VNPost's province id of the receiver.
    pub receiver_province: u16,
    /// VNPost's district id of the receiver (0: none).
    pub receiver_district: u16,
    /// The receiver's e-mail (empty: none).
    #[serde(default)]
    pub receiver_email: String,
}

fn masked(phone: &str) -> String {
    let keep = phone.len().saturating_sub(3);
    format!("{}{}", "*".repeat(keep), phone.get(keep..).unwrap_or(""))
}

impl fmt::Debug for MOrder {
    // Phones are personal data: their last 3 digits only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MOrder")
            .field("order_number", &self.order_number)
            .field("item_code", &self.item_code)
            .field("sender_province", &self.sender_province)
            .field("sender_tel", &masked(&self.sender_tel))
            .field("receiver_province", &self.receiver_province)
            .field("receiver_tel", &masked(&self.receiver_tel))
            .finish_non_exhaustive()
    }
}

/// VNPost's answer to an order: `Status` `"100"` is success (domain notes: VNPost's order API answers with a
/// status string where "100" means success); anything else is a refusal with its `Message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderReply {
    /// `"100"`: accepted.
    pub status: String,
    /// VNPost's words.
    #[serde(default)]
    pub message: String,
    /// The order number answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// The S10 item code of the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_code: Option<String>,
}

/// The status of an accepted order.
pub const ORDER_ACCEPTED: &str = "100";

/// One entry of the tracking feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackingDoc {
    /// The entry's id in the feed (the cursor's unit).
    #[serde(rename = "_id")]
    pub id: u64,
    /// The order number.
    pub order_number: String,
    /// The S10 item code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_code: Option<String>,
    /// VNPost's status code, raw.
    pub status_code: String,
    /// VNPost's words for it.
    #[serde(default)]
    pub status_message: String,
    /// When, as RFC 3339 with its offset (VNPost gives Vietnam time, +07:00).
    pub status_time: String,
}

/// The `_embedded` object of the feed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Embedded {
    /// The entries.
    #[serde(rename = "rh:doc", default)]
    pub docs: Vec<TrackingDoc>,
}

/// A page of `getOrderTracking(pagesize, lastId)`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackingFeed {
    /// The entries.
    #[serde(rename = "_embedded", default)]
    pub embedded: Embedded,
    /// The id of the last entry returned (the next read's `lastId`).
    pub last_id: u64,
}
