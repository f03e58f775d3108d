//! Complaints and ratings over HTTP: a citizen files one with the lookup's credentials (and every failure is
//! the lookup's one answer), a complaint sent again is the same complaint, an operator lists the overdue
//! ones, and a delivered dossier is rated once.

mod common;

use std::sync::Arc;

use common::{ID_DIGITS, PHONE_DIGITS, TestServer, sample_code, seed};
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

/// Posts a form as a browser does, asking for JSON: the status and the body.
async fn post_form(server: &TestServer, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let response = server
        .client
        .post(server.url(path))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(fields))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn complain(server: &TestServer, code: &str, digits: &str, text: &str) -> (u16, String) {
    let fields = [
        ("ma", code),
        ("so", digits),
        ("loai", "late_carriage"),
        ("noi_dung", text),
    ];
    post_form(server, "/tra-cuu/khieu-nai", &fields).await
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

async fn rate(server: &TestServer, digits: &str, rating: &str, comment: &str) -> (u16, String) {
    let code = sample_code();
    let fields = [
        ("ma", code.as_str()),
        ("so", digits),
        ("diem", rating),
        ("nhan_xet", comment),
    ];
    post_form(server, "/tra-cuu/danh-gia", &fields).await
}

#[tokio::test]
async fn a_delivered_dossier_is_rated_once() {
    let server = delivered().await;
    let (status, body) = rate(&server, ID_DIGITS, "4", "Nhanh, đúng hẹn").await;
    assert_eq!(status, 201, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["status"], "recorded");
    assert_eq!(answer["rating"], 4);
    // The same rating sent again (a double click, a retry) is the same rating.
    let (again, body) = rate(&server, ID_DIGITS, "4", "Nhanh, đúng hẹn").await;
    assert_eq!(again, 200, "{body}");
    assert!(body.contains("already_recorded"), "{body}");
    // Another one is refused, with the day of the first (Monday 9 March 2026, Vietnam's date).
    let (other, body) = rate(&server, PHONE_DIGITS, "1", "").await;
    assert_eq!(other, 422, "{body}");
    assert!(
        body.contains("already_rated") && body.contains("2026-03-09"),
        "{body}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_rating_before_delivery_is_refused() {
    let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
    seed(store.clone(), 5).await;
    let server = TestServer::start_with(store, |c| c).await;
    let (status, body) = rate(&server, ID_DIGITS, "5", "").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("not_delivered"), "{body}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_malformed_rating_is_named_and_wrong_digits_give_the_lookups_one_answer() {
    let server = delivered().await;
    for bad in ["0", "6", "", "năm", "4.5"] {
        let (status, body) = rate(&server, ID_DIGITS, bad, "").await;
        assert_eq!(status, 400, "{bad:?}: {body}");
        assert!(body.contains("\"field\":\"diem\""), "{bad:?}: {body}");
    }
    let (status, body) = rate(&server, ID_DIGITS, "3", &"x".repeat(4001)).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"field\":\"nhan_xet\""), "{body}");
    let wrong = rate(&server, "0000", "5", "").await;
    assert_eq!(wrong.0, 404);
    let lookup = server
        .get_json(&format!("/tra-cuu?ma={}&so=0000", sample_code()))
        .await;
    assert_eq!(lookup.text().await.unwrap(), wrong.1);
    // None of these recorded anything: the right digits still rate.
    let (status, body) = rate(&server, ID_DIGITS, "5", "").await;
    assert_eq!(status, 201, "{body}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_field_given_twice_is_malformed_not_read_as_one_of_its_copies() {
    let server = delivered().await;
    let code = sample_code();
    let fields = [
        ("ma", code.as_str()),
        ("so", ID_DIGITS),
        ("diem", "5"),
        ("diem", "1"),
    ];
    let (status, body) = post_form(&server, "/tra-cuu/danh-gia", &fields).await;
    assert_eq!(status, 400, "{body}");
    let fields = [("ma", code.as_str()), ("so", ID_DIGITS), ("so", "0000")];
    let (status, body) = post_form(&server, "/tra-cuu/danh-gia", &fields).await;
    assert_eq!(status, 400, "{body}");
}
