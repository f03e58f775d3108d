//! `hoso serve` run as an operator runs it: on a fresh SQLite store, on any free port, with an agencies file
//! and operators' token digests; asked over plain HTTP; stopped by SIGTERM, after which it exits 0.

use predicates::prelude::PredicateBooleanExt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The SHA-256 of "test".
const DIGEST: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

struct Served {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &std::path::Path, agencies: &str) -> Served {
    serve_with(dir, agencies, &[])
}

fn serve_with(dir: &std::path::Path, agencies: &str, extra: &[&str]) -> Served {
    let file = dir.join("agencies.json");
    std::fs::write(&file, agencies).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("hoso"))
        .args(["serve", "--listen", "127.0.0.1:0", "--store"])
        .arg(format!("sqlite:{}", dir.join("hoso.db").display()))
        .arg("--agencies")
        .arg(&file)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert_ne!(stderr.read_line(&mut line).unwrap(), 0, "hoso serve ended");
        if let Some(rest) = line.trim().strip_prefix("serving on http://") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    // Keep reading the log so that the server never blocks on a full pipe.
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
    });
    Served { child, addr }
}

/// One request on its own connection: the status and the body.
fn request(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "{head}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serves_the_pages_and_the_gateway_then_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut served = serve(
        dir.path(),
        &format!(
            r#"{{"agencies": [{{"agency": "000.00.12.H01", "format": "judicial-json", "version": 2, "token_sha256": "{DIGEST}"}}]}}"#
        ),
    );
    let addr = served.addr;
    assert_eq!(request(addr, "GET /healthz HTTP/1.1", b"").0, 200);
    assert_eq!(request(addr, "GET /readyz HTTP/1.1", b"").0, 200);
    let (status, page) = request(addr, "GET /thu-tuc/1.002820?lang=en HTTP/1.1", b"");
    assert_eq!(status, 200);
    assert!(page.contains("1.002820"), "{page}");

    // The agencies file is read: the agency's token is accepted and its message decoded (about a dossier
    // this empty store does not hold), a wrong token is refused as the gateway refuses any.
    let message = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../judicial/samples/v2/accepted.json"
    ))
    .unwrap();
    let push = |token: &str| {
        request(
            addr,
            &format!(
                "POST /api/v1/agencies/000.00.12.H01/messages HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json"
            ),
            &message,
        )
    };
    assert_eq!(push("wrong").0, 401);
    let (status, answer) = push("test");
    assert_eq!(status, 404, "{answer}");
    assert!(answer.contains("unknown_dossier"), "{answer}");

    let pid = served.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "still running a minute after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn a_bad_agencies_file_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agencies.json");
    std::fs::write(
        &file,
        "{\"agencies\": [\n  {\"agency\": \"000.00.12.H01\", \"format\": \"fax\"}]}",
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("hoso")
        .unwrap()
        .args(["serve", "--listen", "127.0.0.1:0", "--store"])
        .arg(format!("sqlite:{}", dir.path().join("hoso.db").display()))
        .arg("--agencies")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("agencies.json: line 2, column"))
        .stderr(predicates::str::contains("unknown variant `fax`"));
}

const SERVICE_POINTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../server/data/service-points.csv"
);

#[test]
fn serves_the_service_points_file_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let served = serve_with(
        dir.path(),
        r#"{"agencies": []}"#,
        &["--service-points", SERVICE_POINTS],
    );
    let (status, page) = request(
        served.addr,
        "GET /diem-phuc-vu?tinh=ha%20noi&lang=en HTTP/1.1",
        b"",
    );
    assert_eq!(status, 200);
    assert!(page.contains("75 Đinh Tiên Hoàng"), "{page}");
}

#[test]
fn a_bad_service_points_file_is_refused_with_its_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("points.csv");
    let sample = std::fs::read_to_string(SERVICE_POINTS).unwrap();
    std::fs::write(&file, sample.replacen(",post_office,", ",castle,", 1)).unwrap();
    assert_cmd::Command::cargo_bin("hoso")
        .unwrap()
        .args(["serve", "--listen", "127.0.0.1:0", "--store"])
        .arg(format!("sqlite:{}", dir.path().join("hoso.db").display()))
        .arg("--service-points")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "points.csv: line 2, field `kind`: `castle` is not a kind",
        ));
}

