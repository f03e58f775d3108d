//! The service-point directory: search by 2025 and older names, forgiving of how names are typed, opening
//! hours against the server's clock, the page in both languages, JSON, refused queries, and the loader's
//! errors.

mod common;

use std::sync::Arc;

use common::TestServer;
use hoso_core::store::MemoryStore;
use hoso_server::{Directory, DirectoryError};
use serde_json::Value;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/service-points.csv");

const HEADER: &str = "id,name,kind,address,commune,commune_code,former_communes,province,hours,services,phone,latitude,longitude,source,verified";

/// Test data (not facts): a point in a ward formed from communes of the former Bình Dương province, with a
/// lunch break, closed on Sundays.
const FIXTURE_ROW: &str = "T-TDM,Bưu cục thử nghiệm Thủ Dầu Một,post_office,1 Đường thử,Phường Thủ Dầu Một,2025:ward:25747,Phường Phú Cường; Phường Hiệp Thành,Hồ Chí Minh,\"Mo-Fr 07:00-11:30,13:30-17:00; Sa 07:00-11:30\",receive_dossiers; return_results; collect_fees,0274 3822 000,10.98,106.65,test fixture,no";

fn directory() -> Directory {
    let mut csv = std::fs::read_to_string(SAMPLE).unwrap();
    csv.push_str(FIXTURE_ROW);
    csv.push('\n');
    Directory::from_csv(&csv).unwrap()
}

async fn server() -> TestServer {
    TestServer::start_with(Arc::new(MemoryStore::new()), |c| {
        c.with_directory(directory())
    })
    .await
}

