//! `GET /diem-phuc-vu?tinh=…&xa=…`: the form, and the points found, as a page or as JSON.

use std::fmt::Write as _;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use hoso_core::state::Label;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

use super::ServicePoint;
use super::labels::{WEEK, kind_label, notice_text, province_name, service_label};
use crate::app::App;
use crate::page::{Lang, Page, escape, json_response, source_note, text, wants_json};

/// The longest place name accepted (the longest commune or province name is far shorter).
const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct DirectoryParams {
    tinh: Option<String>,
    xa: Option<String>,
    luc: Option<String>,
    lang: Option<String>,
}

#[derive(Serialize)]
struct Failure<'a> {
    error: &'static str,
    field: Option<&'static str>,
    message: &'a str,
}

#[derive(Serialize)]
struct NoticeJson {
    kind: &'static str,
    message: String,
}

#[derive(Serialize)]
struct ProvinceJson {
    code: String,
    name: String,
}

#[derive(Serialize)]
struct PointJson<'a> {
    #[serde(flatten)]
    point: &'a ServicePoint,
    province_name: String,
    open: bool,
}

#[derive(Serialize)]
struct Answer<'a> {
    at: String,
    loaded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    province: Option<ProvinceJson>,
    notices: Vec<NoticeJson>,
    points: Vec<PointJson<'a>>,
}

const TITLE: Label = text("Điểm phục vụ bưu chính", "Postal service points");

/// A place name from the query: trimmed, empty as absent; too long or with control characters refused.
fn place(value: Option<&str>) -> Result<Option<&str>, ()> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > MAX_NAME_CHARS || v.chars().any(char::is_control) {
        return Err(());
    }
    Ok(Some(v))
}

/// `GET /diem-phuc-vu`.
pub(crate) async fn diem_phuc_vu(
    State(app): State<App>,
    headers: HeaderMap,
    query: Result<Query<DirectoryParams>, QueryRejection>,
) -> Response {
    let query_ok = query.is_ok();
    let params = query.map(|Query(q)| q).unwrap_or_default();
    let lang = Lang::from_param(params.lang.as_deref());
    let json = wants_json(&headers);
    let fail = |field: Option<&'static str>, message: Label| {
        if json {
            let error = if field.is_some() {
                "malformed"
            } else {
                "bad_query"
            };
            return json_response(
                StatusCode::BAD_REQUEST,
                &Failure {
                    error,
                    field,
                    message: lang.pick(message),
                },
            );
        }
        Page {
            lang,
            title: lang.pick(TITLE),
            path: "/diem-phuc-vu",
            params: &[],
            body: format!(
                "<p class=\"notice\" role=\"alert\">{}</p>{}",
                lang.pick(message),
                form(lang, "", "")
            ),
        }
        .respond(StatusCode::BAD_REQUEST)
    };
    if !query_ok {
        return fail(
            None,
            text(
                "Địa chỉ trang không hợp lệ.",
                "The address of the page is malformed.",
            ),
        );
    }
    let bad_name = |field| {
        fail(
            Some(field),
            match field {
                "tinh" => text(
                    "Tên tỉnh, thành phố (tinh) quá dài hoặc có ký tự không hợp lệ.",
                    "The province (tinh) is too long or has characters not allowed.",
                ),
                _ => text(
                    "Tên xã, phường (xa) quá dài hoặc có ký tự không hợp lệ.",
                    "The commune (xa) is too long or has characters not allowed.",
                ),
            },
        )
    };
    let Ok(tinh) = place(params.tinh.as_deref()) else {
        return bad_name("tinh");
    };
    let Ok(xa) = place(params.xa.as_deref()) else {
        return bad_name("xa");
    };
    let at = match params
        .luc
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => hoso_core::time::to_vietnam(app.clock.now()),
        Some(v) => match v.parse::<DateTime>() {
            Ok(at) => at,
            Err(_) => {
                return fail(
                    Some("luc"),
                    text(
                        "Thời điểm (luc) không hợp lệ: dùng dạng 2026-03-05T14:30 (giờ Việt Nam).",
                        "The time (luc) is malformed: write it as 2026-03-05T14:30 (Vietnam time).",
                    ),
                );
            }
        },
    };
    let directory = &app.directory;
    let searched = tinh.is_some() || xa.is_some();
    let found = if searched {
        Some(directory.search(tinh, xa))
    } else {
        None
    };
    let notices: Vec<(&'static str, String)> = found
        .iter()
        .flat_map(|f| f.notices.iter().map(|n| notice_text(n, lang)))
        .collect();
    let points: Vec<PointJson<'_>> = found
        .iter()
        .flat_map(|f| f.points.iter())
        .map(|p| PointJson {
            point: p,
            province_name: province_name(&p.province),
            open: p.hours.open_at(at),
        })
        .collect();
    let province = found.as_ref().and_then(|f| f.province);
    if json {
        let answer = Answer {
            at: at.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            loaded: !directory.is_empty(),
            province: province.map(|p| ProvinceJson {
                code: p.code.to_string(),
                name: p.full_name(),
            }),
            notices: notices
                .into_iter()
                .map(|(kind, message)| NoticeJson { kind, message })
                .collect(),
            points,
        };
        return json_response(StatusCode::OK, &answer);
    }
    let mut body = String::new();
    if directory.is_empty() {
        let _ = write!(
            body,
            "<p class=\"notice\">{}</p>",
            lang.pick(text(
                "Danh bạ điểm phục vụ chưa được nạp trên máy chủ này.",
                "No service-point directory is loaded on this server.",
            ))
        );
    }
    body.push_str(&form(lang, tinh.unwrap_or(""), xa.unwrap_or("")));
    for (_, message) in &notices {
        let _ = write!(body, "<p class=\"notice\">{}</p>", escape(message));
    }
    if searched {
        let _ = write!(
            body,
            "<p>{} {} · {}</p>",
            points.len(),
            lang.pick(text("điểm phục vụ", "service points")),
            escape(&format!(
                "{} {}",
                lang.pick(text("tình trạng lúc", "open or closed at")),
                at.strftime("%H:%M %d/%m/%Y")
            )),
        );
    }
    for p in &points {
        point_html(&mut body, p, lang);
    }
    let page_params: Vec<(&str, &str)> =
        [("tinh", tinh), ("xa", xa), ("luc", params.luc.as_deref())]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
    Page {
        lang,
        title: lang.pick(TITLE),
        path: "/diem-phuc-vu",
        params: &page_params,
        body,
    }
    .respond(StatusCode::OK)
}

