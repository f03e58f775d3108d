//! How the SMTP notifier reaches its server: host, port, transport security (always chosen explicitly),
//! the roots its certificate is checked against, credentials, the sender and the timeout.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use hoso_core::notify::EmailAddress;

use super::roots::RootCertificates;

/// How the connection to the SMTP server is protected. There is no default: the choice is the operator's,
/// and the notifier never falls back from one to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SmtpSecurity {
    /// TLS from the first byte (SMTPS, "implicit TLS", RFC 8314 §3.3), port 465 by default.
    ImplicitTls,
    /// A plain connection upgraded with `STARTTLS` before anything else is said (RFC 3207), port 587 by
    /// default. A server that does not offer `STARTTLS`, or whose upgrade fails, gets no credentials and no
    /// message.
    StartTls,
    /// No TLS at all, for a relay on this machine only (a local MTA that relays onwards): refused for any
    /// host but `localhost` and loopback addresses. Port 25 by default.
    PlainLocalhost,
}

impl SmtpSecurity {
    /// The port used when none is given.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::ImplicitTls => 465,
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::PlainLocalhost => 25,
        }
    }
}

/// An SMTP password: `Debug` shows nothing of it. It comes from the environment (`hoso serve` reads
/// `HOSO_SMTP_PASSWORD`), never from a command line or a configuration file.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpPassword(String);

impl SmtpPassword {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        SmtpPassword(password.into())
    }

    pub(crate) fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SmtpPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SmtpPassword(…)")
    }
}

/// Why an SMTP configuration was refused. Never carries a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SmtpConfigError {
    /// The URL's scheme is not one of `smtps`, `smtp+starttls`, `smtp`.
    #[error(
        "smtp URL: scheme {scheme:?}: use smtps:// (implicit TLS), smtp+starttls:// (STARTTLS) or smtp:// (no TLS, this machine only)"
    )]
    Scheme {
        /// The scheme found (empty when there was no `://`).
        scheme: String,
    },
    /// No host, or a host that is not a name or an address.
    #[error("smtp URL: bad host {host:?}")]
    Host {
        /// The host found.
        host: String,
    },
    /// A port that is not a number from 1 to 65535.
    #[error("smtp URL: bad port {port:?}")]
    Port {
        /// The port found.
        port: String,
    },
    /// The URL holds a password.
    #[error(
        "smtp URL: it holds a password; give the user only (smtps://USER@HOST) and the password in the environment"
    )]
    PasswordInUrl,
    /// The URL has a path, query or fragment, which mean nothing here.
    #[error("smtp URL: unexpected {part:?} after the host and port")]
    Trailing {
        /// What followed.
        part: String,
    },
    /// Plain SMTP to another machine: it would send the messages (and any password) readable on the way.
    #[error(
        "smtp://{host}: no TLS is allowed for localhost and loopback addresses only; use smtps:// or smtp+starttls://"
    )]
    PlainNotLocal {
        /// The host.
        host: String,
    },
    /// A user without a password, or a password without a user.
    #[error("smtp: a user needs a password and a password needs a user")]
    Credentials,
    /// A timeout of zero.
    #[error("smtp: the timeout must be longer than zero")]
    Timeout,
    /// The text given as root certificates is not well-formed PEM.
    #[error("smtp root certificate: not well-formed PEM: {reason}")]
    RootCertificatePem {
        /// What is wrong with it (never the text itself).
        reason: &'static str,
    },
    /// The text given as root certificates holds no `-----BEGIN CERTIFICATE-----` block.
    #[error(
        "smtp root certificate: no -----BEGIN CERTIFICATE----- block found; give the CA's certificate in PEM"
    )]
    RootCertificateMissing,
    /// The text given as root certificates holds something else than certificates (a private key, a
    /// certificate request, a revocation list…).
    #[error(
        "smtp root certificate: the PEM holds a {section} block; give certificates only (a private key never belongs here)"
    )]
    RootCertificateNotCertificate {
        /// The PEM label of that block (`PRIVATE KEY`, `CERTIFICATE REQUEST`…).
        section: &'static str,
    },
    /// A `CERTIFICATE` block that is not an X.509 certificate usable as a root.
    #[error(
        "smtp root certificate: certificate {number} in the PEM is not an X.509 certificate usable as a root"
    )]
    RootCertificateUnusable {
        /// Its position among the PEM's certificates, from 1.
        number: usize,
    },
    /// The TLS client could not be set up: for instance no certificate was given
    /// ([`SmtpConfig::with_root_certificate`]) and the platform's store holds none.
    #[error("smtp: cannot set up TLS: {reason}")]
    Tls {
        /// What the TLS library said.
        reason: String,
    },
}