fn ids(answer: &Value) -> Vec<&str> {
    answer["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect()
}

fn notice_kinds(answer: &Value) -> Vec<&str> {
    answer["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect()
}

#[test]
fn the_shipped_sample_loads() {
    let sample = Directory::load(SAMPLE).unwrap();
    assert!(sample.points().len() >= 2);
    assert!(sample.points().iter().all(|p| !p.source.is_empty()));
}

#[tokio::test]
async fn a_2025_province_lists_its_points_and_no_other() {
    let server = server().await;
    let hn = server
        .json("/diem-phuc-vu?tinh=Th%C3%A0nh%20ph%E1%BB%91%20H%C3%A0%20N%E1%BB%99i")
        .await;
    assert_eq!(ids(&hn), ["HN-BDHN"]);
    assert_eq!(hn["province"]["code"], "2025:province:01");
    assert!(notice_kinds(&hn).is_empty());
    let hcm = server.json("/diem-phuc-vu?tinh=2025:province:79").await;
    assert_eq!(ids(&hcm), ["HCM-BDTT", "T-TDM"], "sorted by commune");
    server.shutdown().await;
}

#[tokio::test]
async fn a_commune_narrows_the_search_with_or_without_its_province() {
    let server = server().await;
    let sg = server.json("/diem-phuc-vu?tinh=H%E1%BB%93%20Ch%C3%AD%20Minh&xa=Ph%C6%B0%E1%BB%9Dng%20S%C3%A0i%20G%C3%B2n").await;
    assert_eq!(ids(&sg), ["HCM-BDTT"]);
    let anywhere = server
        .json("/diem-phuc-vu?xa=Ho%C3%A0n%20Ki%E1%BA%BFm")
        .await;
    assert_eq!(ids(&anywhere), ["HN-BDHN"]);
    // The right commune in the wrong province finds nothing, and says so.
    let wrong = server
        .json("/diem-phuc-vu?tinh=H%C3%A0%20N%E1%BB%99i&xa=S%C3%A0i%20G%C3%B2n")
        .await;
    assert!(ids(&wrong).is_empty());
    assert_eq!(notice_kinds(&wrong), ["unknown_commune"]);
    server.shutdown().await;
}

#[tokio::test]
async fn an_old_province_name_finds_the_unit_it_joined_and_says_so() {
    let server = server().await;
    let en = server
        .json("/diem-phuc-vu?tinh=B%C3%ACnh%20D%C6%B0%C6%A1ng&lang=en")
        .await;
    assert_eq!(ids(&en), ["HCM-BDTT", "T-TDM"]);
    assert_eq!(en["province"]["name"], "Thành phố Hồ Chí Minh");
    assert_eq!(notice_kinds(&en), ["province_merged"]);
    let message = en["notices"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Bình Dương is now part of Thành phố Hồ Chí Minh"),
        "{message}"
    );
    let vi = server
        .get("/diem-phuc-vu?tinh=T%E1%BB%89nh%20B%C3%ACnh%20D%C6%B0%C6%A1ng")
        .await;
    assert_eq!(vi.status(), 200);
    assert!(
        vi.text()
            .await
            .unwrap()
            .contains("Bình Dương nay thuộc Thành phố Hồ Chí Minh")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn an_old_commune_name_finds_the_commune_it_became_part_of() {
    let server = server().await;
    let a = server.json("/diem-phuc-vu?tinh=B%C3%ACnh%20D%C6%B0%C6%A1ng&xa=Ph%C3%BA%20C%C6%B0%E1%BB%9Dng&lang=en").await;
    assert_eq!(ids(&a), ["T-TDM"]);
    assert_eq!(notice_kinds(&a), ["province_merged", "commune_merged"]);
    assert_eq!(
        a["notices"][1]["message"],
        "Phường Phú Cường is now part of Phường Thủ Dầu Một, Thành phố Hồ Chí Minh (from 1 July 2025)."
    );
    let b = server.json("/diem-phuc-vu?xa=ben%20nghe").await;
    assert_eq!(ids(&b), ["HCM-BDTT"]);
    server.shutdown().await;
}

#[tokio::test]
async fn names_match_without_case_accents_prefixes_or_surrounding_spaces() {
    let server = server().await;
    for query in [
        "tinh=ha%20noi&xa=%20%20PHUONG%20hoan%20kiem%20",
        "tinh=TP.%20H%C3%A0%20N%E1%BB%99i&xa=ph%C6%B0%E1%BB%9Dng%20Ho%C3%A0n%20Ki%E1%BA%BFm",
        // Decomposed marks, as some keyboards send them: "Hoàn Kiếm" with combining grave, circumflex, acute.
        "xa=Hoa%CC%80n%20Kie%CC%82%CC%81m",
        "tinh=Hanoi%20City&xa=hoan-kiem",
    ] {
        let answer = server.json(&format!("/diem-phuc-vu?{query}")).await;
        let found = ids(&answer);
        if query.starts_with("tinh=Hanoi") {
            // "Hanoi" in one word is not "Hà Nội": not a guess.
            assert_eq!(notice_kinds(&answer), ["unknown_province"], "{query}");
        } else {
            assert_eq!(found, ["HN-BDHN"], "{query}");
        }
    }
    let dd = server
        .json("/diem-phuc-vu?tinh=%C4%90%C3%80%20N%E1%BA%B4NG")
        .await;
    assert_eq!(dd["province"]["code"], "2025:province:48", "Đ folds to d");
    server.shutdown().await;
}

#[tokio::test]
async fn an_unknown_place_is_an_empty_answer_that_says_why() {
    let server = server().await;
    let json = server.json("/diem-phuc-vu?tinh=Atlantis").await;
    assert!(ids(&json).is_empty());
    assert_eq!(notice_kinds(&json), ["unknown_province"]);
    let page = server.get("/diem-phuc-vu?tinh=Atlantis&lang=en").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("No province or city is called “Atlantis”."));
    assert!(html.contains("0 service points"));
    assert!(
        html.contains("<form method=\"get\" action=\"/diem-phuc-vu\">"),
        "the form to try again"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn malformed_parameters_are_a_400_naming_the_field() {
    let server = server().await;
    let long = "a".repeat(101);
    for (query, field) in [
        (format!("tinh={long}"), "tinh"),
        ("xa=Ho%01an".to_owned(), "xa"),
        ("tinh=Hanoi&luc=tomorrow".to_owned(), "luc"),
    ] {
        let response = server.get_json(&format!("/diem-phuc-vu?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["field"], field, "{query}");
        assert_eq!(body["error"], "malformed");
        let page = server.get(&format!("/diem-phuc-vu?{query}&lang=en")).await;
        assert_eq!(page.status(), 400);
        assert!(page.text().await.unwrap().contains(&format!("({field})")));
    }
    let broken = server.get_json("/diem-phuc-vu?tinh=a&tinh=b").await;
    assert_eq!(broken.status(), 400);
    assert_eq!(broken.json::<Value>().await.unwrap()["error"], "bad_query");
    server.shutdown().await;
}

#[tokio::test]
async fn the_json_answer_carries_typed_hours_services_and_whether_each_point_is_open() {
    let server = server().await;
    // The test clock stands at Thursday 5 March 2026, 09:00 in Vietnam.
    let a = server
        .json("/diem-phuc-vu?xa=Th%E1%BB%A7%20D%E1%BA%A7u%20M%E1%BB%99t")
        .await;
    assert_eq!(a["at"], "2026-03-05T09:00:00");
    assert_eq!(a["loaded"], true);
    let p = &a["points"][0];
    assert_eq!(p["kind"], "post_office");
    assert_eq!(p["commune"]["name"], "Phường Thủ Dầu Một");
    assert_eq!(p["commune"]["code"], "2025:ward:25747");
    assert_eq!(p["commune"]["former"][0], "Phường Phú Cường");
    assert_eq!(p["province"], "2025:province:79");
    assert_eq!(p["province_name"], "Thành phố Hồ Chí Minh");
    assert_eq!(
        p["services"],
        serde_json::json!(["receive_dossiers", "return_results", "collect_fees"])
    );
    assert_eq!(p["hours"]["monday"][1]["start"], "13:30:00");
    assert_eq!(p["hours"]["sunday"], serde_json::json!([]));
    assert_eq!(p["location"]["latitude"], 10.98);
    assert_eq!(p["phone"], "0274 3822 000");
    assert_eq!(p["verified"], false);
    assert_eq!(p["open"], true);
    // Its lunch break, by the server's clock and by `luc`.
    server.clock.set("2026-03-05T05:00:00Z".parse().unwrap());
    let lunch = server
        .json("/diem-phuc-vu?xa=Th%E1%BB%A7%20D%E1%BA%A7u%20M%E1%BB%99t")
        .await;
    assert_eq!(lunch["points"][0]["open"], false);
    let sunday = server
        .json("/diem-phuc-vu?tinh=79&luc=2026-03-08T10:00")
        .await;
    assert_eq!(
        notice_kinds(&sunday),
        ["unknown_province"],
        "`79` alone is no province name"
    );
    let sunday = server
        .json("/diem-phuc-vu?tinh=2025:province:79&luc=2026-03-08T10:00")
        .await;
    let open: Vec<(&str, bool)> = sunday["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["open"].as_bool().unwrap()))
        .collect();
    assert_eq!(open, [("HCM-BDTT", true), ("T-TDM", false)], "Sunday");
    server.shutdown().await;
}

#[tokio::test]
async fn the_page_is_bilingual_scriptless_and_carries_the_security_headers() {
    let server = server().await;
    let vi = server
        .get("/diem-phuc-vu?xa=Th%E1%BB%A7%20D%E1%BA%A7u%20M%E1%BB%99t")
        .await;
    assert_eq!(vi.status(), 200);
    let csp = vi.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'none'"));
    assert_eq!(vi.headers()["x-content-type-options"], "nosniff");
    let vi = vi.text().await.unwrap();
    for text in [
        "Bưu cục",
        "Thứ Hai",
        "07:00–11:30, 13:30–17:00",
        "Chủ Nhật</td><td>Nghỉ",
        "Tiếp nhận hồ sơ thủ tục hành chính",
        "Đang mở cửa",
        "tel:02743822000",
    ] {
        assert!(vi.contains(text), "{text}");
    }
    assert!(!vi.contains("<script"));
    assert!(vi.contains("name=\"viewport\""));
    let en = server
        .get("/diem-phuc-vu?xa=Th%E1%BB%A7%20D%E1%BA%A7u%20M%E1%BB%99t&lang=en")
        .await
        .text()
        .await
        .unwrap();
    for text in [
        "Post office",
        "Monday",
        "Sunday</td><td>Closed",
        "Takes dossiers of administrative procedures",
        "Opening hours",
        "Open",
        "Some details of this point could not be checked.",
    ] {
        assert!(en.contains(text), "{text}");
    }
    assert!(en.contains("<html lang=\"en\">"));
    // The form alone, without a search.
    let form = server.get("/diem-phuc-vu").await.text().await.unwrap();
    assert!(
        form.contains("name=\"tinh\"")
            && form.contains("name=\"xa\"")
            && !form.contains("<section>")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_server_without_a_directory_says_so() {
    let server = TestServer::start_with(Arc::new(MemoryStore::new()), |c| c).await;
    let json = server
        .json("/diem-phuc-vu?tinh=H%C3%A0%20N%E1%BB%99i")
        .await;
    assert_eq!(json["loaded"], false);
    assert!(ids(&json).is_empty());
    let html = server
        .get("/diem-phuc-vu?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("No service-point directory is loaded on this server."));
    server.shutdown().await;
}

fn with_row(row: &str) -> Result<Directory, DirectoryError> {
    Directory::from_csv(&format!("{HEADER}\n{FIXTURE_ROW}\n{row}\n"))
}

#[test]
fn a_bad_field_is_refused_naming_its_line_and_column() {
    let good = FIXTURE_ROW
        .replace("T-TDM", "T-2")
        .replace("1 Đường thử", "2 Đường thử");
    assert!(with_row(&good).is_ok());
    for (from, to, field) in [
        ("post_office", "castle", "kind"),
        ("Hồ Chí Minh,", "Bình Dương,", "province"),
        ("Hồ Chí Minh,", "Atlantis,", "province"),
        ("2025:ward:25747", "pre2025:ward:25747", "commune_code"),
        (
            "Mo-Fr 07:00-11:30,13:30-17:00; Sa 07:00-11:30",
            "Mo-Fr 7h-17h",
            "hours",
        ),
        (
            "Mo-Fr 07:00-11:30,13:30-17:00; Sa 07:00-11:30",
            "Mo-Su off",
            "hours",
        ),
        (
            "receive_dossiers; return_results; collect_fees",
            "teleportation",
            "services",
        ),
        ("0274 3822 000", "call us", "phone"),
        ("10.98,", "48.85,", "latitude"),
        (",no", ",maybe", "verified"),
        ("test fixture", "", "source"),
        ("T-2,", "T 2,", "id"),
    ] {
        let row = good.replacen(from, to, 1);
        assert_ne!(row, good, "{from}");
        match with_row(&row) {
            Err(DirectoryError::Field {
                line,
                field: f,
                problem,
            }) => {
                assert_eq!((line, f), (3, field), "{problem}");
            }
            other => panic!("{from} → {to}: {other:?}"),
        }
    }
    let e = with_row(&good.replacen("Hồ Chí Minh,", "Bình Dương,", 1)).unwrap_err();
    assert!(e.to_string().contains("2025:province:79"), "{e}");
}

#[test]
fn duplicates_are_refused_by_id_and_by_place() {
    let same_id = FIXTURE_ROW.replace("1 Đường thử", "9 Đường khác");
    match with_row(&same_id) {
        Err(DirectoryError::Duplicate {
            line: 3,
            first: 2,
            what,
        }) => assert!(what.contains("T-TDM")),
        other => panic!("{other:?}"),
    }
    // Another id for the same name and address, written differently.
    let same_place = FIXTURE_ROW.replace("T-TDM", "T-OTHER").replace(
        "Bưu cục thử nghiệm Thủ Dầu Một",
        "BƯU CỤC THỬ NGHIỆM THỦ DẦU MỘT",
    );
    assert!(matches!(
        with_row(&same_place),
        Err(DirectoryError::Duplicate {
            line: 3,
            first: 2,
            ..
        })
    ));
}

#[test]
fn a_broken_file_is_refused_with_its_line() {
    assert!(matches!(
        with_row("a,b"),
        Err(DirectoryError::Syntax { line: 3, .. })
    ));
    assert!(matches!(
        Directory::from_csv(&format!(
            "{HEADER}\n{}",
            FIXTURE_ROW.replace("test fixture", "\"unclosed")
        )),
        Err(DirectoryError::Syntax { line: 2, .. })
    ));
    assert!(matches!(
        Directory::from_csv(&HEADER.replace(",verified", ",verfied")),
        Err(DirectoryError::Header { .. })
    ));
    assert!(matches!(
        Directory::from_csv(&HEADER.replace(",verified", "")),
        Err(DirectoryError::Header { .. })
    ));
    assert!(matches!(
        Directory::from_csv(""),
        Err(DirectoryError::Header { .. })
    ));
    let missing = Directory::load("/nonexistent/service-points.csv").unwrap_err();
    assert!(matches!(missing, DirectoryError::Read { .. }));
    assert!(
        missing
            .to_string()
            .contains("/nonexistent/service-points.csv")
    );
}
