//! The schemas `hoso` ships: the JSON Schemas of its own files (`docs/schemas/`) and of the JSON formats,
//! and the XSDs of the agencies' XML formats (each adapter's `schema/`).
//!
//! The agencies' schemas come from their adapter crates (`hoso_licensing::schema` and the others), which
//! compile in their committed files; `hoso`'s own are generated from its types, as the committed files under
//! `docs/schemas/` are (the core's tests keep those equal to the generated text). So `hoso schema NAME` prints
//! exactly what the conformance tests check the samples against, and the crate needs no file outside it.

use std::borrow::Cow;
use std::sync::OnceLock;

/// Whether a schema is a JSON Schema or an XSD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// JSON Schema (draft 2020-12).
    JsonSchema,
    /// W3C XML Schema.
    Xsd,
}

/// A shipped schema.
#[derive(Debug)]
pub struct Schema {
    /// Its name for `hoso schema NAME`.
    pub name: &'static str,
    /// JSON Schema or XSD.
    pub kind: SchemaKind,
    /// What it describes.
    pub describes: &'static str,
    /// The file it is committed as, relative to the repository's root.
    pub path: &'static str,
    source: Source,
}

/// Where a schema's text comes from.
#[derive(Debug)]
enum Source {
    /// A file an adapter crate compiles in.
    Shipped(&'static str),
    /// Generated from `hoso`'s own types.
    Generated(fn() -> schemars::Schema),
}

impl Schema {
    /// Its text, as committed.
    pub fn text(&self) -> Cow<'static, str> {
        match self.source {
            Source::Shipped(text) => Cow::Borrowed(text),
            // A schema is a JSON value with string keys, which serialises whatever it holds (schemars puts
            // `$schema`, `title` and `description` first, which `Value`'s own `Display` would not); the
            // committed files end in a newline.
            Source::Generated(schema) => Cow::Owned(
                serde_json::to_string_pretty(&schema())
                    .expect("a JSON Schema, a JSON value with string keys, always serialises")
                    + "\n",
            ),
        }
    }
}

fn schema_of<T: schemars::JsonSchema>() -> schemars::Schema {
    schemars::schema_for!(T)
}

macro_rules! shipped {
    ($($name:literal, $kind:ident, $describes:literal, $path:literal, $source:expr;)*) => {
        /// Every shipped schema, in the order `hoso schema --list` prints them.
        pub const SCHEMAS: &[Schema] = &[$(Schema {
            name: $name,
            kind: SchemaKind::$kind,
            describes: $describes,
            path: $path,
            source: $source,
        },)*];
    };
}

use Source::{Generated, Shipped};

shipped! {
    "licensing-v1", Xsd, "licensing authority XML v1 (giấy phép lái xe)", "adapters/licensing/schema/gplx-v1.xsd", Shipped(hoso_licensing::schema::V1);
    "licensing-v2", Xsd, "licensing authority XML v2 (giấy phép lái xe)", "adapters/licensing/schema/gplx-v2.xsd", Shipped(hoso_licensing::schema::V2);
    "land-v1", Xsd, "land registry XML v1 (đăng ký đất đai)", "adapters/land/schema/dangkydatdai-v1.xsd", Shipped(hoso_land::schema::V1);
    "land-v2", Xsd, "land registry XML v2 (đăng ký đất đai)", "adapters/land/schema/dangkydatdai-v2.xsd", Shipped(hoso_land::schema::V2);
    "police-v1", JsonSchema, "police JSON v1 (công an)", "adapters/police/schema/police-v1.schema.json", Shipped(hoso_police::schema::V1);
    "police-v2", JsonSchema, "police JSON v2 (công an)", "adapters/police/schema/police-v2.schema.json", Shipped(hoso_police::schema::V2);
    "judicial-v1", JsonSchema, "judicial records office JSON v1 (lý lịch tư pháp)", "adapters/judicial/schema/judicial-v1.schema.json", Shipped(hoso_judicial::schema::V1);
    "judicial-v2", JsonSchema, "judicial records office JSON v2 (lý lịch tư pháp)", "adapters/judicial/schema/judicial-v2.schema.json", Shipped(hoso_judicial::schema::V2);
    "portal-dossier", JsonSchema, "national portal dossier sync, HoSoDongBoDVC (Cổng Dịch vụ công quốc gia)", "adapters/dvcqg/schema/HoSoDongBoDVC.schema.json", Shipped(hoso_dvcqg::schema::DOSSIER);
    "portal-progress", JsonSchema, "national portal progress step, QuaTrinhXuLy", "adapters/dvcqg/schema/QuaTrinhXuLy.schema.json", Shipped(hoso_dvcqg::schema::PROGRESS);
    "evidence", JsonSchema, "custody evidence file (hồ sơ chứng cứ)", "docs/schemas/evidence.schema.json", Generated(hoso_core::custody::evidence_schema);
    "anchors", JsonSchema, "trust anchor file", "docs/schemas/anchors.schema.json", Generated(hoso_core::custody::anchors_schema);
    "holiday-schedule", JsonSchema, "one year's holiday schedule (lịch nghỉ lễ)", "docs/schemas/holiday-schedule.schema.json", Generated(schema_of::<hoso_core::calendar::HolidaySchedule>);
    "procedure", JsonSchema, "one procedure of the catalogue (thủ tục hành chính)", "docs/schemas/procedure.schema.json", Generated(schema_of::<hoso_core::Procedure>);
    "dossier", JsonSchema, "a dossier and its state (hồ sơ)", "docs/schemas/dossier.schema.json", Generated(schema_of::<hoso_core::Dossier>);
    "event", JsonSchema, "one event of a dossier", "docs/schemas/event.schema.json", Generated(schema_of::<hoso_core::event::Event>);
}

/// The shipped schema called `name`.
///
/// ```
/// let xsd = hoso_cli::schemas::find("licensing-v2").unwrap();
/// assert!(xsd.text().contains("urn:hoso:gplx:v2"));
/// assert!(hoso_cli::schemas::find("nope").is_none());
/// ```
pub fn find(name: &str) -> Option<&'static Schema> {
    SCHEMAS.iter().find(|s| s.name == name)
}

/// A compiled JSON Schema, built once per process on first use.
pub(crate) struct Compiled {
    name: &'static str,
    cell: OnceLock<Result<jsonschema::Validator, String>>,
}

impl Compiled {
    pub(crate) const fn new(name: &'static str) -> Self {
        Self {
            name,
            cell: OnceLock::new(),
        }
    }

    /// The validator, or why the shipped schema does not compile (a defect of the build, reported as such).
    pub(crate) fn get(&self) -> Result<&jsonschema::Validator, String> {
        self.cell
            .get_or_init(|| {
                let schema = find(self.name).ok_or_else(|| format!("no schema {}", self.name))?;
                let value: serde_json::Value = serde_json::from_str(&schema.text())
                    .map_err(|e| format!("schema {}: {e}", self.name))?;
                jsonschema::validator_for(&value).map_err(|e| format!("schema {}: {e}", self.name))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_json_schema_compiles_and_every_xsd_is_a_schema() {
        for s in SCHEMAS {
            match s.kind {
                SchemaKind::JsonSchema => {
                    Compiled::new(s.name)
                        .get()
                        .unwrap_or_else(|e| panic!("{e}"));
                }
                SchemaKind::Xsd => assert!(s.text().contains("<xs:schema"), "{}", s.name),
            }
        }
    }
}
