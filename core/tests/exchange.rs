//! The REST exchange every agency adapter is: paths from the routes, the idempotency key beside the message,
//! the receipt checks, and the policy for messages the port cannot carry. Run against a codec writing the port's
//! own JSON and a transport answering from memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyAdapter, AgencyCodec, AgencyMessage, AgencyRef,
    AgencyTransport, Capabilities, Method, Notice, OnUnsupported, OutboundKind, OutboundMessage,
    ProcessingUpdate, RestCodec, RestExchange, Routes, SubmissionReceipt, SupplementDelivery,
    TransportRequest, TransportResponse, WireFormat, Withdrawal,
};
use hoso_core::{AgencyCode, DossierCode};

const DOSSIER: &str = "000.00.15.H22-260302-0001";
const UNSUPPORTED: &[u8] = b"a status the port has no notice for";

fn agency() -> AgencyCode {
    "000.00.15.H22".parse().unwrap()
}

fn dossier() -> DossierCode {
    DOSSIER.parse().unwrap()
}

/// The port's messages as JSON; `UNSUPPORTED` decodes to an `Unsupported` error, as a status the port cannot
/// carry does.
#[derive(Debug, Clone)]
struct JsonCodec {
    agency: AgencyCode,
    routes: Routes,
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

fn invalid(agency: &AgencyCode, e: serde_json::Error) -> AdapterError {
    AdapterError::new(
        AdapterErrorKind::InvalidPayload,
        agency.clone(),
        e.to_string(),
    )
}

impl AgencyCodec for JsonCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(WireFormat::Json)
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        if bytes == UNSUPPORTED {
            return Err(AdapterError::new(
                AdapterErrorKind::Unsupported,
                self.agency.clone(),
                "no notice for it",
            )
            .with_agency_code("paymentRequired"));
        }
        serde_json::from_slice(bytes).map_err(|e| invalid(&self.agency, e))
    }

    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        Ok(json(message))
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        serde_json::from_slice(bytes).map_err(|e| invalid(&self.agency, e))
    }
}

impl RestCodec for JsonCodec {
    fn routes(&self) -> Routes {
        self.routes
    }
}

const ROUTES: Routes = Routes::new("/dossiers", "messages", "application/json")
    .with_prefix("/v2")
    .with_supplement("supplements")
    .with_withdrawal("withdrawal")
    .with_reference_name("the agency's reference");

/// Answers from a table of path -> (status, body), 404 for any other path; records every request.
#[derive(Debug, Default)]
struct Table {
    answers: Mutex<HashMap<String, (u16, Vec<u8>)>>,
    requests: Mutex<Vec<TransportRequest>>,
}

impl Table {
    fn answer(&self, path: &str, status: u16, body: Vec<u8>) {
        self.answers
            .lock()
            .unwrap()
            .insert(path.to_owned(), (status, body));
    }

