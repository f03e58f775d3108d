//! What a citizen sends after the lookup (a complaint, a rating): a form that carries the lookup's
//! credentials, the dossier code and the last 4 digits, checked by the lookup itself, so that every failure
//! before the dossier is found is the lookup's one answer, through the lookup's throttle and floor.
//!
//! The result page offers these forms with the dossier code filled in but asks for the 4 digits again: the
//! page never holds them, so a screenshot or a shared screen of it does not give them away.

use std::fmt::Write as _;

use axum::extract::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use hoso_core::Dossier;
use hoso_core::complaint::ComplaintSubject;
use hoso_core::event::EventType;
use hoso_core::machine;
use hoso_core::state::Label;
use serde::{Deserialize, Serialize};

use crate::app::{App, Client};
use crate::lookup::{Field, Outcome, no_store, respond};
use crate::page::{Lang, Page, escape, json_response, text, wants_json};

/// A citizen's form after the lookup: the lookup's credentials and the language of the page it came from,
/// beside the form's own fields `F`.
#[derive(Debug, Deserialize)]
pub(crate) struct CitizenForm<F> {
    ma: Option<String>,
    so: Option<String>,
    lang: Option<String>,
    #[serde(flatten)]
    fields: F,
}

/// A form whose fields were of the right form and whose credentials matched.
pub(crate) struct Checked<T> {
    /// The page's language.
    pub(crate) lang: Lang,
    /// Whether the client asked for JSON.
    pub(crate) json: bool,
    /// The dossier the credentials opened.
    pub(crate) dossier: Box<Dossier>,
    /// What `fields` made of the form's own fields.
    pub(crate) fields: T,
}

/// Checks a citizen's form: that it decodes, then its own fields (`fields`, before the store is read: a
/// malformed field is named), then the lookup's credentials. Every refusal is the answer to send (with
/// `Cache-Control: no-store`).
pub(crate) async fn check<F, T>(
    app: &App,
    client: Client,
    headers: &HeaderMap,
    form: Result<Form<CitizenForm<F>>, FormRejection>,
    fields: impl FnOnce(F) -> Result<T, Field>,
) -> Result<Checked<T>, Response> {
    let json = wants_json(headers);
    let Ok(Form(form)) = form else {
        return Err(no_store(respond(
            app,
            Outcome::Malformed(Field::Ma),
            Lang::Vi,
            json,
        )));
    };
    let lang = Lang::from_param(form.lang.as_deref());
    let fields = match fields(form.fields) {
        Ok(fields) => fields,
        Err(field) => {
            return Err(no_store(respond(
                app,
                Outcome::Malformed(field),
                lang,
                json,
            )));
        }
    };
    match app
        .lookup
        .answer(
            client.key(),
            form.ma.as_deref().unwrap_or_default(),
            form.so.as_deref().unwrap_or_default(),
        )
        .await
    {
        Outcome::Found(dossier) => Ok(Checked {
            lang,
            json,
            dossier,
            fields,
        }),
        other => Err(no_store(respond(app, other, lang, json))),
    }
}

/// A refusal in JSON: what it is, and why in the page's language.
#[derive(Serialize)]
pub(crate) struct Refused {
    pub(crate) error: &'static str,
    pub(crate) message: String,
}

/// A refusal the dossier itself gave, once the credentials matched (422): `error` in JSON, `message` as the
/// page's notice.
pub(crate) fn refused(
    json: bool,
    lang: Lang,
    page: (Label, &'static str),
    error: &'static str,
    message: String,
) -> Response {
    if json {
        json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            &Refused { error, message },
        )
    } else {
        notice(
            lang,
            page,
            StatusCode::UNPROCESSABLE_ENTITY,
            escape(&message),
        )
    }
}

