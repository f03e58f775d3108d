//! Procedure pages: `GET /thu-tuc/{code}` shows the version of a procedure in force today (Vietnam's date):
//! the documents to bring, the time limit and fee on each channel, whether the post may carry it and in
//! which forms, and its legal basis, from the catalogue the server was started with. `?tinh=` (a
//! province-level code, such as `2025:province:75`) shows that province's own version where it has one.
//! `Accept: application/json` gives the version as the catalogue holds it.

use std::fmt::Write as _;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use hoso_core::procedure::{DayKind, DocumentForm, PostalService};
use hoso_core::state::Label;
use hoso_core::{AdminUnitCode, Channel, PostalForm, Procedure, ProcedureCode};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::page::{Lang, Page, escape, json_response, source_note, text, wants_json};

/// The query of a procedure page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProcedureParams {
    lang: Option<String>,
    tinh: Option<String>,
}

#[derive(Serialize)]
struct Failure {
    error: &'static str,
    message: &'static str,
}

const NOT_FOUND: Label = text(
    "Không có thủ tục với mã này đang có hiệu lực.",
    "No procedure with this code is in force.",
);
const BAD_QUERY: Label = text(
    "Địa chỉ trang không hợp lệ.",
    "The address of the page is malformed.",
);
const BAD_PROVINCE: Label = text(
    "Mã tỉnh không hợp lệ (ví dụ: 2025:province:75).",
    "Not a province code in force (for example 2025:province:75).",
);

/// `GET /thu-tuc/{code}`.
pub(crate) async fn procedure_page(
    State(app): State<App>,
    Path(code): Path<String>,
    headers: HeaderMap,
    query: Result<Query<ProcedureParams>, QueryRejection>,
) -> Response {
    let query_ok = query.is_ok();
    let params = query.map(|Query(q)| q).unwrap_or_default();
    let lang = Lang::from_param(params.lang.as_deref());
    let json = wants_json(&headers);
    let today = hoso_core::time::vietnam_date(app.clock.now());
    let fail = |status, error, message: Label| {
        if json {
            json_response(
                status,
                &Failure {
                    error,
                    message: lang.pick(message),
                },
            )
        } else {
            Page {
                lang,
                title: lang.pick(text("Thủ tục hành chính", "Administrative procedure")),
                path: "/thu-tuc",
                params: &[],
                body: format!("<p class=\"notice\">{}</p>", lang.pick(message)),
            }
            .respond(status)
        }
    };
    if !query_ok {
        return fail(StatusCode::BAD_REQUEST, "bad_query", BAD_QUERY);
    }
    let Ok(code) = code.parse::<ProcedureCode>() else {
        return fail(StatusCode::NOT_FOUND, "not_found", NOT_FOUND);
    };
    let found = match params.tinh.as_deref().map(str::parse::<AdminUnitCode>) {
        None => Ok(app.catalogue.in_force(&code, today)),
        Some(Ok(province)) => app.catalogue.in_force_in(&code, today, &province),
        Some(Err(_)) => return fail(StatusCode::BAD_REQUEST, "bad_province", BAD_PROVINCE),
    };
    let procedure = match found {
        Ok(Some(p)) => p,
        Ok(None) => return fail(StatusCode::NOT_FOUND, "not_found", NOT_FOUND),
        Err(_) => return fail(StatusCode::BAD_REQUEST, "bad_province", BAD_PROVINCE),
    };
    if json {
        return json_response(StatusCode::OK, procedure);
    }
    let name = match lang {
        Lang::Vi => &procedure.name_vi,
        Lang::En => &procedure.name_en,
    };
    let path = format!("/thu-tuc/{code}");
    let tinh = params.tinh.unwrap_or_default();
    let page_params: Vec<(&str, &str)> = if tinh.is_empty() {
        Vec::new()
    } else {
        vec![("tinh", tinh.as_str())]
    };
    Page {
        lang,
        title: name,
        path: &path,
        params: &page_params,
        body: body(procedure, lang),
    }
    .respond(StatusCode::OK)
}

fn channel_label(channel: Channel) -> Label {
    match channel {
        Channel::InPerson => text("Trực tiếp", "In person"),
        Channel::Online => text("Trực tuyến", "Online"),
        Channel::Postal => text(
            "Qua dịch vụ bưu chính công ích",
            "By the public postal service",
        ),
    }
}

fn form_label(form: DocumentForm) -> Label {
    match form {
        DocumentForm::Original => text("Bản chính", "Original"),
        DocumentForm::Copy => text("Bản sao", "Copy"),
        DocumentForm::CertifiedCopy => text("Bản sao có chứng thực", "Certified copy"),
    }
}

