//! VNPost's side of the wire over the kit's carrier simulator, and a carrier connected to it.

#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use hoso_core::adapter::AgencyTransport;
use hoso_core::carrier::TrackingCursor;
use hoso_testkit::LoopbackTransport;
use hoso_testkit::carrier_http::{CarrierFront, CarrierHttpSimulator, FrontRequest, FrontResponse};
use hoso_testkit::carrier_sim::CarrierSimulator;
use hoso_vnpost::{
    CANCEL_PATH, Credentials, ORDER_PATH, TOKEN_PATH, TRACKING_PATH, VNPOST_STATUS, VnpostCarrier,
    VnpostCodec,
};

pub const CUSTOMER: &str = "HCC-KH-0001";
pub const KEY: &str = "hoso-khanh-hoa";
pub const SECRET: &str = "s3cr3t/+&=";

/// VNPost's API as the simulator plays it: tokens numbered from 1; a token is refused once a newer one
/// was issued or after `expire`.
#[derive(Default)]
pub struct VnpostFront {
    issued: AtomicUsize,
    expired: AtomicUsize,
}

impl VnpostFront {
    /// Refuses the current token from now on.
    pub fn expire(&self) {
        self.expired
            .store(self.issued.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    /// How many tokens were issued.
    pub fn tokens_issued(&self) -> usize {
        self.issued.load(Ordering::SeqCst)
    }
}

fn answer(status: u16, body: Vec<u8>) -> FrontResponse {
    FrontResponse { status, body }
}

fn query(path: &str, name: &str) -> Option<u64> {
    path.split_once('?')?
        .1
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?
        .parse()
        .ok()
}

impl CarrierFront for VnpostFront {
    fn serve(&self, sim: &CarrierSimulator, request: FrontRequest) -> FrontResponse {
        let codec = VnpostCodec::new(CUSTOMER);
        let path = request.path_and_query.as_str();
        if path == TOKEN_PATH {
            let form = String::from_utf8_lossy(&request.body).into_owned();
            let expected = format!(
                "grant_type=client_credentials&client_id={KEY}&client_secret=s3cr3t%2F%2B%26%3D"
            );
            if form != expected {
                return answer(401, b"{}".to_vec());
            }
            let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
            return answer(200, codec.encode_token(&format!("tok-{n}")).unwrap());
        }
        let current = format!("tok-{}", self.issued.load(Ordering::SeqCst));
        let live = self.expired.load(Ordering::SeqCst) < self.issued.load(Ordering::SeqCst);
        if request.bearer.as_deref() != Some(current.as_str()) || !live {
            return answer(401, b"{\"error\":\"invalid_token\"}".to_vec());
        }
        if path == ORDER_PATH {
            let order = match codec.decode_order(&request.body) {
                Ok(order) => order,
                Err(e) => {
                    return answer(
                        400,
                        codec.encode_order_reply(Err(("400", e.message()))).unwrap(),
                    );
                }
            };
            let reply = match sim.place(&order) {
                Ok(w) => codec.encode_order_reply(Ok(&w)),
                Err(e) => codec.encode_order_reply(Err(("102", e.message()))),
            };
            return answer(200, reply.unwrap());
        }
        if path.starts_with(TRACKING_PATH) {
            let (Some(size), Some(last)) = (query(path, "pagesize"), query(path, "lastId")) else {
                return answer(400, b"{}".to_vec());
            };
            let page = sim.page(TrackingCursor(last), usize::try_from(size).unwrap_or(1));
            return answer(200, codec.encode_feed(&page).unwrap());
        }
        if path == CANCEL_PATH {
            let v: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
            let Some(Ok(number)) = v["OrderNumber"].as_str().map(str::parse) else {
                return answer(400, b"{}".to_vec());
            };
            return match sim.cancel_order(&number) {
                Ok(()) => answer(200, b"{\"Status\":\"100\"}".to_vec()),
                Err(_) => answer(404, b"{}".to_vec()),
            };
        }
        answer(404, b"{}".to_vec())
    }
}

/// A fresh simulator behind VNPost's front, and a `VnpostCarrier` connected to it.
pub async fn connected() -> (
    VnpostCarrier,
    CarrierSimulator,
    Arc<VnpostFront>,
    CarrierHttpSimulator,
) {
    let sim = CarrierSimulator::new(VNPOST_STATUS);
    let front = Arc::new(VnpostFront::default());
    let server = CarrierHttpSimulator::start(sim.clone(), front.clone())
        .await
        .expect("start the carrier's front");
    let transport: Arc<dyn AgencyTransport> = Arc::new(
        LoopbackTransport::new("000.00.01.H56".parse().unwrap(), server.base_url())
            .expect("transport"),
    );
    let carrier = VnpostCarrier::new(
        VnpostCodec::new(CUSTOMER),
        Credentials {
            customer_key: KEY.into(),
            secret_key: SECRET.into(),
        },
        transport,
    );
    (carrier, sim, front, server)
}
