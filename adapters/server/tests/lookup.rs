//! Tra cứu hồ sơ over HTTP: the form, the answer as a page and as JSON, one answer for every failure, the
//! throttle per client and per code.

mod common;

use std::sync::Arc;

use common::{ID_DIGITS, PHONE_DIGITS, TestServer, sample_code};
use hoso_core::store::{EventStore, MemoryStore};
use hoso_server::LookupPolicy;
use jiff::SignedDuration;

fn lookup(code: &str, digits: &str) -> String {
    format!("/tra-cuu?ma={code}&so={digits}")
}

#[tokio::test]
async fn the_form_is_served_without_a_query() {
    let server = TestServer::start().await;
    let page = server.get("/tra-cuu").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().await.unwrap();
    assert!(html.contains("<form method=\"get\" action=\"/tra-cuu\">"));
    assert!(html.contains("name=\"ma\"") && html.contains("name=\"so\""));
    assert!(html.contains("width=device-width"), "usable on a phone");
    assert!(!html.contains("<script"), "works without JavaScript");
    let en = server.get("/tra-cuu?lang=en").await.text().await.unwrap();
    assert!(en.contains("Look up a dossier") && en.contains("<html lang=\"en\">"));
    server.shutdown().await;
}

#[tokio::test]
async fn the_right_digits_of_the_id_or_the_phone_show_the_dossier_and_a_masked_name_only() {
    let server = TestServer::start().await;
    for digits in [ID_DIGITS, PHONE_DIGITS] {
        let page = server.get(&lookup(&sample_code(), digits)).await;
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["cache-control"], "no-store");
        assert_eq!(page.headers()["referrer-policy"], "no-referrer");
        let html = page.text().await.unwrap();
        assert!(html.contains("N*** V*** A***"), "{html}");
        assert!(
            html.contains("Đã giao cơ quan"),
            "the postal leg: handed to the agency"
        );
        for personal in ["Nguyễn", "079090001234", "0912345678", "Lê Lợi"] {
            assert!(!html.contains(personal), "{personal} shown");
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn json_gives_both_legs_the_due_date_the_paper_and_the_tracking_number() {
    let server = TestServer::start().await;
    let answer = server.get_json(&lookup(&sample_code(), ID_DIGITS)).await;
    assert_eq!(answer.status(), 200);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["dossier"], sample_code());
    assert_eq!(body["applicant"], "N*** V*** A***");
    assert_eq!(body["postal_leg"]["state"], "handed_to_agency");
    assert_eq!(body["paper"]["holder"], "agency");
    assert!(body["agency_leg"]["state"].is_string());
    assert!(
        body["tracking"].as_array().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    assert_eq!(body["procedure"]["code"], "1.002820");
    let text = body.to_string();
    for personal in ["Nguy", "079090001234", "0912345678"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    server.shutdown().await;
}

/// Status, content type and body of an answer: what must not differ between failures.
async fn answer_of(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn an_unknown_code_and_wrong_digits_give_the_same_answer_byte_for_byte() {
    let server = TestServer::start_with(
        {
            let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
            common::seed(store.clone(), 6).await;
            store
        },
        |c| {
            c.with_lookup(
                LookupPolicy::default()
                    .with_floor(std::time::Duration::ZERO)
                    .with_max_failures(1000, 1000),
            )
        },
    )
    .await;
    let known = sample_code();
    let unknown = known.replace("-0001", "-0002");
    for json in [false, true] {
        let get = |path: String| {
            let server = &server;
            async move {
                if json {
                    server.get_json(&path).await
                } else {
                    server.get(&path).await
                }
            }
        };
        let wrong = answer_of(get(lookup(&known, "9999")).await).await;
        let absent = answer_of(get(lookup(&unknown, ID_DIGITS)).await).await;
        assert_eq!(wrong.0, 404);
        assert_eq!(wrong, absent, "json: {json}");
        // Enumerating codes: every unknown code answers exactly as the known one with wrong digits.
        for n in 2..30 {
            let code = known.replace("-0001", &format!("-{n:04}"));
            assert_eq!(
                answer_of(get(lookup(&code, "0000")).await).await,
                wrong,
                "{code}"
            );
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_malformed_field_is_named_without_reading_the_store() {
    let server = TestServer::start().await;
    let bad_code = server.get_json(&lookup("H56-1", ID_DIGITS)).await;
    assert_eq!(bad_code.status(), 400);
    let body: serde_json::Value = bad_code.json().await.unwrap();
    assert_eq!(body["field"], "ma");
    let bad_digits = server.get_json(&lookup(&sample_code(), "12345")).await;
    let body: serde_json::Value = bad_digits.json().await.unwrap();
    assert_eq!(body["field"], "so");
    let undecodable = server.get("/tra-cuu?ma=%ZZ&so=1234").await;
    assert_eq!(undecodable.status(), 400);
    server.shutdown().await;
}

#[tokio::test]
async fn wrong_guesses_from_one_client_are_throttled_after_the_limit_until_the_window_ends() {
    let server = TestServer::start().await;
    let limit = LookupPolicy::default().max_failures_per_client;
    let code = sample_code();
    // Guesses spread over many codes, so that only the client's own count can stop them.
    for n in 0..limit {
        let guess = code.replace("-0001", &format!("-{:04}", n + 100));
        assert_eq!(
            server.get(&lookup(&guess, "0000")).await.status(),
            404,
            "guess {n}"
        );
    }
    for n in 0..100 {
        let guess = code.replace("-0001", &format!("-{:04}", n + 500));
        let throttled = server.get_json(&lookup(&guess, "0000")).await;
        assert_eq!(throttled.status(), 429, "guess {n} past the limit");
        assert_eq!(throttled.headers()["retry-after"], "900");
    }
    // Even the right digits wait: the throttle does not reveal a match.
    assert_eq!(server.get(&lookup(&code, ID_DIGITS)).await.status(), 429);
    server.clock.advance(SignedDuration::from_mins(15));
    assert_eq!(server.get(&lookup(&code, ID_DIGITS)).await.status(), 200);
    server.shutdown().await;
}

#[tokio::test]
async fn wrong_guesses_at_one_code_from_many_clients_throttle_that_code() {
    let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
    common::seed(store.clone(), 6).await;
    let server = TestServer::start_with(store, |c| {
        c.with_lookup(LookupPolicy::default().with_floor(std::time::Duration::ZERO))
            .with_client_ip_header(axum::http::HeaderName::from_static("x-real-ip"))
    })
    .await;
    let code = sample_code();
    let from = |ip: String, digits: &str| {
        server
            .client
            .get(server.url(&lookup(&code, digits)))
            .header("x-real-ip", ip)
            .send()
    };
    let per_code = LookupPolicy::default().max_failures_per_code;
    for n in 0..per_code {
        let r = from(format!("198.51.100.{n}"), "0000").await.unwrap();
        assert_eq!(r.status(), 404);
    }
    let r = from("198.51.100.200".into(), ID_DIGITS).await.unwrap();
    assert_eq!(r.status(), 429, "the code is throttled for every client");
    // An unknown code is throttled the same way after the same number of failures: no signal either.
    let unknown = code.replace("-0001", "-0777");
    for n in 0..per_code {
        let r = server
            .client
            .get(server.url(&lookup(&unknown, "0000")))
            .header("x-real-ip", format!("203.0.113.{n}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
    let r = server
        .client
        .get(server.url(&lookup(&unknown, "0000")))
        .header("x-real-ip", "203.0.113.200")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    server.shutdown().await;
}
