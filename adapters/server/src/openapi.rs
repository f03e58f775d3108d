//! The OpenAPI 3.1 document of the server's endpoints, served at `GET /openapi.json` and committed as
//! `docs/openapi.json` (a test fails when the two differ, so the committed file is the one served).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use crate::page::json_response;

/// `GET /openapi.json`.
pub(crate) async fn serve() -> Response {
    json_response(StatusCode::OK, &document())
}

fn lang_param() -> Value {
    json!({
        "name": "lang", "in": "query", "required": false,
        "description": "`en` for English; Vietnamese otherwise.",
        "schema": {"type": "string", "enum": ["vi", "en"]}
    })
}

fn failure_schema() -> Value {
    json!({
        "type": "object", "required": ["error", "message"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "field": {"type": "string", "enum": ["ma", "so", "loai", "noi_dung", "diem", "nhan_xet"]},
            "retry_after_secs": {"type": "integer", "minimum": 1}
        }
    })
}

fn leg_schema() -> Value {
    json!({
        "type": "object", "required": ["state", "label"],
        "properties": {"state": {"type": "string"}, "label": {"type": "string"}}
    })
}

fn json_and_html(schema: &str, description: &str) -> Value {
    json!({
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}},
            "text/html": {"schema": {"type": "string"}}
        }
    })
}

/// The document.
pub(crate) fn document() -> Value {
    let mut doc = paths_and_schemas();
    doc["paths"]["/diem-phuc-vu"] = crate::directory::openapi::path_item(lang_param());
    for (name, schema) in crate::directory::openapi::schemas() {
        doc["components"]["schemas"][name] = schema;
    }
    doc
}

