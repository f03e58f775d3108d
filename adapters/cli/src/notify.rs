//! `hoso serve --notify SPEC`: where the citizens' notifications go while the server runs.
//!
//! - `file:PATH`: one JSON line per notification appended to `PATH` (created `0600`), for a post office
//!   that passes them on by hand or with another program (`hoso_notify::FileNotifier`).
//! - `smtps://[USER@]HOST[:PORT]` (implicit TLS, 465), `smtp+starttls://[USER@]HOST[:PORT]` (STARTTLS
//!   required, 587) or `smtp://HOST[:PORT]` (no TLS: `localhost` and loopback addresses only, 25): e-mail
//!   (`hoso_notify::SmtpNotifier`), sent from `--notify-from ADDRESS`. With a user, the password is read
//!   from the environment variable [`PASSWORD_ENV`]: never from the command line (which other users of the
//!   machine can read) nor from a file, as the agencies file keeps its secrets in the environment.
//!
//! ```
//! use hoso_cli::notify::{NotifySpecError, notifier};
//! let dir = tempfile::tempdir()?;
//! let spec = format!("file:{}", dir.path().join("out.jsonl").display());
//! assert_eq!(notifier(&spec, None, |_| None)?.name(), "file");
//! let smtp = notifier("smtps://hoso@mail.example.vn", Some("thongbao@buudien.example.vn"), |_| None);
//! assert!(matches!(smtp, Err(NotifySpecError::Password)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::Arc;

use hoso_core::notify::{EmailAddress, EmailError, Notifier};
use hoso_notify::{FileNotifier, SmtpConfig, SmtpConfigError, SmtpNotifier, SmtpPassword};

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
}

/// The notifier `spec` names; `from` is `--notify-from`, `env` looks up an environment variable
/// (`|name| std::env::var(name).ok()`).
///
/// # Errors
/// [`NotifySpecError`].
pub fn notifier(
    spec: &str,
    from: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Arc<dyn Notifier>, NotifySpecError> {
    if let Some(path) = spec.strip_prefix("file:") {
        let file = FileNotifier::open(path).map_err(|source| NotifySpecError::File {
            path: path.to_owned(),
            source,
        })?;
        return Ok(Arc::new(file));
    }
    if !spec.to_ascii_lowercase().starts_with("smtp") {
        return Err(NotifySpecError::Kind);
    }
    let from: EmailAddress = from.ok_or(NotifySpecError::NoSender)?.parse()?;
    let mut config = SmtpConfig::from_url(spec, from)?;
    if config.user().is_some() {
        let password = env(PASSWORD_ENV).ok_or(NotifySpecError::Password)?;
        config = config.with_password(SmtpPassword::new(password));
    }
    Ok(Arc::new(SmtpNotifier::new(config)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: Option<&str> = Some("thongbao@buudien.example.vn");

    #[test]
    fn an_smtp_url_with_a_user_takes_the_password_from_the_environment() {
        let env = |name: &str| (name == PASSWORD_ENV).then(|| "s3cret".to_owned());
        let n = notifier("smtp+starttls://hoso@mail.example.vn", FROM, env).unwrap();
        assert_eq!(n.name(), "smtp");
        assert!(!format!("{n:?}").contains("s3cret"));
        assert!(notifier("smtps://mail.example.vn", FROM, |_| None).is_ok());
    }

    #[test]
    fn bad_specs_are_refused_with_what_is_wrong() {
        assert!(matches!(
            notifier("mailto:x@y.vn", FROM, |_| None),
            Err(NotifySpecError::Kind)
        ));
        assert!(matches!(
            notifier("smtps://mail.example.vn", None, |_| None),
            Err(NotifySpecError::NoSender)
        ));
        assert!(matches!(
            notifier("smtps://mail.example.vn", Some("nope"), |_| None),
            Err(NotifySpecError::Sender(_))
        ));
        let error = notifier("smtps://hoso:hunter2@mail.example.vn", FROM, |_| None)
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(
            error,
            NotifySpecError::Smtp(SmtpConfigError::PasswordInUrl)
        ));
        assert!(!error.to_string().contains("hunter2"));
        assert!(matches!(
            notifier("smtp://mail.example.vn", FROM, |_| None),
            Err(NotifySpecError::Smtp(SmtpConfigError::PlainNotLocal { .. }))
        ));
        assert!(matches!(
            notifier("file:/nonexistent-dir/x.jsonl", None, |_| None),
            Err(NotifySpecError::File { .. })
        ));
    }
}
