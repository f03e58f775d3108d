//! A minimal SMTP server for the tests, on 127.0.0.1 and an ephemeral port: EHLO, AUTH PLAIN, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT, and STARTTLS or implicit TLS when started so (the certificates of
//! `tests/fixtures/tls`). It records every message it accepted, and whether the session was encrypted
//! then, and answers RCPT with scripted replies (a 451 or a 550) when told to. A message is recorded
//! before its DATA is acknowledged, so once a send returns the record is there: no waiting.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// The test CA (`tests/fixtures/tls/README.md`), which signed the sink's certificates.
pub(crate) const CA: &[u8] = include_bytes!("../fixtures/tls/ca.pem");
/// A CA that signed nothing the sink presents.
pub(crate) const OTHER_CA: &[u8] = include_bytes!("../fixtures/tls/other-ca.pem");

/// How the sink protects its sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encryption {
    /// `STARTTLS` offered in the first EHLO reply; TLS once the client asks.
    StartTls,
    /// TLS from the first byte.
    Implicit,
}

/// The certificate the sink presents, both signed by [`CA`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presents {
    /// For `localhost` and `127.0.0.1`.
    Localhost,
    /// For `mail.example.vn` only.
    OtherName,
}

fn acceptor(presents: Presents) -> TlsAcceptor {
    let chain = match presents {
        Presents::Localhost => &include_bytes!("../fixtures/tls/localhost.pem")[..],
        Presents::OtherName => &include_bytes!("../fixtures/tls/mail.example.vn.pem")[..],
    };
    let chain = CertificateDer::pem_slice_iter(chain)
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("../fixtures/tls/server.key")).unwrap();
    // The provider named, not the process default: whichever others the build enables, ring it is.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    TlsAcceptor::from(Arc::new(config))
}

/// One accepted message.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) mail_from: String,
    pub(crate) rcpt_to: Vec<String>,
    /// The message as sent, dot-unstuffed, lines joined with `\n`.
    pub(crate) data: String,
    /// Whether the session was under TLS when the DATA came.
    pub(crate) encrypted: bool,
}

impl Received {
    /// The header `name`, unfolded, its RFC 2047 encoded words decoded.
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\n\n").next()?;
        let mut unfolded: Vec<String> = Vec::new();
        for line in head.lines() {
            match (line.starts_with([' ', '\t']), unfolded.last_mut()) {
                (true, Some(last)) => last.push_str(line),
                _ => unfolded.push(line.to_owned()),
            }
        }
        unfolded.iter().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| decode_words(v.trim()))
        })
    }

    /// The body, base64-decoded when its transfer encoding says so.
    pub(crate) fn body(&self) -> String {
        let raw = self.data.split_once("\n\n").map_or("", |(_, b)| b);
        match self.header("Content-Transfer-Encoding").as_deref() {
            Some(e) if e.eq_ignore_ascii_case("base64") => {
                let joined: String = raw.split_whitespace().collect();
                String::from_utf8(STANDARD.decode(joined).unwrap()).unwrap()
            }
            _ => raw.to_owned(),
        }
    }
}

/// Decodes `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words; the space between two encoded words goes.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, after) = rest.split_at(start);
        let word = after[2..].splitn(3, '?').collect::<Vec<_>>();
        let Some(end) = word.get(2).and_then(|w| w.find("?=")) else {
            break;
        };
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let text = &word[2][..end];
        let bytes = if word[1].eq_ignore_ascii_case("b") {
            STANDARD.decode(text).unwrap()
        } else {
            quoted(text)
        };
        out.push_str(&String::from_utf8(bytes).unwrap());
        rest = &word[2][end + 2..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}

