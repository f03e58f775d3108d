#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod adapter;
mod codec;
mod sync;
mod wire;

pub use adapter::{
    CONTENT_TYPE, ClientCounts, Direct, Mode, PortalClient, Relay, SYNC_DOSSIER, UPDATE_PROGRESS,
    Upsert,
};
pub use codec::{DvcqgCodec, FIELDS, PortalProfile, ProcedureNames, Reply, ReplyOutcome};
pub use sync::{DvcqgSync, SyncReport, steps_checkpoint, version_checkpoint};
pub use wire::names::{self, StatusCodes};
pub use wire::{
    DinhDanh, GiayToKetQua, HoSoBoSung, HoSoDongBoDVC, IdNumber, LePhi, MAX_FILE_NAME_CHARS,
    MAX_HANDLER_CHARS, MAX_PROGRESS_PER_CALL, MAX_SUMMARY_CHARS, QuaTrinhXuLy, Redacted,
    TIME_PATTERN, TaiLieuNop, portal_date, portal_time,
};

/// The format's JSON Schemas as shipped in the crate's `schema/` directory, for tools that validate files
/// against them (`hoso schema`, an agency's own test suite).
///
/// ```
/// let dossier: serde_json::Value = serde_json::from_str(hoso_dvcqg::schema::DOSSIER).unwrap();
/// assert_eq!(dossier["title"], "HoSoDongBoDVC");
/// ```
pub mod schema {
    /// The JSON Schema of the portal's dossier sync message (`HoSoDongBoDVC`) (`schema/HoSoDongBoDVC.schema.json`).
    pub const DOSSIER: &str = include_str!("../schema/HoSoDongBoDVC.schema.json");
    /// The JSON Schema of the portal's progress step (`QuaTrinhXuLy`) (`schema/QuaTrinhXuLy.schema.json`).
    pub const PROGRESS: &str = include_str!("../schema/QuaTrinhXuLy.schema.json");
}
