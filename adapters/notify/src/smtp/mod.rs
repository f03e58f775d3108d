//! The SMTP notifier: each notification as one e-mail, plain UTF-8 text in both languages, sent with lettre
//! over tokio and rustls.
//!
//! - **Transport security** is the operator's explicit choice ([`SmtpSecurity`]): implicit TLS, STARTTLS
//!   (required: a server that does not offer it gets nothing), or none for a relay on this machine only.
//!   Certificates are checked by the platform's verifier, or, once roots are given
//!   ([`SmtpConfig::with_root_certificate`]: a private CA), against those roots only.
//! - **One connection per message**, with [`SmtpConfig::timeout`] on the connection and on the whole
//!   exchange (a server that stops answering mid-dialogue is a retryable failure, not a stuck round). A
//!   dispatcher round sends a few messages at most, and a fresh connection never holds a half-broken
//!   session.
//! - **The key goes along.** The `Message-ID` is derived from [`Notification::key`] (the same key always gives
//!   the same id) and the key itself is in `X-Hoso-Notification-Key`: a notification handed over twice (a
//!   dispatcher's lease ran out mid-send) is the same message to every mail client and server that
//!   deduplicates by its id.
//! - **Failures** map onto the port's kinds: a 5xx reply is [`NotifyErrorKind::Rejected`] (a dead letter at
//!   once); a 4xx reply, a refused or dropped connection, a timeout or a failed TLS handshake is
//!   [`NotifyErrorKind::Unavailable`] (retried after the outbox's backoff). Every error carries the reply
//!   code and the server's text with any address in it masked (`***@domain`), never the recipient.

mod config;
mod roots;

use std::fmt;
use std::time::{Duration, SystemTime};

use hoso_core::notify::{Contact, Delivery, Notification, Notifier, NotifyError, NotifyErrorKind};
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::{Digest, Sha256};

pub use config::{SmtpConfig, SmtpConfigError, SmtpPassword, SmtpSecurity};

/// The header that carries the notification's key.
pub const KEY_HEADER: &str = "X-Hoso-Notification-Key";

/// Sends e-mail notifications over SMTP; refuses SMS contacts ([`NotifyErrorKind::Unsupported`]).
///
/// ```
/// use hoso_notify::{SmtpConfig, SmtpNotifier};
/// let from = "thongbao@buudien.example.vn".parse()?;
/// let notifier = SmtpNotifier::new(SmtpConfig::from_url("smtps://mail.example.vn", from)?)?;
/// assert_eq!(format!("{notifier:?}"), "SmtpNotifier(smtps mail.example.vn:465)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SmtpNotifier {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    id_domain: String,
    server: String,
    timeout: Duration,
}

impl fmt::Debug for SmtpNotifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SmtpNotifier({})", self.server)
    }
}

impl SmtpNotifier {
    /// A notifier for `config` (it connects when it sends, not now).
    ///
    /// # Errors
    /// [`SmtpConfigError`] from [`SmtpConfig::check`], a sender address the mail library refuses
    /// ([`SmtpConfigError::Host`]), or a TLS client that cannot be set up ([`SmtpConfigError::Tls`]: with
    /// no roots given, a platform without a certificate store).
    pub fn new(config: SmtpConfig) -> Result<Self, SmtpConfigError> {
        config.check()?;
        let host = config.host().trim_start_matches('[').trim_end_matches(']');
        let tls = || tls_parameters(host, &config);
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(config.port())
            .timeout(Some(config.timeout()))
            .hello_name(ClientId::Domain(config.hello_name().to_owned()));
        let scheme = match config.security() {
            SmtpSecurity::ImplicitTls => {
                builder = builder.tls(Tls::Wrapper(tls()?));
                "smtps"
            }
            SmtpSecurity::StartTls => {
                builder = builder.tls(Tls::Required(tls()?));
                "smtp+starttls"
            }
            SmtpSecurity::PlainLocalhost => {
                builder = builder.tls(Tls::None);
                "smtp"
            }
        };
        if let (Some(user), Some(password)) = (config.user(), config.password()) {
            builder = builder.credentials(Credentials::new(
                user.to_owned(),
                password.reveal().to_owned(),
            ));
        }
        let address: Address =
            config
                .from()
                .reveal()
                .parse()
                .map_err(|_| SmtpConfigError::Host {
                    host: config.from().domain().to_owned(),
                })?;
        Ok(SmtpNotifier {
            transport: builder.build(),
            from: Mailbox::new(Some(config.sender_name().to_owned()), address),
            id_domain: config.from().domain().to_owned(),
            server: format!("{scheme} {}:{}", config.host(), config.port()),
            timeout: config.timeout(),
        })
    }

