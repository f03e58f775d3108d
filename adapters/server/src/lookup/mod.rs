//! Tra cứu hồ sơ: the citizens' lookup. A dossier code and the last 4 digits of the applicant's ID or phone
//! number give the dossier's state ([`view`]); anything else gives one answer.
//!
//! The threat is enumeration: dossier codes are predictable (`{agency}-YYMMDD-NNNN`), so whoever can tell
//! "no such code" from "wrong digits" learns which dossiers exist, and whoever can guess 4 digits at leisure
//! reads them. Hence:
//! - **one answer for every failure**: an unknown code and wrong digits give the same status and the same
//!   bytes (the code asked is not even echoed);
//! - **the same work and the same time**: the dossier is loaded (or found absent), the digits are compared
//!   against the applicant's or a decoy's with the same constant-time comparisons, and no answer that read
//!   the store leaves before [`LookupPolicy::floor`](crate::LookupPolicy::floor) has passed since the request
//!   arrived, whatever the store took (within the floor);
//! - **failures are counted** per client and per code ([`throttle`]), in the store, so that every process
//!   over it counts the same: each lookup counts when it is admitted, before the dossier is read, and is
//!   given back if it matched, so that guesses sent together cannot overtake the count; past the limit the
//!   lookup is not tried at all (the throttled answer is the same whether the code exists), and a store
//!   that cannot count fails it closed;
//! - **the minimum is shown**: states, due date, where the paper is, tracking numbers and a masked name.
//!   Never the ID, phone, address or documents; and there is no lookup by phone number.

mod secret;
pub(crate) mod throttle;
mod view;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use hoso_core::service::DossierService;
use hoso_core::{Catalogue, Dossier, DossierCode};
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use crate::app::{App, Client};
use crate::page::{Lang, Page, escape, html_response, json_response, text, wants_json};
use secret::{LastDigits, Recognised, matches};
use throttle::{ClientKey, Refused, Throttle, Throttled};
use view::TrackingView;

/// Which field of the lookup was malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Field {
    /// `ma`: the dossier code.
    Ma,
    /// `so`: the 4 digits.
    So,
    /// `loai`: what a complaint is about.
    Loai,
    /// `noi_dung`: a complaint's text.
    NoiDung,
    /// `diem`: a rating.
    Diem,
    /// `nhan_xet`: a rating's comment.
    NhanXet,
}

/// What a lookup came to.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// A field is not of the right form (decided without the store).
    Malformed(Field),
    /// Too many failures from this client or for this code; the store was not read.
    Throttled(Throttled),
    /// No dossier with this code and these digits: unknown code and wrong digits alike.
    NoMatch,
    /// The store could not answer.
    Unavailable,
    /// The dossier.
    Found(Box<Dossier>),
}

/// The lookup: the service it reads through, the catalogue it names procedures from, its throttle and floor.
#[derive(Debug, Clone)]
pub(crate) struct LookupDesk {
    service: DossierService,
    catalogue: Arc<Catalogue>,
    throttle: Throttle,
    floor: Duration,
}

impl LookupDesk {
    pub(crate) fn new(
        service: DossierService,
        catalogue: Arc<Catalogue>,
        throttle: Throttle,
        floor: Duration,
    ) -> Self {
        LookupDesk {
            service,
            catalogue,
            throttle,
            floor,
        }
    }

    /// Answers a lookup of code `ma` with digits `so` by `client`.
    pub(crate) async fn answer(&self, client: ClientKey, ma: &str, so: &str) -> Outcome {
        let Ok(code) = ma.trim().to_ascii_uppercase().parse::<DossierCode>() else {
            return Outcome::Malformed(Field::Ma);
        };
        let Some(digits) = LastDigits::parse(so) else {
            return Outcome::Malformed(Field::So);
        };
        match self.throttle.admit(client, code.as_str()).await {
            Ok(()) => {}
            Err(Refused::Throttled(throttled)) => return Outcome::Throttled(throttled),
            Err(Refused::Unavailable(e)) => {
                tracing::error!(error = %e, "lookup: the store could not count the lookup");
                return Outcome::Unavailable;
            }
        }
        let started = Instant::now();
        let outcome = self.compare(&code, digits).await;
        tokio::time::sleep_until(started + self.floor).await;
        if !matches!(outcome, Outcome::NoMatch) {
            self.throttle.refund(client, code.as_str()).await;
        }
        outcome
    }