fn quoted(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'_' => out.push(b' '),
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

#[derive(Debug, Default)]
struct State {
    received: Vec<Received>,
    /// Replies to the next RCPT commands, in order; empty: 250.
    rcpt_replies: VecDeque<String>,
    rcpt_commands: usize,
    mail_commands: usize,
    /// `(user, password)` of every AUTH PLAIN, and whether it came under TLS.
    logins: Vec<(String, String, bool)>,
    hello_names: Vec<String>,
    starttls_commands: usize,
    /// TLS handshakes the sink completed (a client that refuses the certificate completes none).
    handshakes: usize,
}

/// The running sink. Its task ends with the test's runtime.
#[derive(Debug, Clone)]
pub(crate) struct Sink {
    pub(crate) port: u16,
    state: Arc<Mutex<State>>,
}

impl Sink {
    /// Starts a sink that offers `AUTH PLAIN` (and no STARTTLS).
    pub(crate) async fn start() -> Sink {
        Sink::listen(None).await
    }

    /// Starts a sink that offers `AUTH PLAIN` and speaks TLS as `encryption` says, presenting `presents`.
    /// `AUTH` is offered before the upgrade too: a client that logs in before it gets recorded so.
    pub(crate) async fn start_tls(encryption: Encryption, presents: Presents) -> Sink {
        Sink::listen(Some((encryption, acceptor(presents)))).await
    }

    async fn listen(tls: Option<(Encryption, TlsAcceptor)>) -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(connection(stream, tls.clone(), shared.clone()));
            }
        });
        Sink { port, state }
    }

    /// The next RCPT is answered `reply` (`"451 4.3.0 try later"`), once.
    pub(crate) fn answer_next_rcpt(&self, reply: &str) {
        self.state
            .lock()
            .unwrap()
            .rcpt_replies
            .push_back(reply.to_owned());
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// RCPT commands seen: one per attempt to send.
    pub(crate) fn rcpt_commands(&self) -> usize {
        self.state.lock().unwrap().rcpt_commands
    }

    pub(crate) fn mail_commands(&self) -> usize {
        self.state.lock().unwrap().mail_commands
    }

    pub(crate) fn logins(&self) -> Vec<(String, String)> {
        let state = self.state.lock().unwrap();
        state
            .logins
            .iter()
            .map(|(u, p, _)| (u.clone(), p.clone()))
            .collect()
    }

    /// For every AUTH PLAIN, whether it came under TLS.
    pub(crate) fn logins_encrypted(&self) -> Vec<bool> {
        let state = self.state.lock().unwrap();
        state
            .logins
            .iter()
            .map(|(_, _, encrypted)| *encrypted)
            .collect()
    }

    pub(crate) fn starttls_commands(&self) -> usize {
        self.state.lock().unwrap().starttls_commands
    }

    pub(crate) fn handshakes(&self) -> usize {
        self.state.lock().unwrap().handshakes
    }

    pub(crate) fn hello_names(&self) -> Vec<String> {
        self.state.lock().unwrap().hello_names.clone()
    }
}