    /// The message `notification` is sent as: what [`send`](Notifier::send) puts on the wire (less the
    /// `Date`, which is the time of sending).
    ///
    /// # Errors
    /// [`NotifyErrorKind::Unsupported`] for a contact that is not an e-mail address,
    /// [`NotifyErrorKind::Rejected`] for an address or text the mail library cannot put in a message.
    pub fn message(&self, notification: &Notification) -> Result<Message, NotifyError> {
        self.build(notification, None)
    }

    fn build(&self, n: &Notification, date: Option<SystemTime>) -> Result<Message, NotifyError> {
        let reject = |what: &str| NotifyError::new(NotifyErrorKind::Rejected, "smtp", what);
        let to = match &n.to {
            Contact::Email(address) => address,
            other => {
                return Err(NotifyError::new(
                    NotifyErrorKind::Unsupported,
                    "smtp",
                    format!("no way to send to a {} contact", other.channel()),
                ));
            }
        };
        let to: Address = to.reveal().parse().map_err(|_| {
            reject(&format!(
                "{}: the recipient's address ({to}) is not one SMTP takes",
                n.key
            ))
        })?;
        let key = header_value(&n.key);
        let body = Body::new_with_encoding(n.text.body.clone(), ContentTransferEncoding::Base64)
            .map_err(|_| reject(&format!("{}: the body cannot be encoded", n.key)))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(n.text.subject.clone())
            .message_id(Some(message_id(&n.key, &self.id_domain)))
            .header(ContentType::TEXT_PLAIN)
            .raw_header(raw(KEY_HEADER, key))
            // The preferred language first, the other after the rule line (`template`).
            .raw_header(raw(
                "Content-Language",
                format!("{}, {}", n.language.tag(), n.language.other().tag()),
            ))
            // An automatic message: no vacation or out-of-office replies to it (RFC 3834 §5).
            .raw_header(raw("Auto-Submitted", "auto-generated".to_owned()));
        if let Some(date) = date {
            builder = builder.date(date);
        }
        builder
            .body(body)
            .map_err(|e| reject(&format!("{}: {}", n.key, mask_addresses(&e.to_string()))))
    }
}

/// The TLS client for `host`: the platform's verifier, or, with roots given, a verifier that trusts those
/// only. lettre adds given roots *to* the platform's with its default store, hence the empty store.
fn tls_parameters(host: &str, config: &SmtpConfig) -> Result<TlsParameters, SmtpConfigError> {
    let tls_error = |e: lettre::transport::smtp::Error| SmtpConfigError::Tls {
        reason: e.to_string(),
    };
    let mut builder = TlsParameters::builder(host.to_owned());
    if config.root_certificate_count() > 0 {
        builder = builder.certificate_store(CertificateStore::None);
        for root in config.roots().iter() {
            let root = Certificate::from_der(root.to_vec()).map_err(tls_error)?;
            builder = builder.add_root_certificate(root);
        }
    }
    builder.build().map_err(tls_error)
}

