//! Khiếu nại: complaints about the post's service of a dossier (Circular 17/2017/TT-BTTTT Art 8).
//!
//! - `POST /tra-cuu/khieu-nai`: a citizen files a complaint with the lookup's own credentials, the dossier code
//!   and the last 4 digits, checked by the lookup itself ([`LookupDesk::answer`](crate::lookup::LookupDesk)):
//!   the same throttle and floor, the same one answer for every failure (an unknown code and wrong digits
//!   alike). Only when they match is the complaint filed, through
//!   [`DossierService::file_complaint`]; sent again the same day with the same text, it is the same
//!   complaint. The server knows no carriage route, so the window runs from the post's last act and the
//!   province's 5 working days apply (`docs/complaints.md`).
//! - `GET /api/v1/complaints/overdue`: for the post's operators (a bearer token among
//!   [`ServerConfig::with_operator`](crate::ServerConfig::with_operator)), the complaints unresolved past their date.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use hoso_core::complaint::{ComplaintError, ComplaintSubject, FreeText};
use hoso_core::deadline::dossier::DeadlineOptions;
use hoso_core::event::{Actor, ActorRole, EventId};
use hoso_core::machine::TransitionError;
use hoso_core::service::{ComplaintRequest, ServiceError};
use hoso_core::store::CommandId;
use hoso_core::time::vietnam_date;
use serde::{Deserialize, Serialize};

use crate::app::{App, Client};
use crate::citizen::{self, Checked, CitizenForm};
use crate::lookup::{Field, Outcome, no_store, respond};
use crate::page::{escape, json_response, text};

/// The fields of `POST /tra-cuu/khieu-nai` beside the lookup's credentials.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ComplaintFields {
    loai: Option<String>,
    noi_dung: Option<String>,
}

#[derive(Serialize)]
struct Filed<'a> {
    status: &'static str,
    dossier: &'a str,
    complaint: String,
    resolution_due: String,
}

const RECEIVED: hoso_core::state::Label = text(
    "Đã tiếp nhận khiếu nại. Hạn giải quyết:",
    "Your complaint was received. To be resolved by:",
);
const WINDOW_CLOSED: hoso_core::state::Label = text(
    "Đã hết thời hiệu khiếu nại (06 tháng kể từ ngày kết thúc thời gian toàn trình, Thông tư 17/2017/TT-BTTTT Điều 8). Hạn cuối:",
    "The time to complain has run out (6 months from the end of the carriage time, Circular 17/2017/TT-BTTTT Art 8). The last day was:",
);
const NO_CARRIAGE: hoso_core::state::Label = text(
    "Bưu điện chưa nhận chuyển phát hồ sơ này.",
    "The post has not carried this dossier yet.",
);

/// The complaint page's title and path.
const PAGE: (hoso_core::state::Label, &str) =
    (text("Khiếu nại", "Complaint"), "/tra-cuu/khieu-nai");

/// `POST /tra-cuu/khieu-nai`.
pub(crate) async fn file(
    State(app): State<App>,
    client: Client,
    headers: HeaderMap,
    form: Result<Form<CitizenForm<ComplaintFields>>, FormRejection>,
) -> Response {
    let checked = citizen::check(&app, client, &headers, form, |form| {
        let subject = match form.loai.as_deref().map(str::trim) {
            None | Some("") => Some(ComplaintSubject::Other),
            Some(s) => serde_json::from_value(serde_json::Value::String(s.to_owned())).ok(),
        };
        let subject = subject.ok_or(Field::Loai)?;
        let statement =
            FreeText::new(form.noi_dung.clone().unwrap_or_default()).map_err(|_| Field::NoiDung)?;
        Ok((subject, statement))
    })
    .await;
    let Checked {
        lang,
        json,
        dossier,
        fields: (subject, statement),
    } = match checked {
        Ok(checked) => checked,
        Err(refusal) => return refusal,
    };
    let code = dossier.code().clone();
    let at = app.clock.now();
    // One complaint per dossier, day and text, however often it is sent.
    let key = format!(
        "{code}\n{}\n{subject:?}\n{}",
        vietnam_date(at),
        statement.as_str()
    );
    let command = CommandId::new(format!(
        "web/complaint/{}",
        EventId::derive("web-complaint", &key)
    ));
    let request = ComplaintRequest {
        subject,
        statement,
        at,
        actor: Actor::new(ActorRole::Citizen, "tra-cuu"),
        place: None,
    };
    let filed = app
        .service
        .file_complaint(
            &code,
            command,
            &app.calendar,
            &DeadlineOptions::default(),
            request,
        )
        .await;
    no_store(match filed {
        Ok(filed) => {
            let due = filed.resolution_due.to_string();
            let status = if filed.outcome.repeated_command {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            let number = filed.number.to_string();
            if json {
                json_response(
                    status,
                    &Filed {
                        status: if filed.outcome.repeated_command {
                            "already_recorded"
                        } else {
                            "recorded"
                        },
                        dossier: code.as_str(),
                        complaint: number,
                        resolution_due: due,
                    },
                )
            } else {
                citizen::notice(
                    lang,
                    PAGE,
                    status,
                    format!("{} {} — {number}", lang.pick(RECEIVED), escape(&due)),
                )
            }
        }
        // After the credentials matched, the dossier's own refusal may be told.
        Err(ServiceError::Transition { source, .. }) => {
            let (error, message) = match source {
                TransitionError::Complaint(ComplaintError::FilingWindowClosed {
                    deadline, ..
                }) => (
                    "filing_window_closed",
                    format!("{} {deadline}", lang.pick(WINDOW_CLOSED)),
                ),
                _ => ("no_carriage", lang.pick(NO_CARRIAGE).to_owned()),
            };
            citizen::refused(json, lang, PAGE, error, message)
        }
        Err(e) => {
            tracing::error!(error = %e, "complaint: the store did not record it");
            respond(&app, Outcome::Unavailable, lang, json)
        }
    })
}

#[derive(Serialize)]
struct Overdue {
    as_of: String,
    complaints: Vec<hoso_core::complaint::overdue::OverdueComplaint>,
}

/// `GET /api/v1/complaints/overdue`: the complaints unresolved past their resolution date, for an operator.
pub(crate) async fn overdue(State(app): State<App>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !token.is_some_and(|t| app.operators.iter().any(|d| d.matches(t))) {
        return unauthorized();
    }
    let now = app.clock.now();
    match app.service.overdue_complaints(now).await {
        Ok(complaints) => json_response(
            StatusCode::OK,
            &Overdue {
                as_of: now.to_string(),
                complaints,
            },
        ),
        Err(e) => {
            tracing::error!(error = %e, "overdue complaints: the store did not answer");
            store_unavailable()
        }
    }
}

/// An operator's request without a valid bearer token (401).
fn unauthorized() -> Response {
    json_response(
        StatusCode::UNAUTHORIZED,
        &citizen::Refused {
            error: "unauthorized",
            message: "an operator's bearer token is required".into(),
        },
    )
}

/// The store could not answer an operator (503).
fn store_unavailable() -> Response {
    json_response(
        StatusCode::SERVICE_UNAVAILABLE,
        &citizen::Refused {
            error: "unavailable",
            message: "the store cannot answer".into(),
        },
    )
}
