//! What the simulator does with each request: file what is posted, release the script's messages, serve them.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use hoso_core::adapter::{AgencyRef, OutboundMessage, SubmissionReceipt};
use jiff::{SignedDuration, Timestamp};

use super::journal::journal_line;
use super::script::as_sent;
use super::{Release, ScriptSource, Shared, SimClock, SimDossier, SimState, Step};

fn answer(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        )],
        body,
    )
        .into_response()
}

fn text(status: u16, message: &str) -> Response {
    answer(status, message.as_bytes().to_vec())
}

/// Whole seconds: agency formats rarely carry fractions, and a round trip must not change the time.
fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub(super) async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let latency = *shared.latency.lock().unwrap_or_else(|p| p.into_inner());
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut state = shared.state();
    state.requests += 1;
    if let Some(fault) = state.faults.pop_front() {
        let mut response = text(fault.status, "injected fault");
        if let Some(secs) = fault.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return response;
    }
    if method == Method::POST {
        let key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(key) = &key
            && let Some((request, status, response)) = state.by_key.get(key)
        {
            if request[..] != body[..] {
                return text(422, "Idempotency-Key reused with a different body");
            }
            return answer(*status, response.clone());
        }
        let (status, response) = receive(&shared, &mut state, &body, key.as_deref());
        if (200..300).contains(&status)
            && let Some(journal) = &shared.journal
        {
            use std::io::Write;
            let line = journal_line(key.as_deref(), &body);
            let mut file = journal.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(e) = file.write_all(line.as_bytes()) {
                return text(500, &format!("the agency cannot keep the message: {e}"));
            }
        }
        if let Some(key) = key
            && (200..300).contains(&status)
        {
            state
                .by_key
                .insert(key, (body.to_vec(), status, response.clone()));
        }
        return answer(status, response);
    }
    if method == Method::GET {
        return serve_message(&shared, &mut state, uri.path());
    }
    text(405, "method not allowed")
}

pub(super) fn receive(
    shared: &Shared,
    state: &mut SimState,
    body: &[u8],
    key: Option<&str>,
) -> (u16, Vec<u8>) {
    let message = match shared.codec.decode_outbound(body) {
        Ok(m) => m,
        Err(e) => return (400, e.to_string().into_bytes()),
    };
    let dossier_code = message.dossier().to_string();
    let (status, reference) = match &message {
        OutboundMessage::Submission(s) => {
            if let Some(reference) = state.by_dossier.get(&dossier_code) {
                // Filed before under another key: the agency knows the dossier and says so.
                return (
                    409,
                    format!("dossier already filed as {reference}").into_bytes(),
                );
            }
            state.filings += 1;
            let reference = format!("SIM-{:06}", state.filings);
            let filed_at = match shared.clock {
                SimClock::Wall => now(),
                SimClock::Simulated => s.sent_at,
            };
            let script = match &shared.scripts {
                ScriptSource::Fixed(script) => script.clone(),
                ScriptSource::PerDossier(choose) => choose(s),
            };
            let mut d = SimDossier {
                submission: s.clone(),
                messages: Vec::new(),
                released: 0,
                cursor: 0,
                supplements: 0,
                withdrawn: false,
                filed_at,
                script,
                clock: filed_at + SignedDuration::from_mins(1),
            };
            advance(shared, &reference, &mut d);
            state
                .by_dossier
                .insert(dossier_code.clone(), reference.clone());
            state.dossiers.insert(reference.clone(), d);
            (201, reference)
        }
        other => {
            let Some(reference) = state.by_dossier.get(&dossier_code).cloned() else {
                return (404, b"unknown dossier".to_vec());
            };
            let Some(d) = state.dossiers.get_mut(&reference) else {
                return (404, b"unknown dossier".to_vec());
            };
            match other {
                OutboundMessage::SupplementDelivered(supplement) => {
                    d.supplements += 1;
                    // The agency cannot answer a supplement before it arrives.
                    if shared.clock == SimClock::Simulated {
                        d.clock = d
                            .clock
                            .max(supplement.sent_at + SignedDuration::from_mins(1));
                    }
                }
                OutboundMessage::Withdrawal(_) => d.withdrawn = true,
                _ => {}
            }
            advance(shared, &reference, d);
            (200, reference)
        }
    };
    let sent = message.dossier();
    let dossier = if state.misdirected_to_another_dossier > 0 {
        state.misdirected_to_another_dossier -= 1;
        let next = if sent.sequence() < 9999 {
            sent.sequence() + 1
        } else {
            1
        };
        hoso_core::DossierCode::generate(&sent.agency_code(), sent.date(), next)
            .unwrap_or_else(|_| sent.clone())
    } else {
        sent.clone()
    };
    let receipt = SubmissionReceipt {
        agency: shared.codec.agency().clone(),
        dossier,
        reference: AgencyRef(reference),
        idempotency_key: {
            let key = key.unwrap_or(message.message_id());
            if state.misdirected > 0 {
                state.misdirected -= 1;
                format!("{key}-another-message")
            } else {
                key.to_owned()
            }
        },
        received_at: match shared.clock {
            SimClock::Wall => now(),
            SimClock::Simulated => state
                .by_dossier
                .get(&dossier_code)
                .and_then(|r| state.dossiers.get(r))
                .map_or_else(now, |d| d.filed_at),
        },
    };
    state.received.push(message);
    match shared.codec.encode_receipt(&receipt) {
        Ok(bytes) => (status, bytes),
        Err(e) => (500, e.to_string().into_bytes()),
    }
}

