//! The file notifier: one JSON line per notification, appended to a file that a post office without
//! e-mail or SMS reads (and acts on) by hand, or that another program forwards.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hoso_core::DossierCode;
use hoso_core::notify::{
    Contact, Delivery, Language, Notification, Notifier, NotifyError, NotifyErrorKind,
};
use serde::{Deserialize, Serialize};

/// One line of the file.
///
/// The file holds the recipients' addresses (it is how they are reached): it is personal data, created
/// readable by its owner only (mode `0600` on Unix), and kept like the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLine {
    /// The notification's idempotency key: a key already in the file is not written again.
    pub key: String,
    /// The dossier.
    pub dossier: DossierCode,
    /// `email` or `sms`.
    pub channel: String,
    /// The address or phone number, whole (the reader needs it to pass the message on).
    pub to: String,
    /// The language the text starts with.
    pub language: Language,
    /// The subject.
    pub subject: String,
    /// The body, both languages.
    pub body: String,
}

/// Appends each notification to a file as a [`FileLine`], once per key.
///
/// The keys already in the file are read when it is opened, and every key written since is remembered, so
/// a notification handed over again (a dispatcher whose lease ran out mid-send, a restart between the
/// write and the outbox's completion) is answered [`Delivery::AlreadySent`] and not written twice. This
/// holds for one `FileNotifier` per file; two processes appending to one file do not see each other's keys.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use hoso_core::notify::{Contact, Delivery, Language, Notification, Notifier, template};
/// use hoso_notify::FileNotifier;
/// let dir = tempfile::tempdir()?;
/// let notifier = FileNotifier::open(dir.path().join("notifications.jsonl"))?;
/// let notification = Notification {
///     key: "citizen/000.00.01.H56-260302-0001/00000000-0000-0000-0000-000000000004".into(),
///     dossier: hoso_core::demo::header(1).code,
///     to: Contact::Sms("0912345678".parse()?),
///     language: Language::Vi,
///     text: template::Rendered { subject: "Hồ sơ".into(), body: "…".into() },
/// };
/// assert_eq!(notifier.send(&notification).await?, Delivery::Sent);
/// assert_eq!(notifier.send(&notification).await?, Delivery::AlreadySent);
/// assert_eq!(notifier.lines()?.len(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct FileNotifier {
    path: PathBuf,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    keys: HashSet<String>,
    file: File,
}

impl FileNotifier {
    /// Opens (or creates) the file and reads the keys it holds.
    ///
    /// # Errors
    /// The file cannot be opened or read, or a line of it is not a [`FileLine`] (the error names the line).
    pub fn open(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref().to_path_buf();
        let mut options = OpenOptions::new();
        options.create(true).append(true).read(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path)?;
        let keys = read_lines(&path)?.into_iter().map(|l| l.key).collect();
        Ok(FileNotifier {
            path,
            state: Mutex::new(State { keys, file }),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every line written so far, in order.
    ///
    /// # Errors
    /// As [`open`](Self::open).
    pub fn lines(&self) -> std::io::Result<Vec<FileLine>> {
        read_lines(&self.path)
    }
}

fn read_lines(path: &Path) -> std::io::Result<Vec<FileLine>> {
    let mut out = Vec::new();
    for (n, line) in BufReader::new(File::open(path)?).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str(&line).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{} line {}: not a notification line: {e}",
                    path.display(),
                    n + 1
                ),
            )
        })?;
        out.push(parsed);
    }
    Ok(out)
}

#[async_trait::async_trait]
impl Notifier for FileNotifier {
    fn name(&self) -> &str {
        "file"
    }

    async fn send(&self, n: &Notification) -> Result<Delivery, NotifyError> {
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            NotifyError::new(
                NotifyErrorKind::Unavailable,
                "file",
                format!("{}: {what}: {e}", self.path.display()),
            )
        };
        let (channel, to) = match &n.to {
            Contact::Email(e) => ("email", e.reveal().to_owned()),
            Contact::Sms(p) => ("sms", p.reveal().to_owned()),
            other => {
                return Err(NotifyError::new(
                    NotifyErrorKind::Unsupported,
                    "file",
                    format!("no way to write a {} contact", other.channel()),
                ));
            }
        };
        let line = FileLine {
            key: n.key.clone(),
            dossier: n.dossier.clone(),
            channel: channel.to_owned(),
            to,
            language: n.language,
            subject: n.text.subject.clone(),
            body: n.text.body.clone(),
        };
        let mut text = serde_json::to_string(&line).map_err(|e| fail("as JSON", &e))?;
        text.push('\n');
        let mut state = self
            .state
            .lock()
            .map_err(|_| fail("the notifier", &"a writer panicked"))?;
        if state.keys.contains(&n.key) {
            return Ok(Delivery::AlreadySent);
        }
        state
            .file
            .write_all(text.as_bytes())
            .and_then(|()| state.file.sync_data())
            .map_err(|e| fail("writing", &e))?;
        state.keys.insert(n.key.clone());
        Ok(Delivery::Sent)
    }
}
