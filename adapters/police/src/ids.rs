//! The core identifiers the format carries.
pub(crate) use hoso_core::{
    CitizenId, DossierCode, PostalCode, ProcedureCode, TrackingNumber, Vnd,
};
