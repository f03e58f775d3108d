//! A minimal SMTP server for the tests, on 127.0.0.1 and an ephemeral port: EHLO, AUTH PLAIN, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT. It records every message it accepted and answers RCPT with scripted replies
//! (a 451 or a 550) when told to. A message is recorded before its DATA is acknowledged, so once a send
//! returns the record is there: no waiting.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One accepted message.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) mail_from: String,
    pub(crate) rcpt_to: Vec<String>,
    /// The message as sent, dot-unstuffed, lines joined with `\n`.
    pub(crate) data: String,
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
    /// `(user, password)` of every AUTH PLAIN.
    logins: Vec<(String, String)>,
    hello_names: Vec<String>,
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
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, shared.clone()));
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
        self.state.lock().unwrap().logins.clone()
    }

    pub(crate) fn hello_names(&self) -> Vec<String> {
        self.state.lock().unwrap().hello_names.clone()
    }
}

async fn session(stream: tokio::net::TcpStream, state: Arc<Mutex<State>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut reply = async |text: &str| write.write_all(format!("{text}\r\n").as_bytes()).await;
    if reply("220 sink.test ESMTP").await.is_err() {
        return;
    }
    let mut envelope: Option<(String, Vec<String>)> = None;
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        let verb = upper.split(' ').next().unwrap_or("");
        let answer = match verb {
            "EHLO" | "HELO" => {
                let name = line[4..].trim().to_owned();
                state.lock().unwrap().hello_names.push(name);
                "250-sink.test\r\n250-AUTH PLAIN\r\n250 8BITMIME".to_owned()
            }
            "AUTH" => {
                let encoded = line.split(' ').nth(2).unwrap_or("");
                let decoded = STANDARD.decode(encoded).unwrap_or_default();
                let parts: Vec<String> = decoded
                    .split(|b| *b == 0)
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .collect();
                if let [_, user, password] = parts.as_slice() {
                    let login = (user.clone(), password.clone());
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
                    if reply("354 end with <CRLF>.<CRLF>").await.is_err() {
                        return;
                    }
                    let mut data = Vec::new();
                    while let Ok(Some(l)) = lines.next_line().await {
                        if l == "." {
                            break;
                        }
                        data.push(l.strip_prefix('.').map_or(l.clone(), str::to_owned));
                    }
                    state.lock().unwrap().received.push(Received {
                        mail_from,
                        rcpt_to,
                        data: data.join("\n"),
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
                let _ = reply("221 2.0.0 bye").await;
                return;
            }
            _ => "502 5.5.2 not implemented".to_owned(),
        };
        if reply(&answer).await.is_err() {
            return;
        }
    }
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
