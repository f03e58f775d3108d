//! `hoso serve --notify SPEC`: where the citizens' notifications go while the server runs.
//!
//! - `file:PATH`: one JSON line per notification appended to `PATH` (created `0600`), for a post office
//!   that passes them on by hand or with another program (`hoso_notify::FileNotifier`).
//! - `smtps://[USER@]HOST[:PORT]` (implicit TLS, 465), `smtp+starttls://[USER@]HOST[:PORT]` (STARTTLS
//!   required, 587) or `smtp://HOST[:PORT]` (no TLS: `localhost` and loopback addresses only, 25): e-mail
//!   (`hoso_notify::SmtpNotifier`), sent from `--notify-from ADDRESS`. With a user, the password is read
//!   from the environment variable [`PASSWORD_ENV`]: never from the command line (which other users of the
//!   machine can read) nor from a file, as the agencies file keeps its secrets in the environment.
//!   With `--notify-ca FILE` (PEM) the server's certificate is checked against the certificates in `FILE`
//!   instead of the platform's roots: a relay with a certificate from the operator's own CA
//!   (`hoso_notify::SmtpConfig::with_root_certificate`).
//!
//! ```
//! use hoso_cli::notify::{NotifySpec, NotifySpecError, notifier};
//! let dir = tempfile::tempdir()?;
//! let spec = format!("file:{}", dir.path().join("out.jsonl").display());
//! assert_eq!(notifier(&NotifySpec::new(&spec), |_| None)?.name(), "file");
//! let smtp = NotifySpec::new("smtps://hoso@mail.example.vn").from(Some("thongbao@buudien.example.vn"));
//! assert!(matches!(notifier(&smtp, |_| None), Err(NotifySpecError::Password)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::Path;
use std::sync::Arc;

use hoso_core::notify::{EmailAddress, EmailError, Notifier};
use hoso_notify::{
    FileNotifier, SmtpConfig, SmtpConfigError, SmtpNotifier, SmtpPassword, SmtpSecurity,
};

/// The environment variable that holds the SMTP password.
pub const PASSWORD_ENV: &str = "HOSO_SMTP_PASSWORD";