fn form(lang: Lang, tinh: &str, xa: &str) -> String {
    let hidden_lang = match lang {
        Lang::Vi => "",
        Lang::En => "<input type=\"hidden\" name=\"lang\" value=\"en\">",
    };
    format!(
        "<form method=\"get\" action=\"/diem-phuc-vu\">{hidden_lang}\
         <label for=\"tinh\">{tinh_label}</label><input id=\"tinh\" name=\"tinh\" value=\"{tinh}\" maxlength=\"{MAX_NAME_CHARS}\">\
         <label for=\"xa\">{xa_label}</label><input id=\"xa\" name=\"xa\" value=\"{xa}\" maxlength=\"{MAX_NAME_CHARS}\">\
         <button type=\"submit\">{submit}</button></form><p><small>{hint}</small></p>",
        tinh_label = lang.pick(text("Tỉnh, thành phố", "Province or city")),
        xa_label = lang.pick(text("Xã, phường", "Commune or ward")),
        submit = lang.pick(text("Tìm", "Search")),
        hint = lang.pick(text(
            "Có thể nhập tên mới (từ 01/7/2025) hoặc tên cũ, có dấu hoặc không dấu.",
            "New names (from 1 July 2025) or old ones, with or without accents.",
        )),
        tinh = escape(tinh),
        xa = escape(xa),
    )
}

fn point_html(out: &mut String, p: &PointJson<'_>, lang: Lang) {
    let point = p.point;
    let open = if p.open {
        text("Đang mở cửa", "Open")
    } else {
        text("Đang đóng cửa", "Closed")
    };
    let _ = write!(
        out,
        "<section><h2>{}</h2><p>{} · <strong>{}</strong></p><dl><dt>{}</dt><dd>{}, {}, {}</dd>",
        escape(&point.name),
        lang.pick(kind_label(point.kind)),
        lang.pick(open),
        lang.pick(text("Địa chỉ", "Address")),
        escape(&point.address),
        escape(&point.commune.name),
        escape(&p.province_name),
    );
    if !point.commune.former.is_empty() {
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            lang.pick(text("Trước 01/7/2025", "Before 1 July 2025")),
            escape(&point.commune.former.join(", ")),
        );
    }
    if let Some(phone) = &point.phone {
        let tel: String = phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        let _ = write!(
            out,
            "<dt>{}</dt><dd><a href=\"tel:{}\">{}</a></dd>",
            lang.pick(text("Điện thoại", "Telephone")),
            escape(&tel),
            escape(phone)
        );
    }
    if let Some(l) = point.location {
        let _ = write!(
            out,
            "<dt>{}</dt><dd><a href=\"geo:{lat},{lon}\">{lat}, {lon}</a></dd>",
            lang.pick(text("Tọa độ", "Coordinates")),
            lat = l.latitude,
            lon = l.longitude
        );
    }
    let _ = write!(
        out,
        "<dt>{}</dt><dd><ul>",
        lang.pick(text("Dịch vụ", "Services"))
    );
    for s in &point.services {
        let _ = write!(out, "<li>{}</li>", lang.pick(service_label(*s)));
    }
    let _ = write!(
        out,
        "</ul></dd></dl><table><tr><th>{}</th><th>{}</th></tr>",
        lang.pick(text("Ngày", "Day")),
        lang.pick(text("Giờ mở cửa", "Opening hours"))
    );
    for (day, label) in WEEK {
        let shifts = point.hours.on(day);
        let hours = if shifts.is_empty() {
            lang.pick(text("Nghỉ", "Closed")).to_owned()
        } else {
            shifts
                .iter()
                .map(|s| format!("{}–{}", s.start.strftime("%H:%M"), s.end.strftime("%H:%M")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{hours}</td></tr>",
            lang.pick(label)
        );
    }
    out.push_str("</table>");
    source_note(
        out,
        lang,
        &point.source,
        (!point.verified).then_some(text(
            "Một số thông tin của điểm này chưa được xác minh.",
            "Some details of this point could not be checked.",
        )),
        "",
    );
    out.push_str("</section>");
}