#[test]
fn an_operators_token_digest_opens_the_overdue_complaints_and_a_bad_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let served = serve_with(
        dir.path(),
        r#"{"agencies": []}"#,
        &["--operator-token-sha256", DIGEST],
    );
    let list = |token: &str| {
        request(
            served.addr,
            &format!("GET /api/v1/complaints/overdue HTTP/1.1\r\nAuthorization: Bearer {token}"),
            b"",
        )
    };
    let (status, body) = list("test");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"complaints\":[]"), "{body}");
    assert_eq!(list("wrong").0, 401);
    drop(served);

    let output = Command::new(assert_cmd::cargo::cargo_bin("hoso"))
        .args(["serve", "--store", "sqlite::memory:"])
        .args(["--operator-token-sha256", "test"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--operator-token-sha256") && stderr.contains("64 hexadecimal digits"),
        "{stderr}"
    );
}

#[test]
fn notifies_the_handover_of_a_stored_dossier_once_into_the_notify_file() {
    use hoso_core::notify::{Language, NotifyChannel, NotifyPreference};
    use hoso_core::service::{Changes, DossierService};
    use hoso_core::store::CommandId;

    let dir = tempfile::tempdir().unwrap();
    let store = format!("sqlite:{}", dir.path().join("hoso.db").display());
    // The sample dossier up to its handover to the agency, its applicant asking to be told by SMS.
    let header = hoso_core::DossierHeader {
        notifications: Some(NotifyPreference {
            channel: NotifyChannel::Sms,
            language: Language::En,
        }),
        ..hoso_core::demo::header(1)
    };
    let events = hoso_core::demo::lifecycle_of(header, 100, hoso_core::demo::at(0));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = hoso_cli::store::open(&store).await.unwrap();
        DossierService::new(store)
            .open(
                CommandId::new("open"),
                events[0].clone(),
                Changes::events(events[1..4].to_vec()),
            )
            .await
            .unwrap();
    });
    drop(runtime);

    let out = dir.path().join("notifications.jsonl");
    let mut served = serve_with(
        dir.path(),
        r#"{"agencies": []}"#,
        &[
            "--notify",
            &format!("file:{}", out.display()),
            "--notify-every",
            "1",
        ],
    );
    let lines = || {
        std::fs::read_to_string(&out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .collect::<Vec<_>>()
    };
    let started = Instant::now();
    while lines().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no notification a minute after the start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = served.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = served.child.wait().unwrap();
    assert!(status.success(), "{status}");
    let lines = lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let code = hoso_core::demo::header(1).code.to_string();
    assert!(
        lines[0]["key"]
            .as_str()
            .unwrap()
            .starts_with(&format!("citizen/{code}/")),
        "{lines:?}"
    );
    assert_eq!(lines[0]["channel"], "sms");
    assert!(
        lines[0]["subject"]
            .as_str()
            .unwrap()
            .contains("handed to the agency")
    );
}

#[test]
fn an_smtp_notify_with_a_user_and_no_password_in_the_environment_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("hoso")
        .unwrap()
        .env_remove("HOSO_SMTP_PASSWORD")
        .args(["serve", "--listen", "127.0.0.1:0", "--store"])
        .arg(format!("sqlite:{}", dir.path().join("hoso.db").display()))
        .args([
            "--notify",
            "smtp+starttls://hoso@mail.example.vn",
            "--notify-from",
            "thongbao@buudien.example.vn",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("HOSO_SMTP_PASSWORD is not set"));
}

#[test]
fn a_notify_ca_file_that_holds_no_certificate_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(
        &ca,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("hoso")
        .unwrap()
        .args(["serve", "--listen", "127.0.0.1:0", "--store"])
        .arg(format!("sqlite:{}", dir.path().join("hoso.db").display()))
        .args([
            "--notify",
            "smtps://mail.example.vn",
            "--notify-from",
            "thongbao@buudien.example.vn",
            "--notify-ca",
        ])
        .arg(&ca)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--notify-ca"))
        .stderr(predicates::str::contains("ca.pem"))
        .stderr(predicates::str::contains("PRIVATE KEY block"))
        .stderr(predicates::str::contains("AAAA").not());
}

#[test]
fn a_notify_pause_out_of_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for every in ["0", "3601", "soon"] {
        assert_cmd::Command::cargo_bin("hoso")
            .unwrap()
            .args(["serve", "--listen", "127.0.0.1:0", "--store"])
            .arg(format!("sqlite:{}", dir.path().join("hoso.db").display()))
            .args(["--notify", "file:/dev/null", "--notify-every", every])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--notify-every"));
    }
}
