//! Procedure pages: the version in force today, its documents, fees and time limits per channel, postal
//! forms and legal basis; a province's own version; the OpenAPI document as committed.

mod common;

use common::TestServer;

#[tokio::test]
async fn a_procedure_page_shows_the_version_in_force_today_with_its_documents_and_fees() {
    let server = TestServer::start().await;
    let page = server.get("/thu-tuc/1.002820").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Giấy khám sức khỏe của người lái xe (trừ giấy phép lái xe mô tô)"),
        "2025 list"
    );
    assert!(html.contains("2025-03-01"), "the version's first day");
    assert!(
        html.contains("115.000 ₫") && html.contains("135.000 ₫"),
        "fees per channel"
    );
    assert!(html.contains("ngày làm việc"), "time limit in working days");
    assert!(html.contains("Nhận kết quả qua bưu điện"), "postal forms");
    assert!(
        html.contains("<h2>Căn cứ pháp lý</h2><ul><li>"),
        "legal basis"
    );
    let en = server
        .get("/thu-tuc/1.002820?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(en.contains("working days") && en.contains("Receive the result by post"));
    server.shutdown().await;
}

#[tokio::test]
async fn the_version_shown_is_the_one_in_force_on_the_servers_date() {
    let server = TestServer::start().await;
    server.clock.set("2024-06-01T03:00:00Z".parse().unwrap());
    let json = server.json("/thu-tuc/1.002820").await;
    assert_eq!(json["effective_from"], "2023-12-01");
    assert_eq!(json["effective_until"], "2025-02-28");
    server.clock.set("2026-03-05T03:00:00Z".parse().unwrap());
    let json = server.json("/thu-tuc/1.002820").await;
    assert_eq!(json["effective_from"], "2025-03-01");
    server.shutdown().await;
}

#[tokio::test]
async fn a_province_sees_its_own_version_and_the_national_one_otherwise() {
    let server = TestServer::start().await;
    let own = server.json("/thu-tuc/1.013978?tinh=2025:province:75").await;
    assert_eq!(own["province"], "2025:province:75");
    let national = server.json("/thu-tuc/1.013978?tinh=2025:province:01").await;
    assert!(national.get("province").is_none());
    let bad = server.get_json("/thu-tuc/1.013978?tinh=75").await;
    assert_eq!(bad.status(), 400);
    server.shutdown().await;
}

#[tokio::test]
async fn an_unknown_or_malformed_procedure_code_is_not_found() {
    let server = TestServer::start().await;
    assert_eq!(server.get("/thu-tuc/9.999999").await.status(), 404);
    assert_eq!(server.get("/thu-tuc/not-a-code").await.status(), 404);
    let body = server.json("/thu-tuc/9.999999").await;
    assert_eq!(body["error"], "not_found");
    server.shutdown().await;
}

/// `HOSO_BLESS=1 cargo test -p hoso-server --test procedure` rewrites `docs/openapi.json`.
#[tokio::test]
async fn the_served_openapi_document_is_the_committed_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    let generated = hoso_server::openapi_json();
    if std::env::var("HOSO_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        committed, generated,
        "docs/openapi.json is stale: rerun with HOSO_BLESS=1"
    );
    let server = TestServer::start().await;
    let served: serde_json::Value = server.get("/openapi.json").await.json().await.unwrap();
    let committed: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(served, committed);
    // Every route the server answers is in it.
    for route in [
        "/healthz",
        "/readyz",
        "/tra-cuu",
        "/thu-tuc/{code}",
        "/diem-phuc-vu",
        "/openapi.json",
    ] {
        assert!(served["paths"].get(route).is_some(), "{route}");
    }
    server.shutdown().await;
}

/// Runs the OpenAPI validator of the Python ecosystem (`openapi-spec-validator`, installed by `.ci/test`)
/// on `path`.
fn validate_openapi(path: &std::path::Path) -> std::process::Output {
    std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(path)
        .output()
        .expect("python3 runs (the validator is installed by .ci/test)")
}

#[test]
fn the_committed_openapi_document_passes_an_independent_validator() {
    let committed = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/openapi.json"
    ));
    let out = validate_openapi(committed);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The validator does refuse a broken document: the same one with a response that has no description.
    let mut broken: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(committed).unwrap()).unwrap();
    broken["paths"]["/healthz"]["get"]["responses"]["200"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    let dir = std::env::temp_dir().join(format!("hoso-openapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.json");
    std::fs::write(&path, broken.to_string()).unwrap();
    let out = validate_openapi(&path);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        !out.status.success(),
        "a response without a description passed"
    );
}