/// A page (titled and at the path `page` gives) holding one notice, already escaped.
pub(crate) fn notice(
    lang: Lang,
    (title, path): (Label, &'static str),
    status: StatusCode,
    notice: String,
) -> Response {
    Page {
        lang,
        title: lang.pick(title),
        path,
        params: &[],
        body: format!("<p class=\"notice\" role=\"status\">{notice}</p>"),
    }
    .respond(status)
}

/// The forms the lookup's answer offers, as the dossier's states allow them: a complaint once the post has
/// taken part, a rating once the result is delivered and until it is given. The dossier code is filled in;
/// the 4 digits are asked again (the page never holds them).
pub(crate) fn forms(dossier: &Dossier, lang: Lang) -> String {
    let code = escape(dossier.code().as_str());
    // A form's heading and start, with the dossier code (and the language) it is sent with.
    let open = |out: &mut String, heading: Label, action: &str| {
        let _ = write!(
            out,
            "<section><h2>{}</h2><form method=\"post\" action=\"{action}\">\
             <input type=\"hidden\" name=\"ma\" value=\"{code}\">",
            lang.pick(heading)
        );
        if lang == Lang::En {
            out.push_str("<input type=\"hidden\" name=\"lang\" value=\"en\">");
        }
    };
    // The 4 digits, asked again, and the button.
    let close = |out: &mut String, id: &str, button: Label| {
        let _ = write!(
            out,
            "<label for=\"{id}\">{}</label><input id=\"{id}\" name=\"so\" required autocomplete=\"off\" \
             inputmode=\"numeric\" pattern=\"[0-9]{{4}}\" maxlength=\"4\">\
             <button type=\"submit\">{}</button></form></section>",
            lang.pick(text(
                "Nhập lại 4 chữ số cuối của số định danh cá nhân hoặc số điện thoại",
                "The last 4 digits of the ID number or phone number, again"
            )),
            lang.pick(button)
        );
    };
    let mut out = String::new();
    if machine::allows(dossier, EventType::FeedbackGiven) && dossier.feedback().is_none() {
        open(
            &mut out,
            text("Đánh giá dịch vụ", "Rate the service"),
            "/tra-cuu/danh-gia",
        );
        let _ = write!(
            out,
            "<fieldset><legend>{}</legend>",
            lang.pick(text(
                "Mức độ hài lòng (1: kém, 5: rất tốt)",
                "How satisfied you are (1: poor, 5: excellent)"
            ))
        );
        for n in 1..=5 {
            let _ = write!(
                out,
                "<label><input type=\"radio\" name=\"diem\" value=\"{n}\" required> {n}</label>"
            );
        }
        let _ = write!(
            out,
            "</fieldset><label for=\"dg-nhan-xet\">{}</label>\
             <textarea id=\"dg-nhan-xet\" name=\"nhan_xet\" maxlength=\"4000\" rows=\"3\"></textarea>",
            lang.pick(text("Nhận xét (không bắt buộc)", "Comment (optional)"))
        );
        close(&mut out, "dg-so", text("Gửi đánh giá", "Send the rating"));
    }
    if machine::allows(dossier, EventType::ComplaintFiled) {
        open(
            &mut out,
            text(
                "Khiếu nại về dịch vụ bưu chính",
                "Complain about the postal service",
            ),
            "/tra-cuu/khieu-nai",
        );
        let _ = write!(
            out,
            "<label for=\"kn-loai\">{}</label><select id=\"kn-loai\" name=\"loai\">",
            lang.pick(text("Khiếu nại về", "About"))
        );
        for subject in ComplaintSubject::ALL {
            let value = serde_json::to_value(subject)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<option value=\"{value}\">{}</option>",
                escape(lang.pick(subject.label()))
            );
        }
        let _ = write!(
            out,
            "</select><label for=\"kn-noi-dung\">{}</label>\
             <textarea id=\"kn-noi-dung\" name=\"noi_dung\" required maxlength=\"4000\" rows=\"4\"></textarea>",
            lang.pick(text("Nội dung khiếu nại", "Your complaint"))
        );
        close(
            &mut out,
            "kn-so",
            text("Gửi khiếu nại", "Send the complaint"),
        );
    }
    out
}