/// One client's connection: plain, upgraded by STARTTLS, or TLS from the start.
async fn connection(
    stream: TcpStream,
    tls: Option<(Encryption, TlsAcceptor)>,
    state: Arc<Mutex<State>>,
) {
    let handshake = async |acceptor: &TlsAcceptor, stream: TcpStream| {
        let stream = acceptor.accept(stream).await.ok()?;
        state.lock().unwrap().handshakes += 1;
        Some(stream)
    };
    match tls {
        None => {
            session(stream, &state, Mode::Plain).await;
        }
        Some((Encryption::StartTls, acceptor)) => {
            let Some(plain) = session(stream, &state, Mode::OffersStartTls).await else {
                return;
            };
            // RFC 3207: no greeting after the handshake; the client starts again with EHLO.
            if let Some(encrypted) = handshake(&acceptor, plain).await {
                session(encrypted, &state, Mode::Encrypted { greet: false }).await;
            }
        }
        Some((Encryption::Implicit, acceptor)) => {
            if let Some(encrypted) = handshake(&acceptor, stream).await {
                session(encrypted, &state, Mode::Encrypted { greet: true }).await;
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    OffersStartTls,
    Encrypted { greet: bool },
}

/// The SMTP dialogue over `stream`, until QUIT or the connection ends; in [`Mode::OffersStartTls`], until
/// the client's STARTTLS is accepted, when the stream is handed back for the handshake.
async fn session<S>(stream: S, state: &Mutex<State>, mode: Mode) -> Option<S>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let encrypted = matches!(mode, Mode::Encrypted { .. });
    let mut stream = BufReader::new(stream);
    if mode != (Mode::Encrypted { greet: false }) {
        reply(&mut stream, "220 sink.test ESMTP").await.ok()?;
    }
    let mut envelope: Option<(String, Vec<String>)> = None;
    let mut line = String::new();
    loop {
        line.clear();
        match stream.read_line(&mut line).await {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        let upper = line.to_ascii_uppercase();
        let verb = upper.split(' ').next().unwrap_or("");
        let answer = match verb {
            "EHLO" | "HELO" => {
                let name = line[4..].trim().to_owned();
                state.lock().unwrap().hello_names.push(name);
                let starttls = if mode == Mode::OffersStartTls {
                    "250-STARTTLS\r\n"
                } else {
                    ""
                };
                format!("250-sink.test\r\n{starttls}250-AUTH PLAIN\r\n250 8BITMIME")
            }
            "STARTTLS" if mode == Mode::OffersStartTls => {
                state.lock().unwrap().starttls_commands += 1;
                reply(&mut stream, "220 2.0.0 ready to start TLS")
                    .await
                    .ok()?;
                // Whatever the client sent before the handshake would be lost: there must be nothing.
                assert!(stream.buffer().is_empty(), "pipelined after STARTTLS");
                return Some(stream.into_inner());
            }
            "AUTH" => {
                let encoded = line.split(' ').nth(2).unwrap_or("");
                let decoded = STANDARD.decode(encoded).unwrap_or_default();
                let parts: Vec<String> = decoded
                    .split(|b| *b == 0)
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .collect();
                if let [_, user, password] = parts.as_slice() {
                    let login = (user.clone(), password.clone(), encrypted);
                    state.lock().unwrap().logins.push(login);
                }
                "235 2.7.0 authenticated".to_owned()
            }
            "MAIL" => {
                state.lock().unwrap().mail_commands += 1;
                envelope = Some((path(&line), Vec::new()));
                "250 2.1.0 ok".to_owned()
            }
            "RCPT" => {
                let scripted = {
                    let mut s = state.lock().unwrap();
                    s.rcpt_commands += 1;
                    s.rcpt_replies.pop_front()
                };
                match (scripted, envelope.as_mut()) {
                    (Some(answer), _) => answer,
                    (None, Some((_, to))) => {
                        to.push(path(&line));
                        "250 2.1.5 ok".to_owned()
                    }
                    (None, None) => "503 5.5.1 MAIL first".to_owned(),
                }
            }
            "DATA" => match envelope.take() {
                Some((mail_from, rcpt_to)) if !rcpt_to.is_empty() => {
                    reply(&mut stream, "354 end with <CRLF>.<CRLF>")
                        .await
                        .ok()?;
                    let mut data = Vec::new();
                    loop {
                        let mut l = String::new();
                        if stream.read_line(&mut l).await.ok()? == 0 {
                            return None;
                        }
                        let l = l.trim_end_matches(['\r', '\n']);
                        if l == "." {
                            break;
                        }
                        data.push(l.strip_prefix('.').unwrap_or(l).to_owned());
                    }
                    state.lock().unwrap().received.push(Received {
                        mail_from,
                        rcpt_to,
                        data: data.join("\n"),
                        encrypted,
                    });
                    "250 2.0.0 queued".to_owned()
                }
                _ => "554 5.5.1 no valid recipients".to_owned(),
            },
            "RSET" => {
                envelope = None;
                "250 2.0.0 ok".to_owned()
            }
            "NOOP" => "250 2.0.0 ok".to_owned(),
            "QUIT" => {
                let _ = reply(&mut stream, "221 2.0.0 bye").await;
                return None;
            }
            _ => "502 5.5.2 not implemented".to_owned(),
        };
        reply(&mut stream, &answer).await.ok()?;
    }
}

async fn reply<S: AsyncWrite + Unpin>(stream: &mut S, text: &str) -> std::io::Result<()> {
    stream.write_all(format!("{text}\r\n").as_bytes()).await?;
    // A TLS stream holds what is written until flushed.
    stream.flush().await
}

/// The address between the angle brackets of `MAIL FROM:<…>` or `RCPT TO:<…>`.
fn path(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line.rfind('>').unwrap_or(line.len());
    line[start..end].to_owned()
}

/// A listener that accepts connections and never says a word: a server hung before its greeting.
pub(crate) async fn silent() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    port
}
