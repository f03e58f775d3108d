//! The main job survives `kill -9`: run as a child process, killed with SIGKILL at seeded points spread over
//! the day and restarted each time on the same directory, it ends with exactly the summary of a run that was
//! never killed, every dossier filed with its agency once, every dossier at the national portal with every
//! step once and in order (no sync lost), no event lost or written twice, and every custody chain verifying.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

use hoso_core::custody::{TrustAnchors, verify_evidence};
use hoso_core::store::{DossierQuery, EventStore};
use hoso_sqlite::SqliteStore;

const DOSSIERS: usize = 40;
const KILLS: usize = 5;
const SEED: u64 = 0x5eed_2026_0302;

/// The main job's binary, which `cargo test` builds beside the tests.
fn main_job() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let bin = dir.join("examples").join("post_office_day");
    assert!(
        bin.exists(),
        "the main job is not built at {}",
        bin.display()
    );
    bin
}

fn start(out: &Path) -> Child {
    Command::new(main_job())
        .args([&DOSSIERS.to_string(), out.to_str().expect("utf-8 path")])
        .args(["--progress-every", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the main job")
}

/// The progress counts the child prints on its standard error (`… n/total dossiers`), as they come.
fn progress(child: &mut Child) -> mpsc::Receiver<usize> {
    let mut stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let mut buf = [0u8; 256];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            while let Some(end) = text.find(" dossiers") {
                let head = &text[..end];
                let count = head
                    .rsplit(' ')
                    .next()
                    .and_then(|t| t.split('/').next())
                    .and_then(|n| n.parse().ok());
                text = text[end + 9..].to_owned();
                if let Some(c) = count
                    && tx.send(c).is_err()
                {
                    return;
                }
            }
        }
    });
    rx
}

fn run_to_end(out: &Path) -> String {
    let child = start(out);
    let output = child.wait_with_output().expect("the main job runs");
    assert!(
        output.status.success(),
        "the main job failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 summary")
}

/// The summary without what differs between two runs anyway: ports, directories, timings.
fn summary(stdout: &str, out: &Path) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| {
            !l.contains("127.0.0.1")
                && !l.starts_with("finished in")
                && !l.starts_with("portal calls this run")
        })
        .map(|l| l.replace(out.to_str().expect("utf-8 path"), "OUT"))
        .collect()
}

/// A small deterministic generator (xorshift), so that the kill points are the same on every run.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

async fn events(out: &Path) -> Vec<(String, u64, String)> {
    let store = SqliteStore::open(out.join("hoso.db"))
        .await
        .expect("open the store");
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = store.read_all(after, 1_000).await.expect("read all");
        if page.events.is_empty() {
            break;
        }
        after = page.next;
        all.extend(
            page.events
                .into_iter()
                .map(|r| (r.dossier.to_string(), r.version, r.event.id.to_string())),
        );
    }
    let dossiers = store
        .query(&DossierQuery::all().limit(usize::MAX))
        .await
        .expect("query");
    assert_eq!(
        dossiers.len(),
        DOSSIERS,
        "every planned dossier exists once"
    );
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_killed_five_times_ends_as_a_day_never_killed() {
    let reference_dir = tempfile::tempdir().expect("temp dir");
    let reference = run_to_end(reference_dir.path());

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path();
    // Seeded, increasing kill points spread over the day: the k-th kill comes once the run has reached the
    // k-th point (a resumed run goes through the dossiers already done first), a few milliseconds into the
    // next dossier.
    let mut rng = SEED;
    let mut points: Vec<usize> = (0..KILLS)
        .map(|k| {
            let span = DOSSIERS / KILLS;
            k * span + 1 + (next(&mut rng) as usize % (span - 1))
        })
        .collect();
    points.sort_unstable();
    let mut killed = 0;
    for point in &points {
        let mut child = start(out);
        let progress = progress(&mut child);
        let reached = progress.iter().any(|n| n >= *point);
        assert!(reached, "the main job ended before dossier {point}");
        std::thread::sleep(std::time::Duration::from_millis(next(&mut rng) % 40));
        if child.try_wait().expect("child status").is_none() {
            child.kill().expect("SIGKILL");
            killed += 1;
        }
        let _ = child.wait();
    }
    assert_eq!(killed, KILLS, "each kill landed while the day was running");
    let resumed = run_to_end(out);

    assert_eq!(
        summary(&resumed, out),
        summary(&reference, reference_dir.path()),
        "the resumed day ends with the summary of a day never killed"
    );
    let filed = format!("dossiers filed with the agencies (each once): {DOSSIERS}");
    assert!(resumed.contains(&filed), "{resumed}");
    // No portal sync lost: every dossier at the portal with every one of its steps, once and in order.
    let portal = format!("national portal (DVCQG): {DOSSIERS} dossiers,");
    let complete = format!("dossiers with every step, in order: {DOSSIERS}");
    assert!(
        resumed.contains(&portal) && resumed.contains(&complete),
        "{resumed}"
    );

    // No carrier order placed twice: the carrier's journal holds each order number once, and every pickup
    // and return of the day is there.
    let journal =
        std::fs::read_to_string(out.join("carrier").join("orders.jsonl")).expect("carrier journal");
    let mut orders = std::collections::HashSet::new();
    for line in journal.lines() {
        let order: serde_json::Value = serde_json::from_str(line).expect("a whole order a line");
        let number = order["number"]
            .as_str()
            .expect("an order number")
            .to_owned();
        assert!(orders.insert(number.clone()), "order {number} placed twice");
    }
    let placed = format!("carrier orders placed (each once): {};", orders.len());
    assert!(
        !orders.is_empty() && resumed.contains(&placed),
        "{placed} not in {resumed}"
    );

    let (ours, theirs) = (events(out).await, events(reference_dir.path()).await);
    let mut seen = std::collections::HashSet::new();
    for (dossier, _, id) in &ours {
        assert!(
            seen.insert((dossier, id)),
            "event {id} of {dossier} stored twice"
        );
    }
    let mut a = ours.clone();
    let mut b = theirs.clone();
    a.sort();
    b.sort();
    assert_eq!(
        a, b,
        "the same events, by dossier, version and id, as the day never killed"
    );

    let anchors =
        TrustAnchors::from_json(&std::fs::read(out.join("anchors.json")).expect("anchors"))
            .expect("anchors parse");
    let mut verified = 0;
    for entry in std::fs::read_dir(out.join("evidence")).expect("evidence dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read evidence");
        verify_evidence(&bytes, &anchors).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        verified += 1;
    }
    assert!(
        verified >= DOSSIERS - 3,
        "{verified} evidence files verified"
    );
}
