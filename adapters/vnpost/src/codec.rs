//! The VNPost codec: `hoso`'s orders to `MOrder`, VNPost's replies and feed to the port's types, and the
//! carrier's side of the same format for simulators. Pure: no I/O.

mod json;

use hoso_core::adapter::{AdapterErrorKind, Location};
use hoso_core::carrier::{
    CarrierError, CarrierEvent, CarrierOrder, OrderNumber, Party, TrackingCursor, TrackingPage,
    Waybill,
};
use hoso_core::contact::Address;
use hoso_core::{TrackingNumber, Vnd};

use crate::wire::{
    self, Embedded, MOrder, ORDER_ACCEPTED, OrderReply, TokenReply, TrackingDoc, TrackingFeed,
};

pub(crate) use json::MAX_BODY_BYTES;

/// The carrier's name, as the port, event ids and checkpoints record it.
pub const CARRIER: &str = "vnpost";

/// The VNPost codec, for one customer (the sending organisation's VNPost customer code).
///
/// ```
/// use hoso_core::carrier::OrderLeg;
/// use hoso_vnpost::VnpostCodec;
/// let codec = VnpostCodec::new("HCC-KH-0001");
/// let order = hoso_testkit::carrier_sim::sample_order(OrderLeg::Pickup);
/// let bytes = codec.encode_order(&order)?;
/// assert_eq!(codec.decode_order(&bytes)?.number, order.number);
/// # Ok::<(), hoso_core::carrier::CarrierError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VnpostCodec {
    customer_code: String,
}

fn rejected(message: String, path: &str) -> CarrierError {
    CarrierError::new(AdapterErrorKind::Rejected, CARRIER, message)
        .with_location(Location::JsonPath(path.to_owned()))
}

fn invalid(message: String, path: String) -> CarrierError {
    CarrierError::new(AdapterErrorKind::InvalidPayload, CARRIER, message)
        .with_location(Location::JsonPath(path))
}

fn item(text: &str, path: String) -> Result<TrackingNumber, CarrierError> {
    text.parse()
        .map_err(|e: hoso_core::IdError| invalid(format!("not an S10 item code: {e}"), path))
}

impl VnpostCodec {
    /// A codec for the customer `customer_code`.
    pub fn new(customer_code: impl Into<String>) -> Self {
        VnpostCodec {
            customer_code: customer_code.into(),
        }
    }

    /// The customer code.
    pub fn customer_code(&self) -> &str {
        &self.customer_code
    }

    // ----- hoso's side -----

    /// `hoso` → VNPost: the order as `MOrder`. An end whose address has no VNPost province id is refused
    /// here (`Rejected`, at the field's path), before anything is sent.
    pub fn encode_order(&self, order: &CarrierOrder) -> Result<Vec<u8>, CarrierError> {
        let ids = |party: &Party, field: &str| {
            wire::carrier_ids(&party.address)
                .map_err(|e| rejected(format!("{e}"), &format!("$.{field}Province")))
        };
        let sender = ids(&order.sender, "Sender")?;
        let receiver = ids(&order.receiver, "Receiver")?;
        let tel = |p: &Party| {
            p.phone
                .as_ref()
                .map(|t| t.reveal().to_owned())
                .unwrap_or_default()
        };
        let m = MOrder {
            customer_code: self.customer_code.clone(),
            order_number: order.number.to_string(),
            item_code: order.item.as_ref().map(ToString::to_string),
            cod_amount: order.cod.dong(),
            sender_province: sender.province,
            sender_district: sender.district,
            sender_address: order.sender.address.line.clone(),
            sender_name: order.sender.name.clone(),
            sender_email: String::new(),
            sender_tel: tel(&order.sender),
            sender_desc: String::new(),
            description: order.description.clone(),
            receiver_name: order.receiver.name.clone(),
            receiver_address: order.receiver.address.line.clone(),
            receiver_tel: tel(&order.receiver),
            receiver_province: receiver.province,
            receiver_district: receiver.district,
            receiver_email: String::new(),
        };
        json::encode(&m, "the order")
    }

    /// VNPost → `hoso`: the reply to `order`. `Status` other than `"100"` is `Rejected` with VNPost's status
    /// as its code; an accepted reply must name the order and carry an S10 item code.
    pub fn decode_order_reply(
        &self,
        bytes: &[u8],
        order: &OrderNumber,
    ) -> Result<Waybill, CarrierError> {
        let reply: OrderReply = json::decode(bytes, "the order reply")?;
        if reply.status.trim() != ORDER_ACCEPTED {
            return Err(CarrierError::new(
                AdapterErrorKind::Rejected,
                CARRIER,
                format!("order {order} refused: {}", reply.message),
            )
            .with_carrier_code(reply.status));
        }
        if let Some(number) = &reply.order_number
            && number != &order.to_string()
        {
            return Err(invalid(
                format!("the reply to order {order} answers another order"),
                "$.OrderNumber".into(),
            ));
        }
        let code = reply.item_code.ok_or_else(|| {
            invalid(
                format!("the reply to order {order} has no item code"),
                "$.ItemCode".into(),
            )
        })?;
        Ok(Waybill {
            order: order.clone(),
            item: item(&code, "$.ItemCode".into())?,
        })
    }

