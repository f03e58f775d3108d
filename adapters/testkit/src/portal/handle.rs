//! What the simulated portal does with each request.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{PortalFault, PortalState, Shared};

fn reply(body: &Value) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        body.to_string(),
    )
        .into_response()
}

fn code(code: &str, message: &str) -> Value {
    json!({ "error_code": code, "message": message })
}

pub(super) async fn handle(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fault = {
        let mut state = shared.state();
        state.counts.requests += 1;
        let fault = state.faults.pop_front();
        if fault.is_some() {
            state.counts.faults += 1;
        }
        fault
    };
    match fault {
        Some(PortalFault::Status(status)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, "injected fault").into_response();
        }
        Some(PortalFault::Hang) => {
            let mut stopping = shared.stopping.clone();
            let _ = stopping.wait_for(|stop| *stop).await;
            return (StatusCode::SERVICE_UNAVAILABLE, "stopped").into_response();
        }
        Some(PortalFault::Malformed(bytes)) => return (StatusCode::OK, bytes).into_response(),
        None => {}
    }
    let config = &shared.config;
    let path = uri.path();
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        shared.state().counts.refused += 1;
        return reply(&code("1", "Dữ liệu không phải JSON"));
    };
    let mut state = shared.state();
    let success = config.success_code.as_str();
    let answer = if path == config.login || path == config.integration {
        let dstcode = headers.get("dstcode").and_then(|v| v.to_str().ok());
        if dstcode != Some(config.dstcode.as_str()) {
            state.counts.refused += 1;
            return (StatusCode::UNAUTHORIZED, "dstcode").into_response();
        }
        if path == config.login {
            login(&mut state, config, &request)
        } else {
            let answer = service(&mut state, config, &request);
            let (op, updating) = match request["service"].as_str() {
                Some("DongBoHoSoMC") => ("upsert", request["isUpdating"].as_bool() == Some(true)),
                _ => ("progress", false),
            };
            journal(&shared, &answer, success, op, updating, &request["data"]);
            answer
        }
    } else if path == config.relay_create || path == config.relay_update {
        let updating = path == config.relay_update;
        let answer = upsert(&mut state, success, &request, updating);
        journal(&shared, &answer, success, "upsert", updating, &request);
        answer
    } else if path == config.relay_progress {
        let answer = progress(&mut state, success, &request);
        journal(&shared, &answer, success, "progress", false, &request);
        answer
    } else {
        return (StatusCode::NOT_FOUND, "no such path").into_response();
    };
    reply(&answer)
}

/// Appends an accepted call to the journal, if there is one.
fn journal(shared: &Shared, answer: &Value, success: &str, op: &str, updating: bool, data: &Value) {
    if answer["error_code"].as_str() != Some(success) {
        return;
    }
    let Some(file) = &shared.journal else {
        return;
    };
    let line = json!({ "op": op, "updating": updating, "data": data });
    let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
    // A journal that cannot be written makes the portal forget on restart: a test will see it.
    let _ = std::io::Write::write_all(&mut *file, format!("{line}\n").as_bytes());
}

/// Applies one journal line again (a line that does not parse is skipped).
pub(super) fn replay(state: &mut PortalState, line: &str) {
    let Ok(entry) = serde_json::from_str::<Value>(line) else {
        return;
    };
    match entry["op"].as_str() {
        Some("upsert") => {
            let updating = entry["updating"].as_bool() == Some(true);
            upsert(state, "0", &entry["data"], updating);
        }
        Some("progress") => {
            progress(state, "0", &entry["data"]);
        }
        _ => {}
    }
}

fn login(state: &mut PortalState, config: &super::PortalConfig, request: &Value) -> Value {
    if request["username"].as_str() != Some(config.username.as_str())
        || request["password"].as_str() != Some(config.password.as_str())
    {
        state.counts.refused += 1;
        return code("-1", "Sai tài khoản hoặc mật khẩu");
    }
    state.next_session += 1;
    state.counts.logins += 1;
    let session = format!("S-{:06}", state.next_session);
    state.sessions.insert(session.clone(), 0);
    json!({ "error_code": config.success_code, "message": "Thành công", "session": session })
}