/// Says what the script says until it must wait for a supplement or ends.
fn advance(shared: &Shared, reference: &str, d: &mut SimDossier) {
    if d.withdrawn {
        return;
    }
    let steps = d.script.steps().to_vec();
    while let Some(step) = steps.get(d.cursor) {
        match step {
            Step::AwaitSupplement => {
                let waits_before = steps
                    .iter()
                    .take(d.cursor)
                    .filter(|s| **s == Step::AwaitSupplement)
                    .count();
                if d.supplements <= waits_before {
                    break;
                }
            }
            Step::At(instant) => d.clock = d.clock.max(*instant),
            Step::Say(notice) => {
                let n = d.messages.len();
                let sent_at = d.clock;
                d.clock = sent_at + SignedDuration::from_mins(1);
                let agency = shared.codec.agency();
                let dossier = &d.submission.dossier;
                let message = as_sent(notice, agency, dossier, reference, n, sent_at);
                d.messages.push(message);
            }
        }
        d.cursor += 1;
    }
    if shared.release == Release::AtOnce {
        d.released = d.messages.len();
    }
}

fn serve_message(shared: &Shared, state: &mut SimState, path: &str) -> Response {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(index) = segments.last().and_then(|s| s.parse::<usize>().ok()) else {
        return text(404, "no message index in path");
    };
    let Some(reference) = segments
        .iter()
        .find(|s| state.dossiers.contains_key(**s))
        .map(|s| (*s).to_owned())
    else {
        return text(404, "unknown dossier");
    };
    let Some(d) = state.dossiers.get_mut(&reference) else {
        return text(404, "unknown dossier");
    };
    if index < d.released {
        let Some(message) = d.messages.get(index) else {
            return text(404, "no such message");
        };
        return match shared.codec.encode_notice(message) {
            Ok(bytes) => answer(200, bytes),
            Err(e) => text(
                500,
                &format!(
                    "the script's {:?} notice has no form in this format (check the script with \
                     Script::unservable_by): {e}",
                    message.notice.kind()
                ),
            ),
        };
    }
    if shared.release == Release::OnePerPoll && d.released < d.messages.len() {
        d.released += 1;
    }
    text(404, "no such message yet")
}