fn paths_and_schemas() -> Value {
    let failure = |d: &str| json_and_html("Failure", d);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hoso server",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The post office's service over the hoso store: the citizens' lookup, complaints, procedure pages and service-point directory, the agencies' gateway, the operators' list of overdue complaints, and health checks. Pages are HTML unless the request sends `Accept: application/json`."
        },
        "paths": {
            "/healthz": {"get": {
                "summary": "Liveness: the process serves.",
                "operationId": "healthz",
                "responses": {"200": {"description": "Alive.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}
            }},
            "/readyz": {"get": {
                "summary": "Readiness: the store answers and the server is not shutting down.",
                "operationId": "readyz",
                "responses": {
                    "200": {"description": "Ready.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                    "503": {"description": "Not ready: `reason` is `shutting_down`, `store_failed` or `store_timeout`.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
                }
            }},
            "/tra-cuu": {"get": {
                "summary": "Tra cứu hồ sơ: a dossier's state from its code and the last 4 digits of the applicant's ID or phone number.",
                "description": "Without `ma` and `so`, the HTML form. Every failure to match (an unknown code, wrong digits) is the same answer, 404, in content and in time. Failures are counted per client and per code; past the limit the answer is 429 with `Retry-After`. Answers are never cached (`Cache-Control: no-store`).",
                "operationId": "lookup",
                "parameters": [
                    {"name": "ma", "in": "query", "required": false, "description": "The dossier code, as on the appointment slip (`{agency code}-YYMMDD-NNNN`).", "schema": {"type": "string", "maxLength": 64}},
                    {"name": "so", "in": "query", "required": false, "description": "The last 4 digits of the applicant's ID number or phone number.", "schema": {"type": "string", "pattern": "^[0-9]{4}$"}},
                    lang_param()
                ],
                "responses": {
                    "200": json_and_html("Tracking", "The dossier (or, for HTML without a query, the form)."),
                    "400": failure("A field is malformed: `field` names it."),
                    "404": failure("No dossier matches this code and these digits."),
                    "429": failure("Too many failed lookups from this client or for this code."),
                    "503": failure("The store cannot answer.")
                }
            }},
            "/tra-cuu/khieu-nai": {"post": {
                "summary": "Khiếu nại: a complaint about the post's service of a dossier, with the lookup's credentials (Circular 17/2017/TT-BTTTT Art 8).",
                "description": "The dossier code and the last 4 digits are checked exactly as `GET /tra-cuu` checks them: the same throttle, the same one answer for every failure (404, or 429 with `Retry-After`). When they match, the complaint is filed: 201 with its number and the day it is to be resolved by (5 working days after receipt; the server knows no carriage route). The same text sent again the same day is the same complaint (200 `already_recorded`). A complaint more than 6 months after the end of the carriage time is refused, 422 `filing_window_closed`, with the last day it could be filed. Answers are never cached.",
                "operationId": "fileComplaint",
                "parameters": [lang_param()],
                "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["ma", "so", "noi_dung"],
                    "properties": {
                        "ma": {"type": "string", "maxLength": 64, "description": "The dossier code."},
                        "so": {"type": "string", "pattern": "^[0-9]{4}$", "description": "The last 4 digits of the applicant's ID number or phone number."},
                        "loai": {"type": "string", "enum": ["late_carriage", "lost_or_misplaced", "damaged", "charges", "conduct", "other"], "description": "What the complaint is about (`other` when absent)."},
                        "noi_dung": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "The complaint, in the complainant's words."},
                        "lang": {"type": "string", "enum": ["vi", "en"]}
                    }
                }}}},
                "responses": {
                    "200": {"description": "Filed before (`already_recorded`).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComplaintFiled"}}, "text/html": {"schema": {"type": "string"}}}},
                    "201": {"description": "Filed (`recorded`).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComplaintFiled"}}, "text/html": {"schema": {"type": "string"}}}},
                    "400": failure("A field is malformed: `field` names it."),
                    "404": failure("No dossier matches this code and these digits."),
                    "422": {"description": "Refused: `filing_window_closed` (with the last day) or `no_carriage`.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}, "text/html": {"schema": {"type": "string"}}}},
                    "429": failure("Too many failed lookups from this client or for this code."),
                    "503": failure("The store cannot answer.")
                }
            }},
            "/tra-cuu/danh-gia": {"post": {
                "summary": "Đánh giá: the recipient's rating of the post's service, once the result is delivered.",
                "description": "The dossier code and the last 4 digits are checked exactly as `GET /tra-cuu` checks them (the same throttle and one answer for every failure). A dossier is rated once: 201 `recorded`; the same rating and comment sent again, 200 `already_recorded`; another rating, 422 `already_rated` with the day of the first; before the result is delivered, 422 `not_delivered`. Answers are never cached.",
                "operationId": "rateService",
                "parameters": [lang_param()],
                "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["ma", "so", "diem"],
                    "properties": {
                        "ma": {"type": "string", "maxLength": 64, "description": "The dossier code."},
                        "so": {"type": "string", "pattern": "^[0-9]{4}$", "description": "The last 4 digits of the applicant's ID number or phone number."},
                        "diem": {"type": "integer", "minimum": 1, "maximum": 5, "description": "The rating, from 1 (poor) to 5 (excellent)."},
                        "nhan_xet": {"type": "string", "maxLength": 4000, "description": "A comment, if any."},
                        "lang": {"type": "string", "enum": ["vi", "en"]}
                    }
                }}}},
                "responses": {
                    "200": {"description": "Rated before with the same rating (`already_recorded`).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeedbackRecorded"}}, "text/html": {"schema": {"type": "string"}}}},
                    "201": {"description": "Rated (`recorded`).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeedbackRecorded"}}, "text/html": {"schema": {"type": "string"}}}},
                    "400": failure("A field is malformed: `field` names it (`diem`, `nhan_xet`)."),
                    "404": failure("No dossier matches this code and these digits."),
                    "422": {"description": "Refused: `already_rated` (with the day) or `not_delivered`.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}, "text/html": {"schema": {"type": "string"}}}},
                    "429": failure("Too many failed lookups from this client or for this code."),
                    "503": failure("The store cannot answer.")
                }
            }},
            "/thu-tuc/{code}": {"get": {
                "summary": "A procedure's page: the version in force today (Vietnam's date).",
                "operationId": "procedure",
                "parameters": [
                    {"name": "code", "in": "path", "required": true, "description": "The procedure code (mã TTHC), such as `1.002820`.", "schema": {"type": "string"}},
                    {"name": "tinh", "in": "query", "required": false, "description": "A province-level unit code (such as `2025:province:75`): that province's own version where it has one.", "schema": {"type": "string"}},
                    lang_param()
                ],
                "responses": {
                    "200": {"description": "The version in force, as the catalogue holds it (JSON) or as a page.", "content": {"application/json": {"schema": {"type": "object"}}, "text/html": {"schema": {"type": "string"}}}},
                    "400": failure("The query or the province code is malformed."),
                    "404": failure("No version of this procedure is in force today.")
                }
            }},
            "/api/v1/agencies/{agency}/messages": {"post": {
                "summary": "The agencies' gateway: one message in the agency's own format, recorded once.",
                "description": "The body is decoded by the agency's codec and recorded through the service layer in one transaction with what it causes. Authentication is the agency's: `Authorization: Bearer <token>`, or the signature headers of the police webhooks (`X-Hoso-Delivery`, `X-Hoso-Timestamp`, `X-Hoso-Signature`: HMAC-SHA256, timestamp within 5 minutes, a delivery id seen before refused). An unknown agency and a wrong credential are the same 401. A message sent again is answered 200 `already_recorded` and writes nothing; 503 means nothing was recorded and the message is to be sent again.",
                "operationId": "agencyPush",
                "security": [{"bearer": []}, {"webhookSignature": []}],
                "parameters": [
                    {"name": "agency", "in": "path", "required": true, "description": "The agency's code, as configured.", "schema": {"type": "string"}},
                    {"name": "X-Hoso-Delivery", "in": "header", "required": false, "description": "Signed pushes: this delivery's id, new for every attempt.", "schema": {"type": "string", "maxLength": 128}},
                    {"name": "X-Hoso-Timestamp", "in": "header", "required": false, "description": "Signed pushes: the signing time in Unix seconds.", "schema": {"type": "string"}},
                    {"name": "X-Hoso-Signature", "in": "header", "required": false, "description": "Signed pushes: `v1=<hex>` and/or `v2=<hex>`.", "schema": {"type": "string"}}
                ],
                "requestBody": {"required": true, "description": "The agency's message, in its own format (JSON or XML).", "content": {"application/json": {"schema": {}}, "application/xml": {"schema": {}}}},
                "responses": {
                    "200": {"description": "Recorded (`recorded`), or recorded before (`already_recorded`).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    "400": {"description": "A signature header is missing or malformed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    "401": {"description": "Unknown agency, wrong credential, bad signature or stale timestamp.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    "403": {"description": "The message names another agency.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    "404": {"description": "No such dossier filed with this agency.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    "409": {"description": "A replayed delivery, or a change the dossier's state machine refuses (nothing written).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    "413": {"description": "The body is over the limit.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    "422": {"description": "The body does not decode in the agency's format.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}},
                    "503": {"description": "Not recorded: send again.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushAnswer"}}}}
                }
            }},
            "/api/v1/complaints/overdue": {"get": {
                "summary": "For the post's operators: complaints unresolved past their resolution date (Circular 17/2017/TT-BTTTT Art 8(1)(b)), the longest overdue first.",
                "operationId": "overdueComplaints",
                "security": [{"bearer": []}],
                "responses": {
                    "200": {"description": "The list, as of the server's time.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OverdueComplaints"}}}},
                    "401": {"description": "No operator's token.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}},
                    "503": {"description": "The store cannot answer.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}}
                }
            }},
            "/openapi.json": {"get": {
                "summary": "This document.",
                "operationId": "openapi",
                "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}}
            }}
        },
        "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "The agency's (or, for the operator endpoints, the operator's) token; the server keeps its SHA-256 only."},
            "webhookSignature": {"type": "apiKey", "in": "header", "name": "X-Hoso-Signature", "description": "HMAC-SHA256 over `{timestamp}.{body}` (v1) or `{delivery}.{timestamp}.{body}` (v2), with the shared secret: the police webhooks' scheme (`hoso_police::webhook`)."}
        },
        "schemas": {
            "PushAnswer": {
                "type": "object", "required": ["status"],
                "properties": {
                    "status": {"type": "string", "enum": ["recorded", "already_recorded", "unauthorized", "refused", "forbidden", "invalid", "unknown_dossier", "busy", "unavailable"]},
                    "dossier": {"type": "string"},
                    "version": {"type": "integer", "minimum": 0},
                    "appended": {"type": "integer", "minimum": 0},
                    "message": {"type": "string"}
                }
            },
            "Health": {
                "type": "object", "required": ["status"],
                "properties": {"status": {"type": "string", "enum": ["ok", "ready", "unavailable"]}, "reason": {"type": "string"}}
            },
            "ComplaintFiled": {
                "type": "object", "required": ["status", "dossier", "complaint", "resolution_due"],
                "properties": {
                    "status": {"type": "string", "enum": ["recorded", "already_recorded"]},
                    "dossier": {"type": "string"},
                    "complaint": {"type": "string", "description": "Its number in the dossier: `KN1`, `KN2`…"},
                    "resolution_due": {"type": "string", "format": "date"}
                }
            },
            "FeedbackRecorded": {
                "type": "object", "required": ["status", "dossier", "rating"],
                "properties": {
                    "status": {"type": "string", "enum": ["recorded", "already_recorded"]},
                    "dossier": {"type": "string"},
                    "rating": {"type": "integer", "minimum": 1, "maximum": 5}
                }
            },
            "Refusal": {
                "type": "object", "required": ["error", "message"],
                "properties": {"error": {"type": "string"}, "message": {"type": "string"}}
            },
            "OverdueComplaints": {
                "type": "object", "required": ["as_of", "complaints"],
                "properties": {
                    "as_of": {"type": "string", "format": "date-time"},
                    "complaints": {"type": "array", "items": {
                        "type": "object",
                        "required": ["dossier", "number", "subject", "state", "filed_at", "resolution_due", "inter_province"],
                        "properties": {
                            "dossier": {"type": "string"},
                            "number": {"type": "integer", "minimum": 1},
                            "subject": {"type": "string"},
                            "state": {"type": "string", "enum": ["filed", "investigating"]},
                            "filed_at": {"type": "string", "format": "date-time"},
                            "resolution_due": {"type": "string", "format": "date"},
                            "inter_province": {"type": "boolean"}
                        }
                    }}
                }
            },
            "Failure": failure_schema(),
            "Leg": leg_schema(),
            "Tracking": {
                "type": "object",
                "required": ["dossier", "applicant", "procedure", "agency_leg", "postal_leg", "paper", "tracking"],
                "properties": {
                    "dossier": {"type": "string"},
                    "applicant": {"type": "string", "description": "The applicant's masked name: each word's first letter and three stars."},
                    "procedure": {"type": "object", "required": ["code", "name"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
                    "agency_leg": {"$ref": "#/components/schemas/Leg"},
                    "postal_leg": {"$ref": "#/components/schemas/Leg"},
                    "due": {"type": "string", "format": "date"},
                    "paper": {
                        "type": "object", "required": ["holder", "label"],
                        "properties": {
                            "holder": {"type": "string", "enum": ["applicant", "post", "agency", "recipient", "lost"]},
                            "label": {"type": "string"},
                            "place": {"type": "string", "description": "The code of the post office, sorting centre or agency desk last named."}
                        }
                    },
                    "tracking": {"type": "array", "items": {"type": "string"}},
                    "updated_at": {"type": "string", "format": "date-time"}
                }
            }
        }}
    })
}
