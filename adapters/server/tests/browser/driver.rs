//! Debian's headless Chromium driven through its ChromeDriver: the driver started on an ephemeral port
//! (killed, with the browser it started, when dropped) and a WebDriver session at a phone's size.
//!
//! There is no fallback: where `/usr/bin/chromedriver` or `/usr/bin/chromium` is missing the tests fail and
//! say how to install them (`.ci/test` does, with apt-get). `HOSO_CHROMEDRIVER` and `HOSO_CHROMIUM` name
//! other paths.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// The phone the pages are seen on: 375 CSS pixels wide (a common phone's width), twice as many device
/// pixels.
pub(crate) const PHONE_WIDTH: u32 = 375;
pub(crate) const PHONE_HEIGHT: u32 = 812;
pub(crate) const PIXEL_RATIO: u32 = 2;

/// How long the driver has to start and say which port it took (a hang, not a slow machine, reaches it).
const START_BOUND: Duration = Duration::from_secs(120);

fn program(env: &str, default: &str) -> String {
    let path = std::env::var(env).unwrap_or_else(|_| default.to_owned());
    assert!(
        std::path::Path::new(&path).exists(),
        "{path} is missing: the browser tests need Debian's chromium and chromium-driver \
         (`apt-get install chromium chromium-driver`, which `bash .ci/test` runs), or {env} set to another path"
    );
    path
}

/// A running ChromeDriver, in a process group of its own so that dropping it ends the browsers it started
/// too.
pub(crate) struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts `chromedriver --port=0` and reads the port it took from its first lines.
    pub(crate) fn start() -> Self {
        let path = program("HOSO_CHROMEDRIVER", "/usr/bin/chromedriver");
        let mut child = Command::new(&path)
            .args(["--port=0", "--log-level=WARNING"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("{path} did not start: {e}"));
        let stdout = child.stdout.take().expect("stdout is piped");
        let (port_tx, port_rx) = mpsc::channel();
        // Reads until the driver names its port, then drains the rest so that the driver never blocks on a
        // full pipe.
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout);
            let mut line = String::new();
            while lines.read_line(&mut line).is_ok_and(|n| n > 0) {
                if let Some(port) = line
                    .trim()
                    .strip_prefix("ChromeDriver was started successfully on port ")
                    .and_then(|p| p.trim_end_matches('.').parse::<u16>().ok())
                {
                    let _ = port_tx.send(port);
                    break;
                }
                line.clear();
            }
            let _ = std::io::copy(&mut lines, &mut std::io::sink());
        });
        let mut driver = Driver { child, port: 0 };
        driver.port = port_rx
            .recv_timeout(START_BOUND)
            .unwrap_or_else(|_| panic!("{path} did not say which port it listens on"));
        driver
    }

    /// A new session in headless Chromium emulating a phone 375 px wide (its viewport meta tag honoured, as
    /// a phone's browser does).
    pub(crate) async fn phone(&self) -> Client {
        let chromium = program("HOSO_CHROMIUM", "/usr/bin/chromium");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                // No sandbox: the tests run as root in a container, where Chromium's sandbox cannot start.
                // No background networking: the machine's network is closed and the pages need none.
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-extensions", "--no-first-run", "--disable-quic", "--hide-scrollbars",
                    "--lang=vi",
                ],
                "mobileEmulation": {
                    "deviceMetrics": {
                        "width": PHONE_WIDTH,
                        "height": PHONE_HEIGHT,
                        "pixelRatio": PIXEL_RATIO,
                        "mobile": true,
                        "touch": true,
                    }
                }
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("an object literal")
        };
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| panic!("no Chromium session: {e}"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The driver's group: the driver and every browser process it started (by the group's id, which is
        // the driver's own pid).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
