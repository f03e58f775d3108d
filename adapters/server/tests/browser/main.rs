//! The citizens' pages in a real browser: Debian's headless Chromium, driven through ChromeDriver, at a
//! phone's width, against a server on an ephemeral port over a store seeded through the service layer.
//!
//! A lookup made by typing into the form and pressing its button shows the dossier's state; a wrong lookup
//! shows the one generic answer; a delivered dossier is rated through the form its answer offers; a service
//! point is found by its former commune typed without accents; a procedure page shows its documents and fees; every page fits the phone's width with the form's fields and button on
//! screen.
//!
//! Screenshots of the tracking result and of a procedure page are committed in `docs/screenshots/`. Every
//! run takes them and checks they are PNG images at the phone's width; `HOSO_BLESS=1 cargo test -p
//! hoso-server --test browser` writes them over the committed ones (otherwise they go to the target
//! directory), since their pixels change with Chromium's version and fonts and a run must not leave the
//! checkout changed.

#[path = "../common/mod.rs"]
mod common;
mod driver;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use common::{ID_DIGITS, TestServer, sample_code, seed};
use driver::{Driver, PHONE_WIDTH, PIXEL_RATIO};
use fantoccini::{Client, Locator};
use hoso_core::store::{EventStore, MemoryStore};

/// How long an element may take to appear after a navigation: reached only by a hang.
const APPEAR_BOUND: Duration = Duration::from_secs(60);

/// The generic answer to every failed lookup (its first words, in Vietnamese).
const NO_MATCH: &str = "Không tìm thấy hồ sơ với mã và 4 chữ số đã nhập.";

/// Opens the lookup form, types `code` and `digits` into it as a citizen would, and presses its button.
async fn look_up(browser: &Client, server: &TestServer, code: &str, digits: &str) {
    browser.goto(&server.url("/tra-cuu")).await.unwrap();
    let ma = browser.find(Locator::Css("input#ma")).await.unwrap();
    ma.send_keys(code).await.unwrap();
    let so = browser.find(Locator::Css("input#so")).await.unwrap();
    so.send_keys(digits).await.unwrap();
    browser
        .find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The visible text of the first element matching `css`, once it has appeared.
async fn text_of(browser: &Client, css: &str) -> String {
    browser
        .wait()
        .at_most(APPEAR_BOUND)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
        .text()
        .await
        .unwrap()
}

/// Checks that `png` is a PNG image as wide as the phone's screen, and keeps it: over the committed copy in
/// `docs/screenshots/` with `HOSO_BLESS=1`, in the target directory otherwise (the committed copy must then
/// exist and be such an image too).
fn keep_screenshot(name: &str, png: &[u8]) {
    let width_of = |png: &[u8]| -> u32 {
        assert!(
            png.len() > 24 && png.starts_with(b"\x89PNG\r\n\x1a\n") && &png[12..16] == b"IHDR",
            "not a PNG image"
        );
        u32::from_be_bytes([png[16], png[17], png[18], png[19]])
    };
    assert_eq!(width_of(png), PHONE_WIDTH * PIXEL_RATIO, "{name}");
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/screenshots")
        .join(name);
    if std::env::var_os("HOSO_BLESS").is_some() {
        std::fs::create_dir_all(committed.parent().unwrap()).unwrap();
        std::fs::write(&committed, png).unwrap();
    } else {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), png).unwrap();
        let kept = std::fs::read(&committed).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; HOSO_BLESS=1 cargo test -p hoso-server --test browser writes it",
                committed.display()
            )
        });
        assert_eq!(width_of(&kept), PHONE_WIDTH * PIXEL_RATIO, "{name}");
    }
}

