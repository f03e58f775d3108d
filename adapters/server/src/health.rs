//! Liveness and readiness: `GET /healthz` answers while the process serves; `GET /readyz` answers 200 only
//! when the store answers a read within a second and the server is not shutting down.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use crate::app::App;
use crate::page::json_response;

/// How long readiness waits for the store.
const STORE_CHECK_TIMEOUT: Duration = Duration::from_secs(1);

/// The checkpoint readiness reads: a point read by primary key on every engine, never written.
const PROBE_CONSUMER: &str = "hoso-server/readyz";

#[derive(Serialize)]
struct Health {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
}

/// `GET /healthz`.
pub(crate) async fn healthz() -> Response {
    json_response(
        StatusCode::OK,
        &Health {
            status: "ok",
            reason: None,
        },
    )
}

/// `GET /readyz`.
pub(crate) async fn readyz(State(app): State<App>) -> Response {
    let unavailable = |reason| {
        json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &Health {
                status: "unavailable",
                reason: Some(reason),
            },
        )
    };
    if app.draining.load(Ordering::Relaxed) {
        return unavailable("shutting_down");
    }
    match tokio::time::timeout(STORE_CHECK_TIMEOUT, app.store.checkpoint(PROBE_CONSUMER)).await {
        Ok(Ok(_)) => json_response(
            StatusCode::OK,
            &Health {
                status: "ready",
                reason: None,
            },
        ),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the store failed");
            unavailable("store_failed")
        }
        Err(_) => {
            tracing::warn!("readiness: the store did not answer within 1 s");
            unavailable("store_timeout")
        }
    }
}