    /// VNPost → `hoso`: the token endpoint's answer.
    pub fn decode_token(&self, bytes: &[u8]) -> Result<String, CarrierError> {
        let reply: TokenReply = json::decode(bytes, "the token reply")?;
        if reply.access_token.is_empty() {
            return Err(invalid(
                "the token reply has an empty access_token".into(),
                "$.access_token".into(),
            ));
        }
        Ok(reply.access_token)
    }

    /// VNPost → `hoso`: a page of the tracking feed. Every entry must name one of `hoso`'s orders, a valid
    /// S10 item code when it names one, and an RFC 3339 time.
    pub fn decode_feed(&self, bytes: &[u8]) -> Result<TrackingPage, CarrierError> {
        let feed: TrackingFeed = json::decode(bytes, "the tracking feed")?;
        let mut events = Vec::with_capacity(feed.embedded.docs.len());
        for (i, doc) in feed.embedded.docs.into_iter().enumerate() {
            let at = |field: &str| format!("$._embedded.rh:doc[{i}].{field}");
            let order: OrderNumber = doc
                .order_number
                .parse()
                .map_err(|e| invalid(format!("{e}"), at("orderNumber")))?;
            let item = doc
                .item_code
                .as_deref()
                .map(|c| item(c, at("itemCode")))
                .transpose()?;
            let when: jiff::Timestamp = doc.status_time.parse().map_err(|_| {
                invalid(
                    "not an RFC 3339 time with its offset".into(),
                    at("statusTime"),
                )
            })?;
            events.push(CarrierEvent {
                id: format!("{CARRIER}-{}", doc.id),
                order,
                item,
                code: doc.status_code,
                message: doc.status_message,
                at: when,
            });
        }
        Ok(TrackingPage {
            events,
            next: TrackingCursor(feed.last_id),
        })
    }

    // ----- the carrier's side (simulators) -----

    /// The carrier reads an order: `MOrder` back to the port's order, each end's province as its 2025 GSO
    /// unit (an unknown province id leaves the unit out, which the simulator refuses as unroutable).
    pub fn decode_order(&self, bytes: &[u8]) -> Result<CarrierOrder, CarrierError> {
        let m: MOrder = json::decode(bytes, "the order")?;
        let number: OrderNumber = m
            .order_number
            .parse()
            .map_err(|e| invalid(format!("{e}"), "$.OrderNumber".into()))?;
        let party = |name: String, tel: String, line: String, province: u16| Party {
            name,
            phone: tel.parse().ok(),
            address: Address {
                line,
                unit: wire::unit_of_province(province),
                postal_code: None,
            },
        };
        Ok(CarrierOrder {
            number,
            item: m
                .item_code
                .as_deref()
                .map(|c| item(c, "$.ItemCode".into()))
                .transpose()?,
            sender: party(
                m.sender_name,
                m.sender_tel,
                m.sender_address,
                m.sender_province,
            ),
            receiver: party(
                m.receiver_name,
                m.receiver_tel,
                m.receiver_address,
                m.receiver_province,
            ),
            cod: Vnd(m.cod_amount),
            description: m.description,
        })
    }

    /// The carrier's reply: the waybill, or a refusal with `status` and its words.
    pub fn encode_order_reply(
        &self,
        reply: Result<&Waybill, (&str, &str)>,
    ) -> Result<Vec<u8>, CarrierError> {
        let reply = match reply {
            Ok(w) => OrderReply {
                status: ORDER_ACCEPTED.into(),
                message: "Thành công".into(),
                order_number: Some(w.order.to_string()),
                item_code: Some(w.item.to_string()),
            },
            Err((status, message)) => OrderReply {
                status: status.into(),
                message: message.into(),
                order_number: None,
                item_code: None,
            },
        };
        json::encode(&reply, "the order reply")
    }

    /// The carrier's page of its feed. Report ids must be `vnpost-{n}` (the feed's ids).
    pub fn encode_feed(&self, page: &TrackingPage) -> Result<Vec<u8>, CarrierError> {
        let docs = page
            .events
            .iter()
            .map(|e| {
                let id =
                    e.id.strip_prefix("vnpost-")
                        .and_then(|n| n.parse().ok())
                        .ok_or_else(|| {
                            CarrierError::new(
                                AdapterErrorKind::Unsupported,
                                CARRIER,
                                format!("report id {:?} is not vnpost-<number>", e.id),
                            )
                        })?;
                Ok(TrackingDoc {
                    id,
                    order_number: e.order.to_string(),
                    item_code: e.item.as_ref().map(ToString::to_string),
                    status_code: e.code.clone(),
                    status_message: e.message.clone(),
                    status_time: e
                        .at
                        .display_with_offset(hoso_core::time::VIETNAM_OFFSET)
                        .to_string(),
                })
            })
            .collect::<Result<Vec<_>, CarrierError>>()?;
        json::encode(
            &TrackingFeed {
                embedded: Embedded { docs },
                last_id: page.next.0,
            },
            "the tracking feed",
        )
    }

    /// The token endpoint's answer.
    pub fn encode_token(&self, token: &str) -> Result<Vec<u8>, CarrierError> {
        json::encode(
            &TokenReply {
                access_token: token.into(),
                token_type: "Bearer".into(),
                expires_in: 3600,
            },
            "the token reply",
        )
    }
}
