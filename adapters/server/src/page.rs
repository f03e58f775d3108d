//! The citizens' pages: one layout, bilingual text, HTML escaping, and the choice between HTML and JSON.
//!
//! Pages are plain server-rendered HTML with a little inline CSS: no script, no external resource, readable
//! at a phone's width. Every text shown is a [`Label`] (Vietnamese and English), the shape the core's state
//! labels already have.

use std::fmt::Write as _;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoso_core::state::Label;
use serde::Deserialize;

/// The language of a page: Vietnamese unless `?lang=en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Reads `?lang=`: `en` is English, anything else Vietnamese.
    pub(crate) fn from_param(param: Option<&str>) -> Self {
        match param {
            Some(l) if l.eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::Vi,
        }
    }

    /// The text of `label` in this language.
    pub(crate) fn pick(self, label: Label) -> &'static str {
        match self {
            Lang::Vi => label.vi,
            Lang::En => label.en,
        }
    }

    /// The value of the `lang` attribute and parameter.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

/// A bilingual text (a [`Label`] written in place).
pub(crate) const fn text(vi: &'static str, en: &'static str) -> Label {
    Label { vi, en }
}

/// Appends where the data shown came from and, when some of it was not checked against that source,
/// `unverified` (small print, or a paragraph of class `class` when one is given).
pub(crate) fn source_note(
    out: &mut String,
    lang: Lang,
    source: &str,
    unverified: Option<Label>,
    class: &str,
) {
    out.push_str("<p><small>");
    out.push_str(lang.pick(text("Nguồn:", "Source:")));
    out.push(' ');
    out.push_str(&escape(source));
    out.push_str("</small></p>");
    if let Some(note) = unverified {
        let note = lang.pick(note);
        let _ = match class {
            "" => write!(out, "<p><small>{note}</small></p>"),
            class => write!(out, "<p class=\"{class}\">{note}</p>"),
        };
    }
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether the client asked for JSON (`Accept: application/json`) rather than a page.
pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            part.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        })
}

const SITE: Label = text("Dịch vụ bưu chính công ích", "Public postal service");
const SWITCH: Label = text("English", "Tiếng Việt");
const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;line-height:1.5;color:#1a1a1a}\
header,main{max-width:40rem;margin:0 auto;padding:0.75rem 1rem}header{display:flex;\
justify-content:space-between;border-bottom:1px solid #ccc}a{color:#0b4f9c}h1{font-size:1.4rem}h2{font-size:1.15rem}\
label{display:block;margin-top:0.75rem;font-weight:600}input,select,textarea{font-size:1.1rem;\
padding:0.5rem;width:100%;box-sizing:border-box}fieldset{margin-top:0.75rem}fieldset label{display:inline-block;\
margin:0 1rem 0 0}input[type=radio]{width:auto}section{margin-top:1.5rem;border-top:1px solid #ccc}button{margin-top:1rem;font-size:1.1rem;padding:0.6rem 1.2rem}\
dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:0.25rem 1rem}dt{font-weight:600}\
dd{margin:0}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:0.3rem;\
text-align:left;vertical-align:top}.notice{background:#fff4e5;padding:0.75rem;border-left:4px solid #e08a00}";

/// A page: its title and its body's HTML (already escaped), in `lang`, with a link to the same page in the
/// other language (`path` and its parameters other than `lang`).
pub(crate) struct Page<'a> {
    pub(crate) lang: Lang,
    pub(crate) title: &'a str,
    pub(crate) path: &'a str,
    pub(crate) params: &'a [(&'a str, &'a str)],
    pub(crate) body: String,
}

impl Page<'_> {
    pub(crate) fn render(&self) -> String {
        let mut html = String::with_capacity(self.body.len() + 2048);
        let _ = write!(
            html,
            "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title><style>{STYLE}</style></head><body><header><span>{site}</span>\
             <a href=\"{switch_href}\" hreflang=\"{other}\">{switch}</a></header><main><h1>{title}</h1>{body}\
             </main></body></html>",
            lang = self.lang.code(),
            title = escape(self.title),
            site = escape(self.lang.pick(SITE)),
            switch_href = escape(&href(self.path, self.params, self.lang.other())),
            other = self.lang.other().code(),
            switch = self.lang.pick(SWITCH),
            body = self.body,
        );
        html
    }

    /// The page as a response with `status`.
    pub(crate) fn respond(&self, status: StatusCode) -> Response {
        html_response(status, self.render())
    }
}

/// `path?params&lang=…` (Vietnamese, the default, carries no `lang`). Parameters are percent-encoded.
pub(crate) fn href(path: &str, params: &[(&str, &str)], lang: Lang) -> String {
    let mut out = path.to_owned();
    let mut sep = '?';
    let lang_param = [("lang", "en")];
    let extra: &[(&str, &str)] = if lang == Lang::En { &lang_param } else { &[] };
    for (k, v) in params.iter().chain(extra) {
        out.push(sep);
        sep = '&';
        out.push_str(k);
        out.push('=');
        out.push_str(&percent_encode(v));
    }
    out
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A finished HTML page with the headers every page carries: no sniffing, no framing, no referrer (a lookup's
/// address carries the digits it was asked with), nothing loaded from elsewhere.
pub(crate) fn html_response(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A JSON answer with `status`.
pub(crate) fn json_response(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => {
            let mut response = (status, body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "a JSON answer did not serialise");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn links_keep_their_parameters_and_carry_lang_only_for_english() {
        assert_eq!(
            href("/thu-tuc/1.002820", &[], Lang::Vi),
            "/thu-tuc/1.002820"
        );
        assert_eq!(
            href("/tra-cuu", &[("ma", "A B&C")], Lang::En),
            "/tra-cuu?ma=A%20B%26C&lang=en"
        );
    }

    #[test]
    fn json_is_chosen_only_when_the_client_accepts_it() {
        let mut h = HeaderMap::new();
        assert!(!wants_json(&h));
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/html, application/json;q=0.9"),
        );
        assert!(wants_json(&h));
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/jsonx"),
        );
        assert!(!wants_json(&h));
    }
}