    async fn compare(&self, code: &DossierCode, digits: LastDigits) -> Outcome {
        match self.service.load(code).await {
            Ok(loaded) => {
                let recognised = loaded
                    .as_ref()
                    .map(|l| Recognised::of(&l.dossier.header().applicant));
                match loaded {
                    Some(l) if matches(digits, recognised.as_ref()) => {
                        Outcome::Found(Box::new(l.dossier))
                    }
                    _ => Outcome::NoMatch,
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "lookup: the store did not answer");
                Outcome::Unavailable
            }
        }
    }
}

/// The query of `GET /tra-cuu`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct LookupParams {
    ma: Option<String>,
    so: Option<String>,
    lang: Option<String>,
}

const TITLE: hoso_core::state::Label = text("Tra cứu hồ sơ", "Look up a dossier");
const NO_MATCH: hoso_core::state::Label = text(
    "Không tìm thấy hồ sơ với mã và 4 chữ số đã nhập. Hãy kiểm tra mã hồ sơ trên phiếu hẹn và 4 chữ số \
     cuối của số định danh cá nhân hoặc số điện thoại đã khai khi nộp hồ sơ.",
    "No dossier matches this code and these 4 digits. Check the dossier code on your appointment slip and \
     the last 4 digits of the ID number or phone number you gave when filing.",
);
const THROTTLED: hoso_core::state::Label = text(
    "Đã có quá nhiều lần tra cứu không thành công. Vui lòng thử lại sau.",
    "Too many unsuccessful lookups. Please try again later.",
);
const UNAVAILABLE: hoso_core::state::Label = text(
    "Hệ thống tạm thời không trả lời được. Vui lòng thử lại sau.",
    "The service cannot answer at the moment. Please try again later.",
);
const BAD_CODE: hoso_core::state::Label = text(
    "Mã hồ sơ có dạng 000.00.01.H56-260302-0001 (mã cơ quan, ngày tiếp nhận, số thứ tự).",
    "A dossier code looks like 000.00.01.H56-260302-0001 (agency code, date received, number).",
);
const BAD_DIGITS: hoso_core::state::Label = text("Nhập đúng 4 chữ số.", "Enter exactly 4 digits.");
const BAD_SUBJECT: hoso_core::state::Label = text(
    "Chọn nội dung khiếu nại trong danh sách.",
    "Choose what the complaint is about from the list.",
);
const BAD_TEXT: hoso_core::state::Label = text(
    "Nhập nội dung khiếu nại (tối đa 4000 ký tự).",
    "Write the complaint (at most 4,000 characters).",
);

const BAD_RATING: hoso_core::state::Label = text(
    "Chọn mức đánh giá từ 1 đến 5.",
    "Choose a rating from 1 to 5.",
);
const BAD_COMMENT: hoso_core::state::Label = text(
    "Nhận xét dài tối đa 4000 ký tự.",
    "A comment has at most 4,000 characters.",
);

/// `GET /tra-cuu`: the form, or the answer to `?ma=…&so=…`.
pub(crate) async fn tra_cuu(
    State(app): State<App>,
    client: Client,
    headers: HeaderMap,
    query: Result<Query<LookupParams>, QueryRejection>,
) -> Response {
    let json = wants_json(&headers);
    let Ok(Query(params)) = query else {
        // A query that does not even decode (bad percent-encoding, a repeated field).
        return no_store(respond(&app, Outcome::Malformed(Field::Ma), Lang::Vi, json));
    };
    let lang = Lang::from_param(params.lang.as_deref());
    let ma = params.ma.as_deref().unwrap_or("").trim();
    let so = params.so.as_deref().unwrap_or("").trim();
    no_store(if ma.is_empty() && so.is_empty() && !json {
        form_page(lang, None, StatusCode::OK)
    } else {
        let outcome = app.lookup.answer(client.key(), ma, so).await;
        respond(&app, outcome, lang, json)
    })
}