fn postal_form_label(form: PostalForm) -> Label {
    match form {
        PostalForm::SendDossier => text("Gửi hồ sơ qua bưu điện", "Send the dossier by post"),
        PostalForm::ReceiveResult => {
            text("Nhận kết quả qua bưu điện", "Receive the result by post")
        }
        PostalForm::Both => text(
            "Gửi hồ sơ và nhận kết quả qua bưu điện",
            "Send the dossier and receive the result by post",
        ),
    }
}

fn days(days: u16, kind: DayKind, lang: Lang) -> String {
    let unit = match kind {
        DayKind::Working => text("ngày làm việc", "working days"),
        DayKind::Calendar => text("ngày", "days"),
    };
    format!("{days} {}", lang.pick(unit))
}

/// A table with a header row of `heads` and one row per item of `rows` (cells already escaped).
fn table<const N: usize>(
    out: &mut String,
    lang: Lang,
    heads: [Label; N],
    rows: impl Iterator<Item = [String; N]>,
) {
    out.push_str("<table><tr>");
    for h in heads {
        let _ = write!(out, "<th>{}</th>", lang.pick(h));
    }
    out.push_str("</tr>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

/// The page's content: each part a heading and a list or table.
fn body(p: &Procedure, lang: Lang) -> String {
    let mut out = String::new();
    let h2 = |out: &mut String, label: Label| {
        let _ = write!(out, "<h2>{}</h2>", lang.pick(label));
    };
    let until = p
        .effective_until
        .map(|d| format!(" – {d}"))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<p>{} {} · {} {}{}</p>",
        lang.pick(text("Mã thủ tục", "Procedure code")),
        escape(p.code.as_ref()),
        lang.pick(text("phiên bản có hiệu lực từ", "version in force from")),
        p.effective_from,
        until,
    );
    if let Some(province) = &p.province {
        let _ = write!(
            out,
            "<p>{} {}</p>",
            lang.pick(text("Phiên bản của tỉnh", "The province's own version:")),
            escape(&province.to_string())
        );
    }

    h2(&mut out, text("Thành phần hồ sơ", "Documents"));
    let documents = p.documents.iter().map(|d| {
        [
            escape(&d.name),
            lang.pick(form_label(d.form)).to_owned(),
            d.count.to_string(),
        ]
    });
    table(
        &mut out,
        lang,
        [
            text("Giấy tờ", "Document"),
            text("Loại", "Form"),
            text("Số lượng", "Count"),
        ],
        documents,
    );

    h2(
        &mut out,
        text("Thời hạn giải quyết và lệ phí", "Time limit and fee"),
    );
    let terms = p.terms.iter().map(|t| {
        [
            lang.pick(channel_label(t.channel)).to_owned(),
            days(t.time_limit.days, t.time_limit.kind, lang),
            escape(&t.fee.to_string()),
        ]
    });
    table(
        &mut out,
        lang,
        [
            text("Cách thức nộp", "Channel"),
            text("Thời hạn", "Time limit"),
            text("Lệ phí", "Fee"),
        ],
        terms,
    );

    h2(
        &mut out,
        text("Dịch vụ bưu chính công ích", "Public postal service"),
    );
    match &p.postal {
        PostalService::Allowed { forms } => {
            let _ = write!(
                out,
                "<p>{}</p><ul>",
                lang.pick(text(
                    "Được thực hiện qua dịch vụ bưu chính công ích (Quyết định 45/2016/QĐ-TTg), theo các hình thức:",
                    "May be done through the public postal service (Decision 45/2016/QĐ-TTg), in these forms:",
                ))
            );
            for f in forms {
                let _ = write!(out, "<li>{}</li>", lang.pick(postal_form_label(*f)));
            }
            out.push_str("</ul>");
        }
        PostalService::NotAllowed { reason } => {
            let _ = write!(
                out,
                "<p>{} {}</p>",
                lang.pick(text(
                    "Không thực hiện qua bưu chính: người nộp phải có mặt trực tiếp (Quyết định 45/2016/QĐ-TTg Điều 1).",
                    "Not available by post: the applicant must appear in person (Decision 45/2016/QĐ-TTg Art 1).",
                )),
                escape(reason)
            );
        }
    }

    h2(&mut out, text("Căn cứ pháp lý", "Legal basis"));
    out.push_str("<ul>");
    for basis in &p.legal_basis {
        let _ = write!(out, "<li>{}</li>", escape(basis));
    }
    out.push_str("</ul>");
    source_note(
        &mut out,
        lang,
        &p.source,
        (!p.verified).then_some(text(
            "Một số số liệu của phiên bản này chưa được đối chiếu với văn bản gốc.",
            "Some figures of this version could not be checked against their source.",
        )),
        "notice",
    );
    out
}