#[tokio::test]
async fn a_dossier_looked_up_through_the_form_shows_its_state_and_a_masked_name() {
    let server = TestServer::start().await;
    let driver = Driver::start();
    let browser = driver.phone().await;
    look_up(&browser, &server, &sample_code(), ID_DIGITS).await;
    let answer = text_of(&browser, "main dl").await;
    assert!(answer.contains(&sample_code()), "{answer}");
    assert!(answer.contains("N*** V*** A***"), "{answer}");
    assert!(
        answer.contains("Đã giao cơ quan"),
        "the postal leg: handed to the agency: {answer}"
    );
    assert!(answer.contains("Ngày hẹn trả kết quả"), "the due date");
    let page = text_of(&browser, "body").await;
    for personal in ["Nguyễn", "079090001234", "0912345678", "Lê Lợi"] {
        assert!(!page.contains(personal), "{personal} shown");
    }
    // The form sent both fields by GET, as the path the answer is at.
    let url = browser.current_url().await.unwrap();
    assert_eq!(url.path(), "/tra-cuu");
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(query.contains(&("ma".into(), sample_code())), "{url}");
    assert!(query.contains(&("so".into(), ID_DIGITS.into())), "{url}");
    keep_screenshot("tracking.png", &browser.screenshot().await.unwrap());
    browser.close().await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn a_delivered_dossier_is_rated_through_the_form_on_its_answer_without_javascript() {
    let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
    seed(store.clone(), 14).await;
    let server = TestServer::start_with(store, |c| c).await;
    // Delivered on Sunday 8 March 2026; the clock goes to Monday 9 March.
    server
        .clock
        .advance(jiff::SignedDuration::from_hours(4 * 24 + 1));
    let driver = Driver::start();
    let browser = driver.phone().await;
    look_up(&browser, &server, &sample_code(), ID_DIGITS).await;
    let form = browser
        .wait()
        .at_most(APPEAR_BOUND)
        .for_element(Locator::Css("form[action=\"/tra-cuu/danh-gia\"]"))
        .await
        .unwrap();
    // The code is filled in; the digits are asked again, never written into the page.
    let main = browser.find(Locator::Css("main")).await.unwrap();
    let html = main.html(false).await.unwrap();
    assert!(!html.contains(&format!("value=\"{ID_DIGITS}\"")), "{html}");
    form.find(Locator::Css("input[name=diem][value=\"4\"]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    form.find(Locator::Css("textarea[name=nhan_xet]"))
        .await
        .unwrap()
        .send_keys("Nhanh, đúng hẹn")
        .await
        .unwrap();
    form.find(Locator::Css("input#dg-so"))
        .await
        .unwrap()
        .send_keys(ID_DIGITS)
        .await
        .unwrap();
    form.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let notice = text_of(&browser, "main p.notice[role=status]").await;
    assert!(notice.contains("Cảm ơn"), "{notice}");
    // Rated: the answer no longer offers the rating, and still offers a complaint.
    look_up(&browser, &server, &sample_code(), ID_DIGITS).await;
    text_of(&browser, "main dl").await;
    assert!(
        browser
            .find_all(Locator::Css("form[action=\"/tra-cuu/danh-gia\"]"))
            .await
            .unwrap()
            .is_empty()
    );
    browser
        .find(Locator::Css("form[action=\"/tra-cuu/khieu-nai\"]"))
        .await
        .unwrap();
    browser.close().await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn a_wrong_lookup_shows_the_generic_answer_whether_the_code_exists_or_not() {
    let server = TestServer::start().await;
    let driver = Driver::start();
    let browser = driver.phone().await;
    let mut answers = Vec::new();
    let unknown = sample_code().replace("-0001", "-0002");
    for (code, digits) in [(sample_code(), "9999"), (unknown, ID_DIGITS)] {
        look_up(&browser, &server, &code, digits).await;
        let notice = text_of(&browser, "main p.notice[role=alert]").await;
        assert!(notice.starts_with(NO_MATCH), "{notice}");
        assert!(
            browser
                .find_all(Locator::Css("main dl"))
                .await
                .unwrap()
                .is_empty(),
            "no dossier shown"
        );
        let main = browser
            .find(Locator::Css("main"))
            .await
            .unwrap()
            .html(true)
            .await
            .unwrap();
        // The form is offered again, empty: nothing asked is echoed.
        let ma = browser.find(Locator::Css("input#ma")).await.unwrap();
        assert_eq!(ma.prop("value").await.unwrap().as_deref(), Some(""));
        answers.push(main);
    }
    assert_eq!(
        answers[0], answers[1],
        "wrong digits and an unknown code look the same, to the byte"
    );
    browser.close().await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn a_service_point_is_found_by_its_former_commune_typed_without_accents() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/service-points.csv");
    let directory = hoso_server::Directory::load(sample).unwrap();
    let server = TestServer::start_with(Arc::new(MemoryStore::new()), |c| {
        c.with_directory(directory)
    })
    .await;
    let driver = Driver::start();
    let browser = driver.phone().await;
    browser.goto(&server.url("/diem-phuc-vu")).await.unwrap();
    for (field, typed) in [("input#tinh", "ho chi minh"), ("input#xa", "ben nghe")] {
        browser
            .find(Locator::Css(field))
            .await
            .unwrap()
            .send_keys(typed)
            .await
            .unwrap();
    }
    browser
        .find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let point = text_of(&browser, "main section h2").await;
    assert_eq!(point, "Bưu điện Trung tâm Sài Gòn");
    let main = text_of(&browser, "main").await;
    assert!(main.contains("Phường Sài Gòn"), "the 2025 ward: {main}");
    assert!(main.contains("Phường Bến Nghé"), "the former one: {main}");
    // What was typed is kept in the form, to refine the search.
    let xa = browser.find(Locator::Css("input#xa")).await.unwrap();
    assert_eq!(xa.prop("value").await.unwrap().as_deref(), Some("ben nghe"));
    let seen = layout(&browser, &["main section", "form button[type=submit]"]).await;
    assert!(
        seen["scroll"].as_f64().unwrap() <= f64::from(PHONE_WIDTH),
        "the directory scrolls sideways: {seen}"
    );
    browser.close().await.unwrap();
    server.shutdown().await;
}

#[tokio::test]
async fn a_procedure_page_shows_its_documents_and_fees() {
    let server = TestServer::start().await;
    let driver = Driver::start();
    let browser = driver.phone().await;
    browser
        .goto(&server.url("/thu-tuc/1.002820"))
        .await
        .unwrap();
    let main = text_of(&browser, "main").await;
    assert!(
        main.contains("Giấy khám sức khỏe của người lái xe"),
        "a document of the 2025 list: {main}"
    );
    assert!(
        main.contains("115.000 ₫") && main.contains("135.000 ₫"),
        "the fee of each channel: {main}"
    );
    assert!(main.contains("ngày làm việc"), "the time limit");
    assert!(main.contains("Căn cứ pháp lý"), "the legal basis");
    for table in browser.find_all(Locator::Css("main table")).await.unwrap() {
        assert!(table.is_displayed().await.unwrap());
    }
    keep_screenshot("procedure.png", &browser.screenshot().await.unwrap());
    // The same page in English, by its link.
    browser
        .find(Locator::Css("header a[hreflang=en]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let en = text_of(&browser, "html[lang=en] main").await;
    assert!(en.contains("working days"), "{en}");
    browser.close().await.unwrap();
    server.shutdown().await;
}

/// What the phone shows of the page open in `browser`: the viewport's width, the page's scrollable width,
/// and for each of `selectors`, scrolled to, its box (left, right, width, height) and whether it is the
/// element found at its own centre (not covered by another).
async fn layout(browser: &Client, selectors: &[&str]) -> serde_json::Value {
    browser
        .execute(
            "const boxes = arguments[0].map(s => {
                 const e = document.querySelector(s);
                 if (!e) return null;
                 e.scrollIntoView({ block: 'center', inline: 'nearest' });
                 const r = e.getBoundingClientRect();
                 const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                 return { left: r.left, right: r.right, width: r.width, height: r.height,
                          onTop: hit === e || e.contains(hit) };
             });
             return { viewport: window.innerWidth,
                      scroll: document.documentElement.scrollWidth, boxes };",
            vec![serde_json::json!(selectors)],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn the_pages_fit_a_phones_width_with_the_form_on_screen() {
    let server = TestServer::start().await;
    let driver = Driver::start();
    let browser = driver.phone().await;
    let form = ["input#ma", "input#so", "form button[type=submit]"];
    let pages: [(&str, &[&str]); 5] = [
        ("/tra-cuu", &form),
        ("/tra-cuu?lang=en", &form),
        ("/tra-cuu?ma=000.00.01.H56-260302-0002&so=0000", &form),
        (
            &format!("/tra-cuu?ma={}&so={ID_DIGITS}", sample_code()),
            &["main dl"],
        ),
        ("/thu-tuc/1.002820", &["main table"]),
    ];
    for (path, selectors) in pages {
        browser.goto(&server.url(path)).await.unwrap();
        text_of(&browser, "main h1").await;
        let seen = layout(&browser, selectors).await;
        let viewport = seen["viewport"].as_f64().unwrap();
        assert_eq!(
            viewport,
            f64::from(PHONE_WIDTH),
            "{path}: laid out for the phone's width (the viewport meta tag): {seen}"
        );
        assert!(
            seen["scroll"].as_f64().unwrap() <= viewport,
            "{path} scrolls sideways: {seen}"
        );
        for (selector, boxed) in selectors.iter().zip(seen["boxes"].as_array().unwrap()) {
            assert!(!boxed.is_null(), "{path}: no {selector}");
            let (left, right) = (
                boxed["left"].as_f64().unwrap(),
                boxed["right"].as_f64().unwrap(),
            );
            assert!(
                left >= 0.0 && right <= viewport,
                "{path}: {selector} is cut off: {boxed}"
            );
            assert!(
                boxed["width"].as_f64().unwrap() > 0.0 && boxed["height"].as_f64().unwrap() > 0.0,
                "{path}: {selector} is not shown: {boxed}"
            );
            assert_eq!(
                boxed["onTop"], true,
                "{path}: {selector} is covered: {boxed}"
            );
        }
    }
    browser.close().await.unwrap();
    server.shutdown().await;
}