/// Where and how the [`SmtpNotifier`](crate::SmtpNotifier) sends.
///
/// ```
/// use hoso_notify::{SmtpConfig, SmtpPassword, SmtpSecurity};
/// let from = "thongbao@buudien.example.vn".parse()?;
/// let config = SmtpConfig::from_url("smtp+starttls://notify@mail.example.vn", from)?
///     .with_password(SmtpPassword::new("from the environment"));
/// assert_eq!((config.security(), config.port()), (SmtpSecurity::StartTls, 587));
/// assert!(config.check().is_ok());
/// // No TLS to another machine is refused.
/// let from = "thongbao@buudien.example.vn".parse()?;
/// assert!(SmtpConfig::from_url("smtp://mail.example.vn", from).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    host: String,
    port: u16,
    security: SmtpSecurity,
    user: Option<String>,
    password: Option<SmtpPassword>,
    from: EmailAddress,
    from_name: String,
    hello_name: String,
    timeout: Duration,
    roots: RootCertificates,
}

/// Whether `host` is this machine: `localhost` or a loopback address.
fn is_local(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl SmtpConfig {
    /// A configuration for `host` with `security` on its default port, sending from `from`, with a
    /// 30-second timeout, no credentials, the sender name "Bưu điện - hoso" and `hoso.invalid` as the
    /// `EHLO` name.
    ///
    /// # Errors
    /// [`SmtpConfigError::PlainNotLocal`] for [`SmtpSecurity::PlainLocalhost`] to another machine;
    /// [`SmtpConfigError::Host`] for an empty host.
    pub fn new(
        host: impl Into<String>,
        security: SmtpSecurity,
        from: EmailAddress,
    ) -> Result<Self, SmtpConfigError> {
        let host = host.into();
        if host.is_empty()
            || host
                .chars()
                .any(|c| !(c.is_ascii_alphanumeric() || "-.:[]".contains(c)))
        {
            return Err(SmtpConfigError::Host { host });
        }
        if security == SmtpSecurity::PlainLocalhost && !is_local(&host) {
            return Err(SmtpConfigError::PlainNotLocal { host });
        }
        Ok(SmtpConfig {
            port: security.default_port(),
            host,
            security,
            user: None,
            password: None,
            from,
            from_name: "Bưu điện - hoso".to_owned(),
            hello_name: "hoso.invalid".to_owned(),
            timeout: Duration::from_secs(30),
            roots: RootCertificates::default(),
        })
    }

    /// Reads `smtps://[USER@]HOST[:PORT]` (implicit TLS), `smtp+starttls://[USER@]HOST[:PORT]` (STARTTLS)
    /// or `smtp://[USER@]HOST[:PORT]` (no TLS: this machine only). A password in the URL is refused: give it
    /// with [`with_password`](Self::with_password).
    ///
    /// # Errors
    /// [`SmtpConfigError`]: the scheme, host, port or trailing part at fault, a password in the URL, plain
    /// SMTP to another machine.
    pub fn from_url(url: &str, from: EmailAddress) -> Result<Self, SmtpConfigError> {
        let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
        let security = match scheme.to_ascii_lowercase().as_str() {
            "smtps" => SmtpSecurity::ImplicitTls,
            "smtp+starttls" => SmtpSecurity::StartTls,
            "smtp" => SmtpSecurity::PlainLocalhost,
            _ => {
                return Err(SmtpConfigError::Scheme {
                    scheme: scheme.to_owned(),
                });
            }
        };
        if let Some(at) = rest.find(['/', '?', '#']) {
            let part = &rest[at..];
            if part != "/" {
                return Err(SmtpConfigError::Trailing {
                    part: part.to_owned(),
                });
            }
        }
        let rest = rest.trim_end_matches('/');
        let (user, authority) = match rest.rsplit_once('@') {
            Some((userinfo, authority)) => {
                if userinfo.contains(':') {
                    return Err(SmtpConfigError::PasswordInUrl);
                }
                (Some(userinfo.to_owned()), authority)
            }
            None => (None, rest),
        };
        // `[::1]:2525`, `host:2525`, `host`.
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port))
                if !port.contains(']') && (host.ends_with(']') || !host.contains(':')) =>
            {
                let number = port
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or_else(|| SmtpConfigError::Port {
                        port: port.to_owned(),
                    })?;
                (host, Some(number))
            }
            _ => (authority, None),
        };
        let mut config = SmtpConfig::new(host, security, from)?;
        if let Some(port) = port {
            config.port = port;
        }
        config.user = user.filter(|u| !u.is_empty());
        Ok(config)
    }

    /// Sets the port.
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Sets the user name the notifier authenticates with (`AUTH PLAIN` or `LOGIN`, whichever the server
    /// offers); it needs a password.
    pub fn with_user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    /// Sets the password (from the environment, never from a file or a command line).
    pub fn with_password(mut self, password: SmtpPassword) -> Self {
        self.password = Some(password);
        self
    }

    /// Sets the name shown beside the sender's address.
    pub fn with_from_name(mut self, name: impl Into<String>) -> Self {
        self.from_name = name.into();
        self
    }

    /// Sets the name the notifier gives in `EHLO` (this machine's public name, for servers that check it).
    pub fn with_hello_name(mut self, name: impl Into<String>) -> Self {
        self.hello_name = name.into();
        self
    }

    /// Sets the timeout: of the connection, and of the whole exchange of one message (connection, greeting,
    /// authentication, envelope, data). Past it the attempt is a retryable failure; if it ran out after the
    /// data was sent, the server may have taken the message, and the retry sends it again under the same
    /// `Message-ID`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Trusts the certificates in `pem` (one or more `-----BEGIN CERTIFICATE-----` blocks: a private CA's, an
    /// internal relay's) as the roots of the server's certificate, **instead of the platform's roots**: once
    /// one is given, a certificate that chains only to a public CA is refused, and the platform's store is
    /// not read (a machine without one can send). The certificate must still name the host, be in date and
    /// be fit for a server. Each call adds to the roots of the calls before (a CA being replaced: give both).
    /// Without any, the platform's verifier and store decide. Ignored for [`SmtpSecurity::PlainLocalhost`],
    /// which has no TLS.
    ///
    /// ```
    /// use hoso_notify::{SmtpConfig, SmtpConfigError, SmtpNotifier};
    /// # // tests/fixtures/tls/ca.pem, the test CA
    /// # const CA: &[u8] = br"-----BEGIN CERTIFICATE-----
    /// # MIIB2TCCAX+gAwIBAgIUCwliWog4qIMWYW4TUHiNdfpi23UwCgYIKoZIzj0EAwIw
    /// # OTETMBEGA1UECgwKaG9zbyB0ZXN0czEiMCAGA1UEAwwZaG9zbyB0ZXN0IGNhICh0
    /// # ZXN0cyBvbmx5KTAgFw0yNjEyMDMxNDM2MjlaGA8yMTI2MTIwNDE0MzYyOVowOTET
    /// # MBEGA1UECgwKaG9zbyB0ZXN0czEiMCAGA1UEAwwZaG9zbyB0ZXN0IGNhICh0ZXN0
    /// # cyBvbmx5KTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMjALbmFfoXNWhaIjCVZ
    /// # aqiHH0gxldwwO9tZJVIv2Kjc4QgGFJutkZ1689ETkSHwJVnzWGMNlFZTPYllGVzN
    /// # 4HGjYzBhMB0GA1UdDgQWBBTKCYvL5/3o25zMWlpdjmyUD1QOvTAfBgNVHSMEGDAW
    /// # gBTKCYvL5/3o25zMWlpdjmyUD1QOvTAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB
    /// # /wQEAwIBBjAKBggqhkjOPQQDAgNIADBFAiEAhvL/+yhjbbzPSlgpcupxKVdlRL99
    /// # gVpOzBD3luWHW5kCIGjxGzkf0I9hH8VKq8OLG5+Rjr6fsRANH5tgzsWsl00I
    /// # -----END CERTIFICATE-----
    /// # ";
    /// let from = "thongbao@buudien.example.vn".parse()?;
    /// // The CA that signed the internal relay's certificate, e.g. from `/etc/hoso/smtp-ca.pem`.
    /// let config = SmtpConfig::from_url("smtp+starttls://relay.buudien.internal", from)?
    ///     .with_root_certificate(CA)?;
    /// assert_eq!(config.root_certificate_count(), 1);
    /// let notifier = SmtpNotifier::new(config)?;
    ///
    /// // A private key is not a certificate, and nothing in the error quotes it.
    /// let from = "thongbao@buudien.example.vn".parse()?;
    /// let key = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    /// let refused = SmtpConfig::from_url("smtps://relay.buudien.internal", from)?
    ///     .with_root_certificate(key)
    ///     .unwrap_err();
    /// assert_eq!(
    ///     refused,
    ///     SmtpConfigError::RootCertificateNotCertificate { section: "PRIVATE KEY" }
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SmtpConfigError::RootCertificatePem`] for malformed PEM,
    /// [`SmtpConfigError::RootCertificateMissing`] for no certificate in it,
    /// [`SmtpConfigError::RootCertificateNotCertificate`] for a block that is not a certificate (a private
    /// key…), [`SmtpConfigError::RootCertificateUnusable`] for a certificate that cannot be a root. Nothing
    /// is added then.
    pub fn with_root_certificate(mut self, pem: &[u8]) -> Result<Self, SmtpConfigError> {
        self.roots.add_pem(pem)?;
        Ok(self)
    }

    /// How many root certificates [`with_root_certificate`](Self::with_root_certificate) gave: 0 means the
    /// platform's roots.
    pub fn root_certificate_count(&self) -> usize {
        self.roots.len()
    }

    pub(crate) fn roots(&self) -> &RootCertificates {
        &self.roots
    }

    /// The server's host.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The server's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The transport security.
    pub fn security(&self) -> SmtpSecurity {
        self.security
    }

    /// The user name, if the notifier authenticates.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// The sender's address.
    pub fn from(&self) -> &EmailAddress {
        &self.from
    }

    pub(crate) fn sender_name(&self) -> &str {
        &self.from_name
    }

    pub(crate) fn hello_name(&self) -> &str {
        &self.hello_name
    }

    pub(crate) fn password(&self) -> Option<&SmtpPassword> {
        self.password.as_ref()
    }

    /// The timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Checks what the builders cannot check alone: the credentials come in pairs, the timeout is not zero.
    ///
    /// # Errors
    /// [`SmtpConfigError::Credentials`], [`SmtpConfigError::Timeout`].
    pub fn check(&self) -> Result<(), SmtpConfigError> {
        if self.user.is_some() != self.password.is_some() {
            return Err(SmtpConfigError::Credentials);
        }
        if self.timeout.is_zero() {
            return Err(SmtpConfigError::Timeout);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from() -> EmailAddress {
        "thongbao@buudien.example.vn".parse().unwrap()
    }

    #[test]
    fn every_scheme_sets_its_security_and_default_port() {
        let cases = [
            ("smtps://mail.example.vn", SmtpSecurity::ImplicitTls, 465),
            (
                "smtp+starttls://u@mail.example.vn:2587/",
                SmtpSecurity::StartTls,
                2587,
            ),
            ("smtp://localhost", SmtpSecurity::PlainLocalhost, 25),
            ("smtp://127.0.0.1:2525", SmtpSecurity::PlainLocalhost, 2525),
            ("smtp://[::1]:2525", SmtpSecurity::PlainLocalhost, 2525),
        ];
        for (url, security, port) in cases {
            let c = SmtpConfig::from_url(url, from()).unwrap();
            assert_eq!((c.security(), c.port()), (security, port), "{url}");
        }
        let c = SmtpConfig::from_url("smtp+starttls://u@mail.example.vn:2587/", from()).unwrap();
        assert_eq!(c.user(), Some("u"));
        assert_eq!(c.check(), Err(SmtpConfigError::Credentials));
    }

    #[test]
    fn unsafe_or_malformed_urls_are_refused_without_echoing_a_password() {
        let err = SmtpConfig::from_url("smtps://u:hunter2@mail.example.vn", from()).unwrap_err();
        assert_eq!(err, SmtpConfigError::PasswordInUrl);
        assert!(!err.to_string().contains("hunter2"));
        assert!(matches!(
            SmtpConfig::from_url("smtp://mail.example.vn", from()),
            Err(SmtpConfigError::PlainNotLocal { .. })
        ));
        assert!(matches!(
            SmtpConfig::from_url("smtp://10.0.0.1:25", from()),
            Err(SmtpConfigError::PlainNotLocal { .. })
        ));
        assert!(matches!(
            SmtpConfig::from_url("http://mail.example.vn", from()),
            Err(SmtpConfigError::Scheme { .. })
        ));
        assert!(matches!(
            SmtpConfig::from_url("smtps://mail.example.vn:0", from()),
            Err(SmtpConfigError::Port { .. })
        ));
        assert!(matches!(
            SmtpConfig::from_url("smtps://mail.example.vn?tls=off", from()),
            Err(SmtpConfigError::Trailing { .. })
        ));
        assert!(matches!(
            SmtpConfig::from_url("smtps://", from()),
            Err(SmtpConfigError::Host { .. })
        ));
        let zero = SmtpConfig::from_url("smtps://mail.example.vn", from())
            .unwrap()
            .with_timeout(Duration::ZERO);
        assert_eq!(zero.check(), Err(SmtpConfigError::Timeout));
    }

    #[test]
    fn root_certificates_that_are_not_certificates_are_refused_and_nothing_is_added() {
        let config = || SmtpConfig::from_url("smtps://mail.example.vn", from()).unwrap();
        let block = |label: &str, body: &str| {
            format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n")
        };
        let cases = [
            (String::new(), SmtpConfigError::RootCertificateMissing),
            (
                "not PEM at all".to_owned(),
                SmtpConfigError::RootCertificateMissing,
            ),
            // A label nobody knows is skipped; then nothing is left.
            (
                block("TRUSTED CERTIFICATE", "AAAA"),
                SmtpConfigError::RootCertificateMissing,
            ),
            (
                "-----BEGIN CERTIFICATE-----\nAAAA\n".to_owned(),
                SmtpConfigError::RootCertificatePem {
                    reason: "a block has no -----END ...----- line",
                },
            ),
            (
                block("CERTIFICATE", "!!!!"),
                SmtpConfigError::RootCertificatePem {
                    reason: "a block is not valid base64",
                },
            ),
            (
                block("CERTIFICATE", "AAAA"),
                SmtpConfigError::RootCertificateUnusable { number: 1 },
            ),
            (
                block("EC PRIVATE KEY", "c2VjcmV0LWtleS1ieXRlcw=="),
                SmtpConfigError::RootCertificateNotCertificate {
                    section: "EC PRIVATE KEY",
                },
            ),
        ];
        for (pem, expected) in cases {
            let error = config().with_root_certificate(pem.as_bytes()).unwrap_err();
            assert_eq!(error, expected, "{pem}");
            // Nothing of the text is quoted: it may be a key.
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("AAAA") && !shown.contains("c2VjcmV0"),
                "{shown}"
            );
        }
    }

    #[test]
    fn a_password_is_never_shown() {
        let c = SmtpConfig::from_url("smtps://u@mail.example.vn", from())
            .unwrap()
            .with_password(SmtpPassword::new("hunter2"));
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("thongbao"),
            "{shown}"
        );
    }
}