    fn requests(&self) -> Vec<TransportRequest> {
        self.requests.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl AgencyTransport for Table {
    async fn exchange(&self, request: TransportRequest) -> Result<TransportResponse, AdapterError> {
        let (status, body) = self
            .answers
            .lock()
            .unwrap()
            .get(&request.path)
            .cloned()
            .unwrap_or((404, Vec::new()));
        self.requests.lock().unwrap().push(request);
        Ok(TransportResponse {
            status,
            retry_after: None,
            body,
        })
    }
}

fn exchange(routes: Routes) -> (RestExchange<JsonCodec>, Arc<Table>) {
    let table = Arc::new(Table::default());
    let codec = JsonCodec {
        agency: agency(),
        routes,
    };
    (
        RestExchange::new(codec, Arc::clone(&table) as Arc<dyn AgencyTransport>),
        table,
    )
}

fn withdrawal(reference: &str) -> OutboundMessage {
    OutboundMessage::Withdrawal(Withdrawal {
        message_id: "RUT-1".into(),
        sent_at: jiff::Timestamp::UNIX_EPOCH,
        dossier: dossier(),
        reference: Some(AgencyRef(reference.into())),
        reason: "Người nộp rút hồ sơ".into(),
    })
}

fn receipt(dossier: &str, reference: &str, key: &str) -> Vec<u8> {
    json(&SubmissionReceipt {
        agency: agency(),
        dossier: dossier.parse().unwrap(),
        reference: AgencyRef(reference.into()),
        idempotency_key: key.into(),
        received_at: jiff::Timestamp::UNIX_EPOCH,
    })
}

fn notice(id: &str) -> Vec<u8> {
    json(&AgencyMessage {
        message_id: id.into(),
        agency: agency(),
        dossier: dossier(),
        reference: Some(AgencyRef("HC-1".into())),
        sent_at: jiff::Timestamp::UNIX_EPOCH,
        officer: None,
        notice: Notice::Processing {
            update: ProcessingUpdate::Started,
            note: None,
        },
    })
}

#[tokio::test]
async fn a_message_goes_to_its_route_with_the_key_beside_it_and_unchanged() {
    let (exchange, table) = exchange(ROUTES);
    table.answer(
        "/v2/dossiers/HC-1/withdrawal",
        201,
        receipt(DOSSIER, "HC-1", "key-7"),
    );
    let message = withdrawal("HC-1");

    let filed = exchange.send_with_key(&message, "key-7").await.unwrap();

    assert_eq!(filed.idempotency_key, "key-7");
    let requests = table.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, Method::Post);
    assert_eq!(requests[0].idempotency_key.as_deref(), Some("key-7"));
    assert_eq!(requests[0].content_type, Some("application/json"));
    let sent: OutboundMessage = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(
        sent, message,
        "the body is the caller's message, its id included"
    );
    assert!(exchange.capabilities().idempotent_submission);
}

#[tokio::test]
async fn send_uses_the_message_id_as_the_key() {
    let (exchange, table) = exchange(ROUTES);
    table.answer(
        "/v2/dossiers/HC-1/withdrawal",
        201,
        receipt(DOSSIER, "HC-1", "RUT-1"),
    );
    exchange.send(&withdrawal("HC-1")).await.unwrap();
    assert_eq!(
        table.requests()[0].idempotency_key.as_deref(),
        Some("RUT-1")
    );
}

#[tokio::test]
async fn receipts_for_another_dossier_or_key_or_with_an_unsafe_reference_are_refused() {
    let long = "R".repeat(129);
    let cases = [
        (
            receipt("000.00.15.H22-260302-0002", "HC-1", "RUT-1"),
            "not 000.00.15.H22-260302-0001",
        ),
        (
            receipt(DOSSIER, "HC-1", "RUT-other"),
            "acknowledges idempotency key RUT-other, not RUT-1",
        ),
        (receipt(DOSSIER, &long, "RUT-1"), "not a safe path segment"),
        (
            receipt(DOSSIER, "../admin", "RUT-1"),
            "not a safe path segment",
        ),
    ];
    for (body, expected) in cases {
        let (exchange, table) = exchange(ROUTES);
        table.answer("/v2/dossiers/HC-1/withdrawal", 201, body);
        let error = exchange.send(&withdrawal("HC-1")).await.unwrap_err();
        assert_eq!(error.kind(), AdapterErrorKind::InvalidPayload, "{error}");
        assert!(error.message().contains(expected), "{error}");
    }

    // A receipt that carries no key, and a reference of exactly 128 characters, pass.
    let (exchange, table) = exchange(ROUTES);
    let longest = "R".repeat(128);
    table.answer(
        "/v2/dossiers/HC-1/withdrawal",
        201,
        receipt(DOSSIER, &longest, ""),
    );
    let filed = exchange.send(&withdrawal("HC-1")).await.unwrap();
    assert_eq!(filed.reference.as_str(), longest);
}

#[tokio::test]
async fn a_reference_that_could_change_the_path_is_never_sent() {
    let (exchange, table) = exchange(ROUTES);
    for reference in ["", ".", "..", "a/b", "a?b", &"R".repeat(129)] {
        let error = exchange.send(&withdrawal(reference)).await.unwrap_err();
        assert_eq!(error.kind(), AdapterErrorKind::InvalidPayload, "{error}");
        assert!(
            error
                .message()
                .starts_with("the agency's reference is not a safe path segment"),
            "{error}"
        );
        let error = exchange
            .poll(&AgencyRef(reference.into()))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), AdapterErrorKind::InvalidPayload, "{error}");
    }
    assert!(table.requests().is_empty());
}

#[tokio::test]
async fn a_kind_without_a_route_is_unsupported_and_nothing_is_sent() {
    let (exchange, table) = exchange(Routes::new("/dossiers", "messages", "application/json"));
    let supplement = OutboundMessage::SupplementDelivered(SupplementDelivery {
        message_id: "BS-1".into(),
        sent_at: jiff::Timestamp::UNIX_EPOCH,
        dossier: dossier(),
        reference: Some(AgencyRef("HC-1".into())),
        documents: Vec::new(),
    });
    for message in [supplement, withdrawal("HC-1")] {
        let error = exchange.send(&message).await.unwrap_err();
        assert_eq!(error.kind(), AdapterErrorKind::Unsupported, "{error}");
        assert!(!error.is_retryable());
    }
    assert!(table.requests().is_empty());
    assert_eq!(ROUTES.segment(OutboundKind::Submission), None);
}

#[tokio::test]
async fn a_message_the_port_cannot_carry_fails_the_poll_or_is_skipped_as_the_routes_say() {
    let serve = |table: &Table| {
        table.answer("/v2/dossiers/HC-1/messages/0", 200, notice("m-0"));
        table.answer("/v2/dossiers/HC-1/messages/1", 200, UNSUPPORTED.to_vec());
        table.answer("/v2/dossiers/HC-1/messages/2", 200, notice("m-2"));
    };

    let (failing, table) = exchange(ROUTES);
    serve(&table);
    let error = failing.poll(&AgencyRef("HC-1".into())).await.unwrap_err();
    assert_eq!(error.kind(), AdapterErrorKind::Unsupported);
    assert_eq!(error.agency_code(), Some("paymentRequired"));

    let (skipping, table) = exchange(ROUTES.with_on_unsupported(OnUnsupported::Skip));
    serve(&table);
    let messages = skipping.poll(&AgencyRef("HC-1".into())).await.unwrap();
    let ids: Vec<_> = messages.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(
        ids,
        ["m-0", "m-2"],
        "the skipped message is left out, the next read"
    );
    let paths: Vec<_> = table.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/v2/dossiers/HC-1/messages/0",
            "/v2/dossiers/HC-1/messages/1",
            "/v2/dossiers/HC-1/messages/2",
            "/v2/dossiers/HC-1/messages/3",
        ]
    );
}
