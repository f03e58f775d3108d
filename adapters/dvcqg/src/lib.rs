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
