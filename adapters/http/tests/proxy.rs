//! An explicit proxy: used when configured, refused when it would receive credentials in clear; passwords in
//! base and proxy URLs never show in `Debug` output or errors.

mod common;
mod fake;

use common::{agency, get};

use fake::FakeServer;
use hoso_core::adapter::AgencyTransport;
use hoso_http::{Auth, HttpTransport, TransportBuildError};

#[tokio::test]
async fn an_explicit_proxy_carries_the_requests() {
    let proxy = FakeServer::start("proxy");
    let transport = HttpTransport::builder(agency(), "http://127.0.0.1:9")
        .proxy(proxy.url.clone())
        .build()
        .unwrap();
    let response = transport.exchange(get("/ping")).await.unwrap();
    assert_eq!(response.body, b"proxy");
    let heads = proxy.heads();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0].starts_with("get http://127.0.0.1:9/ping "),
        "{heads:?}"
    );
}

#[test]
fn credentials_are_never_given_to_a_proxy_in_clear() {
    // The agency's token on a plain-http base URL: the proxy would read the Authorization header.
    for proxy in ["http://127.0.0.1:3128", "https://proxy.example.vn:3128"] {
        let refused = HttpTransport::builder(agency(), "http://127.0.0.1:8080")
            .auth(Auth::Bearer("s3cr3t-token".into()))
            .proxy(proxy)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                refused,
                TransportBuildError::CredentialsToPlainHttpProxy { what, .. }
                    if what == "the agency's credentials"
            ),
            "{proxy}: {refused:?}"
        );
        assert!(!refused.to_string().contains("s3cr3t"), "{refused}");
    }
    // The proxy's own password over plain http to a remote proxy.
    let refused = HttpTransport::builder(agency(), "https://gplx.example.gov.vn")
        .proxy("http://user:pr0xy-pass@proxy.example.vn:3128")
        .build()
        .unwrap_err();
    assert!(
        matches!(
            refused,
            TransportBuildError::CredentialsToPlainHttpProxy { .. }
        ),
        "{refused:?}"
    );
    assert!(
        !format!("{refused} {refused:?}").contains("pr0xy-pass"),
        "{refused}"
    );

    // Accepted: an https base URL through an http proxy (the proxy relays the TLS tunnel only), a proxy
    // password over https, a proxy password to a loopback proxy.
    for (base, proxy) in [
        (
            "https://gplx.example.gov.vn",
            "http://proxy.example.vn:3128",
        ),
        (
            "https://gplx.example.gov.vn",
            "https://user:pass@proxy.example.vn:3128",
        ),
        (
            "https://gplx.example.gov.vn",
            "http://user:pass@127.0.0.1:3128",
        ),
    ] {
        let built = HttpTransport::builder(agency(), base)
            .auth(Auth::Bearer("s3cr3t-token".into()))
            .proxy(proxy)
            .build();
        assert!(built.is_ok(), "{base} via {proxy}: {built:?}");
    }
    let bad = HttpTransport::builder(agency(), "https://gplx.example.gov.vn")
        .proxy("ftp://user:pr0xy-pass@proxy.example.vn")
        .build()
        .unwrap_err();
    assert!(
        matches!(bad, TransportBuildError::InvalidProxyUrl { .. }),
        "{bad:?}"
    );
    assert!(!format!("{bad} {bad:?}").contains("pr0xy-pass"), "{bad}");
}

#[test]
fn a_base_url_password_never_shows_in_debug_output_or_errors() {
    let builder =
        HttpTransport::builder(agency(), "https://hoso:b4se-pass@gplx.example.gov.vn/api")
            .proxy("https://user:pr0xy-pass@proxy.example.vn:3128");
    let shown = format!("{builder:?}");
    assert!(
        !shown.contains("b4se-pass") && !shown.contains("pr0xy-pass"),
        "{shown}"
    );
    let transport = builder.build().unwrap();
    let shown = format!("{transport:?} {}", transport.base_url());
    assert!(!shown.contains("b4se-pass"), "{shown}");
    assert!(
        shown.contains("https://hoso:***@gplx.example.gov.vn/api"),
        "{shown}"
    );

    for url in [
        "http://hoso:b4se-pass@gplx.example.gov.vn",
        "https://hoso:b4se-pass@gplx.example.gov.vn/?q=1",
        "ftp://hoso:b4se-pass@gplx.example.gov.vn",
        "https://hoso:b4se-pass@gplx.example.gov.vn:99999",
    ] {
        let error = HttpTransport::builder(agency(), url).build().unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("b4se-pass"), "{shown}");
    }
}

#[tokio::test]
async fn a_connection_error_does_not_carry_the_base_url_password() {
    // Port 9 (discard) on loopback: nothing listens there in a test environment, so the connection fails.
    let transport = HttpTransport::builder(agency(), "http://hoso:b4se-pass@127.0.0.1:9")
        .build()
        .unwrap();
    let error = transport.exchange(get("/ping")).await.unwrap_err();
    let mut shown = format!("{error} {error:?}");
    let mut source = std::error::Error::source(&error);
    while let Some(e) = source {
        shown.push_str(&format!(" {e} {e:?}"));
        source = e.source();
    }
    assert!(!shown.contains("b4se-pass"), "{shown}");
}
