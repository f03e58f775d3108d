//! The directory's part of the OpenAPI document.

use serde_json::{Value, json};

/// The path item of `GET /diem-phuc-vu`.
pub(crate) fn path_item(lang: Value) -> Value {
    let answer = |description: &str, schema: &str| {
        json!({
            "description": description,
            "content": {
                "application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}},
                "text/html": {"schema": {"type": "string"}}
            }
        })
    };
    json!({"get": {
        "summary": "Điểm phục vụ bưu chính: the service points of a province and commune.",
        "description": "Names are matched without case or accents and with or without `tỉnh`, `thành phố`, `xã`, `phường`. A name used before 1 July 2025 finds the points of the unit it became part of, with a notice saying so. An unknown name is a 200 with no point and a notice, not an error. Without `tinh` and `xa`, the HTML form.",
        "operationId": "servicePoints",
        "parameters": [
            {"name": "tinh", "in": "query", "required": false, "description": "A province or city: its 2025 name, its name before 1 July 2025, or its code (`2025:province:79`).", "schema": {"type": "string", "maxLength": 100}},
            {"name": "xa", "in": "query", "required": false, "description": "A commune or ward: its 2025 name or a name before 1 July 2025.", "schema": {"type": "string", "maxLength": 100}},
            {"name": "luc", "in": "query", "required": false, "description": "The Vietnam civil time at which `open` is decided (`2026-03-05T14:30`); now by default.", "schema": {"type": "string"}},
            lang
        ],
        "responses": {
            "200": answer("The points found (none when a name is unknown), with notices.", "ServicePoints"),
            "400": answer("A parameter is malformed: `field` names it.", "DirectoryFailure")
        }
    }})
}

/// The schemas the path item refers to.
pub(crate) fn schemas() -> [(&'static str, Value); 3] {
    let shifts = json!({"type": "array", "items": {
        "type": "object", "required": ["start", "end"],
        "properties": {"start": {"type": "string", "description": "HH:MM:SS, inclusive"}, "end": {"type": "string", "description": "HH:MM:SS, exclusive"}}
    }});
    let days = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let hours: serde_json::Map<String, Value> = days
        .iter()
        .map(|d| ((*d).to_owned(), shifts.clone()))
        .collect();
    [
        (
            "ServicePoints",
            json!({
                "type": "object", "required": ["at", "loaded", "notices", "points"],
                "properties": {
                    "at": {"type": "string", "description": "The Vietnam civil time `open` is decided at."},
                    "loaded": {"type": "boolean", "description": "Whether the server has a directory loaded."},
                    "province": {"type": "object", "required": ["code", "name"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
                    "notices": {"type": "array", "items": {
                        "type": "object", "required": ["kind", "message"],
                        "properties": {
                            "kind": {"type": "string", "enum": ["province_merged", "commune_merged", "unknown_province", "unknown_commune", "truncated"]},
                            "message": {"type": "string"}
                        }
                    }},
                    "points": {"type": "array", "items": {"$ref": "#/components/schemas/ServicePoint"}}
                }
            }),
        ),
        (
            "ServicePoint",
            json!({
                "type": "object",
                "required": ["id", "name", "kind", "address", "commune", "province", "province_name", "hours", "services", "source", "verified", "open"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {"type": "string", "enum": ["post_office", "commune_cultural_post", "postal_agent", "public_service_centre"]},
                    "address": {"type": "string"},
                    "commune": {"type": "object", "required": ["name", "former"], "properties": {
                        "name": {"type": "string"},
                        "code": {"type": "string", "description": "2025:ward:NNNNN"},
                        "former": {"type": "array", "items": {"type": "string"}}
                    }},
                    "province": {"type": "string", "description": "2025:province:NN"},
                    "province_name": {"type": "string"},
                    "hours": {"type": "object", "required": days, "properties": hours},
                    "services": {"type": "array", "items": {"type": "string", "enum": ["receive_dossiers", "return_results", "collect_fees", "guidance", "postal_items"]}},
                    "phone": {"type": "string"},
                    "location": {"type": "object", "required": ["latitude", "longitude"], "properties": {"latitude": {"type": "number"}, "longitude": {"type": "number"}}},
                    "source": {"type": "string"},
                    "verified": {"type": "boolean"},
                    "open": {"type": "boolean", "description": "Open at `at` (an ordinary week: public holidays are not modelled)."}
                }
            }),
        ),
        (
            "DirectoryFailure",
            json!({
                "type": "object", "required": ["error", "message"],
                "properties": {
                    "error": {"type": "string", "enum": ["malformed", "bad_query"]},
                    "field": {"type": ["string", "null"], "enum": ["tinh", "xa", "luc", null]},
                    "message": {"type": "string"}
                }
            }),
        ),
    ]
}
