//! Đánh giá: the recipient's rating of the post's service, once the result is delivered.
//!
//! `POST /tra-cuu/danh-gia` takes the lookup's credentials ([`crate::citizen`]), a rating `diem` from 1 to 5
//! and an optional comment `nhan_xet`, and records [`EventKind::FeedbackGiven`](hoso_core::event::EventKind)
//! through [`DossierService::give_feedback`](hoso_core::service::DossierService::give_feedback). A dossier is
//! rated once: the same rating sent again is the same rating (200), another one is refused with the day of
//! the first (422), and so is a rating before the result was delivered.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use hoso_core::complaint::{ComplaintError, Feedback, FreeText, Rating};
use hoso_core::event::{Actor, ActorRole, EventId};
use hoso_core::machine::TransitionError;
use hoso_core::service::ServiceError;
use hoso_core::state::Label;
use hoso_core::store::CommandId;
use serde::{Deserialize, Serialize};

use crate::app::{App, Client};
use crate::citizen::{self, Checked, CitizenForm};
use crate::lookup::{Field, Outcome, no_store, respond};
use crate::page::{json_response, text};

/// The fields of `POST /tra-cuu/danh-gia` beside the lookup's credentials.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FeedbackFields {
    diem: Option<String>,
    nhan_xet: Option<String>,
}

#[derive(Serialize)]
struct Recorded<'a> {
    status: &'static str,
    dossier: &'a str,
    rating: u8,
}

/// The rating page's title and path.
const PAGE: (Label, &str) = (text("Đánh giá", "Rating"), "/tra-cuu/danh-gia");

const THANKS: Label = text(
    "Cảm ơn bạn đã đánh giá chất lượng dịch vụ.",
    "Thank you for rating the service.",
);
const ALREADY: Label = text(
    "Hồ sơ này đã được đánh giá ngày",
    "This dossier was rated already, on",
);
const NOT_DELIVERED: Label = text(
    "Chỉ đánh giá được sau khi đã nhận kết quả.",
    "A rating can be given once the result is delivered.",
);

/// The form's own fields: the rating, and the comment if one was written.
fn fields(form: FeedbackFields) -> Result<Feedback, Field> {
    let rating = form
        .diem
        .as_deref()
        .map(str::trim)
        .and_then(|d| d.parse::<i64>().ok())
        .and_then(|d| Rating::new(d).ok())
        .ok_or(Field::Diem)?;
    let comment = match form.nhan_xet.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(FreeText::new(c.to_owned()).map_err(|_| Field::NhanXet)?),
    };
    Ok(Feedback { rating, comment })
}

/// `POST /tra-cuu/danh-gia`.
pub(crate) async fn rate(
    State(app): State<App>,
    client: Client,
    headers: HeaderMap,
    form: Result<Form<CitizenForm<FeedbackFields>>, FormRejection>,
) -> Response {
    let Checked {
        lang,
        json,
        dossier,
        fields: feedback,
    } = match citizen::check(&app, client, &headers, form, fields).await {
        Ok(checked) => checked,
        Err(refusal) => return refusal,
    };
    let code = dossier.code().clone();
    // One rating per dossier: the command is the dossier's and the rating's, so that the same one sent
    // again is recognised, and another is refused by the dossier.
    let key = format!(
        "{code}\n{}\n{}",
        feedback.rating.get(),
        feedback.comment.as_ref().map_or("", |c| c.as_str())
    );
    let command = CommandId::new(format!(
        "web/feedback/{}",
        EventId::derive("web-feedback", &key)
    ));
    let rating = feedback.rating.get();
    let given = app
        .service
        .give_feedback(
            &code,
            command,
            feedback,
            app.clock.now(),
            Actor::new(ActorRole::Citizen, "tra-cuu"),
        )
        .await;
    no_store(match given {
        Ok(outcome) => {
            let (status, word) = if outcome.repeated_command {
                (StatusCode::OK, "already_recorded")
            } else {
                (StatusCode::CREATED, "recorded")
            };
            if json {
                json_response(
                    status,
                    &Recorded {
                        status: word,
                        dossier: code.as_str(),
                        rating,
                    },
                )
            } else {
                citizen::notice(lang, PAGE, status, lang.pick(THANKS).to_owned())
            }
        }
        Err(ServiceError::Transition { source, .. }) => match source {
            TransitionError::Complaint(ComplaintError::FeedbackAlreadyGiven { at }) => {
                let day = hoso_core::time::vietnam_date(at);
                citizen::refused(
                    json,
                    lang,
                    PAGE,
                    "already_rated",
                    format!("{} {day}.", lang.pick(ALREADY)),
                )
            }
            TransitionError::NotAllowed { .. } => citizen::refused(
                json,
                lang,
                PAGE,
                "not_delivered",
                lang.pick(NOT_DELIVERED).to_owned(),
            ),
            // Nothing else the citizen sent can be refused (an event before the dossier's last one means
            // the server's clock is behind the store's).
            other => {
                tracing::error!(error = %other, "rating: the dossier refused the server's event");
                respond(&app, Outcome::Unavailable, lang, json)
            }
        },
        Err(e) => {
            tracing::error!(error = %e, "rating: the store did not record it");
            respond(&app, Outcome::Unavailable, lang, json)
        }
    })
}
