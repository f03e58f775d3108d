//! A simulated day of a provincial post office: a few hundred dossiers across licensing, land and police
//! procedures, taken at the counter and by address pickup, driven through both legs with the agencies'
//! simulators, deadlines from the working-day calendar and signed custody records.

pub mod carrier;
pub mod custody;
mod deadlines;
pub mod desks;
mod error;
pub mod job;
pub mod keystore;
mod messages;
pub mod plan;
pub mod portal;
pub mod report;
pub mod rng;
pub mod run;
pub mod scripts;
mod times;