fn raw(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

/// `value` with anything but printable ASCII replaced, so that it can never end a header line.
fn header_value(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .collect()
}

/// The `Message-ID` of the notification keyed `key`: `<hoso.{32 hexadecimal digits of the key's
/// SHA-256}@{sender's domain}>`. Derived, not random, so that the same notification sent twice has one id.
pub fn message_id(key: &str, domain: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("<hoso.{hex}@{domain}>")
}

/// `text` with every address-like word (`local@domain`, with or without angle brackets) shown as
/// `***@domain`: servers quote the recipient in their replies.
fn mask_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match word.rsplit_once('@') {
            Some((local, domain)) => {
                let open = local.find('<').map_or("", |_| "<");
                out.push_str(open);
                out.push_str("***@");
                out.push_str(domain);
            }
            None => out.push_str(word),
        }
    }
    // A reply can be long; the code and its first words say enough.
    match out.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &out[..cut]),
        None => out,
    }
}

/// The port's error for what lettre reported.
fn to_notify_error(server: &str, key: &str, e: &lettre::transport::smtp::Error) -> NotifyError {
    let source = std::error::Error::source(e).map(ToString::to_string);
    let text = mask_addresses(source.as_deref().unwrap_or(""));
    let (kind, what) = match e.status() {
        Some(code) if e.is_permanent() => (
            NotifyErrorKind::Rejected,
            format!("refused for good: {code} {text}"),
        ),
        Some(code) => (
            NotifyErrorKind::Unavailable,
            format!("refused for now: {code} {text}"),
        ),
        None if e.is_timeout() => (NotifyErrorKind::Unavailable, "timed out".to_owned()),
        None if e.is_tls() => (
            NotifyErrorKind::Unavailable,
            format!("TLS failed: {}", mask_addresses(&e.to_string())),
        ),
        None => (NotifyErrorKind::Unavailable, mask_addresses(&e.to_string())),
    };
    NotifyError::new(
        kind,
        "smtp",
        format!("{server}: {key}: {}", what.trim_end()),
    )
}

#[async_trait::async_trait]
impl Notifier for SmtpNotifier {
    fn name(&self) -> &str {
        "smtp"
    }

    async fn send(&self, n: &Notification) -> Result<Delivery, NotifyError> {
        let message = self.build(n, Some(SystemTime::now()))?;
        // lettre's tokio transport bounds the connection only; a server that stops answering mid-dialogue
        // would hold the round for ever.
        let error = match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(Ok(_)) => return Ok(Delivery::Sent),
            Ok(Err(e)) => to_notify_error(&self.server, &n.key, &e),
            Err(_) => NotifyError::new(
                NotifyErrorKind::Unavailable,
                "smtp",
                format!(
                    "{}: {}: timed out after {:?} (the server may still have taken it)",
                    self.server, n.key, self.timeout
                ),
            ),
        };
        tracing::warn!(key = %n.key, error = %error.message, "e-mail not sent");
        Err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_a_reply_are_masked() {
        assert_eq!(
            mask_addresses("5.1.1 <nguyen.an@example.vn>: Recipient address rejected"),
            "5.1.1 <***@example.vn>: Recipient address rejected"
        );
        assert_eq!(
            mask_addresses("user an@example.vn unknown"),
            "user ***@example.vn unknown"
        );
        assert!(mask_addresses(&"x ".repeat(400)).ends_with('…'));
    }

    #[test]
    fn one_key_gives_one_message_id() {
        let a = message_id("citizen/000.00.01.H56-260302-0001/1", "buudien.example.vn");
        assert_eq!(
            a,
            message_id("citizen/000.00.01.H56-260302-0001/1", "buudien.example.vn")
        );
        assert_ne!(
            a,
            message_id("citizen/000.00.01.H56-260302-0001/2", "buudien.example.vn")
        );
        assert!(a.starts_with("<hoso.") && a.ends_with("@buudien.example.vn>"));
        assert_eq!(a.len(), "<hoso.@buudien.example.vn>".len() + 32);
    }
}