/// Why `--notify` (or `--notify-from`) was refused. Never holds a password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotifySpecError {
    /// Neither `file:` nor an SMTP URL.
    #[error("--notify: expected file:PATH, smtps://…, smtp+starttls://… or smtp://…")]
    Kind,
    /// The file could not be opened or read.
    #[error("--notify {path}: {source}")]
    File {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The SMTP URL or settings.
    #[error("--notify: {0}")]
    Smtp(#[from] SmtpConfigError),
    /// SMTP without `--notify-from`.
    #[error("--notify smtp: give the sender with --notify-from ADDRESS")]
    NoSender,
    /// A sender address that is not one.
    #[error("--notify-from: {0}")]
    Sender(#[from] EmailError),
    /// A user in the URL and no password in the environment.
    #[error("--notify: a user is given but the environment variable {PASSWORD_ENV} is not set")]
    Password,
    /// `--notify-ca` with a notifier that makes no TLS connection (`file:` or `smtp://`): refused rather
    /// than ignored, since the operator meant the certificate to be checked.
    #[error("--notify-ca: only an smtps:// or smtp+starttls:// --notify checks a certificate")]
    CaWithoutTls,
    /// The `--notify-ca` file could not be read.
    #[error("--notify-ca {path}: {source}")]
    CaFile {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The `--notify-ca` file holds no usable certificate (the error quotes nothing of the file).
    #[error("--notify-ca {path}: {source}")]
    CaCertificate {
        /// The path.
        path: String,
        /// What is wrong with it.
        source: SmtpConfigError,
    },
}

/// What the command line says of the notifier: `--notify SPEC`, `--notify-from ADDRESS` and
/// `--notify-ca FILE`.
#[derive(Debug, Clone, Copy)]
pub struct NotifySpec<'a> {
    spec: &'a str,
    from: Option<&'a str>,
    ca_file: Option<&'a Path>,
}

impl<'a> NotifySpec<'a> {
    /// `--notify SPEC` alone.
    pub fn new(spec: &'a str) -> Self {
        NotifySpec {
            spec,
            from: None,
            ca_file: None,
        }
    }

    /// With `--notify-from`, the sender of e-mail.
    #[must_use]
    pub fn from(mut self, from: Option<&'a str>) -> Self {
        self.from = from;
        self
    }

    /// With `--notify-ca`, the PEM file of the roots an SMTP server's certificate is checked against.
    #[must_use]
    pub fn ca_file(mut self, ca_file: Option<&'a Path>) -> Self {
        self.ca_file = ca_file;
        self
    }
}

/// The notifier `spec` names; `env` looks up an environment variable (`|name| std::env::var(name).ok()`).
///
/// # Errors
/// [`NotifySpecError`].
pub fn notifier(
    spec: &NotifySpec<'_>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Arc<dyn Notifier>, NotifySpecError> {
    if let Some(path) = spec.spec.strip_prefix("file:") {
        if spec.ca_file.is_some() {
            return Err(NotifySpecError::CaWithoutTls);
        }
        let file = FileNotifier::open(path).map_err(|source| NotifySpecError::File {
            path: path.to_owned(),
            source,
        })?;
        return Ok(Arc::new(file));
    }
    Ok(Arc::new(SmtpNotifier::new(smtp_config(spec, env)?)?))
}

/// The SMTP settings `spec` names (an `smtps://`, `smtp+starttls://` or `smtp://` URL), with the password
/// from `env` and the roots of `--notify-ca`.
///
/// ```
/// use hoso_cli::notify::{NotifySpec, smtp_config};
/// let spec = NotifySpec::new("smtps://mail.example.vn").from(Some("thongbao@buudien.example.vn"));
/// let config = smtp_config(&spec, |_| None)?;
/// assert_eq!((config.host(), config.port()), ("mail.example.vn", 465));
/// assert_eq!(config.root_certificate_count(), 0); // the platform's roots
/// # Ok::<(), hoso_cli::notify::NotifySpecError>(())
/// ```
///
/// # Errors
/// [`NotifySpecError`].
pub fn smtp_config(
    spec: &NotifySpec<'_>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<SmtpConfig, NotifySpecError> {
    if !spec.spec.to_ascii_lowercase().starts_with("smtp") {
        return Err(NotifySpecError::Kind);
    }
    let from: EmailAddress = spec.from.ok_or(NotifySpecError::NoSender)?.parse()?;
    let mut config = SmtpConfig::from_url(spec.spec, from)?;
    if config.user().is_some() {
        let password = env(PASSWORD_ENV).ok_or(NotifySpecError::Password)?;
        config = config.with_password(SmtpPassword::new(password));
    }
    if let Some(path) = spec.ca_file {
        if config.security() == SmtpSecurity::PlainLocalhost {
            return Err(NotifySpecError::CaWithoutTls);
        }
        let shown = || path.display().to_string();
        let pem = std::fs::read(path).map_err(|source| NotifySpecError::CaFile {
            path: shown(),
            source,
        })?;
        config = config.with_root_certificate(&pem).map_err(|source| {
            NotifySpecError::CaCertificate {
                path: shown(),
                source,
            }
        })?;
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    const FROM: Option<&str> = Some("thongbao@buudien.example.vn");

    fn smtp(url: &str) -> NotifySpec<'_> {
        NotifySpec::new(url).from(FROM)
    }

    /// The SMTP tests' certificates (`adapters/notify/tests/fixtures/tls`).
    fn tls_fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../notify/tests/fixtures/tls")
            .join(name)
    }

    #[test]
    fn an_smtp_url_with_a_user_takes_the_password_from_the_environment() {
        let env = |name: &str| (name == PASSWORD_ENV).then(|| "s3cret".to_owned());
        let n = notifier(&smtp("smtp+starttls://hoso@mail.example.vn"), env).unwrap();
        assert_eq!(n.name(), "smtp");
        assert!(!format!("{n:?}").contains("s3cret"));
        assert!(notifier(&smtp("smtps://mail.example.vn"), |_| None).is_ok());
    }

    #[test]
    fn bad_specs_are_refused_with_what_is_wrong() {
        assert!(matches!(
            notifier(&smtp("mailto:x@y.vn"), |_| None),
            Err(NotifySpecError::Kind)
        ));
        assert!(matches!(
            notifier(&NotifySpec::new("smtps://mail.example.vn"), |_| None),
            Err(NotifySpecError::NoSender)
        ));
        assert!(matches!(
            notifier(
                &NotifySpec::new("smtps://mail.example.vn").from(Some("nope")),
                |_| None
            ),
            Err(NotifySpecError::Sender(_))
        ));
        let error = notifier(&smtp("smtps://hoso:hunter2@mail.example.vn"), |_| None)
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(
            error,
            NotifySpecError::Smtp(SmtpConfigError::PasswordInUrl)
        ));
        assert!(!error.to_string().contains("hunter2"));
        assert!(matches!(
            notifier(&smtp("smtp://mail.example.vn"), |_| None),
            Err(NotifySpecError::Smtp(SmtpConfigError::PlainNotLocal { .. }))
        ));
        assert!(matches!(
            notifier(&NotifySpec::new("file:/nonexistent-dir/x.jsonl"), |_| None),
            Err(NotifySpecError::File { .. })
        ));
    }

    #[test]
    fn a_ca_file_replaces_the_platform_roots() {
        let ca = tls_fixture("ca.pem");
        for url in [
            "smtps://mail.example.vn",
            "smtp+starttls://mail.example.vn:2587",
        ] {
            let config = smtp_config(&smtp(url).ca_file(Some(&ca)), |_| None).unwrap();
            assert_eq!(config.root_certificate_count(), 1, "{url}");
            assert!(notifier(&smtp(url).ca_file(Some(&ca)), |_| None).is_ok());
        }
    }

    #[test]
    fn a_ca_file_that_cannot_serve_is_refused_with_its_path() {
        let missing = Path::new("/nonexistent-dir/ca.pem");
        let error = smtp_config(
            &smtp("smtps://mail.example.vn").ca_file(Some(missing)),
            |_| None,
        )
        .unwrap_err();
        assert!(matches!(error, NotifySpecError::CaFile { .. }), "{error}");
        assert!(
            error.to_string().contains("/nonexistent-dir/ca.pem"),
            "{error}"
        );

        // A private key given by mistake: refused, and nothing of it is repeated.
        let key = tls_fixture("server.key");
        let error = smtp_config(&smtp("smtps://mail.example.vn").ca_file(Some(&key)), |_| {
            None
        })
        .unwrap_err();
        assert!(
            matches!(
                error,
                NotifySpecError::CaCertificate {
                    source: SmtpConfigError::RootCertificateNotCertificate { .. },
                    ..
                }
            ),
            "{error}"
        );
        let text = std::fs::read_to_string(&key).unwrap();
        let body = text.lines().nth(1).unwrap();
        assert!(!error.to_string().contains(body), "{error}");
        assert!(error.to_string().contains("server.key"), "{error}");

        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        assert!(matches!(
            smtp_config(
                &smtp("smtps://mail.example.vn").ca_file(Some(&empty)),
                |_| None
            ),
            Err(NotifySpecError::CaCertificate {
                source: SmtpConfigError::RootCertificateMissing,
                ..
            })
        ));
    }

    #[test]
    fn a_ca_file_without_tls_is_refused_not_ignored() {
        let ca = tls_fixture("ca.pem");
        assert!(matches!(
            smtp_config(&smtp("smtp://localhost:2525").ca_file(Some(&ca)), |_| None),
            Err(NotifySpecError::CaWithoutTls)
        ));
        let dir = tempfile::tempdir().unwrap();
        let spec = format!("file:{}", dir.path().join("out.jsonl").display());
        assert!(matches!(
            notifier(&NotifySpec::new(&spec).ca_file(Some(&ca)), |_| None),
            Err(NotifySpecError::CaWithoutTls)
        ));
        assert!(!dir.path().join("out.jsonl").exists());
    }
}