fn service(state: &mut PortalState, config: &super::PortalConfig, request: &Value) -> Value {
    let session = request["session"].as_str().unwrap_or("");
    let spent = match state.sessions.get_mut(session) {
        Some(calls) if config.session_calls.is_none_or(|max| *calls < max) => {
            *calls += 1;
            false
        }
        _ => true,
    };
    if spent {
        state.sessions.remove(session);
        state.counts.expired += 1;
        return code("-2", "Phiên làm việc đã hết hạn");
    }
    if request["madonvi"].as_str().is_none_or(str::is_empty) {
        state.counts.refused += 1;
        return code("1", "Thiếu madonvi");
    }
    let success = config.success_code.as_str();
    match request["service"].as_str() {
        Some("DongBoHoSoMC") => match request["isUpdating"].as_bool() {
            Some(updating) => upsert(state, success, &request["data"], updating),
            None => {
                state.counts.refused += 1;
                code("1", "isUpdating không hợp lệ")
            }
        },
        Some("CapNhatTienDoHoSoMC") => progress(state, success, &request["data"]),
        _ => {
            state.counts.refused += 1;
            code("1", "Dịch vụ không tồn tại")
        }
    }
}

/// Every member a string, nested arrays of objects allowed (and checked the same way) except for the
/// members the notes type otherwise.
fn all_strings(object: &Value) -> bool {
    let Value::Object(map) = object else {
        return false;
    };
    map.iter()
        .all(|(name, value)| match (name.as_str(), value) {
            ("HoSoBoSungId" | "SoLuong" | "LoaiGiayTo", Value::Number(_)) => true,
            ("TrangThaiBoSung", Value::Bool(_)) => true,
            (_, Value::String(_)) => true,
            (_, Value::Array(items)) => items.iter().all(all_strings),
            _ => false,
        })
}

fn status_ok(value: &Value) -> bool {
    value
        .as_str()
        .and_then(|s| s.parse::<u8>().ok())
        .is_some_and(|n| (1..=10).contains(&n))
}

fn upsert(state: &mut PortalState, success: &str, data: &Value, updating: bool) -> Value {
    let Some(items) = data.as_array().filter(|a| !a.is_empty()) else {
        state.counts.refused += 1;
        return code("1", "Thiếu dữ liệu hồ sơ");
    };
    for item in items {
        let Some(ma) = item["MaHoSo"].as_str().filter(|m| !m.is_empty()) else {
            state.counts.refused += 1;
            return code("1", "Thiếu MaHoSo");
        };
        if !all_strings(item) || !status_ok(&item["TrangThaiHoSo"]) {
            state.counts.refused += 1;
            return code("1", "Dữ liệu hồ sơ không hợp lệ");
        }
        let exists = state.dossiers.contains_key(ma);
        if !updating && exists {
            state.counts.duplicates += 1;
            return code("-3", "Hồ sơ đã tồn tại");
        }
        if updating && !exists {
            state.counts.refused += 1;
            return code("2", "Hồ sơ không tồn tại");
        }
    }
    for item in items {
        let ma = item["MaHoSo"].as_str().unwrap_or("").to_owned();
        let held = state.dossiers.entry(ma).or_default();
        held.record = item.clone();
        held.statuses
            .push(item["TrangThaiHoSo"].as_str().unwrap_or("").to_owned());
        if updating {
            held.updates += 1;
            state.counts.updates += 1;
        } else {
            held.creates += 1;
            state.counts.creates += 1;
        }
    }
    code(success, "Đồng bộ thành công")
}

fn progress(state: &mut PortalState, success: &str, data: &Value) -> Value {
    let Some(items) = data.as_array().filter(|a| !a.is_empty()) else {
        state.counts.refused += 1;
        return code("1", "Thiếu dữ liệu tiến độ");
    };
    if items.len() > 10 {
        state.counts.refused += 1;
        return code("4", "Vượt quá 10 bản ghi trong một lần gửi");
    }
    for item in items {
        let ma = item["MaHoSo"].as_str().unwrap_or("");
        if !state.dossiers.contains_key(ma) {
            state.counts.refused += 1;
            return code("2", "Hồ sơ chưa được đồng bộ");
        }
        if !all_strings(item) || !status_ok(&item["TrangThai"]) {
            state.counts.refused += 1;
            return code("1", "Dữ liệu tiến độ không hợp lệ");
        }
    }
    let mut repeated = 0;
    for item in items {
        let ma = item["MaHoSo"].as_str().unwrap_or("");
        if let Some(held) = state.dossiers.get_mut(ma) {
            if held.progress.contains(item) {
                repeated += 1;
            } else {
                held.progress.push(item.clone());
            }
        }
    }
    state.counts.progress_calls += 1;
    state.counts.progress_entries += items.len() - repeated;
    state.counts.repeated_steps += repeated;
    code(success, "Cập nhật tiến độ thành công")
}