/// Lookup answers are never cached: not by the browser, not by a proxy.
pub(crate) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[derive(Serialize)]
struct Failure {
    error: &'static str,
    message: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_secs: Option<u64>,
}

pub(crate) fn respond(app: &App, outcome: Outcome, lang: Lang, json: bool) -> Response {
    let (status, error, message, field, retry) = match outcome {
        Outcome::Found(dossier) => {
            let view = TrackingView::of(&dossier, &app.lookup.catalogue, lang);
            if json {
                return json_response(StatusCode::OK, &view);
            }
            let again = format!(
                "<p><a href=\"{}\">{}</a></p>",
                escape(&crate::page::href("/tra-cuu", &[], lang)),
                lang.pick(text("Tra cứu hồ sơ khác", "Look up another dossier"))
            );
            let page = Page {
                lang,
                title: lang.pick(TITLE),
                path: "/tra-cuu",
                params: &[],
                body: format!(
                    "{}{}{again}",
                    view.html(lang),
                    crate::citizen::forms(&dossier, lang)
                ),
            };
            return page.respond(StatusCode::OK);
        }
        Outcome::NoMatch => (StatusCode::NOT_FOUND, "no_match", NO_MATCH, None, None),
        Outcome::Throttled(t) => (
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            THROTTLED,
            None,
            Some(t.retry_after_secs),
        ),
        Outcome::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            UNAVAILABLE,
            None,
            None,
        ),
        Outcome::Malformed(f) => (
            StatusCode::BAD_REQUEST,
            "malformed",
            match f {
                Field::Ma => BAD_CODE,
                Field::So => BAD_DIGITS,
                Field::Loai => BAD_SUBJECT,
                Field::NoiDung => BAD_TEXT,
                Field::Diem => BAD_RATING,
                Field::NhanXet => BAD_COMMENT,
            },
            Some(f),
            None,
        ),
    };
    let mut response = if json {
        json_response(
            status,
            &Failure {
                error,
                message: lang.pick(message),
                field,
                retry_after_secs: retry,
            },
        )
    } else {
        form_page(lang, Some(message), status)
    };
    if let Some(secs) = retry {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// The lookup form, with a notice above it when a lookup failed. The fields are never filled back in, so
/// that the failure page is the same whatever was asked.
fn form_page(lang: Lang, notice: Option<hoso_core::state::Label>, status: StatusCode) -> Response {
    let notice = notice
        .map(|n| format!("<p class=\"notice\" role=\"alert\">{}</p>", lang.pick(n)))
        .unwrap_or_default();
    let hidden_lang = match lang {
        Lang::En => "<input type=\"hidden\" name=\"lang\" value=\"en\">",
        Lang::Vi => "",
    };
    let body = format!(
        "{notice}<form method=\"get\" action=\"/tra-cuu\">{hidden_lang}\
         <label for=\"ma\">{code}</label>\
         <input id=\"ma\" name=\"ma\" required autocomplete=\"off\" autocapitalize=\"characters\" \
         spellcheck=\"false\" maxlength=\"40\" placeholder=\"000.00.01.H56-260302-0001\">\
         <label for=\"so\">{digits}</label>\
         <input id=\"so\" name=\"so\" required autocomplete=\"off\" inputmode=\"numeric\" \
         pattern=\"[0-9]{{4}}\" maxlength=\"4\">\
         <button type=\"submit\">{submit}</button></form><p>{privacy}</p>",
        code = lang.pick(text(
            "Mã hồ sơ (trên phiếu hẹn)",
            "Dossier code (on the appointment slip)"
        )),
        digits = lang.pick(text(
            "4 chữ số cuối của số định danh cá nhân hoặc số điện thoại",
            "Last 4 digits of the ID number or phone number"
        )),
        submit = lang.pick(text("Tra cứu", "Look up")),
        privacy = lang.pick(text(
            "Kết quả chỉ hiện tình trạng hồ sơ và tên đã che; không hiện thông tin cá nhân.",
            "The answer shows the dossier's state and a masked name only, no personal data."
        )),
    );
    let page = Page {
        lang,
        title: lang.pick(TITLE),
        path: "/tra-cuu",
        params: &[],
        body,
    };
    html_response(status, page.render())
}

#[cfg(test)]
mod tests;
