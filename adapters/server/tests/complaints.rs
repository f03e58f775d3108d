//! Complaints over HTTP: a citizen files one with the lookup's credentials (and every failure is the lookup's
//! one answer), a complaint sent again is the same complaint, and an operator lists the overdue ones.

mod common;

use std::sync::Arc;

use common::{ID_DIGITS, TestServer, sample_code, seed};
use hoso_core::store::{EventStore, MemoryStore};
use hoso_server::TokenDigest;
use jiff::SignedDuration;

const OPERATOR: &str = "operator-token-for-tests";

/// A server over the sample dossier delivered (Sunday 8 March 2026), its clock on Monday 9 March 10:00.
async fn delivered() -> TestServer {
    let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
    seed(store.clone(), 14).await;
    let server =
        TestServer::start_with(store, |c| c.with_operator(TokenDigest::of(OPERATOR))).await;
    server.clock.advance(SignedDuration::from_hours(4 * 24 + 1));
    server
}

/// `application/x-www-form-urlencoded`, as a browser sends a form.
fn form(fields: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn complain(server: &TestServer, code: &str, digits: &str, text: &str) -> (u16, String) {
    let response = server
        .client
        .post(server.url("/tra-cuu/khieu-nai"))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("ma", code),
            ("so", digits),
            ("loai", "late_carriage"),
            ("noi_dung", text),
        ]))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn a_complaint_with_the_lookups_credentials_is_filed_once() {
    let server = delivered().await;
    let (status, body) = complain(&server, &sample_code(), ID_DIGITS, "Kết quả đến chậm").await;
    assert_eq!(status, 201, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["complaint"], "KN1");
    // Filed Monday 9 March within a province: due Monday 16 March (Circular 17/2017/TT-BTTTT Art 8(1)(b)).
    assert_eq!(answer["resolution_due"], "2026-03-16");
    let (again, body) = complain(&server, &sample_code(), ID_DIGITS, "Kết quả đến chậm").await;
    assert_eq!(again, 200, "{body}");
    assert!(
        body.contains("already_recorded") && body.contains("KN1"),
        "{body}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn wrong_digits_and_an_unknown_code_give_the_lookups_one_answer() {
    let server = delivered().await;
    let wrong = complain(&server, &sample_code(), "0000", "Kết quả đến chậm").await;
    let unknown = complain(
        &server,
        "000.00.01.H56-260302-9999",
        ID_DIGITS,
        "Kết quả đến chậm",
    )
    .await;
    assert_eq!(wrong.0, 404);
    assert_eq!(wrong, unknown);
    let lookup = server
        .get_json(&format!("/tra-cuu?ma={}&so=0000", sample_code()))
        .await;
    assert_eq!(
        lookup.text().await.unwrap(),
        wrong.1,
        "the same bytes as the lookup's"
    );
    // An empty text is named before the store is read.
    let (status, body) = complain(&server, &sample_code(), ID_DIGITS, "  ").await;
    assert_eq!(status, 400);
    assert!(body.contains("noi_dung"), "{body}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_complaint_after_six_months_is_refused_with_the_last_day_circular_17_2017_art_8_1_a() {
    let server = delivered().await;
    // Delivered 8 March: the last day is 8 September; the clock goes to 9 September.
    server.clock.advance(SignedDuration::from_hours(184 * 24));
    let (status, body) = complain(&server, &sample_code(), ID_DIGITS, "Kết quả đến chậm").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("filing_window_closed") && body.contains("2026-09-08"),
        "{body}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn an_operator_lists_the_overdue_complaints() {
    let server = delivered().await;
    complain(&server, &sample_code(), ID_DIGITS, "Kết quả đến chậm").await;
    let path = "/api/v1/complaints/overdue";
    let refused = server.client.get(server.url(path)).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 401);
    let wrong = server
        .client
        .get(server.url(path))
        .bearer_auth("not-it")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let list = |server: &TestServer| {
        server
            .client
            .get(server.url(path))
            .bearer_auth(OPERATOR)
            .send()
    };
    let on_time: serde_json::Value = list(&server).await.unwrap().json().await.unwrap();
    assert_eq!(on_time["complaints"].as_array().unwrap().len(), 0);
    // Tuesday 17 March: a day past its due date.
    server.clock.advance(SignedDuration::from_hours(8 * 24));
    let late: serde_json::Value = list(&server).await.unwrap().json().await.unwrap();
    let complaints = late["complaints"].as_array().unwrap();
    assert_eq!(complaints.len(), 1, "{late}");
    assert_eq!(complaints[0]["dossier"], sample_code());
    assert_eq!(complaints[0]["resolution_due"], "2026-03-16");
    assert_eq!(complaints[0]["state"], "filed");
    server.shutdown().await;
}
